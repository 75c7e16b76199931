package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.losses.LossUtils;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * How often a thresholded prediction ({@code y_pred > threshold}, 1 else 0) equals its 0/1 label
 * (Keras's {@code BinaryAccuracy}, default threshold 0.5). Labels {@code (batch,)} against
 * predictions {@code (batch, 1)} are accepted.
 *
 * <pre>{@code
 * Metric acc = new BinaryAccuracy();
 * acc.updateState(Tensor.of(1f, 1f, 0f, 0f), Tensor.of(0.98f, 1f, 0f, 0.6f));   // 0.75
 * }</pre>
 */
public class BinaryAccuracy extends MeanMetricWrapper {
    private final double threshold;

    public BinaryAccuracy() { this("binary_accuracy", 0.5); }

    public BinaryAccuracy(double threshold) { this("binary_accuracy", threshold); }

    /** @param name null for {@code "binary_accuracy"} */
    public BinaryAccuracy(String name, double threshold) {
        super(name == null ? "binary_accuracy" : name, Direction.UP);
        this.threshold = threshold;
    }

    public double threshold() { return threshold; }

    /** 1 where {@code (yPred > threshold) == yTrue}, else 0, with the ranks aligned. */
    public static Tensor matches(Tensor yTrue, Tensor yPred, double threshold) {
        Tensor[] tp = LossUtils.squeezeOrExpandToSameRank(yTrue, yPred, true);
        Tensor t = tp[0], p = tp[1];
        Tensor pred = Ops.cast(Ops.greater(p, Ops.scalar(threshold, p.dtype())), t.dtype());
        return Ops.cast(Ops.equal(t, pred), DType.FLOAT64);
    }

    @Override protected Loss.Values values(Tensor yTrue, Tensor yPred) { return new Loss.Values(matches(yTrue, yPred, threshold), null); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("threshold", threshold);
        return c;
    }
}
