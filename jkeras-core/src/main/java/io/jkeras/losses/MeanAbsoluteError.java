package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Mean of the absolute errors over the last axis (Keras's {@code MeanAbsoluteError}, {@code "mae"}):
 * {@code mean(|y_true - y_pred|, axis=-1)}.
 */
public class MeanAbsoluteError extends LossFunctionWrapper {
    public MeanAbsoluteError() { this(Reduction.SUM_OVER_BATCH_SIZE, "mean_absolute_error"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "mean_absolute_error"}
     */
    public MeanAbsoluteError(Reduction reduction, String name) { super(name == null ? "mean_absolute_error" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        return Ops.mean(Ops.abs(Ops.subtract(yTrue, yPred)), -1);
    }
}
