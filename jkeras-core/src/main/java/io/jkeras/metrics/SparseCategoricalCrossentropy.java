package io.jkeras.metrics;

import io.jkeras.losses.Reduction;

import java.util.Map;

/**
 * The mean sparse categorical crossentropy over all samples (Keras's metric
 * {@code SparseCategoricalCrossentropy}); see {@link io.jkeras.losses.SparseCategoricalCrossentropy}.
 * As in Keras, entries of {@code ignoreClass} count as 0 in the mean unless sample weights are given
 * (then they are left out).
 */
public class SparseCategoricalCrossentropy extends MeanMetricWrapper {
    private final boolean fromLogits;
    private final Integer ignoreClass;
    private final int axis;

    public SparseCategoricalCrossentropy() { this("sparse_categorical_crossentropy", false, null, -1); }

    /** @param name null for {@code "sparse_categorical_crossentropy"} */
    public SparseCategoricalCrossentropy(String name, boolean fromLogits, Integer ignoreClass, int axis) {
        super(name == null ? "sparse_categorical_crossentropy" : name,
                new io.jkeras.losses.SparseCategoricalCrossentropy(fromLogits, ignoreClass, Reduction.NONE, axis, null));
        this.fromLogits = fromLogits;
        this.ignoreClass = ignoreClass;
        this.axis = axis;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("ignore_class", ignoreClass);
        c.put("axis", axis);
        return c;
    }
}
