package io.jkeras.metrics;

import io.jkeras.losses.LossUtils;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Thresholded confusion-matrix counting shared by {@link Precision}, {@link Recall}, {@link AUC}
 * and the count metrics (Keras's {@code update_confusion_matrix_variables}), on plain arrays.
 *
 * <p>An entry is predicted positive at threshold {@code t} when {@code y_pred > t} (compared in
 * float32, as Keras does); its label is positive when non-zero. Sample weights broadcast against
 * {@code y_pred}. With evenly spaced thresholds Keras's bucket algorithm is used (predictions are
 * clipped to [0, 1] there), with the same results as Keras's.
 */
final class ConfusionMatrixUtils {
    /** Keras's {@code NEG_INF}: the threshold used with {@code top_k}, and the value of filtered-out entries. */
    static final double NEG_INF = -1e10;

    private ConfusionMatrixUtils() {}

    /** Accumulators to update (any may be null). */
    record Counts(double[] tp, double[] fp, double[] tn, double[] fn) {}

    static void checkThresholds(double[] thresholds, String metric) {
        List<Double> bad = new ArrayList<>();
        for (double t : thresholds) if (!(t >= 0 && t <= 1)) bad.add(t);
        if (!bad.isEmpty()) throw new IllegalArgumentException(metric + ": threshold values must be in [0, 1]. Received: " + bad);
    }

    /** Keras's {@code is_evenly_distributed_thresholds}: at least 3 thresholds, close to {@code i / (n - 1)}. */
    static boolean evenlyDistributed(double[] thresholds) {
        int n = thresholds.length;
        if (n < 3) return false;
        for (int i = 0; i < n; i++) {
            double even = (float) i / (float) (n - 1);
            if (Math.abs(thresholds[i] - even) > LossUtils.EPSILON + 1e-5 * Math.abs(even)) return false;
        }
        return true;
    }

    static void update(Counts counts, Tensor yTrue, Tensor yPred, Tensor sampleWeight, double[] thresholds,
                       Integer topK, Integer classId, boolean evenly) {
        Tensor t = Ops.cast(yTrue, DType.FLOAT32);
        Tensor p = Ops.cast(yPred, DType.FLOAT32);
        Tensor[] pt = LossUtils.squeezeOrExpandToSameRank(p, t, true);
        p = pt[0];
        t = pt[1];
        Tensor sw = null;
        if (sampleWeight != null) {
            sw = Ops.expandDims(Ops.cast(sampleWeight, DType.FLOAT32), -1);
            sw = LossUtils.squeezeOrExpandToSameRank(t, sw, false)[1];
        }
        if (topK != null) p = filterTopK(p, topK);
        if (classId != null) {
            if (p.rank() < 2) throw new IllegalArgumentException("When class_id is provided, y_pred must be a 2D array with shape "
                    + "(num_samples, num_classes), found shape: " + p.shape());
            int c = classId;
            if (c < 0 || c >= p.dim(-1)) throw new IllegalArgumentException("class_id " + c + " is out of range for predictions of shape "
                    + p.shape() + " (" + p.dim(-1) + " classes)");
            t = Ops.sliceAxis(t, -1, c, c + 1);
            p = Ops.sliceAxis(p, -1, c, c + 1);
        }
        if (t.size() != p.size()) throw new IllegalArgumentException("y_true of shape " + yTrue.shape() + " and y_pred of shape "
                + yPred.shape() + " must have the same number of entries for a thresholded metric (precision, recall, AUC)");
        float[] pv = p.toFloatArray();
        float[] tv = t.toFloatArray();
        int n = pv.length;
        double[] w = null;
        if (sw != null) {
            try {
                w = Ops.broadcastTo(Ops.cast(sw, DType.FLOAT64), p.shape()).toDoubleArray();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sample_weight of shape " + sampleWeight.shape() + " cannot be broadcast to y_pred of shape "
                        + p.shape() + ": give one weight per sample", e);
            }
        }
        if (evenly) updateBuckets(counts, tv, pv, w, thresholds);
        else updateDirect(counts, tv, pv, w, thresholds);
    }

    private static void updateDirect(Counts c, float[] tv, float[] pv, double[] w, double[] thresholds) {
        for (int i = 0; i < thresholds.length; i++) {
            float th = (float) thresholds[i];
            double tp = 0, fp = 0, tn = 0, fn = 0;
            for (int j = 0; j < pv.length; j++) {
                double wj = w == null ? 1 : w[j];
                boolean label = tv[j] != 0;
                boolean pred = pv[j] > th;
                if (label) { if (pred) tp += wj; else fn += wj; }
                else { if (pred) fp += wj; else tn += wj; }
            }
            add(c.tp(), i, tp);
            add(c.fp(), i, fp);
            add(c.tn(), i, tn);
            add(c.fn(), i, fn);
        }
    }

    /** Keras's bucket algorithm for thresholds {@code i / (n - 1)}: O(entries + thresholds). */
    private static void updateBuckets(Counts c, float[] tv, float[] pv, double[] w, double[] thresholds) {
        int nt = thresholds.length;
        boolean withEpsilon = thresholds[0] < 0 || thresholds[nt - 1] > 1;
        double[] tpb = new double[nt], fpb = new double[nt];
        double totalTrue = 0, totalFalse = 0;
        float scale = (float) (nt - 1);
        for (int j = 0; j < pv.length; j++) {
            double wj = w == null ? 1 : w[j];
            boolean label = tv[j] != 0;
            if (label) totalTrue += wj; else totalFalse += wj;
            float pc = Math.min(Math.max(pv[j], 0f), 1f);
            int b = (int) (Math.ceil(pc * scale) - 1);
            if (withEpsilon) b = Math.max(b, 0);
            if (b < 0 || b >= nt) continue;
            if (label) tpb[b] += wj; else fpb[b] += wj;
        }
        double tp = 0, fp = 0;
        for (int i = nt - 1; i >= 0; i--) {
            tp += tpb[i];
            fp += fpb[i];
            add(c.tp(), i, tp);
            add(c.fp(), i, fp);
            add(c.tn(), i, totalFalse - fp);
            add(c.fn(), i, totalTrue - tp);
        }
    }

    private static void add(double[] acc, int i, double v) { if (acc != null) acc[i] += v; }

    /** Keeps the {@code k} largest entries of each last-axis row (ties: lower index first), the others become {@link #NEG_INF}. */
    static Tensor filterTopK(Tensor x, int k) {
        if (k < 1) throw new IllegalArgumentException("top_k must be >= 1, got " + k);
        int cols = x.rank() == 0 ? 1 : x.dim(-1);
        float[] v = x.toFloatArray();
        float[] out = new float[v.length];
        java.util.Arrays.fill(out, (float) NEG_INF);
        int rows = cols == 0 ? 0 : v.length / cols;
        Integer[] idx = new Integer[cols];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) idx[j] = j;
            java.util.Arrays.sort(idx, (a, b) -> {
                int cmp = Float.compare(v[base + b], v[base + a]);
                return cmp != 0 ? cmp : Integer.compare(a, b);
            });
            for (int j = 0; j < Math.min(k, cols); j++) out[base + idx[j]] = v[base + idx[j]];
        }
        return Tensor.wrap(out, x.shape());
    }

    /** {@code a / b}, or 0 where {@code b == 0} (Keras's {@code divide_no_nan}). */
    static double divideNoNan(double a, double b) { return b == 0 ? 0 : a / b; }
}
