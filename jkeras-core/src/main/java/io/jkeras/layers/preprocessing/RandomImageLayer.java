package io.jkeras.layers.preprocessing;

import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The base of the random image augmentation layers: they transform their inputs only in training
 * ({@code apply(x, true)}, or inside {@code fit}) and pass them through unchanged in inference.
 *
 * <p>Draws are deterministic: a layer given a {@link #seed(long) seed} draws the same sequence of
 * transformations in every run; an unseeded layer takes its seed from {@link SeedGenerator} when
 * it is created (reproducible after {@code SeedGenerator.setGlobalSeed}). Each training call draws
 * anew. The draws do not reproduce Keras's JAX random numbers bit for bit.
 *
 * @param <L> the concrete layer
 */
public abstract class RandomImageLayer<L extends RandomImageLayer<L>> extends ImageLayer<L> {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private Long seed;
    private long base = SeedGenerator.nextSeed();
    private long calls;

    /** Fixes the seed: the same seed gives the same sequence of transformations, call after call, run after run. */
    public L seed(long s) {
        this.seed = s;
        this.base = SeedGenerator.mix(s);
        this.calls = 0;
        return self();
    }

    /** The seed given by the user, or null. */
    public Long seed() { return seed; }

    /** A fresh generator for the next training call. */
    protected final SplittableRandom nextRandom() { return new SplittableRandom(SeedGenerator.mix(base + GOLDEN * ++calls)); }

    /** {@code n} draws, uniform in {@code [low, high)} (exactly {@code low} when the bounds are equal). */
    protected static double[] uniform(SplittableRandom r, int n, double low, double high) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = low + (high - low) * r.nextDouble();
        return v;
    }

    /** The number of images in {@code x} (1 for a single image). */
    protected static int batchSize(Tensor x) { return x.rank() == 4 ? x.dim(0) : 1; }

    @Override protected final Tensor call(Tensor x, boolean training) {
        checkImages(x.shape());
        Tensor in = floating(x);
        return training ? augment(in) : in;
    }

    /** The training-time transformation of a float rank-3 or rank-4 input. */
    protected abstract Tensor augment(Tensor x);

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("seed", seed);
        return c;
    }

    // ---------------------------------------------------------------- factor arguments

    /**
     * Keras's {@code factor} argument of RandomRotation, RandomBrightness and RandomContrast: one
     * number {@code f} in {@code [lo, hi]} gives {@code (max(-|f|, lo), |f|)}; a pair is sorted
     * (Keras rejects it only when its first entry is above {@code hi} or its second below {@code lo}).
     */
    static double[] baseFactor(double[] f, double lo, double hi, String layer) {
        String got = f.length == 1 ? num(f[0]) : List.of(num(f[0]), f.length > 1 ? num(f[1]) : "").toString();
        String msg = layer + "The `factor` argument should be a number (or a list of two numbers) in the range [" + num(lo) + ", "
                + num(hi) + "]. Received: factor=" + got;
        for (double v : f) if (!Double.isFinite(v)) throw new IllegalArgumentException(msg);
        if (f.length == 1) {
            if (f[0] < lo || f[0] > hi) throw new IllegalArgumentException(msg);
            double a = Math.abs(f[0]);
            return new double[] {Math.max(-a, lo), a};
        }
        if (f.length != 2 || f[0] > hi || f[1] < lo) throw new IllegalArgumentException(msg);
        return new double[] {Math.min(f[0], f[1]), Math.max(f[0], f[1])};
    }

    /**
     * Keras's {@code height_factor}/{@code width_factor} of RandomZoom and RandomTranslation: one
     * number gives {@code (-|f|, |f|)}, a pair is sorted; every value must lie in the range
     * ({@code (-1, 1]} for zoom, {@code [-1, 1]} for translation).
     */
    static double[] pairFactor(double[] f, boolean openBelow, String arg, String layer, String range) {
        for (double v : f) {
            if (!Double.isFinite(v) || v > 1 || (openBelow ? v <= -1 : v < -1)) throw new IllegalArgumentException(layer + "The `" + arg
                    + "` argument should be a number (or a list of two numbers) in the range " + range + ". Received: " + arg + "="
                    + (f.length == 1 ? num(f[0]) : java.util.Arrays.toString(f)));
        }
        if (f.length == 1) return new double[] {-Math.abs(f[0]), Math.abs(f[0])};
        if (f.length != 2) throw new IllegalArgumentException(layer + "`" + arg + "` must be one number or a list of two, received "
                + java.util.Arrays.toString(f));
        return new double[] {Math.min(f[0], f[1]), Math.max(f[0], f[1])};
    }

    /** A factor as Keras writes it: the number when one was given, else the list. */
    static Object factorConfig(double[] given) {
        return given.length == 1 ? (Object) given[0] : List.of(given[0], given[1]);
    }

    static String num(double v) { return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v); }
}
