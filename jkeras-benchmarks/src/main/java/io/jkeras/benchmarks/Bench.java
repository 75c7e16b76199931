package io.jkeras.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What every workload process of the side-by-side runner shares: the workload sizes of
 * {@code ../shared/peers/README.md}, the synthetic data, and the {@code RESULT} lines that
 * {@link SideBySide} reads ({@code RESULT <lib> <workload> <key> <value>}, one per timed repeat).
 */
public final class Bench {
    private Bench() {}

    public static final long SEED = 42;
    public static final int SAMPLES = 60_000, IMG = 28, FEATURES = IMG * IMG, CLASSES = 10;
    public static final int MLP_BATCH = 128, CNN_BATCH = 128, LSTM_BATCH = 64, INFER_BATCH = 1024;
    public static final int SEQ_LEN = 50, SEQ_FEATURES = 32, LSTM_UNITS = 128;
    /** 468 steps of 128 = 59,904 samples per MLP epoch. */
    public static final int MLP_STEPS = SAMPLES / MLP_BATCH;
    public static final int MLP_INFER_BATCHES = SAMPLES / INFER_BATCH;
    public static final int CNN_WARM = 10, CNN_STEPS = 40, CNN_INFER_BATCHES = 10;
    public static final int LSTM_WARM = 5, LSTM_STEPS = 20, LSTM_INFER_BATCHES = 5;
    /** Timed repeats per process (environment BENCH_REPEATS, default 3). */
    public static final int REPEATS = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPEATS", "3"));

    /** {@code n * sampleSize} floats uniform in [0, 1), from a fixed seed. */
    public static float[] inputs(int n, int sampleSize) {
        SplittableRandom r = new SplittableRandom(SEED);
        float[] x = new float[n * sampleSize];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        return x;
    }

    /** Class indices uniform over {@link #CLASSES}, from a fixed seed. */
    public static int[] labels(int n) {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(CLASSES);
        return y;
    }

    /** One-hot float rows of {@code labels}. */
    public static float[] oneHot(int[] labels) {
        float[] y = new float[labels.length * CLASSES];
        for (int i = 0; i < labels.length; i++) y[i * CLASSES + labels[i]] = 1f;
        return y;
    }

    /** CPU seconds this process has used so far (all its threads), or NaN where the JVM does not say. */
    public static double cpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return os.getProcessCpuTime() / 1e9;
        return Double.NaN;
    }

    /** Prints one result line for {@link SideBySide}. */
    public static void result(String lib, String workload, String key, double value) {
        System.out.printf(Locale.ROOT, "RESULT %s %s %s %.3f%n", lib, workload, key, value);
        System.out.flush();
    }

    /** Prints an informational line (versions, threads) that the runner copies into its report. */
    public static void info(String lib, String text) {
        System.out.println("INFO " + lib + " " + text);
        System.out.flush();
    }

    /** This process's peak resident set (VmHWM of /proc/self/status) in MB, or -1 where /proc is absent. */
    public static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Reports the peak RSS and the startup time; call at the end of a workload process. */
    public static void finish(String lib, String workload) {
        result(lib, workload, "rss_mb", peakRssMb());
    }

    /** The workload named by {@code args[1]} (mlp, cnn or lstm). */
    public static String workload(String[] args, int index) {
        String wl = args.length > index ? args[index] : "mlp";
        if (!wl.equals("mlp") && !wl.equals("cnn") && !wl.equals("lstm") && !wl.equals("small"))
            throw new IllegalArgumentException("Unknown workload '" + wl + "': use mlp, cnn, lstm or small");
        return wl;
    }
}
