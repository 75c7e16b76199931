package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every optimizer, several steps on several variables of different shapes, against the float64
 * reference model of Keras 3 in {@link KerasReference}: float64 variables to 1e-10, float32
 * variables to 1e-6 (relative to max(|expected|, 1)).
 */
class OptimizerUpdateTest {
    static final int[][] SHAPES = {{}, {5}, {3, 4}, {2, 3, 2}};
    static final double[] GRAD_SCALES = {1.0, 0.1, 2.0, 0.01};
    static final int STEPS = 6;

    record Case(String label, Supplier<Optimizer> optimizer, Supplier<KerasReference> reference) {
        @Override public String toString() { return label; }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("SGD", () -> new SGD(0.1), () -> new KerasReference.Sgd(0.1, 0, false)),
                new Case("SGD defaults", SGD::new, () -> new KerasReference.Sgd(0.01, 0, false)),
                new Case("SGD momentum", () -> new SGD(0.05).momentum(0.9), () -> new KerasReference.Sgd(0.05, 0.9, false)),
                new Case("SGD nesterov", () -> new SGD(0.05).momentum(0.8).nesterov(true), () -> new KerasReference.Sgd(0.05, 0.8, true)),
                new Case("Adam defaults", Adam::new, () -> new KerasReference.AdamRef(0.001, 0.9, 0.999, 1e-7, false)),
                new Case("Adam", () -> new Adam(0.01).beta1(0.8).beta2(0.99).epsilon(1e-3),
                        () -> new KerasReference.AdamRef(0.01, 0.8, 0.99, 1e-3, false)),
                new Case("Adam amsgrad", () -> new Adam(0.01).amsgrad(true), () -> new KerasReference.AdamRef(0.01, 0.9, 0.999, 1e-7, true)),
                new Case("AdamW", () -> new AdamW(0.01), () -> {
                    KerasReference r = new KerasReference.AdamRef(0.01, 0.9, 0.999, 1e-7, false);
                    r.weightDecay = 0.004;
                    return r;
                }),
                new Case("AdamW amsgrad wd=0.1", () -> new AdamW(0.02).weightDecay(0.1).amsgrad(true), () -> {
                    KerasReference r = new KerasReference.AdamRef(0.02, 0.9, 0.999, 1e-7, true);
                    r.weightDecay = 0.1;
                    return r;
                }),
                new Case("RMSprop", () -> new RMSprop(0.01), () -> new KerasReference.RmsRef(0.01, 0.9, 0, 1e-7, false)),
                new Case("RMSprop momentum", () -> new RMSprop(0.01).momentum(0.5).rho(0.8),
                        () -> new KerasReference.RmsRef(0.01, 0.8, 0.5, 1e-7, false)),
                new Case("RMSprop centered", () -> new RMSprop(0.01).centered(true), () -> new KerasReference.RmsRef(0.01, 0.9, 0, 1e-7, true)),
                new Case("RMSprop centered momentum", () -> new RMSprop(0.005).centered(true).momentum(0.9).epsilon(1e-4),
                        () -> new KerasReference.RmsRef(0.005, 0.9, 0.9, 1e-4, true)),
                new Case("Adagrad", () -> new Adagrad(0.1), () -> new KerasReference.AdagradRef(0.1, 0.1, 1e-7)),
                new Case("Adagrad init=0.5", () -> new Adagrad(0.05).initialAccumulatorValue(0.5).epsilon(1e-3),
                        () -> new KerasReference.AdagradRef(0.05, 0.5, 1e-3)),
                new Case("Adadelta", () -> new Adadelta(1.0), () -> new KerasReference.AdadeltaRef(1.0, 0.95, 1e-7)),
                new Case("Adadelta rho=0.5", () -> new Adadelta(0.5).rho(0.5).epsilon(1e-4), () -> new KerasReference.AdadeltaRef(0.5, 0.5, 1e-4)),
                new Case("Adamax", () -> new Adamax(0.01), () -> new KerasReference.AdamaxRef(0.01, 0.9, 0.999, 1e-7)),
                new Case("Nadam", () -> new Nadam(0.01), () -> new KerasReference.NadamRef(0.01, 0.9, 0.999, 1e-7)),
                new Case("Nadam betas", () -> new Nadam(0.02).beta1(0.8).beta2(0.95), () -> new KerasReference.NadamRef(0.02, 0.8, 0.95, 1e-7)),
                new Case("Lion", () -> new Lion(0.01), () -> new KerasReference.LionRef(0.01, 0.9, 0.99)),
                new Case("Ftrl", () -> new Ftrl(0.1), () -> new KerasReference.FtrlRef(0.1, -0.5, 0.1, 0, 0, 0, 0)),
                new Case("Ftrl regularized", () -> new Ftrl(0.1).learningRatePower(-0.3).initialAccumulatorValue(0.2)
                        .l1RegularizationStrength(0.01).l2RegularizationStrength(0.02).l2ShrinkageRegularizationStrength(0.03).beta(0.5),
                        () -> new KerasReference.FtrlRef(0.1, -0.3, 0.2, 0.01, 0.02, 0.03, 0.5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float64MatchesReference(Case c) { run(c.optimizer().get(), c.reference().get(), DType.FLOAT64, 1e-10, 11); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32MatchesFloat64Reference(Case c) { run(c.optimizer().get(), c.reference().get(), DType.FLOAT32, 1e-6, 12); }

    /** Runs STEPS steps on the SHAPES variables with seeded gradients; compares after every step. */
    static void run(Optimizer opt, KerasReference ref, DType dtype, double tol, long seed) {
        ref.float32 = dtype == DType.FLOAT32;
        Random rnd = new Random(seed);
        List<Variable> vars = new ArrayList<>();
        List<double[]> refVars = new ArrayList<>();
        for (int k = 0; k < SHAPES.length; k++) {
            double[] init = values(rnd, Shape.of(SHAPES[k]).intSize(), 1.0, dtype);
            vars.add(variable("v" + k, init, SHAPES[k], dtype));
            refVars.add(init.clone());
        }
        for (int step = 0; step < STEPS; step++) {
            List<Tensor> grads = new ArrayList<>();
            List<double[]> refGrads = new ArrayList<>();
            for (int k = 0; k < SHAPES.length; k++) {
                double[] g = values(rnd, Shape.of(SHAPES[k]).intSize(), GRAD_SCALES[k], dtype);
                grads.add(tensor(g, SHAPES[k], dtype));
                refGrads.add(g);
            }
            opt.apply(grads, vars);
            ref.apply(refGrads, refVars);
            assertClose(refVars, vars, tol, opt.className() + " step " + (step + 1));
        }
        assertEquals(STEPS, ref.iterations);
        assertEquals(ref.updates(), opt.iterations());
    }

    static double[] values(Random rnd, int n, double scale, DType dtype) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double v = (rnd.nextDouble() * 2 - 1) * scale;
            a[i] = dtype == DType.FLOAT32 ? (float) v : v;
        }
        return a;
    }

    static Tensor tensor(double[] values, int[] shape, DType dtype) {
        if (dtype == DType.FLOAT64) return Tensor.wrap(values.clone(), Shape.of(shape));
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return Tensor.wrap(f, Shape.of(shape));
    }

    static Variable variable(String name, double[] values, int[] shape, DType dtype) {
        Variable v = new Variable(name, tensor(values, shape, dtype), true);
        v.setPath("layer/" + name);
        return v;
    }

    static void assertClose(List<double[]> expected, List<Variable> actual, double tol, String what) {
        for (int k = 0; k < expected.size(); k++) {
            double[] e = expected.get(k);
            Tensor a = actual.get(k).value();
            for (int i = 0; i < e.length; i++) {
                double got = a.getFlat(i);
                if (!(Math.abs(got - e[i]) <= tol * Math.max(Math.abs(e[i]), 1)))
                    fail(what + ": variable " + actual.get(k).path() + "[" + i + "] = " + got + ", expected " + e[i]
                            + " (diff " + Math.abs(got - e[i]) + ", tolerance " + tol + ")");
            }
        }
    }
}
