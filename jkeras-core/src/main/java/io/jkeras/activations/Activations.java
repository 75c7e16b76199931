package io.jkeras.activations;

import io.jkeras.ops.Ops;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Keras's built-in activations by identifier ({@code keras.activations.get}). */
public final class Activations {
    private static final Map<String, Activation> BY_NAME = new LinkedHashMap<>();

    static {
        register(Activation.of("linear", x -> x));
        register(Activation.of("relu", Ops::relu));
        register(Activation.of("sigmoid", Ops::sigmoid));
        register(Activation.of("tanh", Ops::tanh));
        register(Activation.of("softmax", x -> Ops.softmax(x, -1)));
    }

    private Activations() {}

    private static void register(Activation a) { BY_NAME.put(a.name(), a); }

    /** The activation for a Keras identifier; null or "linear"/"None" gives linear. */
    public static Activation get(String name) {
        if (name == null) return BY_NAME.get("linear");
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("none")) n = "linear";
        Activation a = BY_NAME.get(n);
        if (a == null) throw new IllegalArgumentException("Unknown activation '" + name + "'. Valid identifiers: " + String.join(", ", BY_NAME.keySet()));
        return a;
    }

    public static Activation linear() { return get("linear"); }
}
