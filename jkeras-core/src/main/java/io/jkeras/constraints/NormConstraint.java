package io.jkeras.constraints;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;

/** Shared parts of the norm constraints: the axes and Keras's epsilon. */
abstract class NormConstraint implements Constraint {
    /** Keras's {@code backend.epsilon()}, added to norms before dividing. */
    static final double EPSILON = 1e-7;

    final int[] axes;

    NormConstraint(int[] axes) {
        if (axes == null || axes.length == 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": give at least one axis");
        this.axes = axes.clone();
    }

    /** {@code sqrt(sum(w^2, axes, keepdims=True))}. */
    Tensor norms(Tensor w) {
        for (int a : axes) {
            if (a < -w.rank() || a >= w.rank()) throw new IllegalArgumentException(className() + ": axis " + a
                    + " is out of range for a weight of shape " + w.shape() + ". Set `axis` to an axis of the weight.");
        }
        return Ops.sqrt(Ops.sum(Ops.square(w), axes, true));
    }

    /** One axis as an int, several as a list, as Keras configs write them. */
    Object axisConfig() { return axes.length == 1 ? (Object) axes[0] : Arrays.stream(axes).boxed().toList(); }


    @Override public String toString() { return className() + getConfig(); }
}
