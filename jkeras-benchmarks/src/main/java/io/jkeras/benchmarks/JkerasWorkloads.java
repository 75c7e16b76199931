package io.jkeras.benchmarks;

import io.jkeras.callbacks.Callback;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;

import java.util.Map;

/**
 * The workloads with jkeras, the way a Keras user writes them: a Functional model,
 * {@code compile("adam", "categorical_crossentropy")}, {@code fit} (shuffling, as Keras's default)
 * with one warm-up call and then timed epochs, and {@code predict(x, 1024)}.
 *
 * <p>Usage: {@code JkerasWorkloads mlp}; prints {@code RESULT jkeras mlp train|infer|rss_mb value}.
 */
public final class JkerasWorkloads {
    private JkerasWorkloads() {}

    public static void main(String[] args) {
        String wl = Bench.workload(args, 0);
        switch (wl) {
            case "mlp" -> mlp();
            default -> throw new IllegalArgumentException("jkeras: workload " + wl + " is not implemented yet");
        }
        Bench.finish("jkeras", wl);
    }

    static Model mlpModel() {
        KerasTensor in = Input.of(Bench.FEATURES);
        KerasTensor h1 = new Dense(128, "relu").apply(in);
        KerasTensor h2 = new Dense(64, "relu").apply(h1);
        KerasTensor out = new Dense(Bench.CLASSES, "softmax").apply(h2);
        Model model = new Model(in, out);
        model.compile("adam", "categorical_crossentropy");
        return model;
    }

    static void mlp() {
        SeedGenerator.setGlobalSeed(Bench.SEED);
        Model model = mlpModel();
        int n = Bench.MLP_STEPS * Bench.MLP_BATCH;
        Tensor x = Tensor.wrap(Bench.inputs(n, Bench.FEATURES), n, Bench.FEATURES);
        Tensor y = Tensor.wrap(Bench.oneHot(Bench.labels(n)), n, Bench.CLASSES);
        Bench.info("jkeras", "java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cpus, "
                + "vector API " + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "off")
                + ", params " + model.countParams());
        model.fit(x, y, FitOptions.builder().epochs(1).batchSize(Bench.MLP_BATCH).verbose(0).seed(Bench.SEED));
        EpochTimer timer = new EpochTimer();
        model.fit(x, y, FitOptions.builder().epochs(Bench.REPEATS).batchSize(Bench.MLP_BATCH).verbose(0).seed(Bench.SEED + 1)
                .callbacks(timer));
        for (double s : timer.seconds) Bench.result("jkeras", "mlp", "train", n / s);
        for (double s : timer.cpu) Bench.result("jkeras", "mlp", "train_per_cpu_s", n / s);

        int ni = Bench.MLP_INFER_BATCHES * Bench.INFER_BATCH;
        Tensor xi = Tensor.wrap(Bench.inputs(ni, Bench.FEATURES), ni, Bench.FEATURES);
        model.predict(xi, Bench.INFER_BATCH);
        for (int r = 0; r < Bench.REPEATS; r++) {
            long t0 = System.nanoTime();
            model.predict(xi, Bench.INFER_BATCH);
            Bench.result("jkeras", "mlp", "infer", ni / ((System.nanoTime() - t0) / 1e9));
        }
    }

    /** Times each epoch of a fit call. */
    static final class EpochTimer implements Callback {
        final java.util.List<Double> seconds = new java.util.ArrayList<>(), cpu = new java.util.ArrayList<>();
        private long start;
        private double cpuStart;

        @Override public void onEpochBegin(int epoch, Map<String, Double> logs) { start = System.nanoTime(); cpuStart = Bench.cpuSeconds(); }

        @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
            seconds.add((System.nanoTime() - start) / 1e9);
            cpu.add(Bench.cpuSeconds() - cpuStart);
        }
    }
}
