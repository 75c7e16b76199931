package io.jkeras.losses;

import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * The base of every loss (Keras's {@code keras.losses.Loss}). {@link #call} gives one value per
 * sample; {@link #apply} applies sample weights and the reduction (Keras's default:
 * {@code sum_over_batch_size}, the mean over every sample).
 */
public abstract class Loss {
    /** Per-sample losses: {@code yPred}'s shape without its last axis (usually {@code (batch,)}). */
    public abstract Tensor call(Tensor yTrue, Tensor yPred);

    /** The reduced loss (a scalar) with optional per-sample weights (null for none). */
    public abstract Tensor apply(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    public Tensor apply(Tensor yTrue, Tensor yPred) { return apply(yTrue, yPred, null); }

    /** The Keras name, e.g. {@code "categorical_crossentropy"}. */
    public abstract String name();

    /** The Keras class name, e.g. {@code "CategoricalCrossentropy"}. */
    public abstract String className();

    public abstract Map<String, Object> getConfig();
}
