package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Mean absolute percentage error (Keras's {@code MeanAbsolutePercentageError}, {@code "mape"}):
 * {@code 100 * mean(|(y_true - y_pred) / max(|y_true|, 1e-7)|, axis=-1)}.
 */
public class MeanAbsolutePercentageError extends LossFunctionWrapper {
    public MeanAbsolutePercentageError() { this(Reduction.SUM_OVER_BATCH_SIZE, "mean_absolute_percentage_error"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "mean_absolute_percentage_error"}
     */
    public MeanAbsolutePercentageError(Reduction reduction, String name) { super(name == null ? "mean_absolute_percentage_error" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        Tensor diff = Ops.abs(Ops.divide(Ops.subtract(yTrue, yPred), Ops.maximum(Ops.abs(yTrue), LossUtils.EPSILON)));
        return Ops.multiply(Ops.mean(diff, -1), 100.0);
    }
}
