package io.jkeras.initializers;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/** All ones (Keras {@code Ones}, identifier {@code "ones"}). */
public class Ones implements Initializer {
    @Override public Tensor generate(Shape shape, DType dtype) { return Tensor.ones(shape, dtype); }

    @Override public String className() { return "Ones"; }

    @Override public String toString() { return className(); }
}
