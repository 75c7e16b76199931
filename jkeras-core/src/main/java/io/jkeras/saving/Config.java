package io.jkeras.saving;

import io.jkeras.tensor.DType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only, typed view of one Keras config object (the {@code "config"} dict of a layer,
 * initializer, ...), as read from a {@code config.json} or a legacy {@code model_config}.
 * Every getter checks the JSON type and throws an {@link IllegalArgumentException} that names the
 * owner (e.g. {@code layer "dense" (Dense)}), the key, what was expected and what was found; the
 * loader turns it into a {@link ModelFormatException}.
 *
 * <pre>{@code
 * // a custom layer's factory, registered with SavingRegistry.register("MyDense", MyDense::fromConfig)
 * static MyDense fromConfig(Config c) {
 *     return new MyDense(c.getInt("units")).activation(c.getString("activation", "linear"));
 * }
 * }</pre>
 */
public final class Config {
    private final Map<String, Object> map;
    private final String owner;

    private Config(Map<String, Object> map, String owner) {
        this.map = map;
        this.owner = owner;
    }

    /** A view of {@code map}; {@code owner} names it in error messages (e.g. {@code layer "dense" (Dense)}). */
    public static Config of(Map<String, Object> map, String owner) {
        return new Config(Collections.unmodifiableMap(map), owner);
    }

    /** What this config belongs to, as used in error messages. */
    public String owner() { return owner; }

    /** True when {@code key} is present with a non-null value. */
    public boolean has(String key) { return map.get(key) != null; }

    /** The keys, in file order. */
    public Set<String> keys() { return map.keySet(); }

    /** The raw JSON value: Map, List, String, Long, Double, Boolean or null. */
    public Object get(String key) { return map.get(key); }

    /** The whole object, read-only (for passing nested configs on). */
    public Map<String, Object> asMap() { return map; }

    // ------------------------------------------------------------------ scalars

    public String getString(String key) {
        Object v = require(key);
        if (v instanceof String s) return s;
        throw wrongType(key, "a string", v);
    }

    public String getString(String key, String defaultValue) { return has(key) ? getString(key) : defaultValue; }

    public boolean getBoolean(String key, boolean defaultValue) {
        Object v = map.get(key);
        if (v == null) return defaultValue;
        if (v instanceof Boolean b) return b;
        throw wrongType(key, "true or false", v);
    }

    public long getLong(String key) { return toLong(key, require(key)); }

    public Long getLongOrNull(String key) { return has(key) ? toLong(key, map.get(key)) : null; }

    public int getInt(String key) { return toInt(key, require(key)); }

    public int getInt(String key, int defaultValue) { return has(key) ? getInt(key) : defaultValue; }

    public double getDouble(String key) {
        Object v = require(key);
        if (v instanceof Number n) return n.doubleValue();
        throw wrongType(key, "a number", v);
    }

    public double getDouble(String key, double defaultValue) { return has(key) ? getDouble(key) : defaultValue; }

    public Double getDoubleOrNull(String key) { return has(key) ? getDouble(key) : null; }

    // ------------------------------------------------------------------ structures

    /** A nested object as a Config, or null when absent or null. */
    @SuppressWarnings("unchecked")
    public Config getConfig(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (v instanceof Map<?, ?> m) return new Config(Collections.unmodifiableMap((Map<String, Object>) m), owner);
        throw wrongType(key, "an object", v);
    }

    /** A JSON array, or null when absent or null. */
    @SuppressWarnings("unchecked")
    public List<Object> getList(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (v instanceof List<?> l) return Collections.unmodifiableList((List<Object>) l);
        throw wrongType(key, "an array", v);
    }

    /**
     * A shape such as {@code [null, 784]}: {@code null} entries become -1 (unknown). Returns null
     * when the key is absent or null.
     */
    public int[] getShape(String key) {
        List<Object> l = getList(key);
        if (l == null) return null;
        if (l.size() > 64) throw new IllegalArgumentException(owner + ": config entry '" + key + "' has rank " + l.size() + ", more than 64");
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object d = l.get(i);
            if (d == null) { out[i] = -1; continue; }
            int v = toInt(key + "[" + i + "]", d);
            if (v < 0) throw new IllegalArgumentException(owner + ": config entry '" + key + "' has a negative dimension " + v + " in " + l);
            out[i] = v;
        }
        return out;
    }

    /**
     * The layer dtype: a string such as {@code "float32"} or Keras 3's
     * {@code {"class_name": "DTypePolicy", "config": {"name": "float32"}}}; mixed-precision policies
     * are refused.
     */
    public DType getDType(String key, DType defaultValue) {
        Object v = map.get(key);
        if (v == null) return defaultValue;
        String name;
        if (v instanceof String s) name = s;
        else if (v instanceof Map<?, ?>) {
            Config policy = getConfig(key);
            String cls = policy.getString("class_name", "DTypePolicy");
            Config pc = policy.getConfig("config");
            if (pc == null) throw new IllegalArgumentException(owner + ": dtype policy in '" + key + "' has no \"config\"");
            name = pc.getString("name");
            if (!cls.equals("DTypePolicy") && !cls.equals("FloatDTypePolicy")) {
                throw new IllegalArgumentException(owner + ": dtype policy " + cls + " (\"" + name + "\") is not supported; jkeras supports plain dtypes such as \"float32\"");
            }
        } else throw wrongType(key, "a dtype name or a DTypePolicy object", v);
        if (name.startsWith("mixed_")) throw new IllegalArgumentException(owner + ": mixed-precision dtype policy \"" + name
                + "\" is not supported; jkeras runs float32 or float64");
        try {
            return DType.fromName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": " + e.getMessage());
        }
    }

    /** A list of ints (no nulls), or null when absent. */
    public int[] getIntArray(String key) {
        List<Object> l = getList(key);
        if (l == null) return null;
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = toInt(key + "[" + i + "]", l.get(i));
        return out;
    }

    /** A list of strings, or null when absent. */
    public List<String> getStringList(String key) {
        List<Object> l = getList(key);
        if (l == null) return null;
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String s)) throw wrongType(key, "an array of strings", l);
            out.add(s);
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private Object require(String key) {
        Object v = map.get(key);
        if (v == null) throw new IllegalArgumentException(owner + ": config entry '" + key + "' is missing"
                + (map.containsKey(key) ? " (it is null)" : "") + "; keys present: " + map.keySet());
        return v;
    }

    private long toLong(String key, Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) return d.longValue();
        throw wrongType(key, "an integer", v);
    }

    private int toInt(String key, Object v) {
        long l = toLong(key, v);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw new IllegalArgumentException(owner + ": config entry '" + key
                + "' is " + l + ", outside the int range");
        return (int) l;
    }

    private IllegalArgumentException wrongType(String key, String expected, Object found) {
        return new IllegalArgumentException(owner + ": config entry '" + key + "' must be " + expected + ", found " + describe(found));
    }

    static String describe(Object v) {
        if (v == null) return "null";
        String s = v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
        if (s.length() > 80) s = s.substring(0, 77) + "...";
        return s;
    }

    @Override public String toString() { return owner + " config " + map.keySet(); }
}
