package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

import java.util.Map;

/**
 * The mean categorical crossentropy over all samples (Keras's metric
 * {@code CategoricalCrossentropy}); see {@link io.jkeras.losses.CategoricalCrossentropy}.
 */
public class CategoricalCrossentropy extends MeanMetricWrapper {
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;

    public CategoricalCrossentropy() { this("categorical_crossentropy", false, 0.0, -1); }

    /** @param name null for {@code "categorical_crossentropy"} */
    public CategoricalCrossentropy(String name, boolean fromLogits, double labelSmoothing, int axis) {
        super(name == null ? "categorical_crossentropy" : name,
                new io.jkeras.losses.CategoricalCrossentropy(fromLogits, labelSmoothing, axis, Reduction.NONE, null));
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
        this.axis = axis;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", axis);
        return c;
    }
}
