package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Squared hinge loss (Keras's {@code SquaredHinge}): {@code mean(max(1 - y_true * y_pred, 0)^2, axis=-1)}.
 * Labels {0, 1} are mapped to {-1, 1} as in {@link Hinge}.
 */
public class SquaredHinge extends LossFunctionWrapper {
    public SquaredHinge() { this(Reduction.SUM_OVER_BATCH_SIZE, "squared_hinge"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "squared_hinge"}
     */
    public SquaredHinge(Reduction reduction, String name) { super(name == null ? "squared_hinge" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        Tensor t = Hinge.toHingeLabels(yTrue);
        return Ops.mean(Ops.square(Ops.maximum(Ops.subtract(1.0, Ops.multiply(t, yPred)), 0.0)), -1);
    }
}
