package io.jkeras.callbacks;

import io.jkeras.models.Model;
import io.jkeras.utils.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Lets an interrupted {@code fit} resume where it stopped (Keras's
 * {@code keras.callbacks.BackupAndRestore}).
 *
 * <pre>{@code
 * var backup = new BackupAndRestore(Path.of("/tmp/backup"));
 * model.fit(x, y, FitOptions.builder().epochs(10).callbacks(backup));   // crashes in epoch 5
 * model.fit(x, y, FitOptions.builder().epochs(10).callbacks(backup));   // restores, runs epochs 5..9
 * }</pre>
 *
 * <p>At each epoch end (or every {@code saveFreq} batches) it writes the weights and the
 * optimizer's state to {@code latest.weights.h5} and the next epoch to {@code training_metadata.json}
 * ({@code {"epoch": e, "batch": b}}) in {@code backupDir}, each atomically. When {@code fit} starts
 * and a backup exists, it loads them and makes {@code fit} start at that epoch. When {@code fit}
 * ends normally the directory is deleted (unless {@code deleteCheckpoint(false)}); when it is
 * interrupted by an exception, the backup stays for the next run. With {@code doubleCheckpoint} the
 * previous backup is kept as {@code *.bkp} and used if the latest one cannot be read.
 */
public final class BackupAndRestore implements Callback {
    private final Path backupDir;
    private int saveFreq = 0; // 0 = "epoch"
    private boolean deleteCheckpoint = true;
    private boolean doubleCheckpoint = false;
    private CheckpointStore store = CheckpointStore.defaultStore();

    private Model model;
    private int currentEpoch, lastBatchSeen, batchesSinceLastSave;
    private int restoredEpoch = -1;

    public BackupAndRestore(Path backupDir) { this.backupDir = Objects.requireNonNull(backupDir, "backupDir"); }

    public BackupAndRestore(String backupDir) { this(Path.of(backupDir)); }

    /** Backs up every {@code batches} training batches instead of at epoch ends. */
    public BackupAndRestore saveFreq(int batches) {
        if (batches <= 0) throw new IllegalArgumentException("save_freq must be a positive number of batches, received " + batches);
        saveFreq = batches;
        return this;
    }

    /** Backs up at each epoch end (the default). */
    public BackupAndRestore saveFreqEpoch() { saveFreq = 0; return this; }

    /** Whether to delete the backup when training finishes (default true). */
    public BackupAndRestore deleteCheckpoint(boolean d) { deleteCheckpoint = d; return this; }

    /** Keep the previous backup too, as a fallback when the latest is unreadable. */
    public BackupAndRestore doubleCheckpoint(boolean d) { doubleCheckpoint = d; return this; }

    public BackupAndRestore store(CheckpointStore s) { store = Objects.requireNonNull(s); return this; }

    public Path backupDir() { return backupDir; }

    /** The epoch the last fit resumed at, or -1 when it started fresh. */
    public int restoredEpoch() { return restoredEpoch; }

    Path weightsPath() { return backupDir.resolve("latest.weights.h5"); }
    Path metadataPath() { return backupDir.resolve("training_metadata.json"); }
    private static Path bkp(Path p) { return p.resolveSibling(p.getFileName() + ".bkp"); }

    @Override public void setModel(Model model) { this.model = model; }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        restoredEpoch = -1;
        currentEpoch = 0;
        lastBatchSeen = 0;
        batchesSinceLastSave = 0;
        Path w = weightsPath(), m = metadataPath();
        if (!Files.exists(w)) return;
        if (!model.isBuilt()) throw new IllegalStateException("To use the BackupAndRestore callback, your model must be built before "
                + "you call fit(), so the backup in " + backupDir + " can be loaded into it. Model \"" + model.name() + "\" is unbuilt; "
                + "build it by calling it on a batch of data or by giving its input shape.");
        try {
            try {
                store.loadWeights(model, w);
            } catch (IOException | RuntimeException e) {
                if (!(doubleCheckpoint && Files.exists(bkp(w)))) throw e;
                store.loadWeights(model, bkp(w));
                m = bkp(m);
            }
            if (Files.exists(m)) {
                Map<String, Object> meta = Json.parseObject(Files.readString(m));
                if (!(meta.get("epoch") instanceof Number e)) throw new IOException(m + " has no integer \"epoch\": " + meta);
                restoredEpoch = e.intValue();
                currentEpoch = restoredEpoch;
                model.trainer().resumeAtEpoch(restoredEpoch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore could not restore from " + backupDir + ": " + e.getMessage(), e);
        }
    }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) { currentEpoch = epoch; }

    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (saveFreq == 0) return;
        int add = batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
        batchesSinceLastSave += add;
        lastBatchSeen = batch;
        if (batchesSinceLastSave >= saveFreq) {
            batchesSinceLastSave = 0;
            backup();
        }
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        currentEpoch = epoch + 1;
        lastBatchSeen = 0;
        if (saveFreq == 0) backup();
    }

    private void backup() {
        try {
            Files.createDirectories(backupDir);
            Path w = weightsPath(), m = metadataPath();
            if (doubleCheckpoint && Files.exists(w)) {
                Files.copy(w, bkp(w), StandardCopyOption.REPLACE_EXISTING);
                if (Files.exists(m)) Files.copy(m, bkp(m), StandardCopyOption.REPLACE_EXISTING);
            }
            AtomicFiles.write(w, tmp -> store.saveWeights(model, tmp));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("epoch", currentEpoch);
            meta.put("batch", lastBatchSeen);
            AtomicFiles.writeString(m, Json.write(meta));
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore could not write a backup to " + backupDir + ": " + e.getMessage(), e);
        }
    }

    @Override public void onTrainEnd(Map<String, Double> logs) {
        if (!deleteCheckpoint || !Files.exists(backupDir)) return;
        try {
            Files.walkFileTree(backupDir, new SimpleFileVisitor<>() {
                @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null) throw exc;
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore could not delete " + backupDir + ": " + e.getMessage(), e);
        }
    }
}
