package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * How often the one-hot label's class is among the {@code k} largest predictions (Keras's
 * {@code TopKCategoricalAccuracy}, default {@code k = 5}). A class tied with the k-th largest
 * counts as in the top k.
 */
public class TopKCategoricalAccuracy extends MeanMetricWrapper {
    private final int k;

    public TopKCategoricalAccuracy() { this(5); }

    public TopKCategoricalAccuracy(int k) { this(k, "top_k_categorical_accuracy"); }

    public TopKCategoricalAccuracy(int k, String name) {
        super(name == null ? "top_k_categorical_accuracy" : name, Direction.UP);
        if (k < 1) throw new IllegalArgumentException("TopKCategoricalAccuracy: k must be >= 1, got " + k);
        this.k = k;
    }

    public int k() { return k; }

    public static Tensor matches(Tensor yTrue, Tensor yPred, int k) {
        if (yTrue.rank() == 0 || yPred.rank() == 0) throw new IllegalArgumentException(
                "top_k_categorical_accuracy needs labels and predictions of rank >= 1, got shapes " + yTrue.shape() + " and " + yPred.shape());
        return SparseTopKCategoricalAccuracy.inTopK(Ops.argmax(yTrue, -1), yPred, k);
    }

    @Override protected Loss.Values values(Tensor yTrue, Tensor yPred) { return new Loss.Values(matches(yTrue, yPred, k), null); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("k", k);
        return c;
    }
}
