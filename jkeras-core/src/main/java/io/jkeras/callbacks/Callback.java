package io.jkeras.callbacks;

import io.jkeras.models.Model;

import java.util.Map;

/**
 * Hooks into {@code fit}, {@code evaluate} and {@code predict} (Keras's {@code keras.callbacks.Callback}).
 * Every method has an empty default; {@code logs} maps metric names (e.g. {@code "loss"},
 * {@code "val_accuracy"}) to values.
 */
public interface Callback {
    /** Called before training with the model being trained. */
    default void setModel(Model model) {}

    /** Called before training with the run's epochs, steps per epoch and verbosity (Keras's {@code set_params}). */
    default void setParams(CallbackParams params) {}

    /**
     * Whether this callback deals with a NaN or infinite training loss itself (as
     * {@link TerminateOnNaN} does). When no callback does, {@code fit} stops with an error at such a
     * loss; when one does, the step's update is skipped and the loss reaches the batch-end hooks.
     */
    default boolean handlesNonFiniteLoss() { return false; }

    default void onTrainBegin(Map<String, Double> logs) {}
    default void onTrainEnd(Map<String, Double> logs) {}
    default void onEpochBegin(int epoch, Map<String, Double> logs) {}
    default void onEpochEnd(int epoch, Map<String, Double> logs) {}
    default void onTrainBatchBegin(int batch, Map<String, Double> logs) {}
    default void onTrainBatchEnd(int batch, Map<String, Double> logs) {}
    default void onTestBegin(Map<String, Double> logs) {}
    default void onTestEnd(Map<String, Double> logs) {}
    default void onTestBatchBegin(int batch, Map<String, Double> logs) {}
    default void onTestBatchEnd(int batch, Map<String, Double> logs) {}
    default void onPredictBegin(Map<String, Double> logs) {}
    default void onPredictEnd(Map<String, Double> logs) {}
    default void onPredictBatchBegin(int batch, Map<String, Double> logs) {}
    default void onPredictBatchEnd(int batch, Map<String, Double> logs) {}
}
