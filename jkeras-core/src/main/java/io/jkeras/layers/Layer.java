package io.jkeras.layers;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Node;
import io.jkeras.ops.Ops;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The base of every layer, with Keras's lifecycle: weights are created lazily in
 * {@link #build(List)} on the first call, when the input shape is known.
 *
 * <p>Subclasses override {@link #call(Tensor, boolean)} (one input) or {@link #call(List, boolean)}
 * (several), {@link #build(Shape)}, and {@link #computeOutputShape(Shape)}. Users call a layer with
 * {@link #apply(Tensor)} on concrete tensors or {@link #apply(KerasTensor)} on symbolic ones
 * (the Functional API).
 *
 * <pre>{@code
 * Dense d = new Dense(3).activation("relu");
 * Tensor y = d.apply(Tensor.ones(2, 5));   // builds a (5, 3) kernel and a (3,) bias on first call
 * }</pre>
 *
 * Keyword arguments of Keras's constructors are fluent setters here; they may be called until the
 * layer is built.
 */
public abstract class Layer {
    private static final Map<String, AtomicInteger> NAME_COUNTERS = new ConcurrentHashMap<>();
    private static final Pattern CAMEL1 = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern CAMEL2 = Pattern.compile("([a-z])([A-Z])");

    private String name;
    // the base of a default name drawn from NAME_COUNTERS (it can still be given back), else null
    private String autoBase;
    private boolean trainable = true;
    private DType dtype = DType.FLOAT32;
    private Shape batchInputShape;
    protected boolean built;
    protected InputSpec inputSpec;
    private List<Shape> buildInputShapes;
    private Regularizer activityRegularizer;
    private boolean supportsMasking;

    private final List<Variable> ownWeights = new ArrayList<>();
    private final Map<Variable, Regularizer> regularizers = new LinkedHashMap<>();
    private final List<Layer> sublayers = new ArrayList<>();
    private final List<Node> inboundNodes = new ArrayList<>();
    private final List<Tensor> callLosses = new ArrayList<>();

    /**
     * A layer with a default name. Like Keras, the name is drawn when the layer is created, so
     * default names follow creation order ({@code dense}, {@code dense_1}, ...).
     */
    protected Layer() { this(null); }

    /** A layer named {@code name}, or a default name when it is null. */
    protected Layer(String name) {
        if (name == null) {
            this.autoBase = defaultBaseName();
            this.name = uniqueName(autoBase);
        } else {
            this.name = name;
        }
    }

    // ------------------------------------------------------------------ names and options

    /** The layer's name: the one given, or a unique default ({@code dense}, {@code dense_1}, ...) drawn at creation. */
    public String name() { return name; }

    /**
     * Sets the name (Keras's {@code name=} argument). When it directly follows the constructor, the
     * default name drawn there is given back, so {@code new Dense(4).name("out")} uses up no
     * default name, as {@code Dense(4, name="out")} does in Keras.
     */
    public Layer name(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("A layer name must not be empty");
        if (name.contains("/")) throw new IllegalArgumentException("Layer name '" + name + "' must not contain '/'");
        if (autoBase != null) releaseName(this.name, autoBase);
        this.autoBase = null;
        this.name = name;
        return this;
    }

    /**
     * The base for default names: the snake_case class name ({@code Conv2D} gives {@code conv2d}).
     * It is called from the constructor, before a subclass's fields are set.
     */
    protected String defaultBaseName() {
        String cn = className();   // may read a subclass field that is not set yet
        String base = toSnakeCase(cn != null ? cn : getClass().getSimpleName());
        return base.isEmpty() ? "layer" : base;
    }

    /** The Keras class name shown in summaries and configs, e.g. {@code "Dense"}. */
    public String className() { return getClass().getSimpleName(); }

    public static String toSnakeCase(String s) {
        String a = CAMEL1.matcher(s).replaceAll("$1_$2");
        return CAMEL2.matcher(a).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code base} the first time, then {@code base_1}, {@code base_2}, ... (Keras's auto names). */
    public static String uniqueName(String base) {
        int n = NAME_COUNTERS.computeIfAbsent(base, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? base : base + "_" + n;
    }

    /** Gives a default name back when it was the last one drawn for its base (so the next layer gets it again). */
    private static void releaseName(String drawn, String base) {
        AtomicInteger counter = NAME_COUNTERS.get(base);
        if (counter == null) return;
        int n = counter.get();
        String last = n == 1 ? base : base + "_" + (n - 1);
        if (n > 0 && last.equals(drawn)) counter.compareAndSet(n, n - 1);
    }

    /** Forgets the default-name counters (Keras's {@code keras.backend.clear_session()}). */
    public static void clearSession() { NAME_COUNTERS.clear(); }

    public boolean trainable() { return trainable; }

    /** Freezes ({@code false}) or unfreezes the layer's weights (and its sublayers'). */
    public Layer trainable(boolean t) {
        this.trainable = t;
        for (Layer l : sublayers()) l.trainable(t);
        return this;
    }

    public DType dtype() { return dtype; }

    public Layer dtype(DType d) { this.dtype = d; return this; }

    /** Keras's {@code input_shape=}: the shape of one sample, without the batch dimension. */
    public Layer inputShape(int... shape) {
        this.batchInputShape = Shape.batched(shape);
        return this;
    }

    /** The declared input shape with its batch dimension, or null. */
    public Shape batchInputShape() { return batchInputShape; }

    protected void setBatchInputShape(Shape s) { this.batchInputShape = s; }

    public Layer activityRegularizer(Regularizer r) { this.activityRegularizer = r; return this; }

    public Regularizer activityRegularizer() { return activityRegularizer; }

    protected void checkNotBuilt(String what) {
        if (built) throw new IllegalStateException("Layer \"" + name() + "\": " + what + " cannot change after the layer is built");
    }

    // ------------------------------------------------------------------ weights

    /**
     * Creates a weight named {@code name} (path {@code layer/name}) from an initializer.
     * Call it from {@link #build}.
     */
    protected Variable addWeight(String name, Shape shape, Initializer initializer, Regularizer regularizer,
                                 Constraint constraint, boolean trainable) {
        return addWeight(name, shape, initializer, dtype.isFloating() ? dtype : DType.FLOAT32, regularizer, constraint, trainable);
    }

    protected Variable addWeight(String name, Shape shape, Initializer initializer, boolean trainable) {
        return addWeight(name, shape, initializer, null, null, trainable);
    }

    /**
     * Creates a weight of a given dtype whatever the layer's dtype (e.g. an int32 counter, as Keras's
     * {@code add_weight(dtype="int")}).
     */
    protected Variable addWeight(String name, Shape shape, Initializer initializer, DType weightDtype, boolean trainable) {
        return addWeight(name, shape, initializer, weightDtype, null, null, trainable);
    }

    private Variable addWeight(String name, Shape shape, Initializer initializer, DType weightDtype, Regularizer regularizer,
                               Constraint constraint, boolean trainable) {
        io.jkeras.saving.LoadBudget.charge("\"" + name() + "/" + name + "\"", shape);
        Variable v = new Variable(name, initializer.generate(shape, weightDtype), trainable, constraint);
        v.setPath(name() + "/" + name);
        ownWeights.add(v);
        if (regularizer != null) regularizers.put(v, regularizer);
        return v;
    }

    /** Tracks a layer used inside this one, so its weights count as this layer's. */
    protected <L extends Layer> L trackSublayer(L layer) {
        if (!sublayers.contains(layer)) sublayers.add(layer);
        return layer;
    }

    public List<Layer> sublayers() { return Collections.unmodifiableList(sublayers); }

    /**
     * The layers whose weights Keras 3 saves inside this layer's entry of a weights file, keyed by
     * the attribute path Keras uses ({@code layers/<layer>/<key>/vars}): an RNN's {@code "cell"},
     * Bidirectional's {@code "forward_layer"} and {@code "backward_layer"}, TimeDistributed's
     * {@code "layer"}. Empty for layers that only have weights of their own (the default).
     */
    public Map<String, Layer> savedSublayers() { return Map.of(); }

    /**
     * Keras's keys for a list attribute: {@code name/<snake_case class>} made unique by a counter,
     * e.g. {@code cells/lstm_cell}, {@code cells/lstm_cell_1}, for {@link #savedSublayers()}.
     */
    protected static Map<String, Layer> listAttribute(String name, List<? extends Layer> layers) {
        Map<String, Layer> out = new LinkedHashMap<>();
        Map<String, Integer> used = new java.util.HashMap<>();
        for (Layer l : layers) {
            String base = toSnakeCase(l.className());
            Integer n = used.get(base);
            used.put(base, n == null ? 0 : n + 1);
            out.put(name + "/" + (n == null ? base : base + "_" + (n + 1)), l);
        }
        return out;
    }

    /** The variables this layer created itself (not its sublayers'), in creation order. */
    public List<Variable> ownWeights() { return Collections.unmodifiableList(ownWeights); }

    /**
     * All weights, as Keras orders {@code layer.weights}: this layer's trainable then non-trainable
     * variables, then each sublayer's weights in turn.
     */
    public List<Variable> weights() {
        // a shared sublayer contributes its weights once; the set keeps order and dedupes in O(1)
        java.util.LinkedHashSet<Variable> out = new java.util.LinkedHashSet<>();
        for (Variable v : ownWeights) if (v.trainable()) out.add(v);
        for (Variable v : ownWeights) if (!v.trainable()) out.add(v);
        for (Layer l : sublayers()) out.addAll(l.weights());
        return new ArrayList<>(out);
    }

    /** The weights the optimizer updates: none when the layer is frozen. */
    public List<Variable> trainableWeights() {
        if (!trainable) return new ArrayList<>();
        java.util.LinkedHashSet<Variable> out = new java.util.LinkedHashSet<>();
        for (Variable v : ownWeights) if (v.trainable()) out.add(v);
        for (Layer l : sublayers()) out.addAll(l.trainableWeights());
        return new ArrayList<>(out);
    }

    /** The weights the optimizer leaves alone (all of them when the layer is frozen). */
    public List<Variable> nonTrainableWeights() {
        java.util.Set<Variable> trainableOnes = new java.util.HashSet<>(trainableWeights());
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) if (!trainableOnes.contains(v)) out.add(v);
        return out;
    }

    /** The weights' current values, in {@link #weights()} order (Keras's {@code get_weights()}). */
    public List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : weights()) out.add(Ops.copy(v.value()));
        return out;
    }

    /** Sets the weights from values in {@link #weights()} order (Keras's {@code set_weights()}). */
    public void setWeights(List<Tensor> values) {
        List<Variable> ws = weights();
        if (values.size() != ws.size()) throw new IllegalArgumentException("Layer \"" + name() + "\" expects " + ws.size()
                + " weights, but setWeights received " + values.size());
        for (int i = 0; i < ws.size(); i++) {
            if (!values.get(i).shape().equals(ws.get(i).shape())) throw new IllegalArgumentException("Layer \"" + name()
                    + "\" weight " + i + " (" + ws.get(i).path() + ") has shape " + ws.get(i).shape() + ", received " + values.get(i).shape());
        }
        for (int i = 0; i < ws.size(); i++) ws.get(i).assign(values.get(i));
    }

    /** Number of scalars in all weights. */
    public long countParams() {
        if (!built) throw new IllegalStateException("You tried to call countParams on layer \"" + name() + "\", but the layer isn't built. "
                + "Build it first by calling it on an input or passing an input shape.");
        long n = 0;
        for (Variable v : weights()) n += v.size();
        return n;
    }

    /** Penalties of weight regularizers and activity regularizers of the last call, this layer and its sublayers. */
    public List<Tensor> losses() {
        List<Tensor> out = new ArrayList<>(callLosses);
        for (Map.Entry<Variable, Regularizer> e : regularizers.entrySet()) out.add(e.getValue().apply(e.getKey().value()));
        for (Layer l : sublayers()) out.addAll(l.losses());
        return out;
    }

    /** Adds a loss for this call (e.g. an activity penalty); cleared at the next top-level call. */
    protected void addLoss(Tensor loss) { callLosses.add(loss); }

    /** Clears per-call losses of this layer and its sublayers. */
    public void clearCallLosses() {
        callLosses.clear();
        for (Layer l : sublayers()) l.clearCallLosses();
    }

    // ------------------------------------------------------------------ lifecycle

    public boolean isBuilt() { return built; }

    /** Creates the weights for inputs of these shapes (batch dimension included). Single-input layers override {@link #build(Shape)}. */
    public void build(List<Shape> inputShapes) {
        build(inputShapes.get(0));
    }

    /** Creates the weights for an input of this shape (batch dimension included). */
    public void build(Shape inputShape) {}

    /** The shapes the layer was built with, or null before it is built. */
    public List<Shape> buildInputShapes() { return buildInputShapes; }

    private void ensureBuilt(List<Shape> shapes) {
        if (built) return;
        // a layer may be built from a symbolic input shape; concrete shapes keep the batch size
        build(shapes);
        buildInputShapes = List.copyOf(shapes);
        built = true;
    }

    /** Builds the layer for an input shape with a leading batch dimension (may be -1/None). */
    public void buildFor(Shape... inputShapes) { ensureBuilt(List.of(inputShapes)); }

    /** The forward pass for one input. */
    protected Tensor call(Tensor inputs, boolean training) {
        throw new UnsupportedOperationException("Layer \"" + name() + "\" (" + className() + ") must override call(Tensor, boolean) or call(List, boolean)");
    }

    /** The forward pass for several inputs; by default a single-input layer's call. */
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1) throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + ") expects 1 input, but it received "
                + inputs.size() + " input tensors");
        return List.of(call(inputs.get(0), training));
    }

    /**
     * Output shape for one input shape (batch dimension included, possibly unknown). The default
     * runs the layer on zeros twice, with unknown dimensions set to 2 and 3, and marks the
     * dimensions that differ as unknown; layers override it with their shape rule.
     */
    public Shape computeOutputShape(Shape inputShape) {
        return probeOutputShapes(List.of(inputShape)).get(0);
    }

    /** Output shapes for several inputs (or several outputs); by default the single-shape rule. */
    public List<Shape> computeOutputShape(List<Shape> inputShapes) {
        if (inputShapes.size() == 1) return List.of(computeOutputShape(inputShapes.get(0)));
        return probeOutputShapes(inputShapes);
    }

    /** Output shapes found by running the layer on zeros (see {@link #computeOutputShape(Shape)}). */
    protected final List<Shape> probeOutputShapes(List<Shape> inputShapes) {
        return GradientTape.noRecording(() -> {
            List<Shape> a = probe(inputShapes, 2), b = probe(inputShapes, 3);
            List<Shape> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                int[] da = a.get(i).toArray(), db = b.get(i).toArray();
                for (int j = 0; j < da.length; j++) if (da[j] != db[j]) da[j] = Shape.UNKNOWN;
                out.add(Shape.of(da));
            }
            return out;
        });
    }

    private List<Shape> probe(List<Shape> shapes, int unknownAs) {
        List<Tensor> xs = new ArrayList<>();
        for (Shape s : shapes) {
            int[] d = s.toArray();
            for (int j = 0; j < d.length; j++) if (d[j] == Shape.UNKNOWN) d[j] = unknownAs;
            xs.add(Tensor.zeros(Shape.of(d), dtype));
        }
        List<Tensor> ys = call(xs, false);
        List<Shape> out = new ArrayList<>();
        for (Tensor y : ys) out.add(y.shape());
        return out;
    }

    protected void checkInputs(List<Shape> shapes) {
        if (inputSpec == null) return;
        for (int i = 0; i < shapes.size(); i++) inputSpec.check(name(), i, shapes.get(i));
    }

    // ------------------------------------------------------------------ calling on concrete tensors

    /** Runs the layer in inference mode. */
    public Tensor apply(Tensor x) { return apply(x, false); }

    /** Runs the layer; {@code training} switches Dropout, BatchNormalization, ... to their training behaviour. */
    public Tensor apply(Tensor x, boolean training) {
        List<Tensor> out = apply(List.of(x), training);
        if (out.size() != 1) throw new IllegalStateException("Layer \"" + name() + "\" returns " + out.size() + " outputs; use apply(List, boolean)");
        return out.get(0);
    }

    /** Runs the layer on several inputs. */
    public List<Tensor> apply(List<Tensor> xs, boolean training) {
        return run(xs, null, training).outputs();
    }

    /**
     * Runs the layer on one input with its mask (Keras's {@code layer(x, mask=mask)}); a null mask
     * means every timestep counts. Get the output's mask with {@link #computeMask(Tensor, Tensor)},
     * or use {@link #applyMasked} to get both at once.
     */
    public Tensor apply(Tensor x, Tensor mask, boolean training) {
        MaskedOutputs out = applyMasked(List.of(x), Collections.singletonList(mask), training);
        if (out.outputs().size() != 1) throw new IllegalStateException("Layer \"" + name() + "\" returns " + out.outputs().size()
                + " outputs; use applyMasked(List, List, boolean)");
        return out.outputs().get(0);
    }

    /**
     * Runs the layer on inputs and their masks (one per input, null where an input has none) and
     * returns the outputs together with the masks Keras attaches to them (null where none). Models
     * use it to carry masks from layer to layer, e.g. from {@code Embedding(mask_zero=true)} to an
     * {@code LSTM}:
     * <pre>{@code
     * Layer.MaskedOutputs e = embedding.applyMasked(List.of(tokens), Arrays.asList((Tensor) null), false);
     * Tensor h = lstm.applyMasked(e.outputs(), e.masks(), false).outputs().get(0);   // padded steps skipped
     * }</pre>
     */
    public MaskedOutputs applyMasked(List<Tensor> xs, List<Tensor> masks, boolean training) {
        if (masks == null) masks = Collections.nCopies(xs.size(), null);
        if (masks.size() != xs.size()) throw new IllegalArgumentException("Layer \"" + name() + "\" received " + xs.size()
                + " inputs but " + masks.size() + " masks; give one mask per input (null where an input has none)");
        return run(xs, masks, training);
    }

    /** Checks, builds and calls; {@code masks} null means "no masks wanted or given" (the plain {@link #apply(List, boolean)} path). */
    private MaskedOutputs run(List<Tensor> xs, List<Tensor> masks, boolean training) {
        List<Shape> shapes = new ArrayList<>(xs.size());
        for (Tensor t : xs) shapes.add(t.shape());
        checkInputs(shapes);
        ensureBuilt(shapes);
        callLosses.clear();
        List<Tensor> out;
        List<Tensor> outMasks = null;
        if (masks == null) {
            out = call(xs, training);
        } else {
            MaskedOutputs r = callMasked(xs, masks, training);
            out = r.outputs();
            outMasks = r.masks();
        }
        if (activityRegularizer != null) {
            // Keras 3 divides the activity penalty by the batch size
            for (Tensor t : out) {
                Tensor penalty = activityRegularizer.apply(t);
                int batch = t.rank() > 0 ? t.dim(0) : 1;
                addLoss(batch > 0 ? Ops.divide(penalty, (double) batch) : penalty);
            }
        }
        return new MaskedOutputs(out, outMasks);
    }

    // ------------------------------------------------------------------ masks (Keras's mask propagation)

    /**
     * A layer's outputs together with their masks: {@code masks.get(i)} is the mask of output
     * {@code i} (a boolean tensor, usually {@code (batch, timesteps)}), or null where it has none.
     * {@code masks} is null when masks were not asked for ({@link #apply(List, boolean)}).
     */
    public record MaskedOutputs(List<Tensor> outputs, List<Tensor> masks) {
        public MaskedOutputs {
            outputs = List.copyOf(outputs);
            if (masks != null) {
                List<Tensor> m = new ArrayList<>(masks);
                while (m.size() < outputs.size()) m.add(null);
                masks = Collections.unmodifiableList(m.subList(0, outputs.size()));
            }
        }

        /** The mask of output {@code i}, or null. */
        public Tensor mask(int i) { return masks == null ? null : masks.get(i); }
    }

    /**
     * Whether the layer carries masks through (Keras's {@code supports_masking}): when true, the
     * default {@link #computeMask(Tensor, Tensor)} hands the input's mask on to the output; when
     * false (the default), the mask stops here, as in Keras.
     */
    public boolean supportsMasking() { return supportsMasking; }

    /** Declares whether the layer passes masks through; layers set it in their constructor. */
    protected void setSupportsMasking(boolean supports) { this.supportsMasking = supports; }

    /**
     * The mask of the output for an input and its mask (Keras's {@code compute_mask}). By default
     * the input's mask when the layer {@link #supportsMasking() supports masking}, else null.
     * Layers that make masks (Embedding with {@code mask_zero}, Masking) or change the time axis
     * override it.
     */
    public Tensor computeMask(Tensor inputs, Tensor mask) { return supportsMasking ? mask : null; }

    /**
     * The masks of the outputs (one per output, null where none) for several inputs and their
     * masks. With one input it is {@link #computeMask(Tensor, Tensor)}; otherwise the input masks
     * are handed on in order when the layer supports masking (Keras zips them with the outputs).
     */
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        if (inputs.size() == 1) return Collections.singletonList(computeMask(inputs.get(0), masks.get(0)));
        return supportsMasking ? masks : Collections.nCopies(inputs.size(), null);
    }

    /**
     * The forward pass given the inputs' masks (null entries where an input has none). Layers
     * that use masks (RNNs, attention, pooling over time) override it; the default ignores the
     * masks and runs {@link #call(List, boolean)}.
     */
    protected List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return call(inputs, training);
    }

    /**
     * The forward pass and the output masks together. The default runs
     * {@link #call(List, List, boolean)} then {@link #computeMask(List, List)}; models override
     * it to carry masks through their layers in one pass.
     */
    protected MaskedOutputs callMasked(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        List<Tensor> out = call(inputs, masks, training);
        return new MaskedOutputs(out, computeMask(inputs, masks));
    }

    // ------------------------------------------------------------------ calling on symbolic tensors

    /** Calls the layer on a symbolic tensor (Functional API): records a node, runs no kernel. */
    public KerasTensor apply(KerasTensor x) {
        List<KerasTensor> out = apply(List.of(x));
        if (out.size() != 1) throw new IllegalStateException("Layer \"" + name() + "\" returns " + out.size() + " outputs; use apply(List)");
        return out.get(0);
    }

    /** Calls the layer on several symbolic tensors. */
    public KerasTensor apply(KerasTensor... xs) {
        List<KerasTensor> out = apply(List.of(xs));
        if (out.size() != 1) throw new IllegalStateException("Layer \"" + name() + "\" returns " + out.size() + " outputs; use apply(List)");
        return out.get(0);
    }

    /** Calls the layer on several symbolic tensors, returning every output. */
    public List<KerasTensor> apply(List<KerasTensor> xs) {
        List<Shape> shapes = new ArrayList<>(xs.size());
        for (KerasTensor t : xs) shapes.add(t.shape());
        checkInputs(shapes);
        ensureBuilt(shapes);
        List<Shape> outShapes = computeOutputShape(shapes);
        Node node = new Node(this, List.copyOf(xs), inboundNodes.size());
        List<KerasTensor> outs = new ArrayList<>();
        for (int i = 0; i < outShapes.size(); i++) outs.add(new KerasTensor(outShapes.get(i), outputDType(), node, i));
        node.setOutputs(outs);
        inboundNodes.add(node);
        return outs;
    }

    /** The dtype of this layer's outputs (the layer's dtype by default). */
    protected DType outputDType() { return dtype; }

    /** Records a node made outside {@link #apply(List)} (InputLayer's own node). */
    protected void registerNode(Node node) { inboundNodes.add(node); }

    /** The nodes created by calling this layer on symbolic tensors, in call order. */
    public List<Node> inboundNodes() { return Collections.unmodifiableList(inboundNodes); }

    // ------------------------------------------------------------------ config

    /**
     * Keras's layer config: the constructor arguments as a JSON-ready map. Subclasses add their
     * own entries to {@code super.getConfig()}.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("trainable", trainable);
        c.put("dtype", dtype.kerasName());
        if (batchInputShape != null) c.put("batch_input_shape", batchInputShape.toArray());
        return c;
    }

    @Override public String toString() { return "<" + className() + " name=" + name() + ", built=" + built + ">"; }
}
