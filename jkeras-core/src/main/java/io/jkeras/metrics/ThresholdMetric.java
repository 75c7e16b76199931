package io.jkeras.metrics;

import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The common part of the metrics that count thresholded predictions ({@link Precision},
 * {@link Recall}, {@link TruePositives}, …): thresholds, {@code top_k}, {@code class_id}, and one
 * accumulator per threshold.
 */
public abstract class ThresholdMetric extends Metric {
    private final Object initThresholds;
    private final double[] thresholds;
    private final Integer topK;
    private final Integer classId;
    private final boolean evenly;
    protected final double[] tp, fp, tn, fn;

    /**
     * @param thresholds null for the default (0.5, or {@code -1e10} with {@code topK}), else values in [0, 1]
     * @param defaultThreshold the threshold when {@code thresholds} is null and there is no {@code topK}
     * @param which which of tp, fp, tn, fn this metric needs
     */
    protected ThresholdMetric(String name, double[] thresholds, Integer topK, Integer classId, double defaultThreshold, boolean[] which) {
        super(name);
        if (thresholds != null) ConfusionMatrixUtils.checkThresholds(thresholds, className());
        if (thresholds != null && thresholds.length == 0) throw new IllegalArgumentException(className() + ": thresholds must not be empty");
        if (topK != null && topK < 1) throw new IllegalArgumentException(className() + ": top_k must be >= 1, got " + topK);
        this.initThresholds = thresholds == null ? null : thresholds.length == 1 ? (Object) thresholds[0] : toList(thresholds);
        this.thresholds = thresholds != null ? thresholds.clone()
                : new double[] {topK == null ? defaultThreshold : ConfusionMatrixUtils.NEG_INF};
        this.topK = topK;
        this.classId = classId;
        this.evenly = ConfusionMatrixUtils.evenlyDistributed(this.thresholds);
        int n = this.thresholds.length;
        tp = which[0] ? new double[n] : null;
        fp = which[1] ? new double[n] : null;
        tn = which[2] ? new double[n] : null;
        fn = which[3] ? new double[n] : null;
    }

    private static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>();
        for (double d : a) l.add(d);
        return l;
    }

    @Override public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        untaped(() -> ConfusionMatrixUtils.update(new ConfusionMatrixUtils.Counts(tp, fp, tn, fn), yTrue, yPred, sampleWeight,
                thresholds, topK, classId, evenly));
    }

    /** The value at each threshold. */
    public abstract double[] results();

    /**
     * The value at the single threshold.
     *
     * @throws IllegalStateException when there are several thresholds (use {@link #results()})
     */
    @Override public double result() {
        if (thresholds.length != 1) throw new IllegalStateException(className() + " '" + name() + "' has " + thresholds.length
                + " thresholds; read them all with results()");
        return results()[0];
    }

    @Override public void resetState() {
        for (double[] a : new double[][] {tp, fp, tn, fn}) if (a != null) Arrays.fill(a, 0);
    }

    /** The thresholds in use (a copy). */
    public double[] thresholds() { return thresholds.clone(); }

    @Override public Optional<Direction> direction() { return Optional.of(Direction.UP); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("thresholds", initThresholds);
        c.put("top_k", topK);
        c.put("class_id", classId);
        return c;
    }

    static double[] ratio(double[] num, double[] a, double[] b) {
        double[] r = new double[num.length];
        for (int i = 0; i < r.length; i++) r[i] = ConfusionMatrixUtils.divideNoNan(num[i], a[i] + b[i]);
        return r;
    }
}
