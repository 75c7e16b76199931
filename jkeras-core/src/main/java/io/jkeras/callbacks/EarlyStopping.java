package io.jkeras.callbacks;

import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stops training when a monitored quantity has stopped improving (Keras's
 * {@code keras.callbacks.EarlyStopping}).
 *
 * <pre>{@code
 * // stop when val_loss has not improved for 3 epochs, and keep the best weights
 * model.fit(x, y, FitOptions.builder().epochs(100).validationSplit(0.2)
 *         .callbacks(new EarlyStopping().patience(3).restoreBestWeights(true)));
 * }</pre>
 *
 * <p>At each epoch end (from {@code startFromEpoch} on): an improvement of more than
 * {@code minDelta} over the best value so far resets the wait, unless a {@code baseline} is set and
 * not beaten; otherwise, once {@code patience} epochs passed without one (and it is not the first
 * epoch), training stops. With {@code restoreBestWeights} the weights of the best epoch are put
 * back at the end of training, also when training was not stopped early, as Keras does. Defaults
 * are Keras's: monitor {@code "val_loss"}, minDelta 0, patience 0, mode auto, no baseline.
 *
 * <p>As in Keras, the best value is kept across fits when the same instance is reused.
 */
public final class EarlyStopping extends MonitorCallback {
    private int patience = 0;
    private int verbose = 0;
    private Double baseline;
    private boolean restoreBestWeights = false;
    private int startFromEpoch = 0;

    private int wait, stoppedEpoch, bestEpoch;
    private List<Tensor> bestWeights;

    public EarlyStopping() { super("val_loss"); }

    public EarlyStopping monitor(String m) { monitor = java.util.Objects.requireNonNull(m); return this; }

    /** Minimum change that counts as an improvement (its absolute value is used). */
    public EarlyStopping minDelta(double d) { minDelta = Math.abs(d); return this; }

    /** Epochs without improvement after which training stops. */
    public EarlyStopping patience(int p) {
        if (p < 0) throw new IllegalArgumentException("patience must be >= 0, received " + p);
        patience = p;
        return this;
    }

    /** 1 prints a line when stopping and when restoring weights. */
    public EarlyStopping verbose(int v) { verbose = v; return this; }

    public EarlyStopping mode(Mode m) { mode = java.util.Objects.requireNonNull(m); return this; }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public EarlyStopping mode(String m) { return mode(Mode.of(m)); }

    /** A value the monitored quantity must beat for the wait to reset. */
    public EarlyStopping baseline(double b) { baseline = b; return this; }

    public EarlyStopping restoreBestWeights(boolean r) { restoreBestWeights = r; return this; }

    /** Epochs to wait before monitoring starts (a warm-up in which no improvement is expected). */
    public EarlyStopping startFromEpoch(int e) {
        if (e < 0) throw new IllegalArgumentException("start_from_epoch must be >= 0, received " + e);
        startFromEpoch = e;
        return this;
    }

    /** The epoch (0-based) at which training was stopped, or 0 if it was not. */
    public int stoppedEpoch() { return stoppedEpoch; }

    /** The epoch (0-based) with the best monitored value. */
    public int bestEpoch() { return bestEpoch; }

    /** Epochs since the last improvement. */
    public int waitCount() { return wait; }

    public int patience() { return patience; }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        wait = 0;
        stoppedEpoch = 0;
        bestWeights = null;
        bestEpoch = 0;
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        resolveDirection();
        Double current = monitorValue(logs, "Early stopping");
        if (current == null || epoch < startFromEpoch) return;
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = model.getWeights();   // until something beats them, the current weights are the best
            bestEpoch = epoch;
        }
        wait++;
        if (isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) bestWeights = model.getWeights();
            if (baseline == null || isImprovement(current, baseline)) wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model.setStopTraining(true);
        }
    }

    @Override public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose > 0) System.out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        if (restoreBestWeights && bestWeights != null) {
            if (verbose > 0) System.out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            model.setWeights(bestWeights);
        }
    }
}
