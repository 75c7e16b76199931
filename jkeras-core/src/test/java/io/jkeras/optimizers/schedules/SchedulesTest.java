package io.jkeras.optimizers.schedules;

import io.jkeras.autodiff.Variable;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import io.jkeras.optimizers.SGD;
import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each schedule against values worked out by hand from Keras 3's formulas
 * (keras/src/optimizers/schedules/learning_rate_schedule.py), the configs Keras writes, and the
 * round trip through an optimizer's config.
 */
class SchedulesTest {
    static final double TOL = 1e-12;

    @Test
    void exponentialDecay() {
        ExponentialDecay s = new ExponentialDecay(0.1, 100, 0.96);
        assertEquals(0.1, s.at(0), TOL);
        assertEquals(0.1 * 0.96 * 0.96, s.at(200), TOL);                       // 0.09216
        assertEquals(0.09029798987795908, s.at(250), TOL);                     // 0.1 * 0.96^2.5
        ExponentialDecay stair = s.staircase(true);
        assertEquals(0.09216, stair.at(250), TOL);                             // floor(2.5) = 2
        assertEquals(0.1, stair.at(99), TOL);
        assertEquals(0.1 * 0.96, stair.at(100), TOL);
        assertTrue(s.at(250) != stair.at(250));
    }

    @Test
    void piecewiseConstantDecayIncludesTheBoundaryInTheLowerInterval() {
        PiecewiseConstantDecay s = new PiecewiseConstantDecay(new long[] {100, 110}, new double[] {1.0, 0.5, 0.1});
        assertEquals(1.0, s.at(0));
        assertEquals(1.0, s.at(100));   // step <= boundaries[0]
        assertEquals(0.5, s.at(101));
        assertEquals(0.5, s.at(110));
        assertEquals(0.1, s.at(111));
        assertEquals(0.1, s.at(1_000_000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new long[] {1, 2}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("1 less than the length of values"), e.getMessage());
    }

    @Test
    void piecewiseFractionalBoundariesAreTruncatedLikeKerasCastToTheStepType() {
        LearningRateSchedule s = Schedules.fromConfig("PiecewiseConstantDecay",
                Map.of("boundaries", List.of(10.7), "values", List.of(1.0, 2.0)));
        assertEquals(1.0, s.at(10));
        assertEquals(2.0, s.at(11));
    }

    @Test
    void polynomialDecay() {
        PolynomialDecay s = new PolynomialDecay(0.1, 100).endLearningRate(0.01).power(0.5);
        assertEquals(0.1, s.at(0), TOL);
        assertEquals(0.09 * Math.sqrt(0.75) + 0.01, s.at(25), TOL);           // 0.0879422863...
        assertEquals(0.01, s.at(100), TOL);
        assertEquals(0.01, s.at(5000), TOL);                                  // clamped at decay_steps
        // cycle: decay_steps becomes 100 * ceil(step / 100)
        PolynomialDecay c = s.cycle(true);
        assertEquals(0.1, c.at(0), TOL);                                      // multiplier 1 at step 0
        assertEquals(0.01, c.at(100), TOL);
        assertEquals(0.09 * Math.sqrt(0.25) + 0.01, c.at(150), TOL);          // 1 - 150/200 = 0.25 -> 0.055
        // default end_learning_rate 1e-4, power 1 (linear)
        assertEquals((0.1 - 1e-4) * 0.5 + 1e-4, new PolynomialDecay(0.1, 10).at(5), TOL);
    }

    @Test
    void inverseTimeDecay() {
        InverseTimeDecay s = new InverseTimeDecay(0.1, 2, 0.5);
        assertEquals(0.1, s.at(0), TOL);
        assertEquals(0.1 / (1 + 0.5 * 1.5), s.at(3), TOL);
        assertEquals(0.1 / (1 + 0.5 * 3.5), s.at(7), TOL);
        assertEquals(0.1 / (1 + 0.5 * 3), s.staircase(true).at(7), TOL);     // floor(7/2) = 3 -> 0.04
    }

    @Test
    void cosineDecayWithoutWarmup() {
        CosineDecay s = new CosineDecay(0.1, 100).alpha(0.1);
        assertEquals(0.1, s.at(0), TOL);
        assertEquals(0.1 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.3)) + 0.1), s.at(30), TOL);  // 0.08145...
        assertEquals(0.1 * 0.55, s.at(50), TOL);                                                // cos(pi/2) = 0
        assertEquals(0.01, s.at(100), TOL);                                                     // alpha * initial
        assertEquals(0.01, s.at(1000), TOL);
    }

    @Test
    void cosineDecayWithWarmup() {
        CosineDecay s = new CosineDecay(0.0, 100).warmup(0.1, 10);
        assertEquals(0.0, s.at(0), TOL);
        assertEquals(0.05, s.at(5), TOL);                                   // halfway up the linear warmup
        assertEquals(0.1, s.at(10), TOL);                                   // decay starts from the target
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.at(35), TOL);   // 25 steps into the decay
        assertEquals(0.0, s.at(110), TOL);
        assertEquals(0.0, s.at(10_000), TOL);
    }

    @Test
    void cosineDecayRestarts() {
        // periods [0,10), [10,30), [30,70): t_mul 2; peaks 1, 0.5, 0.25: m_mul 0.5
        CosineDecayRestarts s = new CosineDecayRestarts(1.0, 10).mMul(0.5);
        assertEquals(1.0, s.at(0), TOL);
        assertEquals(0.5, s.at(5), TOL);                                    // mid first period
        assertEquals(0.5, s.at(10), TOL);                                   // restart at half height
        assertEquals(0.25, s.at(20), TOL);                                  // mid second period
        assertEquals(0.25, s.at(30), TOL);
        assertEquals(0.125 * (1 + Math.cos(Math.PI / 8)), s.at(35), 1e-12); // f = (3.5 - 3) / 4
        // t_mul = 1: fixed periods
        CosineDecayRestarts fixed = new CosineDecayRestarts(1.0, 10).tMul(1.0).alpha(0.2);
        assertEquals(0.2 + 0.8 * 0.5, fixed.at(15), TOL);
        assertEquals(1.0, fixed.at(20), TOL);
    }

    @Test
    void configsUseKerasKeysAndRoundTrip() {
        CosineDecay s = new CosineDecay(0.001, 1000).warmup(0.01, 100).alpha(0.05);
        assertEquals("{\"initial_learning_rate\": 0.001, \"decay_steps\": 1000, \"alpha\": 0.05, \"name\": \"CosineDecay\", "
                + "\"warmup_target\": 0.01, \"warmup_steps\": 100}", Json.write(s.getConfig()));
        List<LearningRateSchedule> all = List.of(
                new ExponentialDecay(0.1, 100, 0.96).staircase(true),
                new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {0.3, 0.2, 0.1}),
                new PolynomialDecay(0.1, 50).endLearningRate(0.001).power(2).cycle(true),
                new InverseTimeDecay(0.1, 1, 0.5).name("itd"),
                s,
                new CosineDecayRestarts(0.1, 20).tMul(1.5).mMul(0.8).alpha(0.01));
        for (LearningRateSchedule sch : all) {
            Map<String, Object> ser = Schedules.serialize(sch);
            assertEquals("keras.optimizers.schedules", ser.get("module"));
            // through JSON text, as a file would carry it
            LearningRateSchedule back = Schedules.deserialize(Json.parseObject(Json.write(ser)));
            assertEquals(sch.className(), back.className());
            assertEquals(sch.getConfig(), back.getConfig());
            for (long step : new long[] {0, 1, 7, 10, 15, 33, 99, 500}) assertEquals(sch.at(step), back.at(step), 0.0, sch + " @" + step);
        }
    }

    @Test
    void kerasConfigWithNullNameAndDefaultsLoads() {
        // Keras's own docstring example for deserialize
        LearningRateSchedule s = Schedules.deserialize(Map.of("class_name", "PolynomialDecay",
                "config", new java.util.HashMap<>(Map.of("cycle", false, "decay_steps", 10000, "end_learning_rate", 0.01,
                        "initial_learning_rate", 0.1, "power", 0.5))));
        assertEquals(0.09 * Math.sqrt(0.5) + 0.01, s.at(5000), TOL);
        assertEquals("PolynomialDecay", ((PolynomialDecay) s).name());
    }

    @Test
    void unknownNamesAndKeysAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedules.fromConfig("StepDecay", Map.of()));
        assertTrue(e.getMessage().contains("Unknown learning rate schedule: 'StepDecay'") && e.getMessage().contains("ExponentialDecay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schedules.fromConfig("ExponentialDecay",
                Map.of("initial_learning_rate", 0.1, "decay_steps", 10, "decay_rate", 0.5, "decay", 1)));
        assertTrue(e.getMessage().contains("[decay]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 0, 0.9));
        assertTrue(e.getMessage().contains("decay_steps") && e.getMessage().contains("> 0"), e.getMessage());
    }

    @Test
    void optimizerUsesTheScheduleAtItsIterationAndConfigRoundTrips() {
        SGD sgd = new SGD().learningRate(new ExponentialDecay(0.1, 1, 0.5));
        Variable w = new Variable("w", Tensor.wrap(new float[] {1f}, 1), true);
        // w -= lr * 1 with lr = 0.1, 0.05, 0.025
        for (int i = 0; i < 3; i++) sgd.apply(List.of(Tensor.wrap(new float[] {1f}, 1)), List.of(w));
        assertEquals(1 - 0.1 - 0.05 - 0.025, w.value().getFlat(0), 1e-6);
        assertEquals((float) 0.0125, sgd.learningRate(), 0.0);

        Map<String, Object> cfg = Json.parseObject(Json.write(sgd.getConfig()));
        Optimizer back = Optimizers.fromConfig("SGD", cfg, Schedules::deserialize);
        assertEquals(0.05, back.learningRateSchedule().orElseThrow().at(1), TOL);
    }

    @Test
    void customSchedulesLoadOnlyOnceRegistered() {
        Map<String, Object> ser = Map.of("class_name", "Halving", "config", Map.of("every", 3));
        assertThrows(IllegalArgumentException.class, () -> Schedules.deserialize(ser));
        Schedules.register("Halving", c -> step -> Math.pow(0.5, step / ((Number) c.get("every")).longValue()));
        assertEquals(0.25, Schedules.deserialize(ser).at(7), TOL);
        assertThrows(IllegalArgumentException.class, () -> Schedules.register("CosineDecay", c -> step -> 0));
    }
}
