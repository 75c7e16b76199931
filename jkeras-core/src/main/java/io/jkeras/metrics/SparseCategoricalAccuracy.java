package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/**
 * How often the predicted class (the arg-max of {@code y_pred}) equals the integer label (Keras's
 * {@code SparseCategoricalAccuracy}). Labels are {@code (batch,)} or {@code (batch, 1)}, any dtype.
 *
 * <pre>{@code
 * Metric acc = new SparseCategoricalAccuracy();
 * acc.updateState(Tensor.of(new int[] {2, 1}, 2), Tensor.of(new float[][] {{0.1f, 0.6f, 0.3f}, {0.05f, 0.95f, 0f}}));  // 0.5
 * }</pre>
 */
public class SparseCategoricalAccuracy extends MeanMetricWrapper {
    public SparseCategoricalAccuracy() { this("sparse_categorical_accuracy"); }

    public SparseCategoricalAccuracy(String name) { super(name == null ? "sparse_categorical_accuracy" : name, Direction.UP); }

    /** 1 where {@code yTrue == argmax(yPred, -1)}, else 0, of the labels' shape without a trailing 1. */
    public static Tensor matches(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() == 0) throw new IllegalArgumentException("sparse_categorical_accuracy needs predictions of rank >= 1, got a scalar");
        DType dt = yPred.dtype().isFloating() ? yPred.dtype() : DType.FLOAT32;
        Tensor t = Ops.cast(yTrue, dt);
        Shape orig = t.shape();
        boolean reshape = false;
        if (t.rank() == yPred.rank() && t.dim(-1) == 1) {
            t = Ops.squeeze(t, -1);
            reshape = true;
        }
        Tensor p = Ops.cast(Ops.argmax(yPred, -1), dt);
        Tensor m = Ops.cast(Ops.equal(t, p), DType.FLOAT64);
        if (reshape) m = Ops.reshape(m, orig);
        if (m.rank() > 1 && m.dim(-1) == 1) m = Ops.squeeze(m, -1);
        return m;
    }

    @Override protected Loss.Values values(Tensor yTrue, Tensor yPred) { return new Loss.Values(matches(yTrue, yPred), null); }
}
