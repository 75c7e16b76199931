package io.jkeras.losses;

import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The base of every loss (Keras's {@code keras.losses.Loss}). {@link #call} gives the per-sample
 * losses; {@link #apply} weights them with optional sample weights and a mask, then applies the
 * {@link Reduction} (by default {@code sum_over_batch_size}: the weighted sum divided by the number
 * of per-sample values).
 *
 * <pre>{@code
 * Loss cce = new CategoricalCrossentropy();
 * Tensor loss = cce.apply(yTrue, yPred);            // a scalar; differentiable w.r.t. yPred
 * Tensor perSample = cce.call(yTrue, yPred);        // shape (batch,)
 * }</pre>
 *
 * A custom loss implements {@link #call}; the base class does the weighting and the reduction.
 */
public abstract class Loss {
    private final String name;
    private final Reduction reduction;

    /** A loss named after its class in snake_case, with the default reduction. */
    protected Loss() { this(null, Reduction.SUM_OVER_BATCH_SIZE); }

    /**
     * @param name      the loss name; null for the snake_case class name
     * @param reduction how {@link #apply} reduces; null for {@link Reduction#NONE} (Keras's {@code None})
     */
    protected Loss(String name, Reduction reduction) {
        this.name = name != null ? name : io.jkeras.layers.Layer.toSnakeCase(getClass().getSimpleName());
        this.reduction = reduction == null ? Reduction.NONE : reduction;
    }

    /** Per-sample losses: usually {@code yPred}'s shape without its last axis, e.g. {@code (batch,)}. */
    public abstract Tensor call(Tensor yTrue, Tensor yPred);

    /**
     * The per-sample losses with the mask of the entries that count (Keras's mask on the loss
     * values; e.g. {@code ignore_class} of sparse categorical crossentropy). The mask is null when all
     * entries count, which is the default.
     */
    public Values callWithMask(Tensor yTrue, Tensor yPred) { return new Values(call(yTrue, yPred), null); }

    /** Per-sample loss values and the mask of entries that count (null: all). */
    public record Values(Tensor values, Tensor mask) {}

    /**
     * The reduced loss: a scalar, or the weighted per-sample losses for {@link Reduction#NONE}.
     *
     * @param sampleWeight per-sample weights, e.g. shape {@code (batch,)}, or null
     */
    public Tensor apply(Tensor yTrue, Tensor yPred, Tensor sampleWeight) { return apply(yTrue, yPred, sampleWeight, null); }

    /**
     * Like {@link #apply(Tensor, Tensor, Tensor)} with a mask over the per-sample losses (e.g. the
     * Keras mask of a sequence output): masked-out entries count neither in the sum nor, for the
     * averaging reductions, in the divisor.
     */
    public Tensor apply(Tensor yTrue, Tensor yPred, Tensor sampleWeight, Tensor mask) {
        Objects.requireNonNull(yTrue, "yTrue");
        Objects.requireNonNull(yPred, "yPred");
        Values v = callWithMask(yTrue, yPred);
        Tensor m = v.mask();
        if (mask != null) {
            Tensor given = io.jkeras.ops.Ops.cast(mask, io.jkeras.tensor.DType.BOOL);
            m = m == null ? given : io.jkeras.ops.Ops.logicalAnd(given, m);
        }
        return LossUtils.reduceWeightedValues(v.values(), sampleWeight, m, reduction);
    }

    public Tensor apply(Tensor yTrue, Tensor yPred) { return apply(yTrue, yPred, null); }

    /** The loss name, e.g. {@code "categorical_crossentropy"}. */
    public String name() { return name; }

    public Reduction reduction() { return reduction; }

    /** The Keras class name, e.g. {@code "CategoricalCrossentropy"}. */
    public String className() { return getClass().getSimpleName(); }

    /** Keras's config: {@code name} and {@code reduction}, then the subclass's arguments. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("reduction", reduction.kerasName());
        return c;
    }

    @Override public String toString() { return "<" + className() + " name=" + name + ">"; }
}
