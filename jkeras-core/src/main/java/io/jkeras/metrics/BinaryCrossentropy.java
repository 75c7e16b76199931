package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

import java.util.Map;

/**
 * The mean binary crossentropy over all samples (Keras's metric {@code BinaryCrossentropy}); see
 * {@link io.jkeras.losses.BinaryCrossentropy} for the formula.
 */
public class BinaryCrossentropy extends MeanMetricWrapper {
    private final boolean fromLogits;
    private final double labelSmoothing;

    public BinaryCrossentropy() { this("binary_crossentropy", false, 0.0); }

    /** @param name null for {@code "binary_crossentropy"} */
    public BinaryCrossentropy(String name, boolean fromLogits, double labelSmoothing) {
        super(name == null ? "binary_crossentropy" : name,
                new io.jkeras.losses.BinaryCrossentropy(fromLogits, labelSmoothing, -1, Reduction.NONE, null));
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        return c;
    }
}
