package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Logarithm of the hyperbolic cosine of the error, averaged over the last axis (Keras's
 * {@code LogCosh}): {@code log(cosh(x))} is about {@code x^2 / 2} for small {@code x} and
 * {@code |x| - log 2} for large ones. Computed stably as {@code x + softplus(-2x) - log 2}.
 */
public class LogCosh extends LossFunctionWrapper {
    public LogCosh() { this(Reduction.SUM_OVER_BATCH_SIZE, "log_cosh"); }

    /**
     * @param reduction null for none
     * @param name      null for {@code "log_cosh"}
     */
    public LogCosh(Reduction reduction, String name) { super(name == null ? "log_cosh" : name, reduction); }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        Tensor x = Ops.subtract(yPred, yTrue);
        return Ops.mean(Ops.subtract(Ops.add(x, Ops.softplus(Ops.multiply(x, -2.0))), Math.log(2.0)), -1);
    }
}
