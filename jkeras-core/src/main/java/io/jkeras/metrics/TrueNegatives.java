package io.jkeras.metrics;

import java.util.Map;
import java.util.Optional;

/**
 * The weighted count of true negatives at each threshold (Keras's {@code TrueNegatives}, default
 * threshold 0.5).
 */
public class TrueNegatives extends ThresholdMetric {
    public TrueNegatives() { this(null, null); }

    /** @param thresholds null for 0.5; @param name null for a unique default name */
    public TrueNegatives(double[] thresholds, String name) { super(name, thresholds, null, null, 0.5, new boolean[] {false, false, true, false}); }

    @Override public double[] results() { return tn.clone(); }

    @Override public Optional<Direction> direction() { return Optional.empty(); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("top_k");
        c.remove("class_id");
        return c;
    }
}
