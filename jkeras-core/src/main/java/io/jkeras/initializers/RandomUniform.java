package io.jkeras.initializers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/** Uniform values in {@code [minval, maxval)} (Keras {@code RandomUniform(minval=-0.05, maxval=0.05, seed=None)}). */
public class RandomUniform extends RandomInitializer {
    private final double minval, maxval;

    /** Keras defaults: [-0.05, 0.05), unseeded. */
    public RandomUniform() { this(-0.05, 0.05, null); }

    public RandomUniform(double minval, double maxval) { this(minval, maxval, null); }

    public RandomUniform(double minval, double maxval, long seed) { this(minval, maxval, Long.valueOf(seed)); }

    /** @param seed {@code null} to draw the seed from the global generator */
    public RandomUniform(double minval, double maxval, Long seed) {
        super(seed);
        if (!(minval <= maxval)) throw new IllegalArgumentException("RandomUniform: minval must be <= maxval, received minval="
                + minval + ", maxval=" + maxval);
        this.minval = minval;
        this.maxval = maxval;
    }

    public double minval() { return minval; }
    public double maxval() { return maxval; }

    @Override public Tensor generate(Shape shape, DType dtype) {
        checkFloating(shape, dtype);
        return Ops.randomUniform(shape, minval, maxval, dtype, streamSeed());
    }

    @Override public String className() { return "RandomUniform"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = super.getConfig();
        m.put("minval", minval);
        m.put("maxval", maxval);
        return m;
    }
}
