package io.jkeras.losses;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Finite-difference gradient checks in float64 for the loss tests. */
final class GradCheck {
    private GradCheck() {}

    /** d(sum f(x))/dx from the tape. */
    static double[] tapeGradient(Function<Tensor, Tensor> f, double[] x, Shape shape) {
        Tensor in = Tensor.wrap(x.clone(), shape);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(in);
            Tensor out = f.apply(in);
            Tensor g = tape.gradient(out, in);
            assertNotNull(g, "no gradient flowed to y_pred");
            assertEquals(shape, g.shape());
            return g.toDoubleArray();
        }
    }

    /** Central differences of sum f(x). */
    static double[] numericGradient(Function<Tensor, Tensor> f, double[] x, Shape shape, double h) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] a = x.clone(), b = x.clone();
            a[i] += h;
            b[i] -= h;
            double fa = Ops.sum(f.apply(Tensor.wrap(a, shape))).item();
            double fb = Ops.sum(f.apply(Tensor.wrap(b, shape))).item();
            g[i] = (fa - fb) / (2 * h);
        }
        return g;
    }

    static void check(String what, Function<Tensor, Tensor> f, double[] x, Shape shape) {
        double[] tape = tapeGradient(f, x, shape);
        double[] num = numericGradient(f, x, shape, 1e-6);
        for (int i = 0; i < x.length; i++) {
            double tol = 1e-6 + 1e-5 * Math.max(Math.abs(num[i]), Math.abs(tape[i]));
            assertEquals(num[i], tape[i], tol, what + ": gradient entry " + i + " (x=" + x[i] + ")");
        }
    }
}
