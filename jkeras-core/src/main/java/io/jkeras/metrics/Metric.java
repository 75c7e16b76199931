package io.jkeras.metrics;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.layers.Layer;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A stateful metric (Keras's {@code keras.metrics.Metric}): {@link #updateState} accumulates over
 * batches, {@link #result} reads the current value, {@link #resetState} starts over (each epoch).
 *
 * <pre>{@code
 * Metric acc = new CategoricalAccuracy();
 * acc.updateState(yTrue, yPred);                 // batch 1
 * acc.updateState(yTrue2, yPred2, sampleWeight); // batch 2, weighted
 * double value = acc.result();
 * acc.resetState();
 * }</pre>
 *
 * The state is plain Java numbers, never tensors, and updating never records on a
 * {@link GradientTape}.
 */
public abstract class Metric {
    /** Whether a larger value is better ({@link #UP}) or a smaller one ({@link #DOWN}). */
    public enum Direction { UP, DOWN }

    private String name;

    /** A metric with a unique default name: the snake_case class name, then {@code _1}, {@code _2}, … */
    protected Metric() { this(null); }

    /** @param name the metric name; null for a unique default name (see {@link #Metric()}) */
    protected Metric(String name) {
        this.name = name != null ? name : Layer.uniqueName(Layer.toSnakeCase(getClass().getSimpleName()));
    }

    public abstract void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    public void updateState(Tensor yTrue, Tensor yPred) { updateState(yTrue, yPred, null); }

    public abstract double result();

    public abstract void resetState();

    /** The name shown in logs and History, e.g. {@code "accuracy"}. */
    public String name() { return name; }

    /** Renames the metric (what {@code compile} does to show the identifier the user gave). */
    public Metric name(String newName) {
        if (newName == null || newName.isBlank()) throw new IllegalArgumentException("A metric name must not be empty");
        this.name = newName;
        return this;
    }

    /** The Keras class name, e.g. {@code "CategoricalAccuracy"}. */
    public String className() { return getClass().getSimpleName(); }

    /** Keras's config: {@code name} and {@code dtype}, then the subclass's arguments. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("dtype", "float32");
        return c;
    }

    /**
     * Whether this metric should be maximised or minimised (Keras's {@code _direction}, used by
     * callbacks in {@code mode="auto"}); empty when unknown.
     */
    public Optional<Direction> direction() { return Optional.empty(); }

    /** Runs {@code body} without recording on any gradient tape. */
    protected static <T> T untaped(Supplier<T> body) { return GradientTape.noRecording(body); }

    protected static void untaped(Runnable body) { GradientTape.noRecording(() -> { body.run(); return null; }); }

    @Override public String toString() { return "<" + className() + " name=" + name + ">"; }
}
