package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/**
 * How often the predicted class (the arg-max of {@code y_pred}) is the arg-max of the one-hot
 * labels (Keras's {@code CategoricalAccuracy}). Ties go to the first index.
 *
 * <pre>{@code
 * Metric acc = new CategoricalAccuracy();
 * acc.updateState(oneHotLabels, probabilities);
 * }</pre>
 */
public class CategoricalAccuracy extends MeanMetricWrapper {
    public CategoricalAccuracy() { this("categorical_accuracy"); }

    public CategoricalAccuracy(String name) { super(name == null ? "categorical_accuracy" : name, Direction.UP); }

    /** 1 where {@code argmax(yTrue, -1) == argmax(yPred, -1)}, else 0. */
    public static Tensor matches(Tensor yTrue, Tensor yPred) {
        if (yTrue.rank() == 0 || yPred.rank() == 0) throw new IllegalArgumentException(
                "categorical_accuracy needs labels and predictions of rank >= 1, got shapes " + yTrue.shape() + " and " + yPred.shape());
        Tensor t = Ops.argmax(yTrue, -1);
        Shape orig = t.shape();
        boolean reshape = false;
        if (t.rank() == yPred.rank()) {
            t = Ops.squeeze(t, -1);
            reshape = true;
        }
        Tensor p = Ops.argmax(yPred, -1);
        Tensor m = Ops.cast(Ops.equal(t, p), DType.FLOAT64);
        return reshape ? Ops.reshape(m, orig) : m;
    }

    @Override protected Loss.Values values(Tensor yTrue, Tensor yPred) { return new Loss.Values(matches(yTrue, yPred), null); }
}
