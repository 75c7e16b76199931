package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

/**
 * The mean Kullback-Leibler divergence over all samples (Keras's metric {@code KLDivergence}).
 */
public class KLDivergence extends MeanMetricWrapper {
    public KLDivergence() { this("kl_divergence"); }

    /** @param name null for {@code "kl_divergence"} */
    public KLDivergence(String name) { super(name == null ? "kl_divergence" : name, new io.jkeras.losses.KLDivergence(Reduction.NONE, null)); }
}
