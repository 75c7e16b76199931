package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Mean of the squared errors over the last axis (Keras's {@code MeanSquaredError}, {@code "mse"}):
 * {@code mean((y_true - y_pred)^2, axis=-1)}.
 *
 * <pre>{@code
 * Tensor l = new MeanSquaredError().apply(yTrue, yPred);
 * }</pre>
 */
public class MeanSquaredError extends LossFunctionWrapper {
    public MeanSquaredError() { this(Reduction.SUM_OVER_BATCH_SIZE, "mean_squared_error"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "mean_squared_error"}
     */
    public MeanSquaredError(Reduction reduction, String name) { super(name == null ? "mean_squared_error" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        return Ops.mean(Ops.square(Ops.subtract(yTrue, yPred)), -1);
    }
}
