package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean log-cosh error over all samples (Keras's metric {@code LogCoshError}, default name {@code "logcosh"}).
 */
public class LogCoshError extends MeanMetricWrapper {
    public LogCoshError() { this("logcosh"); }

    /** @param name null for {@code "logcosh"} */
    public LogCoshError(String name) { super(name == null ? "logcosh" : name, new io.jkeras.losses.LogCosh(Reduction.NONE, null)); }
}
