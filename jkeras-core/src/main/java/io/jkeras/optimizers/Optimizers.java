package io.jkeras.optimizers;

import io.jkeras.optimizers.schedules.LearningRateSchedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The registry of built-in optimizers, by Keras identifier (Keras's {@code keras.optimizers.get},
 * {@code serialize}, {@code deserialize}).
 *
 * <pre>{@code
 * Optimizer adam = Optimizers.get("adam");                       // Keras defaults
 * Optimizer sgd = Optimizers.fromConfig("SGD", Map.of("learning_rate", 0.05, "momentum", 0.9));
 * Map<String, Object> saved = Optimizers.serialize(sgd);         // {module, class_name, config, registered_name}
 * }</pre>
 *
 * Names are matched case-insensitively against the class names, as Keras does, so
 * {@code "adam"}, {@code "Adam"} and {@code "ADAM"} are the same.
 */
public final class Optimizers {
    private Optimizers() {}

    private static final Map<String, Supplier<AbstractOptimizer<?>>> FACTORIES = new LinkedHashMap<>();
    static {
        FACTORIES.put("sgd", SGD::new);
        FACTORIES.put("adam", Adam::new);
        FACTORIES.put("adamw", AdamW::new);
        FACTORIES.put("rmsprop", RMSprop::new);
        FACTORIES.put("adagrad", Adagrad::new);
        FACTORIES.put("adadelta", Adadelta::new);
        FACTORIES.put("adamax", Adamax::new);
        FACTORIES.put("nadam", Nadam::new);
        FACTORIES.put("lion", Lion::new);
        FACTORIES.put("ftrl", Ftrl::new);
    }

    /** The Keras identifiers accepted by {@link #get(String)}: sgd, adam, adamw, rmsprop, ... */
    public static List<String> identifiers() { return List.copyOf(FACTORIES.keySet()); }

    /** A new optimizer with Keras's defaults, by identifier ({@code "adam"}) or class name ({@code "Adam"}). */
    public static Optimizer get(String identifier) {
        return factory(identifier).get();
    }

    private static Supplier<AbstractOptimizer<?>> factory(String identifier) {
        if (identifier == null) throw new IllegalArgumentException("Optimizer identifier must not be null. Valid identifiers: " + identifiers());
        Supplier<AbstractOptimizer<?>> f = FACTORIES.get(identifier.toLowerCase(Locale.ROOT));
        if (f == null) throw new IllegalArgumentException("Could not interpret optimizer identifier: '" + identifier
                + "'. Valid identifiers: " + identifiers() + " (case-insensitive).");
        return f;
    }

    /**
     * The serialized form Keras writes ({@code keras.optimizers.serialize}):
     * {@code {module: "keras.optimizers", class_name, config, registered_name: null}}.
     */
    public static Map<String, Object> serialize(Optimizer optimizer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", "keras.optimizers");
        m.put("class_name", optimizer.className());
        m.put("config", optimizer.getConfig());
        m.put("registered_name", null);
        return m;
    }

    /** Rebuilds an optimizer from its serialized form ({@code {class_name, config, ...}}), e.g. a model's {@code compile_config}. */
    public static Optimizer deserialize(Map<String, ?> serialized) {
        return deserialize(serialized, null);
    }

    /** As {@link #deserialize(Map)}, with a deserializer for learning-rate schedules. */
    @SuppressWarnings("unchecked")
    public static Optimizer deserialize(Map<String, ?> serialized, Function<Map<String, Object>, LearningRateSchedule> schedules) {
        Object cls = serialized.get("class_name");
        if (!(cls instanceof String s)) throw new IllegalArgumentException("A serialized optimizer needs a string 'class_name', got: " + serialized);
        Object cfg = serialized.get("config");
        if (cfg != null && !(cfg instanceof Map)) throw new IllegalArgumentException("The 'config' of serialized optimizer '" + s
                + "' must be a map, got: " + cfg);
        return fromConfig(s, cfg == null ? Map.of() : (Map<String, ?>) cfg, schedules);
    }

    /**
     * A new optimizer of Keras class {@code className} from its {@link Optimizer#getConfig() config}
     * (Keras's {@code Optimizer.from_config}). Keys left out take Keras's defaults; unknown keys
     * are an error. A learning-rate schedule in the config needs
     * {@link #fromConfig(String, Map, Function)}.
     */
    public static Optimizer fromConfig(String className, Map<String, ?> config) {
        return fromConfig(className, config, null);
    }

    /**
     * As {@link #fromConfig(String, Map)}; {@code schedules} turns a serialized schedule
     * ({@code {class_name, config, ...}}) found as {@code learning_rate} into a
     * {@link LearningRateSchedule}.
     */
    public static Optimizer fromConfig(String className, Map<String, ?> config,
                                       Function<Map<String, Object>, LearningRateSchedule> schedules) {
        AbstractOptimizer<?> o = factory(className).get();
        Config c = new Config(o.className(), config);
        readCommon(o, c, schedules);
        switch (o) {
            case SGD s -> {
                c.number("momentum").ifPresent(s::momentum);
                c.bool("nesterov").ifPresent(s::nesterov);
            }
            case Adam a -> {
                c.number("beta_1").ifPresent(a::beta1);
                c.number("beta_2").ifPresent(a::beta2);
                c.number("epsilon").ifPresent(a::epsilon);
                c.bool("amsgrad").ifPresent(a::amsgrad);
            }
            case AdamW a -> {
                c.number("beta_1").ifPresent(a::beta1);
                c.number("beta_2").ifPresent(a::beta2);
                c.number("epsilon").ifPresent(a::epsilon);
                c.bool("amsgrad").ifPresent(a::amsgrad);
            }
            case RMSprop r -> {
                c.number("rho").ifPresent(r::rho);
                c.number("momentum").ifPresent(r::momentum);
                c.number("epsilon").ifPresent(r::epsilon);
                c.bool("centered").ifPresent(r::centered);
            }
            case Adagrad a -> {
                c.number("initial_accumulator_value").ifPresent(a::initialAccumulatorValue);
                c.number("epsilon").ifPresent(a::epsilon);
            }
            case Adadelta a -> {
                c.number("rho").ifPresent(a::rho);
                c.number("epsilon").ifPresent(a::epsilon);
            }
            case Adamax a -> {
                c.number("beta_1").ifPresent(a::beta1);
                c.number("beta_2").ifPresent(a::beta2);
                c.number("epsilon").ifPresent(a::epsilon);
            }
            case Nadam a -> {
                c.number("beta_1").ifPresent(a::beta1);
                c.number("beta_2").ifPresent(a::beta2);
                c.number("epsilon").ifPresent(a::epsilon);
            }
            case Lion a -> {
                c.number("beta_1").ifPresent(a::beta1);
                c.number("beta_2").ifPresent(a::beta2);
            }
            case Ftrl f -> {
                c.number("learning_rate_power").ifPresent(f::learningRatePower);
                c.number("initial_accumulator_value").ifPresent(f::initialAccumulatorValue);
                c.number("l1_regularization_strength").ifPresent(f::l1RegularizationStrength);
                c.number("l2_regularization_strength").ifPresent(f::l2RegularizationStrength);
                c.number("l2_shrinkage_regularization_strength").ifPresent(f::l2ShrinkageRegularizationStrength);
                c.number("beta").ifPresent(f::beta);
            }
            default -> throw new AssertionError(o.className());
        }
        c.checkAllUsed();
        return o;
    }

    @SuppressWarnings("unchecked")
    private static void readCommon(AbstractOptimizer<?> o, Config c, Function<Map<String, Object>, LearningRateSchedule> schedules) {
        c.string("name").ifPresent(o::name);
        Object lr = c.take("learning_rate");
        if (lr instanceof Number n) o.learningRate(n.doubleValue());
        else if (lr instanceof Map<?, ?> m) {
            if (schedules == null) throw new IllegalArgumentException(c.cls + " config: `learning_rate` is a schedule (" + m.get("class_name")
                    + "), but no schedule deserializer was given. Use Optimizers.fromConfig(className, config, schedules).");
            LearningRateSchedule s = schedules.apply((Map<String, Object>) m);
            if (s == null) throw new IllegalArgumentException(c.cls + " config: could not deserialize learning-rate schedule " + m);
            o.learningRate(s);
        } else if (lr != null) throw c.bad("learning_rate", lr, "a number or a serialized LearningRateSchedule");

        boolean hasWd = c.has("weight_decay");
        Object wd = c.take("weight_decay");
        if (wd instanceof Number n) o.weightDecay(n.doubleValue());
        else if (wd == null && hasWd) o.noWeightDecay();
        else if (wd != null) throw c.bad("weight_decay", wd, "a number or null");

        Double clipnorm = c.nullableNumber("clipnorm"), globalClipnorm = c.nullableNumber("global_clipnorm"), clipvalue = c.nullableNumber("clipvalue");
        o.setClipping(clipnorm, clipvalue, globalClipnorm);

        boolean useEma = c.bool("use_ema").orElse(false);
        double emaMomentum = c.number("ema_momentum").orElse(0.99);
        Double freq = c.nullableNumber("ema_overwrite_frequency");
        o.setEma(useEma, emaMomentum, freq == null ? null : integer(c.cls, "ema_overwrite_frequency", freq));
        Double lsf = c.nullableNumber("loss_scale_factor");
        if (lsf != null) o.lossScaleFactor(lsf);
        Double gas = c.nullableNumber("gradient_accumulation_steps");
        if (gas != null) o.gradientAccumulationSteps(integer(c.cls, "gradient_accumulation_steps", gas));
        c.take("decay"); // Keras 3 ignores the legacy `decay` argument (with a warning)
    }

    private static int integer(String cls, String key, double v) {
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new IllegalArgumentException(cls + " config: `" + key
                + "` must be an integer, received: " + v);
        return (int) v;
    }

    /** Typed, consuming access to a config map. */
    private static final class Config {
        final String cls;
        private final Map<String, Object> rest;

        Config(String cls, Map<String, ?> config) {
            this.cls = cls;
            this.rest = new LinkedHashMap<>(config);
        }

        boolean has(String key) { return rest.containsKey(key); }

        Object take(String key) { return rest.remove(key); }

        IllegalArgumentException bad(String key, Object v, String expected) {
            return new IllegalArgumentException(cls + " config: `" + key + "` must be " + expected + ", received: " + v
                    + " (" + v.getClass().getSimpleName() + ")");
        }

        java.util.Optional<Double> number(String key) { return java.util.Optional.ofNullable(nullableNumber(key)); }

        Double nullableNumber(String key) {
            Object v = take(key);
            if (v == null) return null;
            if (v instanceof Number n) return n.doubleValue();
            throw bad(key, v, "a number");
        }

        java.util.Optional<Boolean> bool(String key) {
            Object v = take(key);
            if (v == null) return java.util.Optional.empty();
            if (v instanceof Boolean b) return java.util.Optional.of(b);
            throw bad(key, v, "true or false");
        }

        java.util.Optional<String> string(String key) {
            Object v = take(key);
            if (v == null) return java.util.Optional.empty();
            if (v instanceof String s) return java.util.Optional.of(s);
            throw bad(key, v, "a string");
        }

        void checkAllUsed() {
            if (!rest.isEmpty()) throw new IllegalArgumentException(cls + " config: argument(s) not recognized: " + rest.keySet()
                    + ". Check the key names against " + cls + "'s Keras config.");
        }
    }
}
