package io.jkeras.layers;

import io.jkeras.random.SeedGenerator;

/**
 * The seed stream of a noise layer: a seeded layer draws the same sequence of per-call seeds in
 * every run; an unseeded one takes its base from {@link SeedGenerator} when it is created.
 */
final class NoiseSeeds {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private Long seed;
    private long base = SeedGenerator.nextSeed();
    private long calls;

    void seed(long s) {
        this.seed = s;
        this.base = SeedGenerator.mix(s);
        this.calls = 0;
    }

    /** The user's seed, or null. */
    Long seed() { return seed; }

    /** The seed for the next training call. */
    long next() { return SeedGenerator.mix(base + GOLDEN * ++calls); }
}
