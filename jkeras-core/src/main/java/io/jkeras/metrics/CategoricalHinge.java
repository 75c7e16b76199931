package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean categorical hinge loss over all samples (Keras's metric {@code CategoricalHinge}).
 */
public class CategoricalHinge extends MeanMetricWrapper {
    public CategoricalHinge() { this("categorical_hinge"); }

    /** @param name null for {@code "categorical_hinge"} */
    public CategoricalHinge(String name) { super(name == null ? "categorical_hinge" : name, new io.jkeras.losses.CategoricalHinge(Reduction.NONE, null)); }
}
