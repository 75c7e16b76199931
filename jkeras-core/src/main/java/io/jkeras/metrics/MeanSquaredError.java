package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean of {@code mean((y_true - y_pred)^2, axis=-1)} over all samples (Keras's metric {@code MeanSquaredError}, {@code "mse"}).
 */
public class MeanSquaredError extends MeanMetricWrapper {
    public MeanSquaredError() { this("mean_squared_error"); }

    /** @param name null for {@code "mean_squared_error"} */
    public MeanSquaredError(String name) { super(name == null ? "mean_squared_error" : name, new io.jkeras.losses.MeanSquaredError(Reduction.NONE, null)); }
}
