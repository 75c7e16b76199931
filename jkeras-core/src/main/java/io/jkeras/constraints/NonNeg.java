package io.jkeras.constraints;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/** Sets negative weights to zero (Keras {@code NonNeg}): {@code max(w, 0)}. */
public class NonNeg implements Constraint {
    @Override public Tensor apply(Tensor w) { return Ops.maximum(w, 0.0); }

    @Override public String className() { return "NonNeg"; }

    @Override public String toString() { return className(); }
}
