package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Mean squared logarithmic error (Keras's {@code MeanSquaredLogarithmicError}, {@code "msle"}):
 * {@code mean((log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1))^2, axis=-1)}.
 */
public class MeanSquaredLogarithmicError extends LossFunctionWrapper {
    public MeanSquaredLogarithmicError() { this(Reduction.SUM_OVER_BATCH_SIZE, "mean_squared_logarithmic_error"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "mean_squared_logarithmic_error"}
     */
    public MeanSquaredLogarithmicError(Reduction reduction, String name) { super(name == null ? "mean_squared_logarithmic_error" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        Tensor a = Ops.log(Ops.add(Ops.maximum(yPred, LossUtils.EPSILON), 1.0));
        Tensor b = Ops.log(Ops.add(Ops.maximum(yTrue, LossUtils.EPSILON), 1.0));
        return Ops.mean(Ops.square(Ops.subtract(a, b)), -1);
    }
}
