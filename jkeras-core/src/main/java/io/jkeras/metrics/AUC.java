package io.jkeras.metrics;

import io.jkeras.losses.LossUtils;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The area under the ROC or precision-recall curve, approximated with a Riemann sum over
 * {@code numThresholds} evenly spaced thresholds (Keras's {@code AUC}, default 200 thresholds, ROC,
 * {@code "interpolation"}).
 *
 * <p>Thresholds are {@code -1e-7, 1/(n-1), …, (n-2)/(n-1), 1 + 1e-7}; at each the true/false
 * positives and negatives are counted (weighted). ROC with interpolation uses the trapezoidal rule;
 * PR with interpolation uses Davis and Goadrich's interpolation of precision; {@code "minoring"} and
 * {@code "majoring"} take the lower or upper rectangle. Predictions are expected in [0, 1] (use
 * {@code fromLogits} for logits); labels are positive when non-zero.
 *
 * <pre>{@code
 * AUC auc = new AUC();
 * auc.updateState(Tensor.of(0f, 0f, 1f, 1f), Tensor.of(0f, 0.5f, 0.3f, 0.9f));
 * auc.result();   // 0.75 (the exact ROC AUC), up to the threshold grid
 * }</pre>
 *
 * Multi-label mode and label weights are not supported yet.
 */
public class AUC extends Metric {
    /** The curve whose area is computed. */
    public enum Curve {
        ROC, PR, PRGAIN;

        /** Parses {@code "ROC"}, {@code "PR"} or {@code "PRGAIN"} (any case). */
        public static Curve fromName(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("Invalid `curve` argument value '" + s + "'. Expected one of: " + Arrays.toString(values()));
            }
        }
    }

    /** How each interval's height is chosen. */
    public enum SummationMethod {
        INTERPOLATION, MINORING, MAJORING;

        public String kerasName() { return name().toLowerCase(Locale.ROOT); }

        /** Parses {@code "interpolation"}, {@code "minoring"} or {@code "majoring"} (any case). */
        public static SummationMethod fromName(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("Invalid `summation_method` argument value '" + s + "'. Expected one of: "
                        + Arrays.stream(values()).map(SummationMethod::kerasName).toList());
            }
        }
    }

    private final int numThresholds;
    private final Curve curve;
    private final SummationMethod summation;
    private final boolean fromLogits;
    private final double[] initThresholds;
    private final double[] thresholds;
    private final boolean evenly;
    private final double[] tp, fp, tn, fn;

    public AUC() { this(200); }

    public AUC(int numThresholds) { this(numThresholds, Curve.ROC, SummationMethod.INTERPOLATION); }

    public AUC(int numThresholds, Curve curve, SummationMethod summationMethod) {
        this(numThresholds, curve, summationMethod, null, null, false);
    }

    /** With Keras's string arguments, e.g. {@code new AUC(200, "PR", "interpolation")}. */
    public AUC(int numThresholds, String curve, String summationMethod) {
        this(numThresholds, Curve.fromName(curve), SummationMethod.fromName(summationMethod));
    }

    /**
     * @param numThresholds ignored when {@code thresholds} is given (then it is their number + 2)
     * @param name          null for a unique default name ({@code auc}, {@code auc_1}, …)
     * @param thresholds    null for evenly spaced thresholds, else inner thresholds in [0, 1]
     * @param fromLogits    apply a sigmoid to the predictions first
     */
    public AUC(int numThresholds, Curve curve, SummationMethod summationMethod, String name, double[] thresholds, boolean fromLogits) {
        super(name);
        this.curve = java.util.Objects.requireNonNull(curve, "curve");
        this.summation = java.util.Objects.requireNonNull(summationMethod, "summationMethod");
        this.fromLogits = fromLogits;
        double[] inner;
        if (thresholds != null) {
            ConfusionMatrixUtils.checkThresholds(thresholds, "AUC");
            inner = thresholds.clone();
            Arrays.sort(inner);
            this.initThresholds = inner.clone();
            this.numThresholds = inner.length + 2;
            double[] withEnds = new double[inner.length + 2];
            System.arraycopy(inner, 0, withEnds, 1, inner.length);
            withEnds[withEnds.length - 1] = 1.0;
            this.evenly = ConfusionMatrixUtils.evenlyDistributed(withEnds);
        } else {
            if (numThresholds <= 1) throw new IllegalArgumentException("AUC: argument `num_thresholds` must be an integer > 1. Received: "
                    + "num_thresholds=" + numThresholds);
            this.initThresholds = null;
            this.numThresholds = numThresholds;
            inner = new double[numThresholds - 2];
            for (int i = 0; i < inner.length; i++) inner[i] = (i + 1) * 1.0 / (numThresholds - 1);
            this.evenly = true;
        }
        this.thresholds = new double[this.numThresholds];
        this.thresholds[0] = 0.0 - LossUtils.EPSILON;
        System.arraycopy(inner, 0, this.thresholds, 1, inner.length);
        this.thresholds[this.numThresholds - 1] = 1.0 + LossUtils.EPSILON;
        tp = new double[this.numThresholds];
        fp = new double[this.numThresholds];
        tn = new double[this.numThresholds];
        fn = new double[this.numThresholds];
    }

    @Override public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        untaped(() -> {
            Tensor p = fromLogits ? Ops.sigmoid(yPred) : yPred;
            ConfusionMatrixUtils.update(new ConfusionMatrixUtils.Counts(tp, fp, tn, fn), yTrue, p, sampleWeight, thresholds, null, null, evenly);
        });
    }

    @Override public double result() {
        int n = numThresholds;
        if (curve == Curve.PR && summation == SummationMethod.INTERPOLATION) return interpolatePrAuc();
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            double recall = ConfusionMatrixUtils.divideNoNan(tp[i], tp[i] + fn[i]);
            switch (curve) {
                case ROC -> {
                    x[i] = ConfusionMatrixUtils.divideNoNan(fp[i], fp[i] + tn[i]);
                    y[i] = recall;
                }
                case PR -> {
                    x[i] = recall;
                    y[i] = ConfusionMatrixUtils.divideNoNan(tp[i], tp[i] + fp[i]);
                }
                case PRGAIN -> {
                    double scale = ConfusionMatrixUtils.divideNoNan(tp[i] + fn[i], tn[i] + fp[i]);
                    double rg = 1.0 - scale * ConfusionMatrixUtils.divideNoNan(fn[i], tp[i]);
                    double pg = 1.0 - scale * ConfusionMatrixUtils.divideNoNan(fp[i], tp[i]);
                    if (tp[i] == 0) { rg = 0; pg = 1; }
                    x[i] = Math.max(rg, 0);
                    y[i] = pg;
                }
            }
        }
        double area = 0;
        for (int i = 0; i < n - 1; i++) {
            double h = switch (summation) {
                case INTERPOLATION -> (y[i] + y[i + 1]) / 2.0;
                case MINORING -> Math.min(y[i], y[i + 1]);
                case MAJORING -> Math.max(y[i], y[i + 1]);
            };
            area += (x[i] - x[i + 1]) * h;
        }
        return area;
    }

    /** Davis and Goadrich's interpolation of the PR curve, in Keras's closed form. */
    private double interpolatePrAuc() {
        double area = 0;
        for (int i = 0; i < numThresholds - 1; i++) {
            double dtp = tp[i] - tp[i + 1];
            double pA = tp[i] + fp[i], pB = tp[i + 1] + fp[i + 1];
            double dp = pA - pB;
            double slope = ConfusionMatrixUtils.divideNoNan(dtp, Math.max(dp, 0));
            double intercept = tp[i + 1] - slope * pB;
            double ratio = pA > 0 && pB > 0 ? ConfusionMatrixUtils.divideNoNan(pA, Math.max(pB, 0)) : 1.0;
            area += ConfusionMatrixUtils.divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1] + fn[i + 1], 0));
        }
        return area;
    }

    @Override public void resetState() {
        Arrays.fill(tp, 0);
        Arrays.fill(fp, 0);
        Arrays.fill(tn, 0);
        Arrays.fill(fn, 0);
    }

    public int numThresholds() { return numThresholds; }

    /** All thresholds, the two end points included (a copy). */
    public double[] thresholds() { return thresholds.clone(); }

    public double[] truePositives() { return tp.clone(); }
    public double[] falsePositives() { return fp.clone(); }
    public double[] trueNegatives() { return tn.clone(); }
    public double[] falseNegatives() { return fn.clone(); }

    @Override public Optional<Direction> direction() { return Optional.of(Direction.UP); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("num_thresholds", numThresholds);
        c.put("curve", curve.name());
        c.put("summation_method", summation.kerasName());
        c.put("multi_label", false);
        c.put("num_labels", null);
        c.put("label_weights", null);
        c.put("from_logits", fromLogits);
        if (initThresholds != null) {
            List<Double> l = new ArrayList<>();
            for (double d : initThresholds) l.add(d);
            c.put("thresholds", l);
        }
        return c;
    }
}
