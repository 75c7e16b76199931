package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean of {@code mean(|y_true - y_pred|, axis=-1)} over all samples (Keras's metric {@code MeanAbsoluteError}, {@code "mae"}).
 */
public class MeanAbsoluteError extends MeanMetricWrapper {
    public MeanAbsoluteError() { this("mean_absolute_error"); }

    /** @param name null for {@code "mean_absolute_error"} */
    public MeanAbsoluteError(String name) { super(name == null ? "mean_absolute_error" : name, new io.jkeras.losses.MeanAbsoluteError(Reduction.NONE, null)); }
}
