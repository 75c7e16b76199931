package io.jkeras.layers;

import io.jkeras.initializers.Initializers;
import io.jkeras.ops.Ops;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Additive attention, a.k.a. Bahdanau-style attention (Keras's
 * {@code keras.layers.AdditiveAttention}): the scores are {@code sum(scale * tanh(query + key))}
 * over the feature axis, with a learned {@code scale} of shape {@code (dim,)} (glorot_uniform)
 * when {@code use_scale} is true (the default). Inputs, masks and outputs as {@link Attention}.
 *
 * <pre>{@code
 * KerasTensor out = new AdditiveAttention().apply(query, value);   // (None, Tq, dim)
 * }</pre>
 */
public class AdditiveAttention extends Attention {
    /** {@code AdditiveAttention(use_scale=True)}. */
    public AdditiveAttention() { this(true); }

    public AdditiveAttention(boolean useScale) { super(useScale, "dot"); }

    @Override public AdditiveAttention name(String n) { super.name(n); return this; }
    @Override public AdditiveAttention dropout(double rate) { super.dropout(rate); return this; }
    @Override public AdditiveAttention seed(long seed) { super.seed(seed); return this; }
    @Override public AdditiveAttention useCausalMask(boolean b) { super.useCausalMask(b); return this; }
    @Override public AdditiveAttention returnAttentionScores(boolean b) { super.returnAttentionScores(b); return this; }

    @Override public void build(List<Shape> inputShapes) {
        int dim = inputShapes.get(0).dim(-1);
        if (dim == Shape.UNKNOWN) throw new IllegalArgumentException("Layer \"" + name() + "\": the last dimension of the query must be known, received " + inputShapes.get(0));
        if (useScale) scale = addWeight("scale", Shape.of(dim), Initializers.get("glorot_uniform"), true);
    }

    @Override protected Tensor scores(Tensor query, Tensor key) {
        Tensor t = Ops.tanh(Ops.add(Ops.expandDims(query, -2), Ops.expandDims(key, -3)));   // (B, Tq, Tv, dim)
        if (scale != null) t = Ops.multiply(t, scale.value());
        return Ops.sum(t, -1);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("score_mode");
        return c;
    }

    /** From a Keras config; registered as {@code "AdditiveAttention"}. */
    public static AdditiveAttention fromConfig(Config c) {
        AdditiveAttention a = new AdditiveAttention(c.getBoolean("use_scale", true)).dropout(c.getDouble("dropout", 0.0));
        Long s = c.getLongOrNull("seed");
        if (s != null) a.seed(s);
        return KerasSerialization.applyBaseConfig(a, c);
    }
}
