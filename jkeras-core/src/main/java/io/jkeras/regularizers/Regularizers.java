package io.jkeras.regularizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keras's built-in regularizers by identifier ({@code keras.regularizers.get}) and by config.
 *
 * <pre>{@code
 * Regularizer r = Regularizers.get("l2");                           // L2(l2=0.01)
 * Regularizer s = Regularizers.fromConfig("L1L2", Map.of("l1", 0.001, "l2", 0.01));
 * }</pre>
 *
 * Identifiers are the class names and their snake_case forms ({@code "l1"}, {@code "l2"},
 * {@code "l1l2"}, {@code "orthogonal_regularizer"}), matched ignoring case and underscores, so
 * {@code "l1_l2"} (Keras's {@code keras.regularizers.l1_l2}) works too. Each call returns a new
 * instance with Keras's defaults: {@code l1=0.01}, {@code l2=0.01}, and 0 for both factors of L1L2.
 */
public final class Regularizers {
    private static final Map<String, Supplier<Regularizer>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Function<Map<String, ?>, Regularizer>> FROM_CONFIG = new LinkedHashMap<>();
    private static final List<String> NAMES = List.of("l1", "l2", "l1_l2", "orthogonal_regularizer");

    static {
        reg("L1", L1::new, c -> new L1(num(c, "l1", 0.01)));
        reg("L2", L2::new, c -> new L2(num(c, "l2", 0.01)));
        reg("L1L2", L1L2::new, c -> new L1L2(num(c, "l1", 0.0), num(c, "l2", 0.0)));
        reg("OrthogonalRegularizer", OrthogonalRegularizer::new,
                c -> new OrthogonalRegularizer(num(c, "factor", 0.01), c.get("mode") == null ? "rows" : String.valueOf(c.get("mode"))));
    }

    private Regularizers() {}

    private static void reg(String cls, Supplier<Regularizer> make, Function<Map<String, ?>, Regularizer> fromCfg) {
        BY_NAME.put(key(cls), make);
        FROM_CONFIG.put(key(cls), fromCfg);
    }

    private static String key(String name) { return name.trim().replace("_", "").toLowerCase(Locale.ROOT); }

    /**
     * A new regularizer with Keras's defaults for {@code identifier}; {@code null} gives {@code null}
     * (no regularizer), as in Keras.
     *
     * @throws IllegalArgumentException for an unknown identifier, listing the valid ones
     */
    public static Regularizer get(String identifier) {
        if (identifier == null) return null;
        Supplier<Regularizer> s = BY_NAME.get(key(identifier));
        if (s == null) throw unknown(identifier);
        return s.get();
    }

    /** A regularizer from its Keras class name and config; missing keys take Keras's defaults. */
    public static Regularizer fromConfig(String className, Map<String, ?> config) {
        Function<Map<String, ?>, Regularizer> f = className == null ? null : FROM_CONFIG.get(key(className));
        if (f == null) throw unknown(className);
        return f.apply(config == null ? Map.of() : config);
    }

    /** The snake_case identifiers (class names work too). */
    public static List<String> identifiers() { return NAMES; }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("Unknown regularizer '" + name + "'. Valid identifiers: " + String.join(", ", NAMES)
                + " (or their class names: L1, L2, L1L2, OrthogonalRegularizer)");
    }

    private static double num(Map<String, ?> c, String k, double dflt) {
        Object v = c.get(k);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("Regularizer config key '" + k + "' must be a number, received " + v);
    }

    /** Keras's check: a finite, non-negative factor. */
    static double checkFactor(double v, String name) {
        if (!Double.isFinite(v) || v < 0) throw new IllegalArgumentException("Invalid value for argument " + name
                + ": expected a non-negative float. Received: " + name + "=" + v);
        return v;
    }
}
