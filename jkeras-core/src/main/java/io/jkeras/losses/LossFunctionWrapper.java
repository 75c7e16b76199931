package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

/**
 * A loss from a per-sample function (Keras's {@code LossFunctionWrapper}). Before the function
 * runs, {@code yPred} is converted to a float dtype, {@code yTrue} to the same dtype, and their ranks
 * are aligned when they differ by a trailing axis of size 1 (labels {@code (batch,)} against
 * predictions {@code (batch, 1)} become {@code (batch, 1)}).
 *
 * <pre>{@code
 * Loss l1 = new LossFunctionWrapper("l1", (t, p) -> Ops.sum(Ops.abs(Ops.subtract(t, p)), -1));
 * }</pre>
 *
 * Built-in losses extend this class and override {@link #compute}.
 */
public class LossFunctionWrapper extends Loss {
    /** A per-sample loss function of aligned {@code (yTrue, yPred)}. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor yTrue, Tensor yPred);
    }

    private final Fn fn;

    public LossFunctionWrapper(String name, Fn fn) { this(name, fn, Reduction.SUM_OVER_BATCH_SIZE); }

    public LossFunctionWrapper(String name, Fn fn, Reduction reduction) {
        super(name, reduction);
        this.fn = java.util.Objects.requireNonNull(fn, "fn");
    }

    /** For subclasses that override {@link #compute}. */
    protected LossFunctionWrapper(String name, Reduction reduction) {
        super(name, reduction);
        this.fn = null;
    }

    @Override public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = prepare(yTrue, yPred);
        return compute(tp[0], tp[1]);
    }

    /** The per-sample losses of prepared (same float dtype, rank-aligned) inputs. */
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        if (fn == null) throw new IllegalStateException(className() + " must override compute()");
        return fn.apply(yTrue, yPred);
    }

    /** Casts both to {@code yPred}'s float dtype and aligns their ranks (see the class comment). */
    static Tensor[] prepare(Tensor yTrue, Tensor yPred) {
        DType dt = LossUtils.computeDType(yPred);
        Tensor p = Ops.cast(yPred, dt);
        Tensor t = Ops.cast(yTrue, dt);
        return LossUtils.squeezeOrExpandToSameRank(t, p, true);
    }

    /** Fails with a message naming the loss and both shapes when they cannot broadcast. */
    static void checkBroadcast(String loss, Tensor yTrue, Tensor yPred) {
        try {
            Ops.broadcastShapes(yTrue.shape(), yPred.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(loss + ": y_true of shape " + yTrue.shape() + " does not match y_pred of shape "
                    + yPred.shape() + "; the labels must have the shape of the predictions", e);
        }
    }

    /** Fails unless both have exactly the same shape. */
    static void checkSameShape(String loss, Tensor yTrue, Tensor yPred, String hint) {
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(loss + ": y_true and y_pred must have the same shape, but y_true has shape "
                    + yTrue.shape() + " and y_pred has shape " + yPred.shape() + "." + (hint == null ? "" : " " + hint));
        }
    }
}
