package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Huber loss (Keras's {@code Huber}), averaged over the last axis: with {@code x = y_pred - y_true},
 * {@code x^2 / 2} where {@code |x| <= delta}, else {@code delta * |x| - delta^2 / 2}.
 *
 * <pre>{@code
 * Loss loss = new Huber(1.5);
 * }</pre>
 *
 * Like Keras 3.15, {@link #getConfig()} does not record {@code delta}.
 */
public class Huber extends LossFunctionWrapper {
    private final double delta;

    public Huber() { this(1.0); }

    public Huber(double delta) { this(delta, Reduction.SUM_OVER_BATCH_SIZE, "huber_loss"); }

    /** @param name null for {@code "huber_loss"} */
    public Huber(double delta, Reduction reduction, String name) {
        super(name == null ? "huber_loss" : name, reduction);
        if (!(delta >= 0)) throw new IllegalArgumentException("Huber: delta must be >= 0, got " + delta);
        this.delta = delta;
    }

    public double delta() { return delta; }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        Tensor err = Ops.subtract(yPred, yTrue);
        Tensor abs = Ops.abs(err);
        Tensor quad = Ops.multiply(Ops.square(err), 0.5);
        Tensor lin = Ops.subtract(Ops.multiply(abs, delta), 0.5 * delta * delta);
        return Ops.mean(Ops.where(Ops.lessEqual(abs, Ops.scalar(delta, abs.dtype())), quad, lin), -1);
    }
}
