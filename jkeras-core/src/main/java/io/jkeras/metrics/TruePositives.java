package io.jkeras.metrics;

import java.util.Map;
import java.util.Optional;

/**
 * The weighted count of true positives at each threshold (Keras's {@code TruePositives}, default
 * threshold 0.5).
 */
public class TruePositives extends ThresholdMetric {
    public TruePositives() { this(null, null); }

    /** @param thresholds null for 0.5; @param name null for a unique default name */
    public TruePositives(double[] thresholds, String name) { super(name, thresholds, null, null, 0.5, new boolean[] {true, false, false, false}); }

    @Override public double[] results() { return tp.clone(); }

    @Override public Optional<Direction> direction() { return Optional.empty(); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("top_k");
        c.remove("class_id");
        return c;
    }
}
