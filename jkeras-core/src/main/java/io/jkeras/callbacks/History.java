package io.jkeras.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code fit} returns: per-epoch values of the loss and every metric (Keras's {@code History}). */
public final class History implements Callback {
    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }

    /** Name to per-epoch values, e.g. {@code history().get("val_loss")}. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        history.forEach((k, v) -> out.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(out);
    }

    /** The values of one metric per epoch, or an error naming the metrics there are. */
    public List<Double> get(String metric) {
        List<Double> v = history.get(metric);
        if (v == null) throw new IllegalArgumentException("No metric '" + metric + "' in this History; it has " + history.keySet());
        return Collections.unmodifiableList(v);
    }

    /** The epoch indices that ran (from {@code initialEpoch}). */
    public List<Integer> epochs() { return Collections.unmodifiableList(epochs); }

    /**
     * Draws the loss and metric curves, training and validation, one panel per metric, to a
     * {@code .png} or {@code .svg} file (see {@link io.jkeras.utils.HistoryPlot}).
     */
    public java.nio.file.Path plot(java.nio.file.Path path) { return io.jkeras.utils.HistoryPlot.plot(this, path); }

    @Override public String toString() { return "History" + history; }
}
