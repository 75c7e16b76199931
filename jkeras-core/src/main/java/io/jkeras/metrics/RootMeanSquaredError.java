package io.jkeras.metrics;

import io.jkeras.losses.LossUtils;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

import java.util.Optional;

/**
 * The square root of the weighted mean of the squared errors (Keras's {@code RootMeanSquaredError}).
 * Each sample's value is the mean of its squared errors over its non-batch axes.
 */
public class RootMeanSquaredError extends Mean {
    public RootMeanSquaredError() { this("root_mean_squared_error"); }

    /** @param name null for {@code "root_mean_squared_error"} */
    public RootMeanSquaredError(String name) { super(name == null ? "root_mean_squared_error" : name); }

    @Override public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        untaped(() -> {
            Tensor[] tp = LossUtils.squeezeOrExpandToSameRank(Ops.cast(yTrue, DType.FLOAT64), Ops.cast(yPred, DType.FLOAT64), true);
            updateValues(Ops.square(Ops.subtract(tp[1], tp[0])), sampleWeight);
        });
    }

    @Override public double result() { return Math.sqrt(super.result()); }

    @Override public Optional<Direction> direction() { return Optional.of(Direction.DOWN); }
}
