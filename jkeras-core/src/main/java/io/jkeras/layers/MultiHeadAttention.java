package io.jkeras.layers;

import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.Ops;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-head attention as in "Attention is all you need" (Keras's
 * {@code keras.layers.MultiHeadAttention}): query, key and value are projected to
 * {@code num_heads} heads, each head attends with scaled dot products, and the heads are projected
 * back to the query's feature size (or {@code output_shape}). Weights as in Keras: for query, key
 * and value a kernel {@code (dim, num_heads, key_dim|value_dim)} and a bias
 * {@code (num_heads, key_dim|value_dim)}; for the output a kernel
 * {@code (num_heads, value_dim, output_dim)} and a bias {@code (output_dim,)}.
 *
 * <p>Inputs: {@code [query (B, T, dim), value (B, S, dim)]}, optionally the key {@code (B, S, dim)}
 * third, and optionally last an {@code attention_mask} {@code (B, T, S)} of bool or integer dtype
 * (true / non-zero where query step t may attend to value step s). Keras masks on query and value
 * (e.g. from {@code Embedding(mask_zero)}) are combined with it, and the query's mask is passed on.
 * Keras's call arguments {@code use_causal_mask} and {@code return_attention_scores} are settings
 * here; with the latter a second output holds the weights {@code (B, num_heads, T, S)}.
 *
 * <pre>{@code
 * KerasTensor x = Input.of(10, 16);
 * KerasTensor y = new MultiHeadAttention(4, 8).apply(x, x);                       // self-attention, (None, 10, 16)
 * KerasTensor z = new MultiHeadAttention(2, 8).useCausalMask(true).apply(x, x);   // a decoder's masked self-attention
 * }</pre>
 *
 * Attention over several axes ({@code attention_axes}) and inputs of rank other than 3, gating
 * ({@code use_gate}) and sliding windows are not supported yet.
 */
public class MultiHeadAttention extends Layer {
    private final int numHeads, keyDim;
    private int valueDim;
    private Integer outputDim;
    private double dropout;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer, biasRegularizer;
    private Constraint kernelConstraint, biasConstraint;
    private Long seed;
    private boolean useCausalMask, returnAttentionScores;
    private Projection query, key, value, output;
    private Dropout dropoutLayer;

    public MultiHeadAttention(int numHeads, int keyDim) {
        if (numHeads <= 0) throw new IllegalArgumentException("Received an invalid value for argument `num_heads`, expected a positive integer. Received: num_heads=" + numHeads);
        if (keyDim <= 0) throw new IllegalArgumentException("Received an invalid value for argument `key_dim`, expected a positive integer. Received: key_dim=" + keyDim);
        this.numHeads = numHeads;
        this.keyDim = keyDim;
        this.valueDim = keyDim;
        setSupportsMasking(true);
    }

    @Override public MultiHeadAttention name(String n) { super.name(n); return this; }
    /** The size of each value head (default: key_dim). */
    public MultiHeadAttention valueDim(int d) {
        checkNotBuilt("value_dim");
        if (d <= 0) throw new IllegalArgumentException("Received an invalid value for argument `value_dim`, expected a positive integer. Received: value_dim=" + d);
        this.valueDim = d;
        return this;
    }
    /** The size of the output's last axis (default: the query's). */
    public MultiHeadAttention outputShape(int d) { checkNotBuilt("output_shape"); this.outputDim = d; return this; }
    /** Fraction of the attention weights to drop in training. */
    public MultiHeadAttention dropout(double rate) { checkNotBuilt("dropout"); this.dropout = RNNCell.checkRate("layer \"" + name() + "\"", "dropout", rate); return this; }
    public MultiHeadAttention useBias(boolean b) { checkNotBuilt("use_bias"); this.useBias = b; return this; }
    public MultiHeadAttention kernelInitializer(String id) { return kernelInitializer(Initializers.get(id)); }
    public MultiHeadAttention kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return this; }
    public MultiHeadAttention biasInitializer(String id) { return biasInitializer(Initializers.get(id)); }
    public MultiHeadAttention biasInitializer(Initializer i) { checkNotBuilt("bias_initializer"); this.biasInitializer = i; return this; }
    public MultiHeadAttention kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return this; }
    public MultiHeadAttention biasRegularizer(Regularizer r) { checkNotBuilt("bias_regularizer"); this.biasRegularizer = r; return this; }
    public MultiHeadAttention kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return this; }
    public MultiHeadAttention biasConstraint(Constraint c) { checkNotBuilt("bias_constraint"); this.biasConstraint = c; return this; }
    /** Seeds the dropout of the attention weights. */
    public MultiHeadAttention seed(long seed) { checkNotBuilt("seed"); this.seed = seed; return this; }
    /** Keras's call argument {@code use_causal_mask}: query step t attends to value steps 0..t only. */
    public MultiHeadAttention useCausalMask(boolean b) { this.useCausalMask = b; return this; }
    /** Keras's call argument {@code return_attention_scores}: a second output with the weights {@code (B, heads, T, S)}. */
    public MultiHeadAttention returnAttentionScores(boolean b) { checkNotBuilt("return_attention_scores"); this.returnAttentionScores = b; return this; }

    public int numHeads() { return numHeads; }
    public int keyDim() { return keyDim; }
    public int valueDim() { return valueDim; }
    public double dropout() { return dropout; }
    public boolean useBias() { return useBias; }

    /** The four projections, as Keras names them in weight files. */
    @Override public Map<String, Layer> savedSublayers() {
        if (query == null) return Map.of();
        Map<String, Layer> m = new LinkedHashMap<>();
        m.put("query_dense", query);
        m.put("key_dense", key);
        m.put("value_dense", value);
        m.put("output_dense", output);
        return m;
    }

    // ------------------------------------------------------------------ inputs

    /** The positions of query, value, key and attention mask in an input list (key and mask may be -1). */
    private record Slots(int key, int mask) {}

    private Slots slots(List<Boolean> floating) {
        int n = floating.size();
        if (n < 2 || n > 4) throw new IllegalArgumentException("Layer \"" + name() + "\" (MultiHeadAttention) takes [query, value], optionally the key, "
                + "and optionally a bool/int attention_mask last; received " + n + " inputs");
        if (!floating.get(0) || !floating.get(1)) throw new IllegalArgumentException("Layer \"" + name() + "\": query and value must be float tensors");
        int mask = floating.get(n - 1) ? -1 : n - 1;
        int keyAt = n - (mask < 0 ? 0 : 1) > 2 ? 2 : -1;
        if (n - (mask < 0 ? 0 : 1) > 3 || (keyAt > 0 && !floating.get(keyAt))) throw new IllegalArgumentException("Layer \"" + name()
                + "\": inputs must be [query, value, key?, attention_mask?] with float query/value/key and a bool or integer attention_mask");
        return new Slots(keyAt, mask);
    }

    @Override protected void checkInputs(List<Shape> shapes) {
        for (int i = 0; i < Math.min(2, shapes.size()); i++) {
            if (shapes.get(i).rank() != 3) throw new UnsupportedOperationException("Layer \"" + name() + "\": input " + i + " has shape " + shapes.get(i)
                    + "; MultiHeadAttention supports (batch, steps, features) inputs (attention over axis 1) only for now");
        }
        if (shapes.size() < 2) throw new IllegalArgumentException("Layer \"" + name() + "\" (MultiHeadAttention) takes at least [query, value], received " + shapes.size() + " input(s)");
    }

    /** Where the key is among the inputs of the first call (-1: none, the value is the key); shapes alone cannot tell a key from a mask. */
    private int keySlot = -1;

    private void noteSlots(List<Boolean> floating) {
        if (!built) keySlot = slots(floating).key();
    }

    @Override public List<io.jkeras.models.KerasTensor> apply(List<io.jkeras.models.KerasTensor> xs) {
        List<Boolean> f = new ArrayList<>();
        for (io.jkeras.models.KerasTensor t : xs) f.add(t.dtype().isFloating());
        noteSlots(f);
        return super.apply(xs);
    }

    @Override public List<Tensor> apply(List<Tensor> xs, boolean training) {
        noteSlots(floating(xs));
        return super.apply(xs, training);
    }

    @Override public MaskedOutputs applyMasked(List<Tensor> xs, List<Tensor> masks, boolean training) {
        noteSlots(floating(xs));
        return super.applyMasked(xs, masks, training);
    }

    private static List<Boolean> floating(List<Tensor> xs) {
        List<Boolean> f = new ArrayList<>();
        for (Tensor t : xs) f.add(t.dtype().isFloating());
        return f;
    }

    @Override public void build(List<Shape> inputShapes) {
        Shape q = inputShapes.get(0), v = inputShapes.get(1);
        Shape k = keySlot > 0 ? inputShapes.get(keySlot) : v;
        for (Shape s : List.of(q, v, k)) if (s.dim(-1) == Shape.UNKNOWN) throw new IllegalArgumentException("Layer \"" + name()
                + "\": the last dimension of query, value and key must be known, received " + inputShapes);
        query = trackSublayer(new Projection("query", q.dim(-1), numHeads, keyDim, false));
        key = trackSublayer(new Projection("key", k.dim(-1), numHeads, keyDim, false));
        value = trackSublayer(new Projection("value", v.dim(-1), numHeads, valueDim, false));
        output = trackSublayer(new Projection("attention_output", outputDim != null ? outputDim : q.dim(-1), numHeads, valueDim, true));
        for (Projection p : List.of(query, key, value, output)) {
            p.configure(kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, useBias);
            p.dtype(dtype());
            p.buildFor(Shape.of(1));
        }
        // as in Keras, building makes a Softmax and a Dropout layer, which take the next default names
        Layer.uniqueName("softmax");
        dropoutLayer = seed == null ? new Dropout(dropout) : new Dropout(dropout, seed);
    }

    // ------------------------------------------------------------------ forward

    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return call(inputs, Collections.nCopies(inputs.size(), null), training);
    }

    @Override protected List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Slots slots = slots(floating(inputs));
        Tensor q = inputs.get(0), v = inputs.get(1), k = slots.key() > 0 ? inputs.get(slots.key()) : v;
        int b = q.dim(0), t = q.dim(1), s = v.dim(1);
        if (k.dim(1) != s) throw new IllegalArgumentException("Layer \"" + name() + "\": value and key need the same number of steps, received value "
                + v.shape() + " and key " + k.shape());
        Tensor mask = attentionMask(inputs, masks, slots, b, t, s);

        Tensor qh = Ops.transpose(query.project(q), 0, 2, 1, 3);        // (B, H, T, kd)
        Tensor kh = Ops.transpose(key.project(k), 0, 2, 1, 3);          // (B, H, S, kd)
        Tensor vh = Ops.transpose(value.project(v), 0, 2, 1, 3);        // (B, H, S, vd)
        qh = Ops.multiply(qh, 1.0 / Math.sqrt(keyDim));
        Tensor scores = Ops.matmul(qh, kh, false, true);                // (B, H, T, S)
        Tensor weights;
        if (mask != null) {
            Tensor m = Ops.reshape(mask, mask.dim(0), 1, t, s);
            weights = Ops.softmax(Ops.where(m, scores, Ops.fullLike(scores, -1e9)), -1);
            weights = Ops.where(m, weights, Ops.zerosLike(weights));  // rows with every step masked give zeros, not a uniform spread
        } else {
            weights = Ops.softmax(scores, -1);
        }
        Tensor dropped = dropout > 0 ? dropoutLayer.apply(weights, training) : weights;
        Tensor heads = Ops.transpose(Ops.matmul(dropped, vh), 0, 2, 1, 3);   // (B, T, H, vd)
        List<Tensor> res = new ArrayList<>();
        res.add(output.project(heads));
        if (returnAttentionScores) res.add(weights);
        return res;
    }

    /** The given attention mask combined (AND) with the query/value/key masks and the causal mask, (B or 1, T, S), or null. */
    private Tensor attentionMask(List<Tensor> inputs, List<Tensor> masks, Slots slots, int b, int t, int s) {
        Tensor m = null;
        if (slots.mask() >= 0) {
            Tensor am = inputs.get(slots.mask());
            if (am.rank() != 3 || am.dim(0) != b || am.dim(1) != t || am.dim(2) != s) throw new IllegalArgumentException("Layer \"" + name()
                    + "\": the attention_mask must have shape (batch, query steps, value steps) = (" + b + ", " + t + ", " + s + "), received " + am.shape());
            m = Attention.bool(am);
        }
        Tensor qm = masks == null ? null : masks.get(0), vm = masks == null ? null : masks.get(1);
        Tensor km = masks == null || slots.key() < 0 ? null : masks.get(slots.key());
        if (qm != null) m = and(m, Ops.expandDims(Attention.bool(qm), -1));
        if (vm != null) m = and(m, Ops.expandDims(Attention.bool(vm), -2));
        if (km != null) m = and(m, Ops.expandDims(Attention.bool(km), -2));
        if (useCausalMask) m = and(m, Ops.reshape(Attention.causalMask(t, s), 1, t, s));
        // a query mask alone is (B, T, 1), a value mask alone (B, 1, S): bring every mask to (B or 1, T, S)
        if (m != null && (m.dim(1) != t || m.dim(2) != s)) m = Ops.broadcastTo(m, Shape.of(m.dim(0), t, s));
        return m;
    }

    private static Tensor and(Tensor a, Tensor b) { return a == null ? b : Ops.logicalAnd(a, b); }

    @Override public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        List<Tensor> out = new ArrayList<>();
        out.add(masks == null ? null : masks.get(0));
        if (returnAttentionScores) out.add(null);
        return out;
    }

    @Override public List<Shape> computeOutputShape(List<Shape> inputShapes) {
        Shape q = inputShapes.get(0), v = inputShapes.get(1);
        List<Shape> out = new ArrayList<>();
        out.add(q.withDim(-1, outputDim != null ? outputDim : q.dim(-1)));
        if (returnAttentionScores) out.add(Shape.of(q.dim(0), numHeads, q.dim(1), v.dim(1)));
        return out;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("num_heads", numHeads);
        c.put("key_dim", keyDim);
        c.put("value_dim", valueDim);
        c.put("dropout", dropout);
        c.put("use_bias", useBias);
        c.put("use_gate", false);
        c.put("output_shape", outputDim == null ? null : List.of(outputDim));
        c.put("attention_axes", List.of(1));
        c.put("sliding_window", null);
        c.put("kernel_initializer", KerasSerialization.serializeInitializer(kernelInitializer));
        c.put("bias_initializer", KerasSerialization.serializeInitializer(biasInitializer));
        c.put("kernel_regularizer", KerasSerialization.serializeRegularizer(kernelRegularizer));
        c.put("bias_regularizer", KerasSerialization.serializeRegularizer(biasRegularizer));
        c.put("activity_regularizer", KerasSerialization.serializeRegularizer(activityRegularizer()));
        c.put("kernel_constraint", KerasSerialization.serializeConstraint(kernelConstraint));
        c.put("bias_constraint", KerasSerialization.serializeConstraint(biasConstraint));
        c.put("seed", seed);
        return c;
    }

    /** From a Keras config; registered as {@code "MultiHeadAttention"}. Unsupported options are refused clearly. */
    public static MultiHeadAttention fromConfig(Config c) {
        MultiHeadAttention m = new MultiHeadAttention(c.getInt("num_heads"), c.getInt("key_dim"));
        if (c.has("value_dim")) m.valueDim(c.getInt("value_dim"));
        m.dropout(c.getDouble("dropout", 0.0));
        m.useBias(c.getBoolean("use_bias", true));
        if (c.getBoolean("use_gate", false)) throw new IllegalArgumentException(c.owner() + ": use_gate=True is not supported yet");
        if (c.has("sliding_window")) throw new IllegalArgumentException(c.owner() + ": sliding_window is not supported yet");
        if (c.has("output_shape")) {
            Object o = c.get("output_shape");
            int[] shape = o instanceof Number n ? new int[] {n.intValue()} : c.getIntArray("output_shape");
            if (shape.length != 1) throw new IllegalArgumentException(c.owner() + ": output_shape " + java.util.Arrays.toString(shape) + " is not supported yet; give one size");
            m.outputShape(shape[0]);
        }
        if (c.has("attention_axes")) {
            Object o = c.get("attention_axes");
            int[] axes = o instanceof Number n ? new int[] {n.intValue()} : c.getIntArray("attention_axes");
            if (axes.length != 1 || (axes[0] != 1 && axes[0] != -2)) throw new IllegalArgumentException(c.owner() + ": attention_axes "
                    + java.util.Arrays.toString(axes) + " is not supported yet; attention runs over axis 1 of (batch, steps, features) inputs");
        }
        m.kernelInitializer(KerasSerialization.initializer(c, "kernel_initializer", m.kernelInitializer));
        m.biasInitializer(KerasSerialization.initializer(c, "bias_initializer", m.biasInitializer));
        m.kernelRegularizer(KerasSerialization.regularizer(c, "kernel_regularizer"));
        m.biasRegularizer(KerasSerialization.regularizer(c, "bias_regularizer"));
        m.kernelConstraint(KerasSerialization.constraint(c, "kernel_constraint"));
        m.biasConstraint(KerasSerialization.constraint(c, "bias_constraint"));
        Long s = c.getLongOrNull("seed");
        if (s != null) m.seed(s);
        return KerasSerialization.applyBaseConfig(m, c);
    }

    /**
     * One of the four projections (Keras builds them as {@code EinsumDense} layers): into heads,
     * {@code (..., dim) -> (..., heads, size)} with a kernel {@code (dim, heads, size)}, or out of
     * them, {@code (..., heads, size) -> (..., dim)} with a kernel {@code (heads, size, dim)}.
     */
    static final class Projection extends Layer {
        private final int dim, heads, size;
        private final boolean out;
        private Initializer kernelInit, biasInit;
        private Regularizer kernelReg, biasReg;
        private Constraint kernelCon, biasCon;
        private boolean useBias;
        private Variable kernel, bias;

        Projection(String name, int dim, int heads, int size, boolean out) {
            super(name);
            this.dim = dim;
            this.heads = heads;
            this.size = size;
            this.out = out;
        }

        void configure(Initializer ki, Initializer bi, Regularizer kr, Regularizer br, Constraint kc, Constraint bc, boolean useBias) {
            this.kernelInit = ki; this.biasInit = bi; this.kernelReg = kr; this.biasReg = br; this.kernelCon = kc; this.biasCon = bc; this.useBias = useBias;
        }

        @Override public String className() { return "EinsumDense"; }

        @Override public void build(Shape ignored) {
            Shape k = out ? Shape.of(heads, size, dim) : Shape.of(dim, heads, size);
            kernel = addWeight("kernel", k, kernelInit, kernelReg, kernelCon, true);
            if (useBias) bias = addWeight("bias", out ? Shape.of(dim) : Shape.of(heads, size), biasInit, biasReg, biasCon, true);
        }

        /** The projection of {@code x}: {@code (B, T, dim) -> (B, T, heads, size)} in, {@code (B, T, heads, size) -> (B, T, dim)} out. */
        Tensor project(Tensor x) {
            int b = x.dim(0), t = x.dim(1);
            if (out) {
                Tensor y = Ops.matmul(Ops.reshape(x, b, t, heads * size), Ops.reshape(kernel.value(), heads * size, dim));
                return useBias ? Ops.add(y, bias.value()) : y;
            }
            if (x.dim(-1) != dim) throw new IllegalArgumentException("Layer \"" + name() + "\" of MultiHeadAttention was built for inputs with "
                    + dim + " features, received " + x.shape());
            Tensor y = Ops.reshape(Ops.matmul(x, Ops.reshape(kernel.value(), dim, heads * size)), b, t, heads, size);
            return useBias ? Ops.add(y, bias.value()) : y;
        }

        @Override protected Tensor call(Tensor x, boolean training) { return project(x); }
    }
}
