package io.jkeras.metrics;

import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * A stateful metric (Keras's {@code keras.metrics.Metric}): {@link #updateState} accumulates over
 * batches, {@link #result} reads the current value, {@link #resetState} starts over (each epoch).
 */
public abstract class Metric {
    public abstract void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    public void updateState(Tensor yTrue, Tensor yPred) { updateState(yTrue, yPred, null); }

    public abstract double result();

    public abstract void resetState();

    /** The name shown in logs and History, e.g. {@code "accuracy"}. */
    public abstract String name();

    public abstract String className();

    public abstract Map<String, Object> getConfig();
}
