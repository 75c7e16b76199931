package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Hinge loss (Keras's {@code Hinge}): {@code mean(max(1 - y_true * y_pred, 0), axis=-1)}. Labels
 * are expected in {@code {-1, 1}}; when every label of the batch is 0 or 1 they are mapped to
 * {@code {-1, 1}} first.
 */
public class Hinge extends LossFunctionWrapper {
    public Hinge() { this(Reduction.SUM_OVER_BATCH_SIZE, "hinge"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "hinge"}
     */
    public Hinge(Reduction reduction, String name) { super(name == null ? "hinge" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        Tensor t = toHingeLabels(yTrue);
        return Ops.mean(Ops.maximum(Ops.subtract(1.0, Ops.multiply(t, yPred)), 0.0), -1);
    }

    /** Maps labels to {-1, 1} when every label is 0 or 1 (Keras's {@code convert_binary_labels_to_hinge}). */
    static Tensor toHingeLabels(Tensor yTrue) {
        for (double v : yTrue.toDoubleArray()) if (v != 0 && v != 1) return yTrue;
        return Ops.subtract(Ops.multiply(yTrue, 2.0), 1.0);
    }
}
