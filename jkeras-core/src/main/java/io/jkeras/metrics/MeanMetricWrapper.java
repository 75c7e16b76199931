package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.tensor.Tensor;

import java.util.Objects;
import java.util.Optional;

/**
 * The weighted mean of a per-sample function of {@code (yTrue, yPred)} over all batches (Keras's
 * {@code MeanMetricWrapper}); a {@link Loss} used as a metric is wrapped this way.
 *
 * <pre>{@code
 * Metric mse = new MeanMetricWrapper("mse", new io.jkeras.losses.MeanSquaredError());
 * Metric l1 = new MeanMetricWrapper("l1", (t, p) -> Ops.sum(Ops.abs(Ops.subtract(t, p)), -1));
 * }</pre>
 */
public class MeanMetricWrapper extends Mean {
    /** A per-sample metric function. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor yTrue, Tensor yPred);
    }

    private final Fn fn;
    private final Loss loss;
    private final Direction direction;

    /** Averages {@code fn}'s per-sample values. */
    public MeanMetricWrapper(String name, Fn fn) {
        super(name);
        this.fn = Objects.requireNonNull(fn, "fn");
        this.loss = null;
        this.direction = null;
    }

    /** Averages {@code loss}'s per-sample values (its {@link Loss#call}); the metric is to be minimised. */
    public MeanMetricWrapper(String name, Loss loss) {
        super(name == null ? loss.name() : name);
        this.fn = null;
        this.loss = Objects.requireNonNull(loss, "loss");
        this.direction = Direction.DOWN;
    }

    /** Averages {@code fn}'s per-sample values; {@code direction} says whether larger is better. */
    protected MeanMetricWrapper(String name, Fn fn, Direction direction) {
        super(name);
        this.fn = Objects.requireNonNull(fn, "fn");
        this.loss = null;
        this.direction = direction;
    }

    /** For subclasses that override {@link #values}. */
    protected MeanMetricWrapper(String name, Direction direction) {
        super(name);
        this.fn = null;
        this.loss = null;
        this.direction = direction;
    }

    /** The per-sample values of one batch and the mask of those that count (null: all). */
    protected Loss.Values values(Tensor yTrue, Tensor yPred) {
        if (loss != null) return loss.callWithMask(yTrue, yPred);
        if (fn != null) return new Loss.Values(fn.apply(yTrue, yPred), null);
        throw new IllegalStateException(className() + " must override values()");
    }

    @Override public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Objects.requireNonNull(yTrue, "yTrue");
        Objects.requireNonNull(yPred, "yPred");
        untaped(() -> {
            Loss.Values v = values(yTrue, yPred);
            updateValues(v.values(), sampleWeight, v.mask());
        });
    }

    @Override public Optional<Direction> direction() { return Optional.ofNullable(direction); }
}
