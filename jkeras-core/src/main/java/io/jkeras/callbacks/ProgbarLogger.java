package io.jkeras.callbacks;

import io.jkeras.training.Progbar;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * Prints training progress with Keras's progress bar (Keras's {@code keras.callbacks.ProgbarLogger}).
 * {@code fit} already draws one for {@code verbose} 1 or 2; this callback is for sending a bar to
 * another stream, e.g. a log file, typically with a silent fit:
 *
 * <pre>{@code
 * try (PrintStream log = new PrintStream("train.log")) {
 *     model.fit(x, y, FitOptions.builder().verbose(0).callbacks(new ProgbarLogger(2, log)));
 * }
 * }</pre>
 */
public final class ProgbarLogger implements Callback {
    private final int verbose;
    private final PrintStream out;
    private CallbackParams params;
    private Progbar bar;
    private int seen;

    /** A bar redrawn per batch on standard output. */
    public ProgbarLogger() { this(1, System.out); }

    /** {@code verbose} 1: a bar redrawn per batch; 2: one line per epoch. */
    public ProgbarLogger(int verbose, PrintStream out) {
        if (verbose < 1 || verbose > 2) throw new IllegalArgumentException("ProgbarLogger verbose must be 1 or 2, received " + verbose);
        this.verbose = verbose;
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override public void setParams(CallbackParams params) { this.params = params; }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) {
        int epochs = params == null ? 0 : params.epochs();
        if (epochs > 1) out.println("Epoch " + (epoch + 1) + "/" + epochs);
        bar = new Progbar(params == null ? -1 : params.steps(), verbose, out);
        seen = 0;
    }

    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        seen = batch + 1;
        if (bar != null) bar.update(seen, logs, false);
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (bar != null) bar.update(params != null && params.stepsKnown() ? params.steps() : seen, logs, true);
    }
}
