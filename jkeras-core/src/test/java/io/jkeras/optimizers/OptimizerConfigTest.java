package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;
import io.jkeras.optimizers.schedules.LearningRateSchedule;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registry, Keras 3 configs, and the optimizer variables' names and order. */
class OptimizerConfigTest {
    static final List<String> BASE_KEYS = List.of("name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue",
            "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps");

    static List<String> keys(String... specific) {
        List<String> k = new ArrayList<>(BASE_KEYS);
        k.addAll(List.of(specific));
        return k;
    }

    // ---------------------------------------------------------------- registry and defaults

    @Test
    void registryKnowsEveryKerasIdentifier() {
        assertEquals(List.of("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "lion", "ftrl"), Optimizers.identifiers());
        Map<String, Class<?>> expected = Map.of("sgd", SGD.class, "adam", Adam.class, "adamw", AdamW.class, "rmsprop", RMSprop.class,
                "adagrad", Adagrad.class, "adadelta", Adadelta.class, "adamax", Adamax.class, "nadam", Nadam.class, "lion", Lion.class, "ftrl", Ftrl.class);
        expected.forEach((id, cls) -> {
            Optimizer o = Optimizers.get(id);
            assertInstanceOf(cls, o);
            assertEquals(cls.getSimpleName(), o.className());
        });
        assertInstanceOf(RMSprop.class, Optimizers.get("RMSprop"));
        assertInstanceOf(AdamW.class, Optimizers.get("ADAMW"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adamm"));
        assertTrue(e.getMessage().contains("'adamm'") && e.getMessage().contains("[sgd, adam, adamw, rmsprop, adagrad, adadelta, adamax, nadam, lion, ftrl]"),
                e.getMessage());
    }

    @Test
    void defaultsAndConfigKeysFollowKeras() {
        check(new SGD(), 0.01, keys("momentum", "nesterov"), Map.of("momentum", 0.0, "nesterov", false));
        check(new Adam(), 0.001, keys("beta_1", "beta_2", "epsilon", "amsgrad"),
                Map.of("beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7, "amsgrad", false));
        check(new AdamW(), 0.001, keys("beta_1", "beta_2", "epsilon", "amsgrad"),
                Map.of("weight_decay", 0.004, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7, "amsgrad", false));
        check(new RMSprop(), 0.001, keys("rho", "momentum", "epsilon", "centered"),
                Map.of("rho", 0.9, "momentum", 0.0, "epsilon", 1e-7, "centered", false));
        check(new Adagrad(), 0.001, keys("initial_accumulator_value", "epsilon"), Map.of("initial_accumulator_value", 0.1, "epsilon", 1e-7));
        check(new Adadelta(), 0.001, keys("rho", "epsilon"), Map.of("rho", 0.95, "epsilon", 1e-7));
        check(new Adamax(), 0.001, keys("beta_1", "beta_2", "epsilon"), Map.of("beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7));
        check(new Nadam(), 0.001, keys("beta_1", "beta_2", "epsilon"), Map.of("beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7));
        check(new Lion(), 0.001, keys("beta_1", "beta_2"), Map.of("beta_1", 0.9, "beta_2", 0.99));
        check(new Ftrl(), 0.001, keys("learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
                        "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta"),
                Map.of("learning_rate_power", -0.5, "initial_accumulator_value", 0.1, "l1_regularization_strength", 0.0,
                        "l2_regularization_strength", 0.0, "l2_shrinkage_regularization_strength", 0.0, "beta", 0.0));
    }

    private static void check(Optimizer o, double lr, List<String> keys, Map<String, Object> values) {
        Map<String, Object> c = o.getConfig();
        assertEquals(keys, new ArrayList<>(c.keySet()), o.className());
        assertEquals((double) (float) lr, c.get("learning_rate"));
        assertEquals(false, c.get("use_ema"));
        assertEquals(0.99, c.get("ema_momentum"));
        for (String k : List.of("clipnorm", "global_clipnorm", "clipvalue", "ema_overwrite_frequency", "loss_scale_factor",
                "gradient_accumulation_steps")) assertNull(c.get(k), o.className() + " " + k);
        if (!values.containsKey("weight_decay")) assertNull(c.get("weight_decay"));
        values.forEach((k, v) -> assertEquals(v, c.get(k), o.className() + " " + k));
    }

    @Test
    void defaultNamesAreSnakeCaseClassNames() {
        assertTrue(new RMSprop().name().matches("rm_sprop(_\\d+)?"), new RMSprop().name());
        assertTrue(new AdamW().name().matches("adam_w(_\\d+)?"));
        assertTrue(new SGD().name().matches("sgd(_\\d+)?"));
        Adam a = new Adam(), b = new Adam();
        assertTrue(!a.name().equals(b.name()), "default names are unique");
        assertEquals("opt", new Adam().name("opt").getConfig().get("name"));
    }

    // ---------------------------------------------------------------- from_config

    @Test
    void fromConfigRoundTripsEveryOptimizer() {
        List<Optimizer> all = List.of(
                new SGD(0.05).momentum(0.9).nesterov(true).clipnorm(2.0).name("a"),
                new Adam(0.02).beta1(0.8).beta2(0.95).epsilon(1e-5).amsgrad(true).globalClipnorm(1.5).name("b"),
                new AdamW(0.003).weightDecay(0.02).clipvalue(0.5).name("c"),
                new RMSprop(0.004).rho(0.8).momentum(0.5).epsilon(1e-6).centered(true).lossScaleFactor(64).name("d"),
                new Adagrad(0.1).initialAccumulatorValue(0.2).epsilon(1e-4).weightDecay(0.01).name("e"),
                new Adadelta(1.0).rho(0.9).epsilon(1e-6).name("f"),
                new Adamax(0.002).beta1(0.85).beta2(0.99).epsilon(1e-6).name("g"),
                new Nadam(0.002).beta1(0.85).beta2(0.99).epsilon(1e-6).name("h"),
                new Lion(0.0001).beta1(0.95).beta2(0.98).useEma(true).emaMomentum(0.9).emaOverwriteFrequency(3)
                        .gradientAccumulationSteps(4).name("i"),
                new Ftrl(0.1).learningRatePower(-0.3).initialAccumulatorValue(0.2).l1RegularizationStrength(0.01)
                        .l2RegularizationStrength(0.02).l2ShrinkageRegularizationStrength(0.03).beta(0.5).name("j"));
        for (Optimizer o : all) {
            Map<String, Object> config = o.getConfig();
            Optimizer back = Optimizers.fromConfig(o.className(), config);
            assertEquals(o.getClass(), back.getClass());
            assertEquals(config, back.getConfig(), o.className());
            Optimizer again = Optimizers.deserialize(Optimizers.serialize(o));
            assertEquals(config, again.getConfig(), o.className());
        }
    }

    @Test
    void fromConfigTakesKerasDefaultsForMissingKeys() {
        Map<String, Object> partial = Map.of("learning_rate", 0.05, "momentum", 0L, "nesterov", false);
        SGD sgd = (SGD) Optimizers.fromConfig("SGD", partial);
        assertEquals((float) 0.05, sgd.learningRate(), 0);
        assertEquals(0.0, sgd.momentum());
        Adam adam = (Adam) Optimizers.fromConfig("adam", Map.of());
        assertEquals((float) 0.001, adam.learningRate(), 0);
        assertEquals(0.999, adam.beta2());
    }

    @Test
    void fromConfigRejectsWhatItCannotHonour() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.fromConfig("Adam", Map.of("beta1", 0.9)));
        assertTrue(unknown.getMessage().contains("[beta1]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("Adam", Map.of("use_ema", true, "ema_momentum", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("Adam", Map.of("gradient_accumulation_steps", 1L)));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("Adam", Map.of("gradient_accumulation_steps", 2.5)));
        Map<String, Object> adamwNoDecay = new LinkedHashMap<>();
        adamwNoDecay.put("weight_decay", null);
        assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("AdamW", adamwNoDecay));
        Map<String, Object> twoClips = Map.of("clipnorm", 1.0, "clipvalue", 1.0);
        assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("SGD", twoClips));
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("SGD", Map.of("momentum", "high")));
        assertTrue(type.getMessage().contains("`momentum` must be a number"), type.getMessage());
        // the legacy `decay` argument is ignored, as in Keras 3; ema options are kept for the config
        Map<String, Object> legacy = Map.of("decay", 0.1, "ema_momentum", 0.9, "ema_overwrite_frequency", 5L);
        Map<String, Object> c = Optimizers.fromConfig("SGD", legacy).getConfig();
        assertEquals(0.9, c.get("ema_momentum"));
        assertEquals(5, c.get("ema_overwrite_frequency"));
    }

    /** A serializable schedule for the tests (the real schedule classes live in optimizers.schedules). */
    record HalfEvery(double initial, long steps) implements LearningRateSchedule {
        @Override public double at(long step) { return initial * Math.pow(0.5, step / steps); }
        @Override public String className() { return "HalfEvery"; }
        @Override public Map<String, Object> getConfig() { return Map.of("initial", initial, "steps", steps); }
    }

    @Test
    void schedulesSerializeAsNestedKerasObjects() {
        SGD sgd = new SGD().learningRate(new HalfEvery(0.1, 2)).name("s");
        Map<String, Object> c = sgd.getConfig();
        @SuppressWarnings("unchecked") Map<String, Object> lr = (Map<String, Object>) c.get("learning_rate");
        assertEquals("keras.optimizers.schedules", lr.get("module"));
        assertEquals("HalfEvery", lr.get("class_name"));
        assertEquals(Map.of("initial", 0.1, "steps", 2L), lr.get("config"));
        assertTrue(lr.containsKey("registered_name"));

        assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("SGD", c));
        Optimizer back = Optimizers.fromConfig("SGD", c, m -> {
            @SuppressWarnings("unchecked") Map<String, Object> cfg = (Map<String, Object>) m.get("config");
            return new HalfEvery(((Number) cfg.get("initial")).doubleValue(), ((Number) cfg.get("steps")).longValue());
        });
        assertEquals(new HalfEvery(0.1, 2), back.learningRateSchedule().orElseThrow());
        assertEquals(c, back.getConfig());

        UnsupportedOperationException lambda = assertThrows(UnsupportedOperationException.class,
                () -> new SGD().learningRate(step -> 0.1).getConfig());
        assertTrue(lambda.getMessage().contains("lambda"), lambda.getMessage());
    }

    // ---------------------------------------------------------------- optimizer variables

    static Variable weight(String path, DType dt, int... shape) {
        Variable v = new Variable(path.substring(path.lastIndexOf('/') + 1), Tensor.zeros(Shape.of(shape), dt), true);
        v.setPath(path);
        return v;
    }

    static List<String> paths(Optimizer o) { return o.variables().stream().map(Variable::path).toList(); }

    @Test
    void adamVariablesInKerasOrder() {
        Variable k = weight("seq/dense/kernel", DType.FLOAT32, 2, 3), b = weight("seq/dense/bias", DType.FLOAT32, 3);
        Adam adam = new Adam().amsgrad(true).name("adam");
        assertEquals(List.of("adam/iteration", "adam/learning_rate"), paths(adam));
        adam.build(List.of(k, b));
        assertEquals(List.of("adam/iteration", "adam/learning_rate",
                "adam/seq_dense_kernel_momentum", "adam/seq_dense_kernel_velocity",
                "adam/seq_dense_bias_momentum", "adam/seq_dense_bias_velocity",
                "adam/seq_dense_kernel_velocity_hat", "adam/seq_dense_bias_velocity_hat"), paths(adam));
        List<Variable> vs = adam.variables();
        assertEquals(DType.INT64, vs.get(0).dtype());
        assertEquals(Shape.SCALAR, vs.get(0).shape());
        assertEquals(DType.FLOAT32, vs.get(1).dtype());
        assertEquals(Shape.SCALAR, vs.get(1).shape());
        assertEquals("seq_dense_kernel_momentum", vs.get(2).name());
        assertEquals(Shape.of(2, 3), vs.get(2).shape());
        assertEquals(Shape.of(3), vs.get(5).shape());
        for (Variable v : vs) assertTrue(!v.trainable(), v.path());
    }

    @Test
    void slotOrderOfEveryOptimizer() {
        assertEquals(List.of("o/iteration", "o/learning_rate"), paths(built(new SGD().name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_momentum", "o/b_momentum"), paths(built(new SGD().momentum(0.9).name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_velocity", "o/b_velocity", "o/k_momentum", "o/b_momentum",
                "o/k_average_gradient", "o/b_average_gradient"), paths(built(new RMSprop().momentum(0.9).centered(true).name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_velocity", "o/b_velocity"), paths(built(new RMSprop().name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_accumulator", "o/b_accumulator"), paths(built(new Adagrad().name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_accumulated_grad", "o/k_accumulated_delta_var",
                "o/b_accumulated_grad", "o/b_accumulated_delta_var"), paths(built(new Adadelta().name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_momentum", "o/k_norm", "o/b_momentum", "o/b_norm"),
                paths(built(new Adamax().name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_momentum", "o/k_velocity", "o/b_momentum", "o/b_velocity",
                "o/u_product"), paths(built(new Nadam().name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_momentum", "o/b_momentum"), paths(built(new Lion().name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_accumulator", "o/k_linear", "o/b_accumulator", "o/b_linear"),
                paths(built(new Ftrl().name("o"))));
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_momentum", "o/k_velocity", "o/b_momentum", "o/b_velocity"),
                paths(built(new AdamW().name("o"))));
        // with a schedule Keras has no learning-rate variable
        assertEquals(List.of("o/iteration", "o/k_momentum", "o/b_momentum"), paths(built(new Lion().learningRate(s -> 0.1).name("o"))));
        // slots start at the initial accumulator value
        Ftrl ftrl = built(new Ftrl().initialAccumulatorValue(0.3).name("o"));
        assertArrayEquals(new double[] {0.3, 0.3}, ftrl.variables().get(2).value().toDoubleArray(), 1e-7);
        assertArrayEquals(new double[] {0, 0}, ftrl.variables().get(3).value().toDoubleArray(), 0);
    }

    private static <T extends Optimizer> T built(T o) {
        o.build(List.of(weight("k", DType.FLOAT32, 2), weight("b", DType.FLOAT32, 1)));
        return o;
    }

    @Test
    void variableCountsMatchKerasFixtures() {
        // fixtures/keras3/train_*/trained.keras hold optimizer/vars/0..N-1 for a 4-weight MLP: Adam 10,
        // Nadam 11 (u_product last, scalar), RMSprop 6, SGD with momentum 6; 0 is the iteration, 1 the learning rate
        List<Variable> mlp = List.of(weight("d/kernel", DType.FLOAT32, 5, 8), weight("d/bias", DType.FLOAT32, 8),
                weight("d1/kernel", DType.FLOAT32, 8, 3), weight("d1/bias", DType.FLOAT32, 3));
        Map<Optimizer, Integer> expected = Map.of(new Adam(), 10, new Nadam(), 11, new RMSprop(), 6, new SGD().momentum(0.9), 6);
        expected.forEach((o, n) -> {
            o.build(mlp);
            assertEquals(n, o.variables().size(), o.className());
            assertEquals(Shape.of(5, 8), o.variables().get(2).shape());
        });
    }

    @Test
    void emaAndAccumulatorSlotsComeBeforeTheOptimizersOwn() {
        // Keras's BaseOptimizer.build: averages, then gradient accumulators, then the subclass's slots
        assertEquals(List.of("o/iteration", "o/learning_rate", "o/k_average", "o/b_average", "o/k_gradient_accumulator",
                        "o/b_gradient_accumulator", "o/k_momentum", "o/k_velocity", "o/b_momentum", "o/b_velocity"),
                paths(built(new Adam().useEma(true).gradientAccumulationSteps(2).name("o"))));
        Map<String, Object> c = new Adam().useEma(true).emaOverwriteFrequency(5).gradientAccumulationSteps(3).getConfig();
        assertEquals(true, c.get("use_ema"));
        assertEquals(5, c.get("ema_overwrite_frequency"));
        assertEquals(3, c.get("gradient_accumulation_steps"));
    }

    @Test
    void assigningIntoVariablesRestoresState() {
        Variable w = weight("w", DType.FLOAT64, 1);
        Adam adam = new Adam(0.1);
        adam.build(List.of(w));
        List<Variable> vs = adam.variables();
        vs.get(0).assign(Tensor.of(new int[] {4}));              // a JAX-written int32 iteration counter
        vs.get(1).assign(Tensor.scalar(0.5f));
        vs.get(2).assign(Tensor.of(new double[] {0.2}, 1));      // m
        vs.get(3).assign(Tensor.of(new double[] {0.04}, 1));     // v
        assertEquals(4, adam.iterations());
        assertEquals(0.5, adam.learningRate(), 0);
        adam.apply(List.of(Tensor.of(new double[] {1}, 1)), List.of(w));
        // t = 5: m = 0.2 + 0.8*0.1 = 0.28, v = 0.04 + 0.96*0.001 = 0.04096
        double alpha = 0.5 * Math.sqrt(1 - Math.pow(0.999, 5)) / (1 - Math.pow(0.9, 5));
        assertEquals(-0.28 * alpha / (Math.sqrt(0.04096) + 1e-7), w.value().doubles()[0], 1e-12);
        assertEquals(5, adam.iterations());
    }
}
