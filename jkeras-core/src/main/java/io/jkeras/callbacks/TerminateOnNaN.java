package io.jkeras.callbacks;

import io.jkeras.models.Model;

import java.util.Map;

/**
 * Stops training when the loss becomes NaN or infinite (Keras's
 * {@code keras.callbacks.TerminateOnNaN}). By default training stops gracefully after the batch
 * (other callbacks' {@code onTrainEnd} still run); with {@code raiseError(true)} it throws at once.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().callbacks(new TerminateOnNaN()));
 * }</pre>
 *
 * Without this callback jkeras's {@code fit} stops with an error at a non-finite loss. With it, the
 * non-finite step's update is skipped (Keras applies it, which leaves NaN weights), so the model
 * keeps the weights of the last finite step.
 */
public final class TerminateOnNaN implements Callback {
    private final boolean raiseError;
    private Model model;

    public TerminateOnNaN() { this(false); }

    /** With {@code raiseError}, a non-finite loss throws {@link IllegalStateException} instead of stopping gracefully. */
    public TerminateOnNaN(boolean raiseError) { this.raiseError = raiseError; }

    @Override public void setModel(Model model) { this.model = model; }

    @Override public boolean handlesNonFiniteLoss() { return true; }

    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss == null || Double.isFinite(loss)) return;
        if (raiseError) throw new IllegalStateException("NaN or Inf loss encountered at batch " + batch + ". Loss value: "
                + loss + ". Terminating training immediately.");
        System.out.println("Batch " + batch + ": Invalid loss, terminating training");
        model.setStopTraining(true);
    }
}
