package io.jkeras.metrics;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * The weighted sum of the values given so far (Keras's {@code keras.metrics.Sum}).
 *
 * <pre>{@code
 * Sum s = new Sum();
 * s.updateValues(Tensor.of(1f, 3f, 5f, 7f));   // 16
 * }</pre>
 */
public class Sum extends Metric {
    private double total;

    public Sum() { this("sum"); }

    public Sum(String name) { super(name); }

    public void updateValues(Tensor values) { updateValues(values, null); }

    /** Adds the sum of {@code values * sampleWeight}. */
    public void updateValues(Tensor values, Tensor sampleWeight) {
        untaped(() -> { total += Ops.sum(Mean.samplewise(values, sampleWeight, null, false)[0]).item(); });
    }

    public void updateValues(double value) { total += value; }

    /** Sum sums values, not {@code (yTrue, yPred)} pairs: use {@link #updateValues}. */
    @Override public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        throw new UnsupportedOperationException(className() + " '" + name() + "' sums values: call updateValues(values, sampleWeight)");
    }

    @Override public double result() { return total; }

    @Override public void resetState() { total = 0; }
}
