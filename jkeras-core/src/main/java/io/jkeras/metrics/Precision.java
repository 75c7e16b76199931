package io.jkeras.metrics;

/**
 * The fraction of predicted positives that are positive, {@code tp / (tp + fp)} (Keras's
 * {@code Precision}). A prediction is positive when it is above the threshold (default 0.5); with
 * {@code topK} only the k largest predictions of each row count as positive; with {@code classId}
 * only that class (column) is considered. Labels are positive when non-zero. 0 when nothing was
 * predicted positive.
 *
 * <pre>{@code
 * Metric p = new Precision();
 * p.updateState(Tensor.of(0f, 1f, 1f, 1f), Tensor.of(1f, 0f, 1f, 1f));   // 2/3
 * Precision top = new Precision(null, 1, 2, "precision_top1_class2");
 * }</pre>
 */
public class Precision extends ThresholdMetric {
    public Precision() { this(null, null, null, null); }

    public Precision(double threshold) { this(new double[] {threshold}, null, null, null); }

    /**
     * @param thresholds null for 0.5 (or every top-k prediction with {@code topK}); several give {@link #results()}
     * @param topK       null, or how many of each row's largest predictions count
     * @param classId    null, or the one class to score
     * @param name       null for a unique default name ({@code precision}, {@code precision_1}, …)
     */
    public Precision(double[] thresholds, Integer topK, Integer classId, String name) {
        super(name, thresholds, topK, classId, 0.5, new boolean[] {true, true, false, false});
    }

    @Override public double[] results() { return ratio(tp, tp, fp); }
}
