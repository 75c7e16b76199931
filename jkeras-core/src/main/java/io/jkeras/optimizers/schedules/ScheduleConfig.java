package io.jkeras.optimizers.schedules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed, consuming access to a schedule's config map; leftover keys are an error. */
final class ScheduleConfig {
    final String cls;
    private final Map<String, Object> rest;

    ScheduleConfig(String cls, Map<String, ?> config) {
        this.cls = cls;
        this.rest = new LinkedHashMap<>(config);
    }

    private IllegalArgumentException bad(String key, Object v, String expected) {
        return new IllegalArgumentException(cls + " config: `" + key + "` must be " + expected + ", received: " + v
                + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")"));
    }

    double number(String key) {
        Object v = rest.remove(key);
        if (v instanceof Number n) return n.doubleValue();
        throw v == null ? new IllegalArgumentException(cls + " config: missing required key `" + key + "`") : bad(key, v, "a number");
    }

    double number(String key, double dflt) {
        if (!rest.containsKey(key)) return dflt;
        return number(key);
    }

    Double nullableNumber(String key) {
        Object v = rest.remove(key);
        if (v == null) return null;
        if (v instanceof Number n) return n.doubleValue();
        throw bad(key, v, "a number or null");
    }

    boolean bool(String key, boolean dflt) {
        if (!rest.containsKey(key)) return dflt;
        Object v = rest.remove(key);
        if (v instanceof Boolean b) return b;
        throw bad(key, v, "true or false");
    }

    /** The name; Keras writes {@code null} for "use the default". */
    String name(String dflt) {
        Object v = rest.remove("name");
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw bad("name", v, "a string");
    }

    List<Double> numbers(String key) {
        Object v = rest.remove(key);
        if (!(v instanceof List<?> l)) throw v == null ? new IllegalArgumentException(cls + " config: missing required key `" + key + "`")
                : bad(key, v, "a list of numbers");
        List<Double> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Number n)) throw bad(key, v, "a list of numbers");
            out.add(n.doubleValue());
        }
        return out;
    }

    void checkAllUsed() {
        if (!rest.isEmpty()) throw new IllegalArgumentException(cls + " config: argument(s) not recognized: " + rest.keySet()
                + ". Check the key names against " + cls + "'s Keras config.");
    }

    /** A step count as Keras writes it: an integer when it is one. */
    static Object steps(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }

    static double positive(String cls, String key, double v) {
        if (!(v > 0)) throw new IllegalArgumentException(cls + ": argument `" + key + "` must be > 0. Received: " + key + "=" + v);
        return v;
    }
}
