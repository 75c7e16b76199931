package io.jkeras.regularizers;

import io.jkeras.tensor.Tensor;

/** A penalty on a weight added to the training loss (Keras {@code keras.regularizers}). Returns a scalar. */
public interface Regularizer {
    Tensor apply(Tensor weight);

    /** The Keras class name, e.g. {@code "L2"}. */
    String className();

    default java.util.Map<String, Object> getConfig() { return java.util.Map.of(); }
}
