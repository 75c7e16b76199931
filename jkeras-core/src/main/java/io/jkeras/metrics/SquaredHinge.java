package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean squared hinge loss over all samples (Keras's metric {@code SquaredHinge}).
 */
public class SquaredHinge extends MeanMetricWrapper {
    public SquaredHinge() { this("squared_hinge"); }

    /** @param name null for {@code "squared_hinge"} */
    public SquaredHinge(String name) { super(name == null ? "squared_hinge" : name, new io.jkeras.losses.SquaredHinge(Reduction.NONE, null)); }
}
