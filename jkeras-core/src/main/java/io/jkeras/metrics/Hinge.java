package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean hinge loss over all samples (Keras's metric {@code Hinge}).
 */
public class Hinge extends MeanMetricWrapper {
    public Hinge() { this("hinge"); }

    /** @param name null for {@code "hinge"} */
    public Hinge(String name) { super(name == null ? "hinge" : name, new io.jkeras.losses.Hinge(Reduction.NONE, null)); }
}
