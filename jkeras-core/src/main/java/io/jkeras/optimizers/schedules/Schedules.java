package io.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The registry of learning-rate schedules by Keras class name (Keras's
 * {@code keras.optimizers.schedules.serialize} / {@code deserialize}). Only registered names are
 * ever instantiated from a config.
 *
 * <pre>{@code
 * Map<String, Object> saved = Schedules.serialize(new ExponentialDecay(0.1, 1000, 0.96));
 * LearningRateSchedule back = Schedules.deserialize(saved);
 * Optimizer opt = Optimizers.fromConfig("SGD", config, Schedules::deserialize);
 * }</pre>
 */
public final class Schedules {
    private Schedules() {}

    private static final Map<String, Function<Map<String, Object>, LearningRateSchedule>> REGISTRY = new ConcurrentHashMap<>();
    static {
        REGISTRY.put("ExponentialDecay", ExponentialDecay::fromConfig);
        REGISTRY.put("PiecewiseConstantDecay", PiecewiseConstantDecay::fromConfig);
        REGISTRY.put("PolynomialDecay", PolynomialDecay::fromConfig);
        REGISTRY.put("InverseTimeDecay", InverseTimeDecay::fromConfig);
        REGISTRY.put("CosineDecay", CosineDecay::fromConfig);
        REGISTRY.put("CosineDecayRestarts", CosineDecayRestarts::fromConfig);
    }

    /** The class names {@link #fromConfig} knows, built-in ones first. */
    public static List<String> classNames() { return REGISTRY.keySet().stream().sorted().toList(); }

    /**
     * Registers a custom schedule under {@code className} (the name its {@code className()} returns),
     * so configs that name it can be loaded. Built-in names cannot be replaced.
     */
    public static void register(String className, Function<Map<String, Object>, LearningRateSchedule> fromConfig) {
        if (REGISTRY.containsKey(className) && isBuiltIn(className)) throw new IllegalArgumentException(
                "'" + className + "' is a built-in Keras schedule and cannot be re-registered");
        REGISTRY.put(className, fromConfig);
    }

    private static boolean isBuiltIn(String n) {
        return List.of("ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay", "CosineDecay",
                "CosineDecayRestarts").contains(n);
    }

    /** A schedule from its class name and config (the inner {@code config} map Keras writes). */
    public static LearningRateSchedule fromConfig(String className, Map<String, ?> config) {
        Function<Map<String, Object>, LearningRateSchedule> f = REGISTRY.get(className);
        if (f == null) throw new IllegalArgumentException("Unknown learning rate schedule: '" + className + "'. Known schedules: "
                + classNames() + ". Register a custom one with Schedules.register(className, fromConfig).");
        return f.apply(new LinkedHashMap<>(config));
    }

    /**
     * A schedule from Keras's serialized form {@code {module, class_name, config, registered_name}}
     * (Keras 2's {@code {class_name, config}} works too). Usable as the schedule resolver of
     * {@code Optimizers.fromConfig(className, config, Schedules::deserialize)}.
     */
    public static LearningRateSchedule deserialize(Map<String, ?> serialized) {
        Object cls = serialized.get("class_name");
        if (!(cls instanceof String className)) throw new IllegalArgumentException("A serialized learning rate schedule needs a string "
                + "`class_name`; received " + serialized);
        Object cfg = serialized.get("config");
        if (cfg != null && !(cfg instanceof Map)) throw new IllegalArgumentException("Schedule '" + className + "': `config` must be a map, received " + cfg);
        @SuppressWarnings("unchecked") Map<String, ?> config = cfg == null ? Map.of() : (Map<String, ?>) cfg;
        Object registered = serialized.get("registered_name");
        String name = registered instanceof String r && !r.equals(className) && REGISTRY.containsKey(r) ? r : className;
        return fromConfig(name, config);
    }

    /** Keras's serialized form: {@code {module: "keras.optimizers.schedules", class_name, config, registered_name: null}}. */
    public static Map<String, Object> serialize(LearningRateSchedule schedule) {
        if (schedule.getClass().isSynthetic() || schedule.getClass().isHidden()) throw new UnsupportedOperationException(
                "A lambda learning rate schedule cannot be serialized; use a class that implements className() and getConfig().");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", "keras.optimizers.schedules");
        m.put("class_name", schedule.className());
        m.put("config", schedule.getConfig());
        m.put("registered_name", null);
        return m;
    }
}
