package io.jkeras.activations;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test helper: checks the tape gradient of a function against central finite differences in
 * float64. The scalar checked is {@code sum(w * f(x))} with fixed random weights {@code w}, so
 * every output element contributes with its own weight (a plain sum could hide errors that cancel).
 */
public final class FiniteDiff {
    private FiniteDiff() {}

    /** The tape gradient of {@code sum(w * f(x))} with respect to {@code x}. */
    public static double[] analytic(UnaryOperator<Tensor> f, Tensor x, Tensor w) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor loss = Ops.sum(Ops.multiply(f.apply(x), w));
            Tensor g = tape.gradient(loss, x);
            assertNotNull(g, "the output does not depend on the input on the tape");
            return g.toDoubleArray();
        }
    }

    /** Central differences of {@code sum(w * f(x))}, step {@code h * max(1, |x_i|)}. */
    public static double[] numeric(UnaryOperator<Tensor> f, double[] x, int[] shape, Tensor w, double h) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double step = h * Math.max(1, Math.abs(x[i]));
            double[] xp = x.clone(), xm = x.clone();
            xp[i] += step;
            xm[i] -= step;
            double fp = Ops.sum(Ops.multiply(f.apply(Tensor.of(xp, shape)), w)).item();
            double fm = Ops.sum(Ops.multiply(f.apply(Tensor.of(xm, shape)), w)).item();
            g[i] = (fp - fm) / (xp[i] - xm[i]);
        }
        return g;
    }

    /**
     * Asserts that the tape gradient of {@code f} at {@code x} (float64, shape {@code shape})
     * matches central differences: {@code |analytic - numeric| <= tol * max(1, |numeric|)}.
     */
    public static void check(String what, UnaryOperator<Tensor> f, double[] x, int[] shape, double tol) {
        Tensor xt = Tensor.of(x, shape);
        Tensor y = f.apply(xt);
        if (y.dtype() != DType.FLOAT64) fail(what + ": a float64 input gave a " + y.dtype() + " output");
        SplittableRandom rng = new SplittableRandom(12345);
        double[] wv = new double[y.size()];
        for (int i = 0; i < wv.length; i++) wv[i] = 0.5 + rng.nextDouble();   // in [0.5, 1.5): no cancellation
        Tensor w = Tensor.of(wv, y.shape().toArray());
        double[] a = analytic(f, xt, w);
        double[] n = numeric(f, x, shape, w, 1e-6);
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(a[i] - n[i]) <= tol * Math.max(1, Math.abs(n[i])))) {
                fail(what + ": gradient at x[" + i + "]=" + x[i] + " is " + a[i] + " on the tape but " + n[i] + " by finite differences");
            }
        }
    }
}
