package io.jkeras.regularizers;

import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * A penalty on a weight, added to the training loss ({@code keras.regularizers}). {@link #apply}
 * returns a scalar in the weight's dtype, built from {@code Ops} so that it has gradients.
 *
 * <pre>{@code
 * new Dense(64).kernelRegularizer(new L2(1e-4));
 * Tensor penalty = new L1(0.01).apply(w);         // 0.01 * sum(|w|)
 * }</pre>
 */
public interface Regularizer {
    /** The penalty for {@code weight}, a scalar tensor. */
    Tensor apply(Tensor weight);

    /** The Keras class name, e.g. {@code "L2"}. */
    String className();

    /** The Keras config, e.g. {@code {"l2": 0.01}}; empty by default. */
    default Map<String, Object> getConfig() { return Map.of(); }
}
