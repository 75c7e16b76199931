package io.jkeras.initializers;

import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the initializers that draw random values. As in Keras 3, the seed is fixed when the
 * initializer is made: a seeded initializer gives the same values for the same seed, and one
 * object called twice (e.g. reused for two weights) gives the same values twice, seeded or not.
 * An unseeded initializer takes its seed from {@link SeedGenerator#nextSeed()} at construction,
 * so {@link SeedGenerator#setGlobalSeed(long)} before building a model makes it reproducible.
 */
public abstract class RandomInitializer implements Initializer {
    private final Long seed;
    private final long streamSeed;

    /** @param seed the user's seed, or {@code null} to draw one from the global {@link SeedGenerator} */
    protected RandomInitializer(Long seed) {
        this.seed = seed;
        this.streamSeed = seed != null ? SeedGenerator.mix(seed) : SeedGenerator.nextSeed();
    }

    /** The seed given by the user, or {@code null} when it was drawn from the global generator. */
    public Long seed() { return seed; }

    /** The seed of the random stream this initializer draws from (fixed for its lifetime). */
    protected long streamSeed() { return streamSeed; }

    /** Throws a clear error unless {@code dtype} is floating. */
    protected void checkFloating(Shape shape, DType dtype) {
        if (!dtype.isFloating()) throw new IllegalArgumentException(className() + " can only generate floating-point values; "
                + "received dtype=" + dtype + " for shape " + shape + ". Use a float32 or float64 weight.");
    }

    /** {@code {"seed": seed}}, the part of the config every random initializer shares. */
    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        return m;
    }

    @Override public String toString() { return className() + getConfig(); }
}
