package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.losses.LossUtils;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;


/**
 * How often predictions equal labels exactly (Keras's {@code Accuracy}). For class predictions
 * use {@link CategoricalAccuracy}, {@link SparseCategoricalAccuracy} or {@link BinaryAccuracy}
 * (what {@code "accuracy"} resolves to in {@code compile}, see {@link Metrics#resolve}).
 */
public class Accuracy extends MeanMetricWrapper {
    public Accuracy() { this("accuracy"); }

    public Accuracy(String name) { super(name == null ? "accuracy" : name, Direction.UP); }

    /** 1 where {@code yTrue == yPred} (after aligning their ranks), else 0. */
    public static Tensor matches(Tensor yTrue, Tensor yPred) {
        Tensor p = yPred;
        Tensor[] tp = LossUtils.squeezeOrExpandToSameRank(Ops.cast(yTrue, p.dtype()), p, true);
        return Ops.cast(Ops.equal(tp[0], tp[1]), DType.FLOAT64);
    }

    @Override protected Loss.Values values(Tensor yTrue, Tensor yPred) { return new Loss.Values(matches(yTrue, yPred), null); }
}
