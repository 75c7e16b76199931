package io.jkeras.callbacks;

import io.jkeras.models.Model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Logs training to TensorBoard (Keras's {@code keras.callbacks.TensorBoard}): event files that the
 * real TensorBoard reads, in {@code <logDir>/train} and {@code <logDir>/validation}.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(10).validationSplit(0.1)
 *         .callbacks(new TensorBoard(Path.of("logs")).histogramFreq(1)));
 * // tensorboard --logdir logs
 * }</pre>
 *
 * <p>As in Keras: each epoch writes {@code epoch_<name>} scalars (the training logs and the
 * learning rate to {@code train}, the {@code val_} logs without their prefix to
 * {@code validation}) at step = epoch; with {@code updateFreq(n)} every n-th training batch also
 * writes {@code batch_<name>} at step = the global batch count; each validation pass writes
 * {@code evaluation_<name>_vs_iterations} at step = the optimizer's iterations; with
 * {@code histogramFreq(n)} every n-th epoch writes a histogram of each weight, tagged
 * {@code <variable path>/histogram} (Keras 3 uses the bare variable name, which makes the kernels
 * of different layers collide); {@code writeGraph} (default on) writes the layer graph of a
 * Functional or Sequential model. Images, embeddings and profiling are not supported.
 */
public final class TensorBoard implements Callback {
    private final Path logDir;
    private int histogramFreq = 0;
    private boolean writeGraph = true;
    private boolean writeStepsPerSecond = false;
    private int updateFreq = 0; // 0 = "epoch"

    private Model model;
    private SummaryWriter train, val;
    private boolean graphPending;
    private long globalTrainBatch;
    private long batchStart, epochStart, epochStartIterations;

    public TensorBoard(Path logDir) { this.logDir = Objects.requireNonNull(logDir, "logDir"); }

    /** Logs under {@code "logs"} (Keras's default). */
    public TensorBoard() { this(Path.of("logs")); }

    /** Weight histograms every {@code epochs} epochs (0 = never, the default). */
    public TensorBoard histogramFreq(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("histogram_freq must be >= 0, received " + epochs);
        histogramFreq = epochs;
        return this;
    }

    public TensorBoard writeGraph(boolean w) { writeGraph = w; return this; }

    /** Also logs the training speed ({@code batch_steps_per_second}, {@code epoch_steps_per_second}). */
    public TensorBoard writeStepsPerSecond(boolean w) { writeStepsPerSecond = w; return this; }

    /** Batch-level scalars every {@code batches} training batches (Keras's integer {@code update_freq}). */
    public TensorBoard updateFreq(int batches) {
        if (batches <= 0) throw new IllegalArgumentException("update_freq must be a positive number of batches, received " + batches);
        updateFreq = batches;
        return this;
    }

    /** Batch-level scalars after every batch (Keras's {@code update_freq="batch"}). */
    public TensorBoard updateFreqBatch() { return updateFreq(1); }

    /** Epoch-level scalars only (the default). */
    public TensorBoard updateFreqEpoch() { updateFreq = 0; return this; }

    public Path logDir() { return logDir; }
    public Path trainDir() { return logDir.resolve("train"); }
    public Path validationDir() { return logDir.resolve("validation"); }

    private SummaryWriter train() {
        if (train == null) train = new SummaryWriter(trainDir());
        return train;
    }

    private SummaryWriter val() {
        if (val == null) val = new SummaryWriter(validationDir());
        return val;
    }

    @Override public void setModel(Model model) {
        this.model = model;
        close();
        graphPending = writeGraph;
    }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        globalTrainBatch = 0;
    }

    @Override public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        globalTrainBatch++;
        if (writeStepsPerSecond) batchStart = System.nanoTime();
    }

    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (graphPending) {
            train().graph(model);
            graphPending = false;
        }
        if (updateFreq == 0 || globalTrainBatch % updateFreq != 0) return;
        if (writeStepsPerSecond) train().scalar("batch_steps_per_second", 1e9 / Math.max(1, System.nanoTime() - batchStart), globalTrainBatch);
        for (Map.Entry<String, Double> e : logs.entrySet()) train().scalar("batch_" + e.getKey(), e.getValue(), globalTrainBatch);
    }

    @Override public void onTestEnd(Map<String, Double> logs) {
        if (model.optimizer() == null) return;
        long it = model.optimizer().iterations();
        for (Map.Entry<String, Double> e : logs.entrySet()) val().scalar("evaluation_" + e.getKey() + "_vs_iterations", e.getValue(), it);
    }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (writeStepsPerSecond) {
            epochStart = System.nanoTime();
            epochStartIterations = model.optimizer() == null ? 0 : model.optimizer().iterations();
        }
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Map<String, Double> trainLogs = new LinkedHashMap<>(), valLogs = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getKey().startsWith("val_")) valLogs.put(e.getKey().substring(4), e.getValue());
            else trainLogs.put(e.getKey(), e.getValue());
        }
        if (model.optimizer() != null) trainLogs.put("learning_rate", model.optimizer().learningRate());
        if (writeStepsPerSecond && model.optimizer() != null) {
            double secs = (System.nanoTime() - epochStart) / 1e9;
            trainLogs.put("steps_per_second", (model.optimizer().iterations() - epochStartIterations) / Math.max(secs, 1e-9));
        }
        for (Map.Entry<String, Double> e : trainLogs.entrySet()) train().scalar("epoch_" + e.getKey(), e.getValue(), epoch);
        for (Map.Entry<String, Double> e : valLogs.entrySet()) val().scalar("epoch_" + e.getKey(), e.getValue(), epoch);
        if (histogramFreq > 0 && epoch % histogramFreq == 0) train().weightHistograms(model, epoch);
        if (train != null) train.flush();
        if (val != null) val.flush();
    }

    @Override public void onTrainEnd(Map<String, Double> logs) { close(); }

    private void close() {
        if (train != null) train.close();
        if (val != null) val.close();
        train = null;
        val = null;
    }
}
