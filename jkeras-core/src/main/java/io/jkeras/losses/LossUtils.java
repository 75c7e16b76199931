package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/**
 * The shape and weighting rules shared by losses and metrics (Keras's {@code keras.losses.loss}
 * module helpers). All math goes through {@link Ops}, so gradients flow through it.
 */
public final class LossUtils {
    /** Keras's {@code backend.epsilon()}. */
    public static final double EPSILON = 1e-7;

    private LossUtils() {}

    /**
     * Squeezes or expands the last axis of one tensor when the ranks differ by exactly one and the
     * longer one ends in a dimension of 1 (Keras's {@code squeeze_or_expand_to_same_rank}): a rank-1
     * tensor facing a {@code (n, 1)} one is expanded to {@code (n, 1)} when {@code expandRank1}, else
     * the {@code (…, 1)} one is squeezed.
     *
     * @return the two tensors, adjusted, in the order given
     */
    public static Tensor[] squeezeOrExpandToSameRank(Tensor x1, Tensor x2, boolean expandRank1) {
        int r1 = x1.rank(), r2 = x2.rank();
        if (r1 == r2) return new Tensor[] {x1, x2};
        if (r1 == r2 + 1 && x1.dim(-1) == 1) {
            if (r2 == 1 && expandRank1) x2 = Ops.expandDims(x2, -1);
            else x1 = Ops.squeeze(x1, -1);
        }
        if (r2 == r1 + 1 && x2.dim(-1) == 1) {
            if (r1 == 1 && expandRank1) x1 = Ops.expandDims(x1, -1);
            else x2 = Ops.squeeze(x2, -1);
        }
        return new Tensor[] {x1, x2};
    }

    public static Tensor[] squeezeOrExpandToSameRank(Tensor x1, Tensor x2) { return squeezeOrExpandToSameRank(x1, x2, true); }

    /** The float dtype a loss computes in: {@code yPred}'s when it is floating, else float32. */
    static DType computeDType(Tensor yPred) { return yPred.dtype().isFloating() ? yPred.dtype() : DType.FLOAT32; }

    /**
     * Merges a boolean (or 0/1) mask into the sample weights (Keras's {@code apply_mask}). For the
     * averaging reductions, valid entries get weight {@code total/valid} so that dividing by the
     * element count gives the mean over the valid entries only.
     *
     * @return the merged weights, or {@code sampleWeight} unchanged when {@code mask} is null
     */
    public static Tensor applyMask(Tensor sampleWeight, Tensor mask, DType dtype, Reduction reduction) {
        if (mask == null) return sampleWeight;
        Tensor floatMask;
        Tensor m = Ops.cast(mask, dtype);
        if (reduction == Reduction.MEAN || reduction == Reduction.SUM_OVER_BATCH_SIZE) {
            double total = mask.size();
            double valid = Ops.sum(m).item();
            double w = valid == 0 ? 0 : total / valid;
            floatMask = Ops.multiply(m, w);
        } else {
            floatMask = m;
        }
        if (sampleWeight == null) return floatMask;
        Tensor[] fs = squeezeOrExpandToSameRank(floatMask, Ops.cast(sampleWeight, dtype), true);
        return Ops.multiply(fs[1], fs[0]);
    }

    /**
     * Weights and reduces per-sample loss values (Keras's {@code reduce_weighted_values}): merges
     * {@code mask} into {@code sampleWeight}, multiplies, then applies {@code reduction}.
     * {@code sampleWeight} of a lower rank than {@code values} whose dimensions match the leading
     * dimensions of {@code values} (per-sample weights for a per-timestep loss) is broadcast over the
     * trailing axes.
     *
     * @param values       per-sample losses (any float shape)
     * @param sampleWeight weights broadcastable to {@code values}, or null
     * @param mask         entries to keep (bool or 0/1), or null
     */
    public static Tensor reduceWeightedValues(Tensor values, Tensor sampleWeight, Tensor mask, Reduction reduction) {
        DType dt = values.dtype().isFloating() ? values.dtype() : DType.FLOAT32;
        values = Ops.cast(values, dt);
        Tensor sw = applyMask(sampleWeight == null ? null : Ops.cast(sampleWeight, dt), mask, dt, reduction);
        if (sw != null) {
            sw = Ops.cast(sw, dt);
            Tensor[] vs = squeezeOrExpandToSameRank(values, sw, true);
            values = vs[0];
            sw = expandTrailing(vs[1], values.shape());
            checkBroadcastable("sample_weight", sw.shape(), values.shape());
            values = Ops.multiply(values, sw);
        }
        return reduceValues(values, sw, reduction);
    }

    /** Reduces already weighted values (Keras's {@code reduce_values}). */
    static Tensor reduceValues(Tensor values, Tensor sampleWeight, Reduction reduction) {
        if (reduction == Reduction.NONE || values.rank() == 0 || (values.rank() == 1 && values.dim(0) == 0)) return values;
        Tensor loss = Ops.sum(values);
        if (!reduction.divides()) return loss;
        double divisor = reduction == Reduction.MEAN_WITH_SAMPLE_WEIGHT && sampleWeight != null
                ? Ops.sum(sampleWeight).item() : values.size();
        return divisor == 0 ? Ops.multiply(loss, 0.0) : Ops.divide(loss, divisor);
    }

    /** Adds trailing axes of size 1 to {@code w} when its shape is a leading prefix of {@code target}. */
    private static Tensor expandTrailing(Tensor w, Shape target) {
        if (w.rank() == 0 || w.rank() >= target.rank()) return w;
        for (int i = 0; i < w.rank(); i++) if (w.dim(i) != target.dim(i)) return w;
        int[] d = new int[target.rank()];
        for (int i = 0; i < d.length; i++) d[i] = i < w.rank() ? w.dim(i) : 1;
        return Ops.reshape(w, d);
    }

    static void checkBroadcastable(String what, Shape a, Shape values) {
        try {
            Ops.broadcastShapes(a, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + what + " of shape " + a + " cannot be broadcast to the per-sample losses of shape "
                    + values + ": give one weight per sample, with shape " + (values.rank() == 0 ? "()" : "(" + values.dim(0) + ",)")
                    + ", or a shape broadcastable to " + values, e);
        }
    }

    /** The L2 normalisation of Keras's {@code ops.normalize}: {@code x * min(rsqrt(sum(x^2)), 1/eps)}. */
    static Tensor l2Normalize(Tensor x, int axis) {
        Tensor ss = Ops.sum(Ops.square(x), new int[] {axis}, true);
        // rsqrt(max(s, eps^2)) equals min(rsqrt(s), 1/eps) and keeps the gradient finite at s = 0
        return Ops.multiply(x, Ops.rsqrt(Ops.maximum(ss, EPSILON * EPSILON)));
    }
}
