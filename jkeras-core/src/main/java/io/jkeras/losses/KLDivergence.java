package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Kullback-Leibler divergence (Keras's {@code KLDivergence}, {@code "kld"}):
 * {@code sum(y_true * log(y_true / y_pred), axis=-1)} with both clipped to {@code [1e-7, 1]}.
 */
public class KLDivergence extends LossFunctionWrapper {
    public KLDivergence() { this(Reduction.SUM_OVER_BATCH_SIZE, "kl_divergence"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "kl_divergence"}
     */
    public KLDivergence(Reduction reduction, String name) { super(name == null ? "kl_divergence" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        Tensor t = Ops.clip(yTrue, LossUtils.EPSILON, 1.0);
        Tensor p = Ops.clip(yPred, LossUtils.EPSILON, 1.0);
        return Ops.sum(Ops.multiply(t, Ops.log(Ops.divide(t, p))), -1);
    }
}
