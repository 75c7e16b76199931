package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Poisson loss (Keras's {@code Poisson}): {@code mean(y_pred - y_true * log(y_pred + 1e-7), axis=-1)}.
 */
public class Poisson extends LossFunctionWrapper {
    public Poisson() { this(Reduction.SUM_OVER_BATCH_SIZE, "poisson"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "poisson"}
     */
    public Poisson(Reduction reduction, String name) { super(name == null ? "poisson" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        return Ops.mean(Ops.subtract(yPred, Ops.multiply(yTrue, Ops.log(Ops.add(yPred, LossUtils.EPSILON)))), -1);
    }
}
