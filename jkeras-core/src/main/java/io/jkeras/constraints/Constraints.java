package io.jkeras.constraints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keras's built-in constraints by identifier ({@code keras.constraints.get}) and by config.
 *
 * <pre>{@code
 * Constraint c = Constraints.get("max_norm");                  // MaxNorm(max_value=2, axis=0)
 * Constraint d = Constraints.fromConfig("MaxNorm", Map.of("max_value", 3, "axis", List.of(0, 1, 2)));
 * }</pre>
 *
 * Identifiers are the class names and their snake_case forms ({@code max_norm}, {@code non_neg},
 * {@code unit_norm}, {@code min_max_norm}), matched ignoring case and underscores.
 */
public final class Constraints {
    private static final Map<String, Supplier<Constraint>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Function<Map<String, ?>, Constraint>> FROM_CONFIG = new LinkedHashMap<>();
    private static final List<String> NAMES = List.of("max_norm", "non_neg", "unit_norm", "min_max_norm");

    static {
        reg("MaxNorm", MaxNorm::new, c -> new MaxNorm(num(c, "max_value", 2.0), axes(c)));
        reg("NonNeg", NonNeg::new, c -> new NonNeg());
        reg("UnitNorm", UnitNorm::new, c -> new UnitNorm(axes(c)));
        reg("MinMaxNorm", MinMaxNorm::new, c -> new MinMaxNorm(num(c, "min_value", 0.0), num(c, "max_value", 1.0), num(c, "rate", 1.0), axes(c)));
    }

    private Constraints() {}

    private static void reg(String cls, Supplier<Constraint> make, Function<Map<String, ?>, Constraint> fromCfg) {
        BY_NAME.put(key(cls), make);
        FROM_CONFIG.put(key(cls), fromCfg);
    }

    private static String key(String name) { return name.trim().replace("_", "").toLowerCase(Locale.ROOT); }

    /**
     * A new constraint with Keras's defaults for {@code identifier}; {@code null} gives {@code null}
     * (no constraint), as in Keras.
     *
     * @throws IllegalArgumentException for an unknown identifier, listing the valid ones
     */
    public static Constraint get(String identifier) {
        if (identifier == null) return null;
        Supplier<Constraint> s = BY_NAME.get(key(identifier));
        if (s == null) throw unknown(identifier);
        return s.get();
    }

    /** A constraint from its Keras class name and config; missing keys take Keras's defaults. */
    public static Constraint fromConfig(String className, Map<String, ?> config) {
        Function<Map<String, ?>, Constraint> f = className == null ? null : FROM_CONFIG.get(key(className));
        if (f == null) throw unknown(className);
        return f.apply(config == null ? Map.of() : config);
    }

    /** The snake_case identifiers (class names work too). */
    public static List<String> identifiers() { return NAMES; }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("Unknown constraint '" + name + "'. Valid identifiers: " + String.join(", ", NAMES)
                + " (or their class names: MaxNorm, NonNeg, UnitNorm, MinMaxNorm)");
    }

    private static double num(Map<String, ?> c, String k, double dflt) {
        Object v = c.get(k);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("Constraint config key '" + k + "' must be a number, received " + v);
    }

    private static int[] axes(Map<String, ?> c) {
        Object v = c.get("axis");
        if (v == null) return new int[] {0};
        if (v instanceof Number n) return new int[] {n.intValue()};
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(Number.class::isInstance)) {
            return l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        }
        throw new IllegalArgumentException("Constraint config key 'axis' must be an integer or a list of integers, received " + v);
    }
}
