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
            case "small" -> small();
            case "cnn" -> cnn();
            case "lstm" -> lstm();
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

    /**
     * The fixed cost of a step (../shared/peers/small_step.py): Dense 10 -> 32 relu -> 1, MSE, Adam,
     * batch 32, 2,048 samples, one {@code fit} call of 64 steps per epoch; microseconds per step
     * (median of 5 epochs) and per {@code predictOnBatch} of 32 (median of 200 calls). Measured
     * twice: after the Python script's short warm-up (2 epochs, 1 predict), and again after the JIT
     * has compiled the path (300 more epochs, 5,000 more predicts).
     */
    static void small() {
        SeedGenerator.setGlobalSeed(0);
        io.jkeras.models.Sequential m = new io.jkeras.models.Sequential(java.util.List.of(
                new Dense(32, "relu").inputShape(10), new Dense(1)));
        m.compile("adam", "mse");
        java.util.SplittableRandom r = new java.util.SplittableRandom(0);
        float[] xs = new float[2048 * 10], ys = new float[2048];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) r.nextDouble();
        for (int i = 0; i < ys.length; i++) ys[i] = (float) r.nextDouble();
        Tensor x = Tensor.wrap(xs, 2048, 10), y = Tensor.wrap(ys, 2048, 1);
        FitOptions one = FitOptions.builder().epochs(1).batchSize(32).verbose(0);
        m.fit(x, y, FitOptions.builder().epochs(2).batchSize(32).verbose(0));
        Tensor xb = Tensor.wrap(java.util.Arrays.copyOf(xs, 320), 32, 10);
        m.predictOnBatch(xb);
        for (String phase : new String[] {"cold", "warm"}) {
            if (phase.equals("warm")) {
                for (int e = 0; e < 300; e++) m.fit(x, y, one);
                for (int i = 0; i < 5000; i++) m.predictOnBatch(xb);
            }
            double[] ep = new double[5];
            for (int e = 0; e < 5; e++) {
                long t0 = System.nanoTime();
                m.fit(x, y, one);
                ep[e] = (System.nanoTime() - t0) / 1e3 / 64;
            }
            double[] pt = new double[200];
            for (int i = 0; i < pt.length; i++) {
                long t0 = System.nanoTime();
                m.predictOnBatch(xb);
                pt[i] = (System.nanoTime() - t0) / 1e3;
            }
            Bench.result("jkeras", "small", "train_step_us_" + phase, median(ep));
            Bench.result("jkeras", "small", "predict_us_" + phase, median(pt));
        }
    }

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /**
     * The CNN workload: Conv2D 32 3x3 relu, MaxPool 2, Conv2D 64 3x3 relu, MaxPool 2, Flatten,
     * Dense 128 relu, Dense 10 softmax on 28x28x1 inputs (225,034 parameters); a warm-up fit of
     * {@link Bench#CNN_WARM} steps, then timed fits of {@link Bench#CNN_STEPS} steps of 128; predict
     * of 10 batches of 1024.
     */
    static void cnn() {
        SeedGenerator.setGlobalSeed(Bench.SEED);
        KerasTensor in = Input.of(Bench.IMG, Bench.IMG, 1);
        KerasTensor h = new io.jkeras.layers.Conv2D(32, 3, "relu").apply(in);
        h = new io.jkeras.layers.MaxPooling2D(2).apply(h);
        h = new io.jkeras.layers.Conv2D(64, 3, "relu").apply(h);
        h = new io.jkeras.layers.MaxPooling2D(2).apply(h);
        h = new io.jkeras.layers.Flatten().apply(h);
        h = new Dense(128, "relu").apply(h);
        KerasTensor out = new Dense(Bench.CLASSES, "softmax").apply(h);
        Model model = new Model(in, out);
        model.compile("adam", "categorical_crossentropy");
        int nw = Bench.CNN_WARM * Bench.CNN_BATCH, n = Bench.CNN_STEPS * Bench.CNN_BATCH;
        float[] xs = Bench.inputs(n, Bench.FEATURES), ys = Bench.oneHot(Bench.labels(n));
        Tensor x = Tensor.wrap(xs, n, Bench.IMG, Bench.IMG, 1), y = Tensor.wrap(ys, n, Bench.CLASSES);
        Tensor xw = Tensor.wrap(java.util.Arrays.copyOf(xs, nw * Bench.FEATURES), nw, Bench.IMG, Bench.IMG, 1);
        Tensor yw = Tensor.wrap(java.util.Arrays.copyOf(ys, nw * Bench.CLASSES), nw, Bench.CLASSES);
        Bench.info("jkeras", "java " + Runtime.version() + ", params " + model.countParams());
        model.fit(xw, yw, FitOptions.builder().epochs(1).batchSize(Bench.CNN_BATCH).verbose(0).seed(Bench.SEED));
        EpochTimer timer = new EpochTimer();
        model.fit(x, y, FitOptions.builder().epochs(Bench.REPEATS).batchSize(Bench.CNN_BATCH).verbose(0).seed(Bench.SEED + 1).callbacks(timer));
        for (double s : timer.seconds) Bench.result("jkeras", "cnn", "train", n / s);
        for (double s : timer.cpu) Bench.result("jkeras", "cnn", "train_per_cpu_s", n / s);
        int ni = Bench.CNN_INFER_BATCHES * Bench.INFER_BATCH;
        Tensor xi = Tensor.wrap(Bench.inputs(ni, Bench.FEATURES), ni, Bench.IMG, Bench.IMG, 1);
        model.predict(xi, Bench.INFER_BATCH);
        for (int r = 0; r < Bench.REPEATS; r++) {
            long t0 = System.nanoTime();
            model.predict(xi, Bench.INFER_BATCH);
            Bench.result("jkeras", "cnn", "infer", ni / ((System.nanoTime() - t0) / 1e9));
        }
    }

    /**
     * The LSTM workload: LSTM(128) over 50 steps of 32 features, last step only, then Dense 10
     * softmax (83,722 parameters); a warm-up fit of {@link Bench#LSTM_WARM} steps of 64, timed fits
     * of {@link Bench#LSTM_STEPS} steps; predict of 5 batches of 1024.
     */
    static void lstm() {
        SeedGenerator.setGlobalSeed(Bench.SEED);
        KerasTensor in = Input.of(Bench.SEQ_LEN, Bench.SEQ_FEATURES);
        KerasTensor h = new io.jkeras.layers.LSTM(Bench.LSTM_UNITS).apply(in);
        KerasTensor out = new Dense(Bench.CLASSES, "softmax").apply(h);
        Model model = new Model(in, out);
        model.compile("adam", "categorical_crossentropy");
        int sample = Bench.SEQ_LEN * Bench.SEQ_FEATURES;
        int nw = Bench.LSTM_WARM * Bench.LSTM_BATCH, n = Bench.LSTM_STEPS * Bench.LSTM_BATCH;
        float[] xs = Bench.inputs(n, sample), ys = Bench.oneHot(Bench.labels(n));
        Tensor x = Tensor.wrap(xs, n, Bench.SEQ_LEN, Bench.SEQ_FEATURES), y = Tensor.wrap(ys, n, Bench.CLASSES);
        Tensor xw = Tensor.wrap(java.util.Arrays.copyOf(xs, nw * sample), nw, Bench.SEQ_LEN, Bench.SEQ_FEATURES);
        Tensor yw = Tensor.wrap(java.util.Arrays.copyOf(ys, nw * Bench.CLASSES), nw, Bench.CLASSES);
        Bench.info("jkeras", "java " + Runtime.version() + ", params " + model.countParams());
        model.fit(xw, yw, FitOptions.builder().epochs(1).batchSize(Bench.LSTM_BATCH).verbose(0).seed(Bench.SEED));
        EpochTimer timer = new EpochTimer();
        model.fit(x, y, FitOptions.builder().epochs(Bench.REPEATS).batchSize(Bench.LSTM_BATCH).verbose(0).seed(Bench.SEED + 1).callbacks(timer));
        for (double s : timer.seconds) Bench.result("jkeras", "lstm", "train", n / s);
        for (double s : timer.cpu) Bench.result("jkeras", "lstm", "train_per_cpu_s", n / s);
        int ni = Bench.LSTM_INFER_BATCHES * Bench.INFER_BATCH;
        Tensor xi = Tensor.wrap(Bench.inputs(ni, sample), ni, Bench.SEQ_LEN, Bench.SEQ_FEATURES);
        model.predict(xi, Bench.INFER_BATCH);
        for (int r = 0; r < Bench.REPEATS; r++) {
            long t0 = System.nanoTime();
            model.predict(xi, Bench.INFER_BATCH);
            Bench.result("jkeras", "lstm", "infer", ni / ((System.nanoTime() - t0) / 1e9));
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
