package io.jkeras.optimizers.schedules;

import java.util.Map;

/**
 * A learning rate that changes with the optimizer step (Keras's
 * {@code keras.optimizers.schedules.LearningRateSchedule}).
 *
 * <p>The optimizer asks for {@code at(iterations)} once per update, where {@code iterations} is
 * the number of updates applied before this one (0 on the first step), as Keras does.
 *
 * <pre>{@code
 * Optimizer sgd = new SGD().learningRate(step -> 0.1 * Math.pow(0.96, step / 1000.0));
 * }</pre>
 *
 * A lambda schedule works for training but cannot be saved: serializable schedules override
 * {@link #className()} and {@link #getConfig()}.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate for the update that follows {@code step} earlier updates. */
    double at(long step);

    /** The Keras class name, e.g. {@code "ExponentialDecay"}. */
    default String className() { return getClass().getSimpleName(); }

    /** Keras-style config (constructor arguments by their Keras names); empty by default. */
    default Map<String, Object> getConfig() { return Map.of(); }
}
