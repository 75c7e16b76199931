package io.jkeras.initializers;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/** All zeros (Keras {@code Zeros}, identifier {@code "zeros"}). */
public class Zeros implements Initializer {
    @Override public Tensor generate(Shape shape, DType dtype) { return Tensor.zeros(shape, dtype); }

    @Override public String className() { return "Zeros"; }

    @Override public String toString() { return className(); }
}
