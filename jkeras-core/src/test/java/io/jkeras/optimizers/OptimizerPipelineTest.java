package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.optimizers.schedules.LearningRateSchedule;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.jkeras.optimizers.OptimizerUpdateTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The base pipeline: clipping, loss scaling, weight decay, constraints, null gradients, schedules, errors. */
class OptimizerPipelineTest {

    static double tol(DType dt) { return dt == DType.FLOAT64 ? 1e-10 : 1e-6; }

    // ---------------------------------------------------------------- clipping and scaling

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void clipnormClipsEachGradientToItsNorm(DType dt) {
        KerasReference ref = new KerasReference.Sgd(0.1, 0.9, false);
        ref.clipnorm = 0.5;
        run(new SGD(0.1).momentum(0.9).clipnorm(0.5), ref, dt, tol(dt), 21);
        KerasReference adam = new KerasReference.AdamRef(0.01, 0.9, 0.999, 1e-7, false);
        adam.clipnorm = 0.5;
        run(new Adam(0.01).clipnorm(0.5), adam, dt, tol(dt), 22);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void clipvalueClipsEachElement(DType dt) {
        KerasReference ref = new KerasReference.Sgd(0.1, 0, false);
        ref.clipvalue = 0.3;
        run(new SGD(0.1).clipvalue(0.3), ref, dt, tol(dt), 23);
        KerasReference rms = new KerasReference.RmsRef(0.01, 0.9, 0, 1e-7, false);
        rms.clipvalue = 0.3;
        run(new RMSprop(0.01).clipvalue(0.3), rms, dt, tol(dt), 24);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void globalClipnormScalesAllGradientsTogether(DType dt) {
        KerasReference ref = new KerasReference.Sgd(0.1, 0, false);
        ref.globalClipnorm = 1.0;
        run(new SGD(0.1).globalClipnorm(1.0), ref, dt, tol(dt), 25);
    }

    @Test
    void clipnormLeavesSmallGradientsAlone() {
        Variable v = var("w", new double[] {1, 1}, DType.FLOAT64);
        new SGD(1.0).clipnorm(10).apply(List.of(Tensor.of(new double[] {0.3, 0.4}, 2)), List.of(v));
        assertArrayEquals(new double[] {0.7, 0.6}, v.value().doubles(), 1e-15);
        Variable u = var("u", new double[] {0, 0}, DType.FLOAT64);
        new SGD(1.0).clipnorm(1).apply(List.of(Tensor.of(new double[] {3, 4}, 2)), List.of(u));   // norm 5 -> 1
        assertArrayEquals(new double[] {-0.6, -0.8}, u.value().doubles(), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void lossScaleFactorDividesGradients(DType dt) {
        KerasReference ref = new KerasReference.AdamRef(0.01, 0.9, 0.999, 1e-7, false);
        ref.lossScaleFactor = 128.0;
        ref.clipnorm = 0.01;
        run(new Adam(0.01).lossScaleFactor(128).clipnorm(0.01), ref, dt, tol(dt), 26);
    }

    @Test
    void clippingOptionsAreMutuallyExclusive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD().clipnorm(1.0).clipvalue(0.5));
        assertTrue(e.getMessage().contains("Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam().globalClipnorm(1.0).clipnorm(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Adam().clipnorm(-1));
        SGD sgd = new SGD().clipnorm(1.0).noClipping().clipvalue(2.0);
        assertEquals(2.0, sgd.clipvalue().orElseThrow());
        assertTrue(sgd.clipnorm().isEmpty());
    }

    @Test
    void clippingDoesNotWriteIntoTheCallersGradient() {
        float[] g = {3f, -4f};
        Variable v = var("w", new double[] {0, 0}, DType.FLOAT32);
        new SGD(1.0).clipvalue(1.0).apply(List.of(Tensor.wrap(g, 2)), List.of(v));
        assertArrayEquals(new float[] {3f, -4f}, g);
        assertArrayEquals(new float[] {-1f, 1f}, v.value().floats());
    }

    // ---------------------------------------------------------------- weight decay

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void weightDecayIsDecoupledAndHonoursExclusions(DType dt) {
        KerasReference ref = new KerasReference.Sgd(0.1, 0.5, false);
        ref.weightDecay = 0.3;
        ref.excludedFromDecay.add(1);   // variable "v1"
        ref.excludedFromDecay.add(3);   // variable "v3"
        run(new SGD(0.1).momentum(0.5).weightDecay(0.3).excludeFromWeightDecay("v1", "3$"), ref, dt, tol(dt), 27);

        KerasReference nadam = new KerasReference.NadamRef(0.01, 0.9, 0.999, 1e-7);
        nadam.weightDecay = 0.1;
        run(new Nadam(0.01).weightDecay(0.1), nadam, dt, tol(dt), 28);
    }

    @Test
    void weightDecayIsAppliedBeforeTheUpdate() {
        // SGD, w=2, g=1, lr=0.125, wd=0.5: Keras decays first, w = 2 - 2*0.5*0.125 = 1.875, then w -= 0.125 -> 1.75
        // (decaying after the update would give 1.875 - 1.875*0.0625 = 1.7578125)
        Variable v = var("w", new double[] {2}, DType.FLOAT64);
        new SGD(0.125).weightDecay(0.5).apply(List.of(Tensor.of(new double[] {1}, 1)), List.of(v));
        assertEquals(1.75, v.value().doubles()[0], 0);
    }

    @Test
    void weightDecaySetAfterTheFirstStepApplies() {
        Variable v = var("w", new double[] {1}, DType.FLOAT64);
        SGD sgd = new SGD(0.5);
        Tensor zero = Tensor.of(new double[] {0}, 1);
        sgd.apply(List.of(zero), List.of(v));
        assertEquals(1.0, v.value().doubles()[0], 0);
        sgd.weightDecay(0.5);
        sgd.apply(List.of(zero), List.of(v));
        assertEquals(0.75, v.value().doubles()[0], 0);
    }

    @Test
    void excludeFromWeightDecayByVariable() {
        Variable a = var("a", new double[] {1}, DType.FLOAT64), b = var("b", new double[] {1}, DType.FLOAT64);
        SGD sgd = new SGD(0.5).weightDecay(0.25).excludeFromWeightDecay(b);
        sgd.apply(List.of(Tensor.of(new double[] {0}, 1), Tensor.of(new double[] {0}, 1)), List.of(a, b));
        assertEquals(0.875, a.value().doubles()[0], 0);
        assertEquals(1.0, b.value().doubles()[0], 0);
        assertFalse(sgd.usesWeightDecay(b));
        assertTrue(sgd.usesWeightDecay(a));
        // a later call replaces the exclusions, as in Keras
        sgd.excludeFromWeightDecay("a");
        assertTrue(sgd.usesWeightDecay(b));
        assertFalse(sgd.usesWeightDecay(a));
        sgd.apply(List.of(Tensor.of(new double[] {0}, 1), Tensor.of(new double[] {0}, 1)), List.of(a, b));
        assertEquals(0.875, a.value().doubles()[0], 0);
        assertEquals(0.875, b.value().doubles()[0], 0);
    }

    @Test
    void adamWRequiresWeightDecay() {
        assertEquals(0.004, new AdamW().weightDecay().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> new AdamW().noWeightDecay());
        assertTrue(new Adam().weightDecay().isEmpty());
    }

    // ---------------------------------------------------------------- constraints

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void constraintIsAppliedAfterTheUpdate(DType dt) {
        Constraint clip = w -> {
            double[] d = w.toDoubleArray();
            for (int i = 0; i < d.length; i++) d[i] = Math.min(Math.max(d[i], -0.3), 0.3);
            return dt == DType.FLOAT64 ? Tensor.wrap(d, w.shape()) : tensorF(d, w.shape());
        };
        Variable a = new Variable("a", tensor(new double[] {0.25, -0.25, 0.0}, dt), true, clip);
        Variable b = var("b", new double[] {0.25, -0.25, 0.0}, dt);
        Adam opt = new Adam(0.1);
        KerasReference ref = new KerasReference.AdamRef(0.1, 0.9, 0.999, 1e-7, false);
        ref.float32 = dt == DType.FLOAT32;
        ref.constraints.put(0, x -> Math.min(Math.max(x, -0.3), 0.3));
        List<double[]> rv = new ArrayList<>(List.of(new double[] {0.25, -0.25, 0.0}, new double[] {0.25, -0.25, 0.0}));
        double[][] gs = {{-1, 1, 0.5}, {-0.5, 0.5, -2}, {1, 1, 1}};
        for (double[] g : gs) {
            opt.apply(List.of(tensor(g, dt), tensor(g, dt)), List.of(a, b));
            ref.apply(List.of(g, g), rv);
        }
        OptimizerUpdateTest.assertClose(rv, List.of(a, b), tol(dt), "constrained Adam");
        // the unconstrained twin went past the bound, the constrained one stopped at it
        assertEquals(0.3, a.value().getFlat(0), 1e-7);
        assertEquals(-0.3, a.value().getFlat(1), 1e-7);
        assertTrue(b.value().getFlat(0) > 0.3 && b.value().getFlat(1) < -0.3);
    }

    // ---------------------------------------------------------------- null gradients

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void nullGradientSkipsItsVariable(DType dt) {
        Variable a = var("a", new double[] {0.5, -0.5}, dt), b = var("b", new double[] {1, 2, 3}, dt);
        Adam opt = new Adam(0.1).name("adam_null");
        KerasReference ref = new KerasReference.AdamRef(0.1, 0.9, 0.999, 1e-7, false);
        ref.float32 = dt == DType.FLOAT32;
        List<double[]> rv = new ArrayList<>(List.of(new double[] {0.5, -0.5}, new double[] {1, 2, 3}));
        double[] ga = {0.3, -0.7}, gb = {1, -1, 0.5};

        opt.apply(Arrays.asList(tensor(ga, dt), null), List.of(a, b));
        ref.apply(Arrays.asList(ga, null), rv);
        assertArrayEquals(new double[] {1, 2, 3}, b.value().toDoubleArray(), 0);
        // b's slots exist (built on all variables) and were not touched
        List<Variable> ov = opt.variables();
        assertEquals(2 + 4, ov.size());
        assertArrayEquals(new double[3], ov.get(4).value().toDoubleArray(), 0);
        assertEquals(1, opt.iterations());

        // the next step updates both; b's first update uses the global step t = 2, as in Keras
        opt.apply(List.of(tensor(ga, dt), tensor(gb, dt)), List.of(a, b));
        ref.apply(List.of(ga, gb), rv);
        OptimizerUpdateTest.assertClose(rv, List.of(a, b), tol(dt), "Adam with a null gradient");
    }

    @Test
    void allNullGradientsIsAnError() {
        Variable a = var("a", new double[] {1}, DType.FLOAT32);
        SGD sgd = new SGD();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.apply(Arrays.asList((Tensor) null), List.of(a)));
        assertTrue(e.getMessage().contains("no gradients provided"), e.getMessage());
        assertEquals(0, sgd.iterations());
    }

    // ---------------------------------------------------------------- learning rate

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void scheduleIsEvaluatedAtIterations(DType dt) {
        LearningRateSchedule decay = step -> 0.1 / (1 + step);
        KerasReference ref = new KerasReference.Sgd(0, 0.9, true);
        ref.schedule = step -> 0.1 / (1 + step);
        SGD sgd = new SGD().momentum(0.9).nesterov(true).learningRate(decay);
        run(sgd, ref, dt, tol(dt), 29);
        assertEquals((float) (0.1 / 7), sgd.learningRate(), 0);

        KerasReference adam = new KerasReference.AdamRef(0, 0.9, 0.999, 1e-7, false);
        adam.schedule = step -> step < 3 ? 0.01 : 0.001;
        run(new Adam().learningRate(step -> step < 3 ? 0.01 : 0.001), adam, dt, tol(dt), 30);
    }

    @Test
    void learningRateIsKeptAsFloat32LikeKeras() {
        Adam adam = new Adam(0.01);
        assertEquals(0.009999999776482582, adam.learningRate(), 0);
        assertEquals(0.009999999776482582, adam.getConfig().get("learning_rate"));
        adam.setLearningRate(0.5);
        assertEquals(0.5, adam.learningRate(), 0);
        assertThrows(IllegalArgumentException.class, () -> adam.setLearningRate(-1));
    }

    @Test
    void setLearningRateTakesEffectOnTheNextStep() {
        Variable v = var("w", new double[] {0}, DType.FLOAT64);
        SGD sgd = new SGD(0.5);
        Tensor g = Tensor.of(new double[] {1}, 1);
        sgd.apply(List.of(g), List.of(v));
        sgd.setLearningRate(0.25);
        sgd.apply(List.of(g), List.of(v));
        assertEquals(-0.75, v.value().doubles()[0], 0);
    }

    @Test
    void scheduledLearningRateCannotBeSetToANumber() {
        SGD sgd = new SGD().learningRate(step -> 0.1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.setLearningRate(0.2));
        assertTrue(e.getMessage().contains("LearningRateSchedule"), e.getMessage());
        assertTrue(sgd.learningRateSchedule().isPresent());
        // choosing a constant again is allowed through the fluent setter
        sgd.learningRate(0.2);
        assertEquals((float) 0.2, sgd.learningRate(), 0);
    }

    // ---------------------------------------------------------------- gradient accumulation and EMA

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void gradientAccumulationUpdatesWithTheMeanEveryNSteps(DType dt) {
        KerasReference adam = new KerasReference.AdamRef(0.01, 0.9, 0.999, 1e-7, false);
        adam.accumulationSteps = 3;
        run(new Adam(0.01).gradientAccumulationSteps(3), adam, dt, tol(dt), 31);

        // with loss scaling, clipping, weight decay and a schedule (which sees every step)
        KerasReference sgd = new KerasReference.Sgd(0, 0.9, false);
        sgd.accumulationSteps = 2;
        sgd.lossScaleFactor = 8.0;
        sgd.clipnorm = 0.3;
        sgd.weightDecay = 0.1;
        sgd.schedule = step -> 0.1 / (1 + step);
        run(new SGD().momentum(0.9).gradientAccumulationSteps(2).lossScaleFactor(8).clipnorm(0.3).weightDecay(0.1)
                .learningRate(step -> 0.1 / (1 + step)), sgd, dt, tol(dt), 32);

        KerasReference nadam = new KerasReference.NadamRef(0.01, 0.9, 0.999, 1e-7);
        nadam.accumulationSteps = 2;
        run(new Nadam(0.01).gradientAccumulationSteps(2), nadam, dt, tol(dt), 33);
    }

    @Test
    void gradientAccumulationCountsUpdates() {
        Variable w = var("w", new double[] {0}, DType.FLOAT64);
        SGD sgd = new SGD(0.5).gradientAccumulationSteps(2);
        sgd.apply(List.of(Tensor.of(new double[] {1}, 1)), List.of(w));
        assertEquals(0, w.value().doubles()[0], 0);              // accumulated, not applied
        assertEquals(0, sgd.iterations());
        sgd.apply(List.of(Tensor.of(new double[] {3}, 1)), List.of(w));
        assertEquals(-1.0, w.value().doubles()[0], 0);           // lr * mean(1, 3)
        assertEquals(1, sgd.iterations());
        sgd.apply(List.of(Tensor.of(new double[] {3}, 1)), List.of(w));
        assertEquals(1, sgd.iterations());
        assertEquals(3L, sgd.variables().get(0).value().getFlat(0), 0);   // the saved counter counts every step
        assertThrows(IllegalArgumentException.class, () -> new SGD().gradientAccumulationSteps(1));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void movingAveragesFollowKeras(DType dt) {
        KerasReference ref = new KerasReference.Sgd(0.1, 0.9, false);
        ref.useEma = true;
        ref.emaMomentum = 0.8;
        SGD sgd = new SGD(0.1).momentum(0.9).useEma(true).emaMomentum(0.8);
        run(sgd, ref, dt, tol(dt), 34);
        List<Variable> vs = sgd.variables();
        for (int i = 0; i < OptimizerUpdateTest.SHAPES.length; i++) {
            Variable avg = vs.get(2 + i);
            assertTrue(avg.path().endsWith("_average"), avg.path());
            double[] expected = ref.slot("average", i, 0, 0);
            for (int j = 0; j < expected.length; j++)
                assertEquals(expected[j], avg.value().getFlat(j), tol(dt) * Math.max(1, Math.abs(expected[j])));
        }

        KerasReference over = new KerasReference.AdamRef(0.05, 0.9, 0.999, 1e-7, false);
        over.float32 = dt == DType.FLOAT32;
        over.useEma = true;
        over.emaOverwriteFrequency = 2;
        over.accumulationSteps = 2;
        run(new Adam(0.05).useEma(true).emaOverwriteFrequency(2).gradientAccumulationSteps(2), over, dt, tol(dt), 35);
    }

    @Test
    void finalizeVariableValuesCopiesTheAverages() {
        Variable w = var("w", new double[] {1}, DType.FLOAT64);
        SGD sgd = new SGD(0.5).useEma(true).emaMomentum(0.5);
        sgd.apply(List.of(Tensor.of(new double[] {1}, 1)), List.of(w));   // w = 0.5, avg = 0.5 (first step: m = 0)
        sgd.apply(List.of(Tensor.of(new double[] {1}, 1)), List.of(w));   // w = 0, avg = 0.25
        assertEquals(0.0, w.value().doubles()[0], 0);
        sgd.finalizeVariableValues();
        assertEquals(0.25, w.value().doubles()[0], 0);
        new SGD().finalizeVariableValues();   // no EMA: nothing to do
    }

    // ---------------------------------------------------------------- Keras float32 details

    @Test
    void float32AdamCastsBetasBeforeThePowersLikeKeras() {
        // One step from w = 0 with g = 1: Keras computes alpha with beta_1, beta_2 cast to float32,
        // 1 - 0.999f = 9.99987e-4 instead of 1e-3, which changes the step by 6e-6 (relative).
        Variable w = var("w", new double[] {0}, DType.FLOAT32);
        new Adam(0.01).apply(List.of(Tensor.of(1f)), List.of(w));
        double lr = (float) 0.01, m = (float) (1 - 0.9), v = (float) (1 - 0.999);
        double keras32 = -m * lr * Math.sqrt(1 - (double) 0.999f) / (1 - (double) 0.9f) / (Math.sqrt(v) + 1e-7);
        double exact = -m * lr * Math.sqrt(1 - 0.999) / (1 - 0.9) / (Math.sqrt(v) + 1e-7);
        double got = w.value().getFlat(0);
        assertEquals(keras32, got, 2e-7 * Math.abs(keras32));
        assertNotEquals(exact, got, 2e-6 * Math.abs(exact));
    }

    @Test
    void nadamMomentumCacheProduct() {
        // Keras 3.15 wrote u_product = 0.003277799 after 9 steps (fixtures/keras3/train_nadam_huber)
        Variable w = var("w", new double[] {0.5, -0.5}, DType.FLOAT32);
        Nadam nadam = new Nadam(0.01);
        for (int i = 0; i < 9; i++) nadam.apply(List.of(Tensor.of(0.1f, -0.2f)), List.of(w));
        double p = 1;
        for (int t = 1; t <= 9; t++) p *= 0.9 * (1 - 0.5 * Math.pow(0.96, t));
        List<Variable> vars = nadam.variables();
        Variable u = vars.get(vars.size() - 1);
        assertEquals(Shape.SCALAR, u.shape());
        assertEquals(DType.FLOAT32, u.dtype());
        assertEquals(p, u.value().getFlat(0), 1e-6 * p);
    }

    // ---------------------------------------------------------------- dtypes, API and errors

    @Test
    void float32GradientForFloat64VariableIsCast() {
        Variable v = var("w", new double[] {1, 2}, DType.FLOAT64);
        new SGD(0.5).apply(List.of(Tensor.of(0.25f, 0.5f)), List.of(v));
        assertArrayEquals(new double[] {0.875, 1.75}, v.value().doubles(), 0);
    }

    @Test
    void applyWithoutVariablesAfterBuild() {
        Variable a = var("a", new double[] {1}, DType.FLOAT64);
        SGD sgd = new SGD(0.5);
        assertThrows(IllegalStateException.class, () -> sgd.apply(List.of(Tensor.of(new double[] {1}, 1))));
        sgd.build(List.of(a));
        assertTrue(sgd.built());
        sgd.apply(List.of(Tensor.of(new double[] {1}, 1)));
        assertEquals(0.5, a.value().doubles()[0], 0);
        assertEquals(List.of(a), sgd.trainableVariables());
    }

    @Test
    void emptyGradientListIsANoOp() {
        SGD sgd = new SGD();
        sgd.apply(List.of(), List.of());
        assertEquals(0, sgd.iterations());
        assertFalse(sgd.built());
    }

    @Test
    void errorsNameTheProblem() {
        Variable a = var("a", new double[] {1, 2}, DType.FLOAT32);
        Adam adam = new Adam().name("my_adam");
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> adam.apply(List.of(Tensor.of(1f, 2f, 3f)), List.of(a)));
        assertTrue(shape.getMessage().contains("my_adam") && shape.getMessage().contains("layer/a")
                && shape.getMessage().contains("(3,)") && shape.getMessage().contains("(2,)"), shape.getMessage());

        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> adam.apply(List.of(Tensor.of(1f, 2f), Tensor.of(1f)), List.of(a)));
        assertTrue(count.getMessage().contains("2 gradients for 1 variables"), count.getMessage());

        adam.apply(List.of(Tensor.of(1f, 2f)), List.of(a));
        Variable other = var("other", new double[] {1, 2}, DType.FLOAT32);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> adam.apply(List.of(Tensor.of(1f, 2f)), List.of(other)));
        assertTrue(unknown.getMessage().contains("Unknown variable 'layer/other'"), unknown.getMessage());

        Variable ints = new Variable("i", Tensor.of(new int[] {1}, 1), true);
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> new SGD().apply(List.of(Tensor.of(1f)), List.of(ints)));
        assertTrue(dtype.getMessage().contains("int32"), dtype.getMessage());

        assertThrows(IllegalStateException.class, () -> adam.name("renamed"));
        assertThrows(IllegalArgumentException.class, () -> new Lion().beta1(0));
        assertThrows(IllegalArgumentException.class, () -> new SGD().momentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Ftrl().learningRatePower(0.5));
        assertThrows(IllegalArgumentException.class, () -> new SGD(-0.1));
    }

    @Test
    void variablesArePassedByIdentityInAnyOrder() {
        // the optimizer maps each variable to its slots by identity, so a permuted call still works
        Variable a = var("a", new double[] {1}, DType.FLOAT64), b = var("b", new double[] {1}, DType.FLOAT64);
        SGD sgd = new SGD(0.125).momentum(0.5);
        sgd.apply(List.of(Tensor.of(new double[] {1}, 1), Tensor.of(new double[] {2}, 1)), List.of(a, b));
        sgd.apply(List.of(Tensor.of(new double[] {2}, 1), Tensor.of(new double[] {1}, 1)), List.of(b, a));
        // a: v1 = -0.125, w = 0.875; v2 = -0.0625 - 0.125 = -0.1875, w = 0.6875
        assertEquals(0.6875, a.value().doubles()[0], 0);
        // b: v1 = -0.25, w = 0.75; v2 = -0.125 - 0.25 = -0.375, w = 0.375
        assertEquals(0.375, b.value().doubles()[0], 0);
    }

    // ---------------------------------------------------------------- helpers

    static Tensor tensor(double[] v, DType dt) { return OptimizerUpdateTest.tensor(v, new int[] {v.length}, dt); }

    static Tensor tensorF(double[] d, Shape s) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return Tensor.wrap(f, s);
    }

    static Variable var(String name, double[] v, DType dt) {
        return OptimizerUpdateTest.variable(name, v, new int[] {v.length}, dt);
    }

}
