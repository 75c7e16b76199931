package io.jkeras.callbacks;

import io.jkeras.models.Model;

import java.util.Map;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the learning rate at the start of each epoch from a function of the epoch (0-based) and,
 * optionally, the current rate (Keras's {@code keras.callbacks.LearningRateScheduler}). Each
 * epoch's logs get the key {@code "learning_rate"}.
 *
 * <pre>{@code
 * // keep 0.01 for 10 epochs, then decay exponentially
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
 * new LearningRateScheduler(epoch -> 0.1 / (1 + epoch));
 * }</pre>
 *
 * The optimizer must have a constant learning rate (not a {@code LearningRateSchedule}).
 */
public final class LearningRateScheduler implements Callback {
    /** A schedule of the epoch (0-based) and the current learning rate. */
    @FunctionalInterface
    public interface EpochSchedule { double at(int epoch, double learningRate); }

    private final EpochSchedule schedule;
    private int verbose;
    private Model model;

    public LearningRateScheduler(EpochSchedule schedule) { this.schedule = Objects.requireNonNull(schedule, "schedule"); }

    public LearningRateScheduler(IntToDoubleFunction schedule) {
        Objects.requireNonNull(schedule, "schedule");
        this.schedule = (epoch, lr) -> schedule.applyAsDouble(epoch);
    }

    /** 1 prints the rate set at each epoch. */
    public LearningRateScheduler verbose(int v) { verbose = v; return this; }

    @Override public void setModel(Model model) { this.model = model; }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) {
        double lr = schedule.at(epoch, model.optimizer().learningRate());
        if (!Double.isFinite(lr) || lr < 0) throw new IllegalArgumentException("The output of the LearningRateScheduler's schedule at epoch "
                + epoch + " must be a finite, non-negative learning rate; received " + lr);
        model.optimizer().setLearningRate(lr);
        if (verbose > 0) System.out.println("\nEpoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to " + PyFormat.repr(lr) + ".");
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", model.optimizer().learningRate());
    }
}
