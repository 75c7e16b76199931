package io.jkeras.saving;

import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.constraints.Constraints;
import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GRU;
import io.jkeras.layers.GRUCell;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.LSTMCell;
import io.jkeras.layers.Masking;
import io.jkeras.layers.RNN;
import io.jkeras.layers.SimpleRNN;
import io.jkeras.layers.SimpleRNNCell;
import io.jkeras.layers.StackedRNNCells;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Reshape;
import io.jkeras.layers.Layer;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.regularizers.Regularizers;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The classes a model file may name, keyed by their Keras class name ({@code "Dense"},
 * {@code "InputLayer"}, {@code "Functional"}, ...). Loading creates objects only through this
 * registry: a name from a file is never turned into a Java class by reflection, and a class that
 * is not registered (or a {@code Lambda} layer, whose config holds Python code) is refused with a
 * message that says how to register one.
 *
 * <pre>{@code
 * // a custom layer: getConfig() writes its arguments, fromConfig reads them back
 * SavingRegistry.register("MyDense", MyDense::fromConfig);
 * Model m = Models.load(Path.of("model_with_my_dense.keras"));
 * }</pre>
 *
 * Keras's {@code registered_name} (e.g. {@code "my_package>MyDense"}) is looked up first, then the
 * class name, so either may be registered.
 */
public final class SavingRegistry {
    /** Creates a layer from its config. */
    @FunctionalInterface
    public interface LayerFactory {
        Layer fromConfig(Config config);
    }

    private static final Map<String, LayerFactory> LAYERS = new ConcurrentHashMap<>();
    private static final Map<String, Function<Config, Initializer>> INITIALIZERS = new ConcurrentHashMap<>();
    private static final Map<String, Function<Config, Regularizer>> REGULARIZERS = new ConcurrentHashMap<>();
    private static final Map<String, Function<Config, Constraint>> CONSTRAINTS = new ConcurrentHashMap<>();

    static {
        // Built-in layers and models: one line per class.
        LAYERS.put("InputLayer", InputLayer::fromConfig);
        LAYERS.put("Dense", Dense::fromConfig);
        LAYERS.put("Functional", KerasSerialization::functionalFromConfig);
        LAYERS.put("Model", KerasSerialization::functionalFromConfig);        // Keras 2's name for Functional
        LAYERS.put("Sequential", KerasSerialization::sequentialFromConfig);
        LAYERS.put("Activation", c -> KerasSerialization.applyBaseConfig(new Activation(KerasSerialization.activation(c, "activation")), c));
        LAYERS.put("Dropout", c -> KerasSerialization.applyBaseConfig(new Dropout(c.getDouble("rate"), c.getShape("noise_shape"), c.getLongOrNull("seed")), c));
        LAYERS.put("Flatten", c -> KerasSerialization.applyBaseConfig(new Flatten().dataFormat(c.getString("data_format", "channels_last")), c));
        LAYERS.put("Reshape", c -> KerasSerialization.applyBaseConfig(new Reshape(c.getIntArray("target_shape")), c));
        LAYERS.put("Concatenate", c -> KerasSerialization.applyBaseConfig(new Concatenate(c.getInt("axis", -1)), c));
        LAYERS.put("Add", c -> KerasSerialization.applyBaseConfig(new Add(), c));
        // convolution, pooling, normalization, regularization, reshaping and merging layers
        io.jkeras.layers.LayerConfigs.registerAll(LAYERS::put);
        io.jkeras.layers.preprocessing.PreprocessingConfigs.registerAll(LAYERS::put);
        // sequence layers
        LAYERS.put("Embedding", Embedding::fromConfig);
        LAYERS.put("Masking", Masking::fromConfig);
        LAYERS.put("SimpleRNN", SimpleRNN::fromConfig);
        LAYERS.put("LSTM", LSTM::fromConfig);
        LAYERS.put("GRU", GRU::fromConfig);
        LAYERS.put("RNN", RNN::fromConfig);
        LAYERS.put("SimpleRNNCell", SimpleRNNCell::fromConfig);
        LAYERS.put("LSTMCell", LSTMCell::fromConfig);
        LAYERS.put("GRUCell", GRUCell::fromConfig);
        LAYERS.put("StackedRNNCells", StackedRNNCells::fromConfig);
        LAYERS.put("Bidirectional", Bidirectional::fromConfig);
        LAYERS.put("TimeDistributed", TimeDistributed::fromConfig);
        LAYERS.put("Attention", io.jkeras.layers.Attention::fromConfig);
        LAYERS.put("AdditiveAttention", io.jkeras.layers.AdditiveAttention::fromConfig);
        LAYERS.put("MultiHeadAttention", io.jkeras.layers.MultiHeadAttention::fromConfig);
        LAYERS.put("ConvLSTMCell", io.jkeras.layers.ConvLSTMCell::fromConfig);
        LAYERS.put("ConvLSTM1D", io.jkeras.layers.ConvLSTM1D::fromConfig);
        LAYERS.put("ConvLSTM2D", io.jkeras.layers.ConvLSTM2D::fromConfig);
        LAYERS.put("ConvLSTM3D", io.jkeras.layers.ConvLSTM3D::fromConfig);
        // Initializers, regularizers and constraints: the built-in ones come from their packages'
        // fromConfig; the maps below hold user registrations, which take precedence.
    }

    private SavingRegistry() {}

    /**
     * Registers (or replaces) the factory for layer class {@code className}, so that files naming
     * it can be loaded.
     */
    public static void register(String className, LayerFactory factory) {
        LAYERS.put(checkName(className), Objects.requireNonNull(factory, "factory"));
    }

    /** Registers an initializer class ({@code "HeNormal"}, ...) for configs that name it. */
    public static void registerInitializer(String className, Function<Config, Initializer> factory) {
        INITIALIZERS.put(checkName(className), Objects.requireNonNull(factory, "factory"));
    }

    /** Registers a regularizer class ({@code "L2"}, ...) for configs that name it. */
    public static void registerRegularizer(String className, Function<Config, Regularizer> factory) {
        REGULARIZERS.put(checkName(className), Objects.requireNonNull(factory, "factory"));
    }

    /** Registers a constraint class ({@code "MaxNorm"}, ...) for configs that name it. */
    public static void registerConstraint(String className, Function<Config, Constraint> factory) {
        CONSTRAINTS.put(checkName(className), Objects.requireNonNull(factory, "factory"));
    }

    /** Removes a registered layer class (mainly for tests); returns whether one was registered. */
    public static boolean unregister(String className) { return LAYERS.remove(className) != null; }

    /** True when a layer factory is registered under {@code name}. */
    public static boolean isRegistered(String name) { return name != null && LAYERS.containsKey(name); }

    /** The registered layer class names, sorted. */
    public static Set<String> registeredLayers() { return new TreeSet<>(LAYERS.keySet()); }

    private static String checkName(String className) {
        if (className == null || className.isBlank()) throw new IllegalArgumentException("A class name must not be empty");
        return className;
    }

    // ------------------------------------------------------------------ lookups used by the loader

    static LayerFactory layer(String className, String registeredName, String layerName) {
        if (registeredName != null && LAYERS.containsKey(registeredName)) return LAYERS.get(registeredName);
        LayerFactory f = className == null ? null : LAYERS.get(className);
        if (f != null) return f;
        String who = layerName == null ? "" : " (layer \"" + layerName + "\")";
        if ("Lambda".equals(className)) {
            throw new IllegalArgumentException("Layer class 'Lambda'" + who + " holds Python code in its config, and jkeras never runs code from a file."
                    + " Write the function as a custom Layer class and register it under this name: SavingRegistry.register(\"Lambda\", config -> ...)");
        }
        String name = registeredName != null ? registeredName : className;
        throw new IllegalArgumentException("Layer class '" + name + "'" + who + " is not registered, so it cannot be loaded"
                + " (files never name Java classes). If it is your own layer, register it before loading: SavingRegistry.register(\""
                + name + "\", MyLayer::fromConfig). Registered layer classes: " + registeredLayers());
    }

    static Function<Config, Initializer> initializer(String className) {
        return lookup(INITIALIZERS, "Initializer", className, "registerInitializer", Initializers::get, Initializers::fromConfig, Initializers.identifiers());
    }

    static Function<Config, Regularizer> regularizer(String className) {
        return lookup(REGULARIZERS, "Regularizer", className, "registerRegularizer", Regularizers::get, Regularizers::fromConfig, Regularizers.identifiers());
    }

    static Function<Config, Constraint> constraint(String className) {
        return lookup(CONSTRAINTS, "Constraint", className, "registerConstraint", Constraints::get, Constraints::fromConfig, Constraints.identifiers());
    }

    /** True when {@code className} names a built-in or registered constraint (so that it can be saved). */
    static boolean isKnownConstraint(String className) { return CONSTRAINTS.containsKey(className) || builtIn(Constraints::get, className); }

    private static <T> Function<Config, T> lookup(Map<String, Function<Config, T>> user, String kind, String className, String how,
                                                 Function<String, T> builtInGet, java.util.function.BiFunction<String, Map<String, ?>, T> builtInFromConfig,
                                                 java.util.Collection<String> builtInNames) {
        Function<Config, T> f = className == null ? null : user.get(className);
        if (f != null) return f;
        if (builtIn(builtInGet, className)) return c -> builtInFromConfig.apply(className, c.asMap());
        throw new IllegalArgumentException(kind + " class '" + className + "' is not registered, so it cannot be loaded."
                + " Register it before loading: SavingRegistry." + how + "(\"" + className + "\", config -> ...). Built in: " + builtInNames
                + (user.isEmpty() ? "" : "; registered: " + new TreeSet<>(user.keySet())));
    }

    private static boolean builtIn(Function<String, ?> get, String className) {
        if (className == null || !className.matches("[A-Za-z][A-Za-z0-9_]*")) return false;
        try {
            get.apply(className);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
