package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean absolute percentage error over all samples (Keras's metric {@code MeanAbsolutePercentageError}, {@code "mape"}).
 */
public class MeanAbsolutePercentageError extends MeanMetricWrapper {
    public MeanAbsolutePercentageError() { this("mean_absolute_percentage_error"); }

    /** @param name null for {@code "mean_absolute_percentage_error"} */
    public MeanAbsolutePercentageError(String name) { super(name == null ? "mean_absolute_percentage_error" : name, new io.jkeras.losses.MeanAbsolutePercentageError(Reduction.NONE, null)); }
}
