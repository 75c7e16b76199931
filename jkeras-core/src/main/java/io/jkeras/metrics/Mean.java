package io.jkeras.metrics;

import io.jkeras.losses.LossUtils;
import io.jkeras.losses.Reduction;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

/**
 * The weighted mean of the values given so far (Keras's {@code keras.metrics.Mean}).
 *
 * <pre>{@code
 * Mean m = new Mean();
 * m.updateValues(Tensor.of(1f, 3f, 5f, 7f));                          // mean 4
 * m.updateValues(Tensor.of(1f, 3f), Tensor.of(1f, 0f));               // adds 1 with weight 1
 * m.result();                                                        // (16 + 1) / 5 = 3.4
 * }</pre>
 *
 * Values of shape {@code (batch, ...)} count as {@code batch} samples, each the mean over its other
 * axes. Sample weights of a lower rank reduce the values to their rank first; a batch's weight is
 * the sum of its sample weights. A scalar weight makes the whole batch one sample of that weight.
 */
public class Mean extends Metric {
    protected double total;
    protected double count;

    public Mean() { this("mean"); }

    /** @param name null for a unique default name */
    public Mean(String name) { super(name); }

    /** Adds every sample of {@code values} with weight 1. */
    public void updateValues(Tensor values) { updateValues(values, null, null); }

    /** Adds {@code values} weighted by {@code sampleWeight} (null: weight 1 each). */
    public void updateValues(Tensor values, Tensor sampleWeight) { updateValues(values, sampleWeight, null); }

    /** Adds one value with weight 1. */
    public void updateValues(double value) { updateValues(value, 1.0); }

    /** Adds one value with the given weight (e.g. a batch loss weighted by the batch size). */
    public void updateValues(double value, double weight) {
        total += value * weight;
        count += weight;
    }

    /**
     * Adds {@code values} weighted by {@code sampleWeight}; {@code mask} (entries of {@code values}
     * that count) is merged into the weights only when weights are given, as Keras does.
     */
    public void updateValues(Tensor values, Tensor sampleWeight, Tensor mask) {
        untaped(() -> {
            Tensor[] vw = samplewise(values, sampleWeight, mask, true);
            total += Ops.sum(vw[0]).item();
            Tensor v = vw[0], w = vw[1];
            count += w != null ? Ops.sum(w).item() : v.rank() >= 1 ? v.dim(0) : 1;
        });
    }

    /**
     * Mean averages values, not {@code (yTrue, yPred)} pairs: use {@link #updateValues} or a
     * {@link MeanMetricWrapper}.
     */
    @Override public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        throw new UnsupportedOperationException(className() + " '" + name() + "' averages values: call updateValues(values, sampleWeight); "
                + "to average a function of (y_true, y_pred), use a MeanMetricWrapper");
    }

    @Override public double result() { return count == 0 ? 0.0 : total / count; }

    @Override public void resetState() {
        total = 0;
        count = 0;
    }

    /** The accumulated weighted sum. */
    public double total() { return total; }

    /** The accumulated weight (number of samples when unweighted). */
    public double count() { return count; }

    /**
     * Keras's {@code reduce_to_samplewise_values}: weights the values and reduces both to one entry
     * per sample (float64). Returns {values, weights-or-null}.
     */
    static Tensor[] samplewise(Tensor values0, Tensor sampleWeight, Tensor mask, boolean mean) {
        Tensor values = Ops.cast(values0, DType.FLOAT64);
        Tensor sw = null;
        if (sampleWeight != null) {
            sw = Ops.cast(sampleWeight, DType.FLOAT64);
            if (mask != null) sw = LossUtils.applyMask(sw, mask, DType.FLOAT64, Reduction.SUM);
            Tensor[] vs = LossUtils.squeezeOrExpandToSameRank(values, sw, true);
            values = vs[0];
            sw = vs[1];
            int wr = sw.rank(), vr = values.rank();
            if (vr > wr) values = reduce(values, wr, mean);
            try {
                sw = Ops.broadcastTo(sw, values.shape());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sample_weight of shape " + sampleWeight.shape() + " does not fit values of shape "
                        + values0.shape() + ": give one weight per sample, shape (" + (values0.rank() > 0 ? values0.dim(0) : 1) + ",)", e);
            }
            values = Ops.multiply(values, sw);
            if (wr > 1) sw = reduce(sw, 1, mean);
        }
        if (values.rank() > 1) values = reduce(values, 1, mean);
        return new Tensor[] {values, sw};
    }

    private static Tensor reduce(Tensor x, int fromAxis, boolean mean) {
        int[] axes = new int[x.rank() - fromAxis];
        for (int i = 0; i < axes.length; i++) axes[i] = fromAxis + i;
        return mean ? Ops.mean(x, axes, false) : Ops.sum(x, axes, false);
    }
}
