package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean squared logarithmic error over all samples (Keras's metric {@code MeanSquaredLogarithmicError}, {@code "msle"}).
 */
public class MeanSquaredLogarithmicError extends MeanMetricWrapper {
    public MeanSquaredLogarithmicError() { this("mean_squared_logarithmic_error"); }

    /** @param name null for {@code "mean_squared_logarithmic_error"} */
    public MeanSquaredLogarithmicError(String name) { super(name == null ? "mean_squared_logarithmic_error" : name, new io.jkeras.losses.MeanSquaredLogarithmicError(Reduction.NONE, null)); }
}
