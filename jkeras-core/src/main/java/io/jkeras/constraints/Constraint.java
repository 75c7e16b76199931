package io.jkeras.constraints;

import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * A projection applied to a weight after each optimizer update ({@code keras.constraints}).
 * Implementations must be pure functions of the weight value.
 *
 * <pre>{@code
 * new Dense(64).kernelConstraint(new MaxNorm(3.0));
 * Constraint positive = w -> Ops.maximum(w, 0.0);          // a lambda is a constraint too
 * }</pre>
 */
@FunctionalInterface
public interface Constraint {
    /** The projected weight. */
    Tensor apply(Tensor weight);

    /** The Keras class name, e.g. {@code "MaxNorm"}; the Java class's simple name by default. */
    default String className() { return getClass().getSimpleName(); }

    /** Keras-style config (without class name) for serialization; empty by default. */
    default Map<String, Object> getConfig() { return Map.of(); }
}
