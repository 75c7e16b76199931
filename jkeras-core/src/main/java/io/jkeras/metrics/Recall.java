package io.jkeras.metrics;

/**
 * The fraction of positives that are predicted positive, {@code tp / (tp + fn)} (Keras's
 * {@code Recall}); thresholds, {@code topK} and {@code classId} as in {@link Precision}. 0 when there
 * were no positives.
 */
public class Recall extends ThresholdMetric {
    public Recall() { this(null, null, null, null); }

    public Recall(double threshold) { this(new double[] {threshold}, null, null, null); }

    /** See {@link Precision#Precision(double[], Integer, Integer, String)}. */
    public Recall(double[] thresholds, Integer topK, Integer classId, String name) {
        super(name, thresholds, topK, classId, 0.5, new boolean[] {true, false, false, true});
    }

    @Override public double[] results() { return ratio(tp, tp, fn); }
}
