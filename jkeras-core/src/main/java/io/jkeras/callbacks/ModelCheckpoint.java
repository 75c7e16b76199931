package io.jkeras.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Saves the model or its weights during training (Keras's {@code keras.callbacks.ModelCheckpoint}).
 *
 * <pre>{@code
 * // keep the best model by validation accuracy
 * new ModelCheckpoint("ckpt/best.keras").monitor("val_accuracy").mode(Mode.MAX).saveBestOnly(true);
 * // one weights file per epoch, named by epoch and validation loss
 * new ModelCheckpoint("ckpt/w-{epoch:02d}-{val_loss:.2f}.weights.h5").saveWeightsOnly(true);
 * }</pre>
 *
 * <p>The file path is a Python format string filled with {@code epoch} (1-based), {@code batch}
 * (1-based, when saving every n batches) and the logs, e.g. {@code {epoch:02d}} or
 * {@code {val_loss:.2f}}. It must end in {@code .keras} or {@code .h5} (whole model) or in
 * {@code .weights.h5} with {@link #saveWeightsOnly(boolean) saveWeightsOnly}. Every file is written
 * to a temporary name in the same directory and then renamed, so a crash never leaves a partial
 * checkpoint. With {@code saveBestOnly} a file is written only when the monitored value improves
 * on the best so far (or on {@code initialValueThreshold}); when the monitored value is missing
 * from the logs, it is saved anyway (with a warning), as in Keras.
 *
 * <p>The files are written by a {@link CheckpointStore} (see {@link CheckpointStore#defaultStore()}).
 */
public final class ModelCheckpoint extends MonitorCallback {
    private static final System.Logger LOG = System.getLogger(ModelCheckpoint.class.getName());

    private final String filepath;
    private int verbose = 0;
    private boolean saveBestOnly = false;
    private boolean saveWeightsOnly = false;
    private int saveFreq = 0; // 0 = "epoch"
    private CheckpointStore store = CheckpointStore.defaultStore();

    private int currentEpoch;
    private int batchesSinceLastSave, lastBatchSeen;
    private final List<Path> saved = new ArrayList<>();

    public ModelCheckpoint(String filepath) {
        super("val_loss");
        this.filepath = Objects.requireNonNull(filepath, "filepath");
    }

    public ModelCheckpoint(Path filepath) { this(filepath.toString()); }

    public ModelCheckpoint monitor(String m) { monitor = Objects.requireNonNull(m); return this; }
    public ModelCheckpoint verbose(int v) { verbose = v; return this; }
    public ModelCheckpoint saveBestOnly(boolean b) { saveBestOnly = b; return this; }
    public ModelCheckpoint saveWeightsOnly(boolean w) { saveWeightsOnly = w; return this; }
    public ModelCheckpoint mode(Mode m) { mode = Objects.requireNonNull(m); return this; }
    public ModelCheckpoint mode(String m) { return mode(Mode.of(m)); }

    /** Saves every {@code batches} training batches instead of at each epoch end. */
    public ModelCheckpoint saveFreq(int batches) {
        if (batches <= 0) throw new IllegalArgumentException("save_freq must be a positive number of batches, received " + batches);
        saveFreq = batches;
        return this;
    }

    /** Saves at each epoch end (the default, Keras's {@code save_freq="epoch"}). */
    public ModelCheckpoint saveFreqEpoch() { saveFreq = 0; return this; }

    /** The value the monitored quantity must beat before the first save with {@code saveBestOnly}. */
    public ModelCheckpoint initialValueThreshold(double v) { best = v; return this; }

    /** The store that writes the files. */
    public ModelCheckpoint store(CheckpointStore s) { store = Objects.requireNonNull(s); return this; }

    public String filepath() { return filepath; }

    /** Every path written so far, in order (a path overwritten twice appears twice). */
    public List<Path> savedPaths() { return Collections.unmodifiableList(saved); }

    private void checkExtension() {
        if (saveWeightsOnly) {
            if (!filepath.endsWith(".weights.h5")) throw new IllegalArgumentException("When using saveWeightsOnly(true) in ModelCheckpoint, "
                    + "the filepath provided must end in `.weights.h5` (Keras weights format). Received: filepath=" + filepath);
        } else if (!filepath.endsWith(".keras") && !filepath.endsWith(".h5")) {
            throw new IllegalArgumentException("The filepath provided must end in `.keras` (Keras model format). Received: filepath="
                    + filepath + ". To save only the weights, use saveWeightsOnly(true) and a path ending in `.weights.h5`.");
        }
    }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        checkExtension();
        batchesSinceLastSave = 0;
        lastBatchSeen = 0;
    }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) { currentEpoch = epoch; }

    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (saveFreq == 0) return;
        int add = batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;   // a new epoch restarts at 0
        batchesSinceLastSave += add;
        lastBatchSeen = batch;
        if (batchesSinceLastSave >= saveFreq) {
            batchesSinceLastSave = 0;
            save(currentEpoch, batch, logs);
        }
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        resolveDirection();
        if (saveFreq == 0) save(epoch, -1, logs);
    }

    /** The path for this epoch (0-based) and batch (0-based, or -1 at an epoch end). */
    Path filePath(int epoch, int batch, Map<String, Double> logs) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("epoch", epoch + 1);
        if (batch >= 0 && !logs.containsKey("batch")) values.put("batch", batch + 1);
        values.putAll(logs);
        try {
            return Path.of(PyFormat.format(filepath, values));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Failed to format this callback filepath: \"" + filepath + "\". Reason: " + e.getMessage(), e);
        }
    }

    private void save(int epoch, int batch, Map<String, Double> logs) {
        Path path = filePath(epoch, batch, logs);
        if (!shouldSave(epoch, logs, path)) return;
        try {
            AtomicFiles.write(path, tmp -> {
                if (saveWeightsOnly) store.saveWeights(model, tmp);
                else store.saveModel(model, tmp);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint could not write " + path + ": " + e.getMessage(), e);
        }
        saved.add(path);
        if (verbose > 0) System.out.println("\nEpoch " + (epoch + 1) + ": finished saving model to " + path);
    }

    private boolean shouldSave(int epoch, Map<String, Double> logs, Path path) {
        if (!saveBestOnly) {
            if (verbose > 0) System.out.println("\nEpoch " + (epoch + 1) + ": saving model to " + path);
            return true;
        }
        Double current = logs.get(monitor);
        if (current == null) {
            LOG.log(System.Logger.Level.WARNING, "Can save best model only with {0} available.", monitor);
            return true;
        }
        String bestStr = best == null ? "None" : PyFormat.formatValue(best, ".5f");
        if (isImprovement(current, best)) {
            if (verbose > 0) System.out.println("\nEpoch " + (epoch + 1) + ": " + monitor + " improved from " + bestStr + " to "
                    + PyFormat.formatValue(current, ".5f") + ", saving model to " + path);
            best = current;
            return true;
        }
        if (verbose > 0) System.out.println("\nEpoch " + (epoch + 1) + ": " + monitor + " did not improve from " + bestStr);
        return false;
    }
}
