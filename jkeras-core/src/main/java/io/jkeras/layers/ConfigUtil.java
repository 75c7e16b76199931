package io.jkeras.layers;

import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.saving.KerasSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small helpers the layer families share: Keras-style config values and argument checks. */
final class ConfigUtil {
    private ConfigUtil() {}

    /** Keras 3's serialized form ({@code {"module", "class_name", "config", ...}}), or null. */
    static Map<String, Object> serialize(Initializer i) { return i == null ? null : KerasSerialization.serializeInitializer(i); }

    static Map<String, Object> serialize(Regularizer r) { return KerasSerialization.serializeRegularizer(r); }

    static Map<String, Object> serialize(Constraint c) { return KerasSerialization.serializeConstraint(c); }

    /** An int array as a JSON list (Keras writes tuples as lists). */
    static List<Integer> list(int[] a) {
        if (a == null) return null;
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) l.add(v);
        return l;
    }

    /** Python's tuple notation: {@code (3, 3)}, {@code (2,)}. */
    static String tuple(int[] a) {
        if (a.length == 1) return "(" + a[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < a.length; i++) sb.append(i > 0 ? ", " : "").append(a[i]);
        return sb.append(')').toString();
    }

    /** One value per axis: a single value is repeated {@code n} times, as Keras's {@code standardize_tuple}. */
    static int[] tupleOf(int[] v, int n, String arg, String layer, boolean allowZero) {
        if (v == null || (v.length != 1 && v.length != n)) throw new IllegalArgumentException("The `" + arg + "` argument must be a tuple of " + n
                + " integers (or a single integer) for layer \"" + layer + "\". Received: " + arg + "=" + (v == null ? "null" : java.util.Arrays.toString(v)));
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = v.length == 1 ? v[0] : v[i];
        for (int x : r) {
            if (allowZero ? x < 0 : x <= 0) throw new IllegalArgumentException("The `" + arg + "` argument must be a tuple of " + n + " integers, each "
                    + (allowZero ? ">= 0" : "> 0") + " (layer \"" + layer + "\"). Received: " + arg + "=" + java.util.Arrays.toString(v));
        }
        return r;
    }

    static String padding(String p, boolean allowCausal, String layer) {
        String s = p == null ? "" : p.toLowerCase(Locale.ROOT);
        if (s.equals("valid") || s.equals("same") || (allowCausal && s.equals("causal"))) return s;
        throw new IllegalArgumentException("The `padding` argument must be one of " + (allowCausal ? "\"valid\", \"same\", or \"causal\"" : "\"valid\", \"same\"")
                + " (layer \"" + layer + "\"). Received: padding=" + p);
    }

    static String dataFormat(String f, String layer) {
        String s = f == null ? "channels_last" : f.toLowerCase(Locale.ROOT);
        if (s.equals("channels_last") || s.equals("channels_first")) return s;
        throw new IllegalArgumentException("The `data_format` argument must be one of {'channels_first', 'channels_last'} (layer \"" + layer
                + "\"). Received: data_format=" + f);
    }
}
