package io.jkeras.constraints;

import io.jkeras.tensor.Tensor;

/**
 * A projection applied to a weight after each optimizer update (Keras {@code keras.constraints}).
 * Implementations must be pure functions of the weight value.
 */
@FunctionalInterface
public interface Constraint {
    Tensor apply(Tensor weight);

    /** Keras-style config (without class name) for serialization; empty by default. */
    default java.util.Map<String, Object> getConfig() { return java.util.Map.of(); }
}
