package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean Poisson loss over all samples (Keras's metric {@code Poisson}).
 */
public class Poisson extends MeanMetricWrapper {
    public Poisson() { this("poisson"); }

    /** @param name null for {@code "poisson"} */
    public Poisson(String name) { super(name == null ? "poisson" : name, new io.jkeras.losses.Poisson(Reduction.NONE, null)); }
}
