package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Categorical hinge loss (Keras's {@code CategoricalHinge}) for one-hot labels:
 * {@code max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)} over the last axis.
 */
public class CategoricalHinge extends LossFunctionWrapper {
    public CategoricalHinge() { this(Reduction.SUM_OVER_BATCH_SIZE, "categorical_hinge"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "categorical_hinge"}
     */
    public CategoricalHinge(Reduction reduction, String name) { super(name == null ? "categorical_hinge" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        Tensor pos = Ops.sum(Ops.multiply(yTrue, yPred), -1);
        Tensor neg = Ops.max(Ops.multiply(Ops.subtract(1.0, yTrue), yPred), new int[] {-1}, false);
        return Ops.maximum(Ops.add(Ops.subtract(neg, pos), 1.0), 0.0);
    }
}
