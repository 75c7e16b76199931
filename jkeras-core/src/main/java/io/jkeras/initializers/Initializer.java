package io.jkeras.initializers;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/** Produces a weight's initial value (Keras {@code keras.initializers}). */
public interface Initializer {
    Tensor generate(Shape shape, DType dtype);

    /** The Keras class name, e.g. {@code "GlorotUniform"}. */
    String className();

    /** Keras-style config for serialization. */
    default java.util.Map<String, Object> getConfig() { return java.util.Map.of(); }
}
