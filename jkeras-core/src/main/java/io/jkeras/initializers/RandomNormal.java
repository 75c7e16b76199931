package io.jkeras.initializers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/** Normal values (Keras {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}). */
public class RandomNormal extends RandomInitializer {
    private final double mean, stddev;

    /** Keras defaults: mean 0, stddev 0.05, unseeded. */
    public RandomNormal() { this(0.0, 0.05, null); }

    public RandomNormal(double mean, double stddev) { this(mean, stddev, null); }

    public RandomNormal(double mean, double stddev, long seed) { this(mean, stddev, Long.valueOf(seed)); }

    /** @param seed {@code null} to draw the seed from the global generator */
    public RandomNormal(double mean, double stddev, Long seed) {
        super(seed);
        if (!(stddev >= 0)) throw new IllegalArgumentException("RandomNormal: stddev must be >= 0, received stddev=" + stddev);
        this.mean = mean;
        this.stddev = stddev;
    }

    public double mean() { return mean; }
    public double stddev() { return stddev; }

    @Override public Tensor generate(Shape shape, DType dtype) {
        checkFloating(shape, dtype);
        return Ops.randomNormal(shape, mean, stddev, dtype, streamSeed());
    }

    @Override public String className() { return "RandomNormal"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = super.getConfig();
        m.put("mean", mean);
        m.put("stddev", stddev);
        return m;
    }
}
