package io.jkeras.initializers;

import io.jkeras.tensor.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keras's built-in initializers by identifier ({@code keras.initializers.get}) and by config
 * ({@code keras.initializers.deserialize}).
 *
 * <pre>{@code
 * Initializer a = Initializers.get("he_normal");          // or "HeNormal"; a new, unseeded instance
 * Initializer b = Initializers.fromConfig("RandomNormal", Map.of("mean", 0.0, "stddev", 0.1, "seed", 3));
 * }</pre>
 *
 * Identifiers are Keras's class names and their snake_case forms, matched ignoring case and
 * underscores, plus Keras's aliases {@code normal}, {@code uniform}, {@code one}, {@code zero},
 * {@code IdentityInitializer} and {@code OrthogonalInitializer}.
 */
public final class Initializers {
    private static final Map<String, Supplier<Initializer>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Function<Cfg, Initializer>> FROM_CONFIG = new LinkedHashMap<>();
    private static final List<String> SNAKE_NAMES = new ArrayList<>();

    static {
        reg("Constant", "constant", Constant::new, c -> new Constant(c.dbl("value", 0.0)));
        reg("Zeros", "zeros", Zeros::new, c -> new Zeros());
        reg("Ones", "ones", Ones::new, c -> new Ones());
        reg("Identity", "identity", Identity::new, c -> new Identity(c.dbl("gain", 1.0)));
        reg("RandomNormal", "random_normal", RandomNormal::new,
                c -> new RandomNormal(c.dbl("mean", 0.0), c.dbl("stddev", 0.05), c.seed()));
        reg("RandomUniform", "random_uniform", RandomUniform::new,
                c -> new RandomUniform(c.dbl("minval", -0.05), c.dbl("maxval", 0.05), c.seed()));
        reg("TruncatedNormal", "truncated_normal", TruncatedNormal::new,
                c -> new TruncatedNormal(c.dbl("mean", 0.0), c.dbl("stddev", 0.05), c.seed()));
        reg("VarianceScaling", "variance_scaling", VarianceScaling::new,
                c -> new VarianceScaling(c.dbl("scale", 1.0), VarianceScaling.Mode.fromName(c.str("mode", "fan_in")),
                        VarianceScaling.Distribution.fromName(c.str("distribution", "truncated_normal")), c.seed(),
                        c.axes("input_axes"), c.axes("output_axes")));
        reg("GlorotUniform", "glorot_uniform", GlorotUniform::new, c -> new GlorotUniform(c.seed(), c.axes("input_axes"), c.axes("output_axes")));
        reg("GlorotNormal", "glorot_normal", GlorotNormal::new, c -> new GlorotNormal(c.seed(), c.axes("input_axes"), c.axes("output_axes")));
        reg("HeUniform", "he_uniform", HeUniform::new, c -> new HeUniform(c.seed(), c.axes("input_axes"), c.axes("output_axes")));
        reg("HeNormal", "he_normal", HeNormal::new, c -> new HeNormal(c.seed(), c.axes("input_axes"), c.axes("output_axes")));
        reg("LecunUniform", "lecun_uniform", LecunUniform::new, c -> new LecunUniform(c.seed(), c.axes("input_axes"), c.axes("output_axes")));
        reg("LecunNormal", "lecun_normal", LecunNormal::new, c -> new LecunNormal(c.seed(), c.axes("input_axes"), c.axes("output_axes")));
        reg("Orthogonal", "orthogonal", Orthogonal::new, c -> new Orthogonal(c.dbl("gain", 1.0), c.seed()));
        alias("normal", "RandomNormal");
        alias("uniform", "RandomUniform");
        alias("one", "Ones");
        alias("zero", "Zeros");
        alias("IdentityInitializer", "Identity");
        alias("OrthogonalInitializer", "Orthogonal");
    }

    private Initializers() {}

    private static void reg(String cls, String snake, Supplier<Initializer> make, Function<Cfg, Initializer> fromCfg) {
        BY_NAME.put(key(cls), make);
        FROM_CONFIG.put(key(cls), fromCfg);
        SNAKE_NAMES.add(snake);
    }

    private static void alias(String alias, String cls) {
        BY_NAME.put(key(alias), BY_NAME.get(key(cls)));
        FROM_CONFIG.put(key(alias), FROM_CONFIG.get(key(cls)));
    }

    /** Lower case without underscores: "glorot_uniform" and "GlorotUniform" meet at "glorotuniform". */
    private static String key(String name) { return name.trim().replace("_", "").toLowerCase(Locale.ROOT); }

    /**
     * A new initializer with Keras's defaults for an identifier such as {@code "glorot_uniform"},
     * {@code "HeNormal"} or {@code "zeros"}. Random ones are unseeded (their seed comes from the
     * global {@link io.jkeras.random.SeedGenerator}), so each call gives a different instance.
     *
     * @throws IllegalArgumentException for an unknown identifier, listing the valid ones
     */
    public static Initializer get(String identifier) {
        if (identifier == null) throw new IllegalArgumentException("Initializer identifier is null. Valid identifiers: " + String.join(", ", SNAKE_NAMES));
        Supplier<Initializer> s = BY_NAME.get(key(identifier));
        if (s == null) throw unknown(identifier);
        return s.get();
    }

    /**
     * An initializer from its Keras class name and config (Keras {@code deserialize}); missing keys
     * take Keras's defaults. Numbers may be any {@link Number}; {@code seed} may be null.
     */
    public static Initializer fromConfig(String className, Map<String, ?> config) {
        Function<Cfg, Initializer> f = className == null ? null : FROM_CONFIG.get(key(className));
        if (f == null) throw unknown(className);
        return f.apply(new Cfg(className, config == null ? Map.of() : config));
    }

    /** The Keras snake_case identifiers, e.g. {@code glorot_uniform} (class names work too). */
    public static List<String> identifiers() { return Collections.unmodifiableList(SNAKE_NAMES); }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("Unknown initializer '" + name + "'. Valid identifiers: " + String.join(", ", SNAKE_NAMES)
                + " (or their class names, e.g. GlorotUniform)");
    }

    // ---------------------------------------------------------------- kept shortcuts

    /** {@code new Zeros()}. */
    public static Initializer zeros() { return new Zeros(); }

    /** {@code new Ones()}. */
    public static Initializer ones() { return new Ones(); }

    /** {@code new GlorotUniform(seed)}; {@code null} draws the seed from the global generator. */
    public static Initializer glorotUniform(Long seed) { return new GlorotUniform(seed, null, null); }

    // ---------------------------------------------------------------- fans

    /**
     * Keras's fan computation, {@code {fan_in, fan_out}}: a scalar gives {1, 1}, a vector
     * {n, n}, a matrix {rows, cols}; higher ranks are convolution kernels
     * {@code (..., in, out)} whose fans are multiplied by the receptive field (the product of the
     * leading dimensions).
     */
    public static long[] fans(Shape shape) {
        int r = shape.rank();
        if (r == 0) return new long[] {1, 1};
        if (r == 1) return new long[] {shape.dim(0), shape.dim(0)};
        if (r == 2) return new long[] {shape.dim(0), shape.dim(1)};
        long rf = 1;
        for (int i = 0; i < r - 2; i++) rf *= shape.dim(i);
        return new long[] {shape.dim(r - 2) * rf, shape.dim(r - 1) * rf};
    }

    /**
     * Fans from explicit axes (Keras 3.15 {@code input_axes}/{@code output_axes}): the products of
     * those dimensions. Used only when both are non-null; otherwise {@link #fans(Shape)}.
     */
    public static long[] fans(Shape shape, int[] inputAxes, int[] outputAxes) {
        if (inputAxes == null || outputAxes == null) return fans(shape);
        long in = 1, out = 1;
        for (int a : inputAxes) in *= shape.dim(shape.normalizeAxis(a));
        for (int a : outputAxes) out *= shape.dim(shape.normalizeAxis(a));
        return new long[] {in, out};
    }

    // ---------------------------------------------------------------- config reading

    /** Typed reads from a Keras config map with clear errors. */
    private record Cfg(String cls, Map<String, ?> m) {
        double dbl(String k, double dflt) {
            Object v = m.get(k);
            if (v == null) return dflt;
            if (v instanceof Number n) return n.doubleValue();
            throw bad(k, v, "a number");
        }

        String str(String k, String dflt) {
            Object v = m.get(k);
            if (v == null) return dflt;
            if (v instanceof String s) return s;
            throw bad(k, v, "a string");
        }

        Long seed() {
            Object v = m.get("seed");
            if (v == null) return null;
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
            throw bad("seed", v, "an integer or null (a serialized SeedGenerator is not supported)");
        }

        int[] axes(String k) {
            Object v = m.get(k);
            if (v == null) return null;
            if (v instanceof Number n) return new int[] {n.intValue()};
            if (v instanceof List<?> l) {
                int[] a = new int[l.size()];
                for (int i = 0; i < a.length; i++) {
                    if (!(l.get(i) instanceof Number n)) throw bad(k, v, "a list of integers");
                    a[i] = n.intValue();
                }
                return a;
            }
            if (v instanceof int[] a) return a.clone();
            throw bad(k, v, "a list of integers or null");
        }

        private IllegalArgumentException bad(String k, Object v, String expected) {
            return new IllegalArgumentException("Initializer " + cls + ": config key '" + k + "' must be " + expected + ", received " + v);
        }
    }
}
