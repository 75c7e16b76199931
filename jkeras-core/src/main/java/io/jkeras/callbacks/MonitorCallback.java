package io.jkeras.callbacks;

import io.jkeras.metrics.Metric;
import io.jkeras.models.Model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The base of callbacks that watch one logged quantity and ask whether it improved (Keras's
 * {@code MonitorCallback}): {@link ModelCheckpoint} and {@link EarlyStopping}.
 *
 * <p>In {@link Mode#AUTO} the direction comes from the name: {@code loss} / {@code val_loss} (and,
 * in jkeras, any {@code *_loss}) go down; a compiled metric of that name goes the way its
 * {@link Metric#direction()} says (accuracies, AUC, precision up; errors down). Otherwise the
 * first epoch end fails with a message asking for {@code mode}.
 */
public abstract class MonitorCallback implements Callback {
    private static final System.Logger LOG = System.getLogger(MonitorCallback.class.getName());

    protected Model model;
    protected String monitor;
    protected Mode mode = Mode.AUTO;
    protected double minDelta;
    /** The best value so far (null until the direction is known, unless a baseline was given). */
    protected Double best;
    private Boolean minimize; // null until resolved
    private double signedDelta;

    protected MonitorCallback(String monitor) { this.monitor = Objects.requireNonNull(monitor, "monitor"); }

    @Override public void setModel(Model model) { this.model = model; }

    /** The name of the watched quantity, e.g. {@code "val_loss"}. */
    public String monitor() { return monitor; }

    public Mode mode() { return mode; }

    /** The best value seen so far, or null before the first one. */
    public Double best() { return best; }

    /** Whether lower values are better; resolves {@link Mode#AUTO} on first use. */
    protected final boolean minimizes() {
        if (minimize == null) resolveDirection();
        return minimize;
    }

    /** Resolves the comparison once (Keras's {@code _set_monitor_op}); sets {@link #best} to ±inf when unset. */
    protected void resolveDirection() {
        if (minimize != null) return;
        Boolean min = switch (mode) {
            case MIN -> true;
            case MAX -> false;
            case AUTO -> autoMinimize(monitor, model);
        };
        if (min == null) throw new IllegalArgumentException(getClass().getSimpleName() + " callback received monitor=" + monitor
                + ", but jkeras isn't able to automatically determine whether that metric should be maximized or minimized. "
                + "Pass mode(Mode.MAX) in order to monitor based on the highest metric value, or mode(Mode.MIN) in order to use the lowest value.");
        minimize = min;
        signedDelta = min ? -Math.abs(minDelta) : Math.abs(minDelta);
        if (best == null) best = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Keras's {@code _is_improvement}: {@code value - minDelta} beats {@code reference} in the monitored direction. */
    protected final boolean isImprovement(double value, Double reference) {
        if (reference == null) return true;
        boolean min = minimizes();
        double v = value - signedDelta;
        return min ? v < reference : v > reference;
    }

    /** The monitored value in {@code logs}, or null (with a warning naming the keys there are). */
    protected final Double monitorValue(Map<String, Double> logs, String what) {
        Double v = logs == null ? null : logs.get(monitor);
        if (v == null) LOG.log(System.Logger.Level.WARNING, "{0} conditioned on metric `{1}` which is not available. Available metrics are: {2}",
                what, monitor, logs == null ? "" : String.join(",", logs.keySet()));
        return v;
    }

    /** TRUE to minimize, FALSE to maximize, null when the name says nothing. */
    static Boolean autoMinimize(String monitor, Model model) {
        String name = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        if (name.equals("loss") || name.endsWith("_loss")) return true;
        if (model != null && model.isCompiled()) {
            List<List<Metric>> metrics = model.trainer().metrics();
            for (List<Metric> ms : metrics) for (Metric m : ms) {
                if (m.name().equals(name) || name.endsWith("_" + m.name())) {
                    if (m.direction().isPresent()) return m.direction().get() == Metric.Direction.DOWN;
                }
            }
        }
        return null;
    }
}
