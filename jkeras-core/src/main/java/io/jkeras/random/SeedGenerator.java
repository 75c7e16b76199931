package io.jkeras.random;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The global source of seeds for initializers and random layers that were given no seed
 * (Keras's {@code keras.utils.set_random_seed}). After {@link #setGlobalSeed(long)} every draw
 * sequence is reproducible bit for bit.
 */
public final class SeedGenerator {
    private static final AtomicLong STATE = new AtomicLong(System.nanoTime() ^ 0x5DEECE66DL);

    private SeedGenerator() {}

    /** Makes every later unseeded draw deterministic (Keras: {@code keras.utils.set_random_seed(seed)}). */
    public static void setGlobalSeed(long seed) { STATE.set(mix(seed)); }

    /** A fresh seed from the global sequence. */
    public static long nextSeed() { return mix(STATE.getAndAdd(0x9E3779B97F4A7C15L)); }

    /** SplitMix64 finalizer: spreads nearby seeds to unrelated streams. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
