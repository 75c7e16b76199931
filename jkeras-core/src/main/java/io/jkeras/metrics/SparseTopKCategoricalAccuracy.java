package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * How often the integer label is among the {@code k} largest predictions (Keras's
 * {@code SparseTopKCategoricalAccuracy}, default {@code k = 5}). A class tied with the k-th largest
 * counts as in the top k; a NaN prediction for the label never does.
 */
public class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
    private final int k;

    public SparseTopKCategoricalAccuracy() { this(5); }

    public SparseTopKCategoricalAccuracy(int k) { this(k, "sparse_top_k_categorical_accuracy"); }

    public SparseTopKCategoricalAccuracy(int k, String name) {
        super(name == null ? "sparse_top_k_categorical_accuracy" : name, Direction.UP);
        if (k < 1) throw new IllegalArgumentException("SparseTopKCategoricalAccuracy: k must be >= 1, got " + k);
        this.k = k;
    }

    public int k() { return k; }

    /** 1 where the label (truncated to an int) is in the top {@code k} of its row, of the labels' shape. */
    public static Tensor matches(Tensor yTrue, Tensor yPred, int k) { return inTopK(yTrue, yPred, k); }

    /**
     * Keras's {@code in_top_k} with its reshaping: predictions of rank > 2 are flattened to
     * {@code (-1, classes)}, the labels to {@code (-1,)}; the result has the labels' shape.
     */
    static Tensor inTopK(Tensor labels, Tensor yPred, int k) {
        if (yPred.rank() == 0) throw new IllegalArgumentException("top-k accuracy needs predictions of rank >= 1, got a scalar");
        int classes = yPred.dim(-1);
        int rows = classes == 0 ? 0 : yPred.size() / classes;
        int[] t = labels.toIntArray();
        if (t.length != rows) throw new IllegalArgumentException("top-k accuracy: " + t.length + " labels (shape " + labels.shape()
                + ") for " + rows + " rows of predictions (shape " + yPred.shape() + "); give one class index per row");
        double[] p = yPred.toDoubleArray();
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            int c = t[r];
            double v = c >= 0 && c < classes ? p[r * classes + c] : Double.NaN;
            if (Double.isNaN(v)) v = Double.NEGATIVE_INFINITY;
            int rank = 1;
            for (int j = 0; j < classes; j++) if (p[r * classes + j] > v) rank++;
            out[r] = rank <= k ? 1 : 0;
        }
        Shape s = labels.shape();
        return Tensor.wrap(out, s.rank() == 0 ? Shape.of(1) : s);
    }

    @Override protected Loss.Values values(Tensor yTrue, Tensor yPred) { return new Loss.Values(matches(yTrue, yPred, k), null); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("k", k);
        return c;
    }
}
