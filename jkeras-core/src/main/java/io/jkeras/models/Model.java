package io.jkeras.models;

import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model: layers with training and inference built in. There is one model type: a Functional
 * model is a graph of layer calls, {@link Sequential} is a chain, and a subclass may override
 * {@link #call}. Every model is also a {@link Layer}, so models nest.
 *
 * <pre>{@code
 * KerasTensor in = Input.of(784);
 * KerasTensor h = new Dense(128, "relu").apply(in);
 * KerasTensor out = new Dense(10, "softmax").apply(h);
 * Model model = new Model(in, out);
 * }</pre>
 */
public class Model extends Layer {
    // The graph of a Functional model; null for a subclassed model.
    private List<KerasTensor> graphInputs;
    private List<KerasTensor> graphOutputs;
    private List<Layer> graphLayers;
    private List<Node> executionOrder;
    private Map<Integer, List<Node>> nodesByDepth;

    /** For subclassed models: override {@link #call(Tensor, boolean)}. */
    protected Model() {}

    protected Model(String name) { super(name); }

    /** A Functional model from one input to one output. */
    public Model(KerasTensor input, KerasTensor output) { this(List.of(input), List.of(output), null); }

    /** A Functional model from inputs to outputs. */
    public Model(List<KerasTensor> inputs, List<KerasTensor> outputs) { this(inputs, outputs, null); }

    public Model(List<KerasTensor> inputs, List<KerasTensor> outputs, String name) {
        super(name);
        initGraph(inputs, outputs);
    }

    /** Sets up (or replaces) the graph; used by the constructors and by Sequential. */
    protected final void initGraph(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("A Functional model needs at least one input");
        if (outputs.isEmpty()) throw new IllegalArgumentException("A Functional model needs at least one output");
        for (KerasTensor t : inputs) {
            if (!(t.node().layer() instanceof InputLayer)) throw new IllegalArgumentException("Model inputs must come from Input.of(...): "
                    + t + " was produced by layer \"" + t.name() + "\" (" + t.node().layer().className() + ")");
        }
        GraphMap map = GraphMap.of(inputs, outputs);
        this.graphInputs = List.copyOf(inputs);
        this.graphOutputs = List.copyOf(outputs);
        this.graphLayers = map.layers;
        this.executionOrder = map.nodes;
        this.nodesByDepth = map.nodesByDepth;
        for (Layer l : graphLayers) if (!(l instanceof InputLayer)) trackSublayer(l);
        List<Shape> shapes = new ArrayList<>();
        for (KerasTensor t : inputs) shapes.add(t.shape());
        buildFor(shapes.toArray(new Shape[0]));
    }

    /** True for a model defined as a graph of layer calls (Functional or a built Sequential). */
    public boolean isGraph() { return graphInputs != null; }

    @Override public String className() { return getClass() == Model.class ? "Functional" : super.className(); }

    @Override protected String defaultBaseName() { return getClass() == Model.class ? "functional" : super.defaultBaseName(); }

    /** The graph's symbolic inputs (empty for a subclassed model). */
    public List<KerasTensor> inputs() { return graphInputs == null ? List.of() : graphInputs; }

    /** The graph's symbolic outputs (empty for a subclassed model). */
    public List<KerasTensor> outputs() { return graphOutputs == null ? List.of() : graphOutputs; }

    /** The layers in Keras's order (a Functional model includes its InputLayers). */
    public List<Layer> layers() {
        if (graphLayers != null) return Collections.unmodifiableList(graphLayers);
        return sublayers();
    }

    /** The layer called {@code name}, or an error listing the names there are. */
    public Layer getLayer(String name) {
        for (Layer l : layers()) if (l.name().equals(name)) return l;
        throw new IllegalArgumentException("No such layer: " + name + ". Existing layers are: " + layers().stream().map(Layer::name).toList() + ".");
    }

    /** The layer at {@code index} in {@link #layers()}. */
    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) throw new IllegalArgumentException("Was asked to retrieve layer at index " + index
                + " but model only has " + ls.size() + " layers.");
        return ls.get(index);
    }

    /** The node order a forward pass follows (graph models). */
    public List<Node> executionOrder() { return executionOrder == null ? List.of() : executionOrder; }

    /**
     * The graph's nodes grouped by depth (0 = the nodes that produce the outputs), in the order
     * Keras's {@code model._nodes_by_depth} has them; empty for a subclassed model.
     */
    public Map<Integer, List<Node>> nodesByDepth() { return nodesByDepth == null ? Map.of() : nodesByDepth; }

    // ------------------------------------------------------------------ forward pass

    @Override protected List<Tensor> call(List<Tensor> xs, boolean training) {
        if (graphInputs == null) return super.call(xs, training);
        return callMasked(xs, Collections.nCopies(xs.size(), null), training).outputs();
    }

    /**
     * Runs the graph, carrying each tensor's mask along with it (Keras's {@code _keras_mask}):
     * every layer gets the masks of its inputs and says which masks its outputs have.
     */
    @Override protected MaskedOutputs callMasked(List<Tensor> xs, List<Tensor> inputMasks, boolean training) {
        if (graphInputs == null) return super.callMasked(xs, inputMasks, training);
        if (xs.size() != graphInputs.size()) throw new IllegalArgumentException("Model \"" + name() + "\" expects " + graphInputs.size()
                + " input(s), but it received " + xs.size() + " input tensors");
        IdentityHashMap<KerasTensor, Tensor> values = new IdentityHashMap<>();
        IdentityHashMap<KerasTensor, Tensor> masks = new IdentityHashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            if (inputMasks.get(i) != null) masks.put(graphInputs.get(i), inputMasks.get(i));
            KerasTensor kt = graphInputs.get(i);
            Tensor x = xs.get(i);
            if (!kt.shape().isCompatibleWith(x.shape())) throw new IllegalArgumentException("Input " + i + " of layer \"" + name()
                    + "\" is incompatible with the layer: expected shape=" + kt.shape() + ", found shape=" + x.shape());
            values.put(kt, x.dtype() == kt.dtype() ? x : io.jkeras.ops.Ops.cast(x, kt.dtype()));
        }
        for (Node node : executionOrder) {
            if (node.isInput()) continue;
            List<Tensor> ins = new ArrayList<>(node.inputs().size());
            List<Tensor> inMasks = new ArrayList<>(node.inputs().size());
            for (KerasTensor kt : node.inputs()) {
                Tensor v = values.get(kt);
                if (v == null) throw new IllegalStateException("Graph of model \"" + name() + "\" is disconnected: no value for " + kt);
                ins.add(v);
                inMasks.add(masks.get(kt));
            }
            MaskedOutputs r = node.layer().applyMasked(ins, inMasks, training);
            List<Tensor> outs = r.outputs();
            for (int i = 0; i < outs.size(); i++) {
                values.put(node.outputs().get(i), outs.get(i));
                if (r.mask(i) != null) masks.put(node.outputs().get(i), r.mask(i));
            }
        }
        List<Tensor> out = new ArrayList<>(graphOutputs.size());
        List<Tensor> outMasks = new ArrayList<>(graphOutputs.size());
        for (KerasTensor kt : graphOutputs) {
            out.add(values.get(kt));
            outMasks.add(masks.get(kt));
        }
        return new MaskedOutputs(out, outMasks);
    }

    /**
     * For a graph model: checks the input shapes against the model's inputs and runs each layer's
     * shape rule along the graph (so a known batch size flows through, as in Keras).
     */
    @Override public List<Shape> computeOutputShape(List<Shape> inputShapes) {
        if (graphOutputs == null) return super.computeOutputShape(inputShapes);
        if (inputShapes.size() != graphInputs.size()) throw new IllegalArgumentException("Model \"" + name() + "\" expects "
                + graphInputs.size() + " input(s), but it received " + inputShapes.size() + " input tensors");
        boolean same = true;
        for (int i = 0; i < inputShapes.size(); i++) {
            Shape expected = graphInputs.get(i).shape(), got = inputShapes.get(i);
            if (!expected.isCompatibleWith(got)) throw new IllegalArgumentException("Input " + i + " of layer \"" + name()
                    + "\" is incompatible with the layer: expected shape=" + expected + ", found shape=" + got);
            same &= expected.equals(got);
        }
        List<Shape> out = new ArrayList<>();
        if (same) {
            for (KerasTensor t : graphOutputs) out.add(t.shape());
            return out;
        }
        IdentityHashMap<KerasTensor, Shape> shapes = new IdentityHashMap<>();
        for (int i = 0; i < inputShapes.size(); i++) shapes.put(graphInputs.get(i), inputShapes.get(i));
        for (Node node : executionOrder) {
            if (node.isInput()) continue;
            List<Shape> ins = new ArrayList<>(node.inputs().size());
            for (KerasTensor kt : node.inputs()) ins.add(shapes.get(kt));
            List<Shape> outs = node.layer().computeOutputShape(ins);
            for (int i = 0; i < outs.size(); i++) shapes.put(node.outputs().get(i), outs.get(i));
        }
        for (KerasTensor t : graphOutputs) out.add(shapes.get(t));
        return out;
    }

    @Override public Shape computeOutputShape(Shape inputShape) {
        if (graphOutputs == null) return super.computeOutputShape(inputShape);
        return computeOutputShape(List.of(inputShape)).get(0);
    }

    /** Runs the model on one input batch in inference mode and returns its first output (Keras: {@code model(x)}). */
    @Override public Tensor apply(Tensor x) { return apply(x, false); }

    // ------------------------------------------------------------------ graph mapping

    /** Keras's topological ordering of a graph: nodes by decreasing depth, layers by depth then first visit. */
    static final class GraphMap {
        List<Layer> layers;
        List<Node> nodes;
        Map<Integer, List<Node>> nodesByDepth;

        static GraphMap of(List<KerasTensor> inputs, List<KerasTensor> outputs) {
            Set<KerasTensor> inputSet = Collections.newSetFromMap(new IdentityHashMap<>());
            inputSet.addAll(inputs);
            List<Node> postOrder = new ArrayList<>();
            Map<Layer, Integer> layerIndex = new IdentityHashMap<>();
            Set<Node> finished = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
            for (KerasTensor t : outputs) visit(t, inputSet, finished, inProgress, postOrder, layerIndex);

            // insertion-ordered (Node has identity equality) so nodesByDepth keeps Keras's order
            Map<Node, Integer> nodeDepth = new LinkedHashMap<>();
            Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
            for (int i = postOrder.size() - 1; i >= 0; i--) {
                Node node = postOrder.get(i);
                int depth = nodeDepth.getOrDefault(node, 0);
                depth = Math.max(depth, layerDepth.getOrDefault(node.layer(), 0));
                layerDepth.put(node.layer(), depth);
                nodeDepth.put(node, depth);
                for (KerasTensor in : node.inputs()) {
                    Node parent = in.node();
                    nodeDepth.put(parent, Math.max(depth + 1, nodeDepth.getOrDefault(parent, 0)));
                }
            }
            for (KerasTensor in : inputs) {
                Layer l = in.node().layer();
                if (!layerDepth.containsKey(l)) {
                    layerDepth.put(l, 0);
                    layerIndex.put(l, -1);
                    nodeDepth.put(in.node(), 0);
                    postOrder.add(in.node());
                }
            }
            // check every input the graph needs was given
            for (Node n : postOrder) {
                if (n.isInput() && !inputSet.contains(n.outputs().get(0))) {
                    throw new IllegalArgumentException("Graph disconnected: cannot find the value of " + n.outputs().get(0)
                            + ". It is used in the model but is not among the model's inputs " + inputs.stream().map(KerasTensor::name).toList() + ".");
                }
            }
            Map<Integer, List<Layer>> byDepth = new HashMap<>();
            for (Map.Entry<Layer, Integer> e : layerDepth.entrySet()) byDepth.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
            List<Integer> depths = new ArrayList<>(byDepth.keySet());
            depths.sort(Collections.reverseOrder());
            GraphMap g = new GraphMap();
            g.layers = new ArrayList<>();
            for (int d : depths) {
                List<Layer> ls = byDepth.get(d);
                ls.sort((a, b) -> Integer.compare(layerIndex.get(a), layerIndex.get(b)));
                g.layers.addAll(ls);
            }
            // execution: nodes by decreasing depth, stable in post-order
            List<Node> nodes = new ArrayList<>(postOrder);
            Map<Node, Integer> pos = new IdentityHashMap<>();
            for (int i = 0; i < nodes.size(); i++) pos.put(nodes.get(i), i);
            nodes.sort((a, b) -> {
                int c = Integer.compare(nodeDepth.get(b), nodeDepth.get(a));
                return c != 0 ? c : Integer.compare(pos.get(a), pos.get(b));
            });
            g.nodes = nodes;
            Map<Integer, List<Node>> byDepthNodes = new LinkedHashMap<>();
            for (Map.Entry<Node, Integer> e : nodeDepth.entrySet()) byDepthNodes.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
            for (Map.Entry<Integer, List<Node>> e : byDepthNodes.entrySet()) e.setValue(List.copyOf(e.getValue()));
            g.nodesByDepth = Collections.unmodifiableMap(byDepthNodes);
            return g;
        }

        private static void visit(KerasTensor t, Set<KerasTensor> inputs, Set<Node> finished, Set<Node> inProgress,
                                  List<Node> postOrder, Map<Layer, Integer> layerIndex) {
            Node node = t.node();
            if (finished.contains(node)) return;
            if (inProgress.contains(node)) throw new IllegalArgumentException("The graph has a cycle at layer \"" + node.layer().name() + "\"");
            layerIndex.putIfAbsent(node.layer(), layerIndex.size());
            inProgress.add(node);
            if (!node.isInput() && !inputs.contains(t)) {
                for (KerasTensor in : node.inputs()) visit(in, inputs, finished, inProgress, postOrder, layerIndex);
            }
            finished.add(node);
            inProgress.remove(node);
            postOrder.add(node);
        }
    }

    // ------------------------------------------------------------------ training (Keras's Trainer)

    private io.jkeras.training.Trainer trainer;
    private volatile boolean stopTraining;
    // Keras's compile_config without the optimizer (which is serialized when asked, so that a
    // changed learning rate is saved): the compile arguments in their serialized form.
    private Map<String, Object> compileArgs;

    /** Configures the model for training with an optimizer, a loss and metrics. */
    public void compile(io.jkeras.optimizers.Optimizer optimizer, io.jkeras.losses.Loss loss, io.jkeras.metrics.Metric... metrics) {
        compile(optimizer, List.of(loss), List.of(), List.of(List.of(metrics)));
    }

    /**
     * Configures a model with several outputs: one loss per output (or one for all), optional loss
     * weights (empty: all 1), and metrics per output.
     */
    public void compile(io.jkeras.optimizers.Optimizer optimizer, List<io.jkeras.losses.Loss> losses, List<Double> lossWeights,
                        List<List<io.jkeras.metrics.Metric>> metrics) {
        compile(optimizer, losses, lossWeights, metrics, List.of());
    }

    /**
     * The most general form: losses (one, or one per output), loss weights (empty: all 1), metric
     * objects per output, and metric identifiers per output ({@code "accuracy"}, ... resolved from the
     * data's shapes at the first batch; one list applies to every output).
     */
    public void compile(io.jkeras.optimizers.Optimizer optimizer, List<io.jkeras.losses.Loss> losses, List<Double> lossWeights,
                        List<List<io.jkeras.metrics.Metric>> metrics, List<List<String>> metricIds) {
        java.util.Objects.requireNonNull(optimizer, "optimizer");
        this.trainer = new io.jkeras.training.Trainer(this, optimizer, losses, lossWeights, metrics, metricIds);
        Map<String, Object> args = new LinkedHashMap<>();
        List<Object> ls = new ArrayList<>();
        for (io.jkeras.losses.Loss l : losses) ls.add(io.jkeras.saving.CompileConfigs.serializeLoss(l));
        args.put("loss", ls.size() == 1 ? ls.get(0) : ls);
        args.put("loss_weights", lossWeights == null || lossWeights.isEmpty() ? null : List.copyOf(lossWeights));
        int n = Math.max(metrics.size(), metricIds.size());
        List<Object> perOutput = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> ms = new ArrayList<>();
            if (i < metricIds.size()) ms.addAll(metricIds.get(i));
            if (i < metrics.size()) for (io.jkeras.metrics.Metric m : metrics.get(i)) ms.add(io.jkeras.saving.CompileConfigs.serializeMetric(m));
            perOutput.add(ms);
        }
        args.put("metrics", n == 0 ? null : n == 1 ? perOutput.get(0) : perOutput);
        this.compileArgs = args;
    }

    /**
     * Configures the model with Keras string identifiers, e.g.
     * {@code compile("adam", "categorical_crossentropy", "accuracy")}. {@code "accuracy"} is resolved
     * from the label and prediction shapes at the first batch, as Keras does.
     */
    public void compile(String optimizer, String loss, String... metrics) {
        compile(io.jkeras.optimizers.Optimizers.get(optimizer), loss, metrics);
    }

    /** An optimizer object with a loss and metrics given by Keras identifiers. */
    public void compile(io.jkeras.optimizers.Optimizer optimizer, String loss, String... metrics) {
        java.util.Objects.requireNonNull(optimizer, "optimizer");
        io.jkeras.losses.Loss l = io.jkeras.losses.Losses.get(loss);
        this.trainer = new io.jkeras.training.Trainer(this, optimizer, List.of(l), List.of(), List.of(), List.of(List.of(metrics)));
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("loss", loss);
        args.put("loss_weights", null);
        args.put("metrics", metrics.length == 0 ? null : List.of(metrics));
        this.compileArgs = args;
    }

    /**
     * Keras's {@code get_compile_config()}: what {@code compile} was given, in the serialized form a
     * {@code .keras} file stores as {@code compile_config} (optimizer, loss, loss_weights, metrics,
     * ...); null when the model was not compiled.
     */
    public Map<String, Object> getCompileConfig() {
        if (trainer == null) return null;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", io.jkeras.optimizers.Optimizers.serialize(trainer.optimizer()));
        c.put("loss", null);
        c.put("loss_weights", null);
        c.put("metrics", null);
        c.put("weighted_metrics", null);
        c.put("run_eagerly", false);
        c.put("steps_per_execution", 1);
        c.put("jit_compile", "auto");
        if (compileArgs != null) for (Map.Entry<String, Object> e : compileArgs.entrySet()) if (!e.getKey().equals("optimizer")) c.put(e.getKey(), e.getValue());
        return c;
    }

    /**
     * Keras's {@code compile_from_config}: compiles the model from a {@code compile_config} as
     * {@link #getCompileConfig()} returns it or a {@code .keras} file stores it. Built-in optimizers,
     * losses and metrics are recognised; anything else is refused with a message.
     *
     * @throws IllegalArgumentException when the config names something that cannot be restored
     */
    public void compileFromConfig(Map<String, ?> config) {
        io.jkeras.saving.CompileConfigs.compile(this, config);
        Map<String, Object> args = new LinkedHashMap<>(config);
        args.remove("optimizer");
        this.compileArgs = args;
    }

    /** True once {@code compile} was called. */
    public boolean isCompiled() { return trainer != null; }

    /** The compiled training state; throws Keras's message when the model was not compiled. */
    public io.jkeras.training.Trainer trainer() {
        if (trainer == null) throw new IllegalStateException("You must call compile() before using the model for training or evaluation "
                + "(model \"" + name() + "\"). For example: model.compile(\"adam\", \"categorical_crossentropy\", \"accuracy\")");
        return trainer;
    }

    public io.jkeras.optimizers.Optimizer optimizer() { return trainer == null ? null : trainer.optimizer(); }

    /** Set by callbacks (e.g. EarlyStopping) to end {@code fit} after the current batch. */
    public void setStopTraining(boolean stop) { this.stopTraining = stop; }

    public boolean stopTraining() { return stopTraining; }

    /** Trains for {@code epochs} with batches of {@code batchSize}. */
    public io.jkeras.callbacks.History fit(Tensor x, Tensor y, int epochs, int batchSize) {
        return fit(x, y, io.jkeras.training.FitOptions.builder().epochs(epochs).batchSize(batchSize));
    }

    public io.jkeras.callbacks.History fit(Tensor x, Tensor y, io.jkeras.training.FitOptions options) {
        return fit(List.of(x), List.of(y), options);
    }

    /** Trains a model with several inputs and/or outputs. */
    public io.jkeras.callbacks.History fit(List<Tensor> x, List<Tensor> y, io.jkeras.training.FitOptions options) {
        return trainer().fit(x, y, options);
    }

    /**
     * Trains on a {@link io.jkeras.data.Dataset} of batches (Keras's {@code fit(dataset)}); see
     * {@link io.jkeras.training.DatasetTrainer}. {@code stepsPerEpoch}, {@code validationData(Dataset)}
     * and {@code validationSteps} apply; {@code batchSize} and {@code shuffle} belong to the dataset.
     *
     * <pre>{@code
     * model.fit(Dataset.fromTensorSlices(x, y).shuffle(1000, 42).batch(32).prefetch(2), FitOptions.builder().epochs(5));
     * }</pre>
     */
    public io.jkeras.callbacks.History fit(io.jkeras.data.Dataset<io.jkeras.data.Sample> data, io.jkeras.training.FitOptions options) {
        return io.jkeras.training.DatasetTrainer.fit(this, data, options);
    }

    /** Loss and metrics over every batch of a dataset. */
    public Map<String, Double> evaluate(io.jkeras.data.Dataset<io.jkeras.data.Sample> data) {
        return io.jkeras.training.DatasetTrainer.evaluate(this, data, 0, -1, List.of());
    }

    /** Loss and metrics over the first {@code steps} batches of a dataset (all when {@code steps <= 0}). */
    public Map<String, Double> evaluate(io.jkeras.data.Dataset<io.jkeras.data.Sample> data, int steps, int verbose) {
        return io.jkeras.training.DatasetTrainer.evaluate(this, data, steps, verbose, List.of());
    }

    /** Predictions of the first output for every batch of a dataset ({@code Sample}, {@code Tensor} or {@code List<Tensor>} elements). */
    public Tensor predict(io.jkeras.data.Dataset<?> data) { return io.jkeras.training.DatasetTrainer.predict(this, data, 0).get(0); }

    /** Predictions of every output for the first {@code steps} batches of a dataset (all when {@code steps <= 0}). */
    public List<Tensor> predictAll(io.jkeras.data.Dataset<?> data, int steps) { return io.jkeras.training.DatasetTrainer.predict(this, data, steps); }

    // ------------------------------------------------------------------ customizing what happens in fit

    /**
     * One training step on one batch, called by {@code fit} (Keras's {@code train_step}); returns
     * the logs the callbacks and the progress bar see. Override it to change what {@code fit} does,
     * using {@link #computeLoss} and {@link #computeMetrics} for the compiled loss and metrics:
     *
     * <pre>{@code
     * @Override public Map<String, Double> trainStep(Sample data) {
     *     List<Tensor> yPred;
     *     List<Tensor> grads;
     *     try (GradientTape tape = new GradientTape()) {
     *         yPred = apply(data.inputs(), true);
     *         grads = tape.gradient(computeLoss(data, yPred), trainableWeights());
     *     }
     *     optimizer().apply(grads, trainableWeights());
     *     return computeMetrics(data, yPred);
     * }
     * }</pre>
     *
     * <p>When {@code fit} shuffles arrays, it gathers each batch into arrays that it fills again two
     * steps later: keep a copy ({@link io.jkeras.ops.Ops#copy}) of a tensor of {@code data} that you
     * need after the step.
     */
    public Map<String, Double> trainStep(io.jkeras.data.Sample data) { return trainer().defaultTrainStep(data); }

    /** One evaluation step, called by {@code evaluate} and fit's validation (Keras's {@code test_step}). */
    public Map<String, Double> testStep(io.jkeras.data.Sample data) { return trainer().defaultTestStep(data); }

    /** The compiled loss (plus regularization losses) of {@code yPred} against the sample's targets, added to the running loss. */
    public Tensor computeLoss(io.jkeras.data.Sample data, List<Tensor> yPred) { return trainer().computeLoss(data, yPred); }

    /** Updates the compiled metrics and returns the running logs ({@code loss} and every metric). */
    public Map<String, Double> computeMetrics(io.jkeras.data.Sample data, List<Tensor> yPred) { return trainer().computeMetrics(data, yPred); }

    /**
     * Extra metric objects that {@code fit} and {@code evaluate} reset at the start of each epoch
     * (Keras's {@code model.metrics}, for trackers a custom {@link #trainStep} keeps); none by
     * default, the compiled metrics being reset anyway.
     */
    public List<io.jkeras.metrics.Metric> metrics() { return List.of(); }

    /** Loss and metrics on data, batch size 32. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) { return evaluate(List.of(x), List.of(y), 32, -1); }

    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize, int verbose) { return evaluate(List.of(x), List.of(y), batchSize, verbose); }

    public Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, int batchSize, int verbose) {
        return trainer().evaluate(x, y, null, batchSize, verbose, List.of());
    }

    /** Predictions for every sample, in batches of 32 (works without compile). */
    public Tensor predict(Tensor x) { return predict(x, 32); }

    public Tensor predict(Tensor x, int batchSize) { return predictAll(List.of(x), batchSize).get(0); }

    /** Predictions of every output for several inputs. */
    public List<Tensor> predictAll(List<Tensor> x, int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch_size must be a positive integer, received " + batchSize);
        int n = x.get(0).dim(0);
        return io.jkeras.training.Trainer.predictBatches(this, x, batchSize, (n + batchSize - 1) / batchSize, List.of());
    }

    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) { return trainer().trainOnBatch(List.of(x), List.of(y), null); }

    public Map<String, Double> testOnBatch(Tensor x, Tensor y) { return trainer().testOnBatch(List.of(x), List.of(y), null); }

    public Tensor predictOnBatch(Tensor x) { return predictAll(List.of(x), Math.max(1, x.dim(0))).get(0); }

    // ------------------------------------------------------------------ summary

    /** Prints Keras's summary table to standard output. */
    public void summary() { System.out.print(summaryString()); }

    /** Keras's summary table as text (default line length: 88, or 108 with a "Connected to" column). */
    public String summaryString() { return io.jkeras.utils.Summary.of(this); }

    /** Keras's summary table as text, {@code lineLength} characters wide (Keras's {@code line_length=}). */
    public String summaryString(int lineLength) { return io.jkeras.utils.Summary.of(this, lineLength); }

    // ------------------------------------------------------------------ saving

    /**
     * Keras's config of the model: for a Functional or Sequential model, the {@code config} part of
     * {@code config.json} (its layers, their connections, inputs and outputs); for a subclassed
     * model, its name and trainability.
     */
    @Override public Map<String, Object> getConfig() {
        if (isGraph()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) io.jkeras.saving.KerasSerialization.serializeModel(this).get("config");
            return c;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("trainable", trainable());
        return c;
    }

    /** The architecture as Keras 3 JSON ({@code model.to_json()}); load it with {@code Models.fromJson}. */
    public String toJson() { return io.jkeras.saving.Models.toJson(this); }

    /**
     * Saves the model as a Keras 3 {@code .keras} file: architecture, weights, and, when compiled, the
     * compile settings and the optimizer state, so that training resumes where it stopped (in jkeras
     * or in Python Keras 3). See {@link io.jkeras.saving.Models#save}.
     *
     * <pre>{@code
     * model.save(Path.of("mlp.keras"));
     * Model again = Models.load(Path.of("mlp.keras"));
     * }</pre>
     */
    public void save(java.nio.file.Path path) throws java.io.IOException { io.jkeras.saving.Models.save(this, path); }

    /**
     * Saves the weights (and, when compiled, the optimizer state) as a Keras 3 {@code .weights.h5}
     * file, which Python Keras 3 reads with {@code model.load_weights}.
     */
    public void saveWeights(java.nio.file.Path path) throws java.io.IOException { io.jkeras.saving.Models.saveWeights(this, path); }

    /**
     * Loads weights from a {@code .weights.h5}, {@code .keras} or legacy {@code .h5} file into this
     * (built) model, matching layers by order. See {@link io.jkeras.saving.Models#loadWeights(Model, java.nio.file.Path, boolean, boolean)}.
     */
    public void loadWeights(java.nio.file.Path path) throws java.io.IOException { io.jkeras.saving.Models.loadWeights(this, path, false, false); }

    /** As {@link #loadWeights(java.nio.file.Path)}; with {@code skipMismatch}, layers whose weights do not fit are skipped (and logged). */
    public void loadWeights(java.nio.file.Path path, boolean skipMismatch) throws java.io.IOException {
        io.jkeras.saving.Models.loadWeights(this, path, false, skipMismatch);
    }

    /**
     * Loads a legacy {@code .h5} weights file by layer name (Keras's {@code by_name=True}): each
     * layer takes the weights saved under its name; layers the file does not name are left alone.
     */
    public void loadWeightsByName(java.nio.file.Path path, boolean skipMismatch) throws java.io.IOException {
        io.jkeras.saving.Models.loadWeights(this, path, true, skipMismatch);
    }
}
