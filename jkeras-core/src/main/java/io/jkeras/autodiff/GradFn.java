package io.jkeras.autodiff;

import io.jkeras.tensor.Tensor;

/** The local gradient rule of one recorded op: given d(target)/d(output), the gradients for each input. */
@FunctionalInterface
public interface GradFn {
    /** One entry per input of the op, in order; null where an input gets no gradient. */
    Tensor[] apply(Tensor upstream);
}
