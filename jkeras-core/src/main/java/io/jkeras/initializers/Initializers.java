package io.jkeras.initializers;

import io.jkeras.ops.Ops;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Keras's built-in initializers by identifier ({@code keras.initializers.get}). */
public final class Initializers {
    private static final Map<String, Supplier<Initializer>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("zeros", Initializers::zeros);
        BY_NAME.put("ones", Initializers::ones);
        BY_NAME.put("glorot_uniform", () -> glorotUniform(null));
    }

    private Initializers() {}

    /** The initializer for a Keras identifier such as {@code "glorot_uniform"} or {@code "zeros"}. */
    public static Initializer get(String name) {
        Supplier<Initializer> s = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (s == null) throw new IllegalArgumentException("Unknown initializer '" + name + "'. Valid identifiers: " + String.join(", ", BY_NAME.keySet()));
        return s.get();
    }

    public static Initializer zeros() { return constant("Zeros", 0); }

    public static Initializer ones() { return constant("Ones", 1); }

    private static Initializer constant(String cls, double v) {
        return new Initializer() {
            @Override public Tensor generate(Shape shape, DType dtype) { return Tensor.full(shape, v, dtype); }
            @Override public String className() { return cls; }
        };
    }

    /** Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fan_in + fan_out)). */
    public static Initializer glorotUniform(Long seed) {
        return new Initializer() {
            @Override public Tensor generate(Shape shape, DType dtype) {
                long[] f = fans(shape);
                double limit = Math.sqrt(6.0 / Math.max(1.0, f[0] + f[1]));
                return Ops.randomUniform(shape, -limit, limit, dtype, seed != null ? SeedGenerator.mix(seed) : SeedGenerator.nextSeed());
            }
            @Override public String className() { return "GlorotUniform"; }
            @Override public Map<String, Object> getConfig() {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("seed", seed);
                return m;
            }
        };
    }

    /** Keras's fan computation: {fan_in, fan_out}; conv kernels multiply by the receptive field. */
    public static long[] fans(Shape shape) {
        int r = shape.rank();
        if (r == 0) return new long[] {1, 1};
        if (r == 1) return new long[] {shape.dim(0), shape.dim(0)};
        if (r == 2) return new long[] {shape.dim(0), shape.dim(1)};
        long rf = 1;
        for (int i = 0; i < r - 2; i++) rf *= shape.dim(i);
        return new long[] {shape.dim(r - 2) * rf, shape.dim(r - 1) * rf};
    }
}
