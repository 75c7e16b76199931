package io.jkeras.callbacks;

import io.jkeras.models.Model;
import io.jkeras.optimizers.Optimizer;

import java.util.Map;
import java.util.Objects;

/**
 * Lowers the learning rate when a monitored quantity has stopped improving (Keras's
 * {@code keras.callbacks.ReduceLROnPlateau}): after {@code patience} epochs without an improvement
 * of more than {@code minDelta}, {@code lr = max(lr * factor, minLr)}, then {@code cooldown} epochs
 * pass before the wait counts again.
 *
 * <pre>{@code
 * new ReduceLROnPlateau().monitor("val_loss").factor(0.2).patience(5).minLr(0.001);
 * }</pre>
 *
 * Defaults are Keras's: monitor {@code "val_loss"}, factor 0.1, patience 10, mode auto (which
 * maximizes when the monitor's name contains {@code "acc"}, as Keras's rule for this callback),
 * minDelta 1e-4, cooldown 0, minLr 0. Each epoch's logs get the key {@code "learning_rate"}. The
 * optimizer must have a constant learning rate, not a schedule.
 */
public final class ReduceLROnPlateau implements Callback {
    private static final System.Logger LOG = System.getLogger(ReduceLROnPlateau.class.getName());

    private Model model;
    private String monitor = "val_loss";
    private double factor = 0.1;
    private int patience = 10;
    private int verbose = 0;
    private Mode mode = Mode.AUTO;
    private double minDelta = 1e-4;
    private int cooldown = 0;
    private double minLr = 0.0;

    private int cooldownCounter, wait;
    private double best;
    private boolean maximize;

    public ReduceLROnPlateau() { reset(); }

    public ReduceLROnPlateau monitor(String m) { monitor = Objects.requireNonNull(m); reset(); return this; }

    /** {@code new_lr = lr * factor}; must be below 1. */
    public ReduceLROnPlateau factor(double f) {
        if (f >= 1.0) throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=" + f);
        factor = f;
        return this;
    }

    public ReduceLROnPlateau patience(int p) { patience = p; return this; }
    public ReduceLROnPlateau verbose(int v) { verbose = v; return this; }
    public ReduceLROnPlateau mode(Mode m) { mode = Objects.requireNonNull(m); reset(); return this; }
    public ReduceLROnPlateau mode(String m) { return mode(Mode.of(m)); }
    /** Threshold for measuring the new optimum (not made absolute, as in Keras). */
    public ReduceLROnPlateau minDelta(double d) { minDelta = d; return this; }
    public ReduceLROnPlateau cooldown(int c) { cooldown = c; return this; }
    public ReduceLROnPlateau minLr(double m) { minLr = m; return this; }

    /** Epochs since the last improvement. */
    public int waitCount() { return wait; }
    /** The best monitored value so far. */
    public double best() { return best; }
    /** Whether the callback is in its cooldown period. */
    public boolean inCooldown() { return cooldownCounter > 0; }

    private void reset() {
        maximize = !(mode == Mode.MIN || (mode == Mode.AUTO && !monitor.contains("acc")));
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        cooldownCounter = 0;
        wait = 0;
    }

    private boolean better(double a, double b) { return maximize ? a > b + minDelta : a < b - minDelta; }

    @Override public void setModel(Model model) { this.model = model; }

    @Override public void onTrainBegin(Map<String, Double> logs) { reset(); }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Optimizer opt = model.optimizer();
        logs.put("learning_rate", opt.learningRate());
        Double current = logs.get(monitor);
        if (current == null) {
            LOG.log(System.Logger.Level.WARNING, "Learning rate reduction is conditioned on metric `{0}` which is not available. "
                    + "Available metrics are: {1}.", monitor, String.join(",", logs.keySet()));
            return;
        }
        if (inCooldown()) {
            cooldownCounter--;
            wait = 0;
        }
        if (better(current, best)) {
            best = current;
            wait = 0;
        } else if (!inCooldown()) {
            wait++;
            if (wait >= patience) {
                double oldLr = opt.learningRate();
                if (oldLr > (float) minLr) {
                    double newLr = Math.max(oldLr * factor, minLr);
                    opt.setLearningRate(newLr);
                    if (verbose > 0) System.out.println("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to "
                            + PyFormat.repr(newLr) + ".");
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
