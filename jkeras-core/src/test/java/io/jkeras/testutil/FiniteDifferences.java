package io.jkeras.testutil;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Checks the gradient the tape computes against central finite differences in float64. The
 * function's output is reduced with fixed random weights, so every output element counts with
 * its own weight (a plain sum could hide a wrong permutation).
 */
public final class FiniteDifferences {
    private FiniteDifferences() {}

    /** Checks d/dx of {@code f} at {@code x} (float64). */
    public static void check(Function<Tensor, Tensor> f, Tensor x, double tolerance) {
        checkAll(xs -> f.apply(xs.get(0)), List.of(x), tolerance);
    }

    /** Checks the gradient of {@code f} with respect to each of its (float64) inputs. */
    public static void checkAll(Function<List<Tensor>, Tensor> f, List<Tensor> xs, double tolerance) {
        for (Tensor x : xs) if (x.dtype() != DType.FLOAT64) throw new IllegalArgumentException("finite differences need float64 inputs");
        Tensor probe = f.apply(xs);
        double[] w = new double[probe.size()];
        SplittableRandom r = new SplittableRandom(1234);
        for (int i = 0; i < w.length; i++) w[i] = r.nextDouble(-1, 1);
        Tensor weights = Tensor.of(w, probe.shape().toArray());
        Function<List<Tensor>, Double> loss = in -> Ops.sum(Ops.multiply(f.apply(in), weights)).item();

        List<Tensor> analytic;
        try (GradientTape tape = new GradientTape()) {
            for (Tensor x : xs) tape.watch(x);
            Tensor l = Ops.sum(Ops.multiply(f.apply(xs), weights));
            analytic = tape.gradients(l, xs);
        }
        double h = 1e-6;
        for (int k = 0; k < xs.size(); k++) {
            Tensor g = analytic.get(k);
            assertNotNull(g, "no gradient reached input " + k);
            double[] base = xs.get(k).toDoubleArray();
            double[] ga = g.toDoubleArray();
            assertEquals(base.length, ga.length, "gradient size of input " + k);
            for (int i = 0; i < base.length; i++) {
                double[] plus = base.clone(), minus = base.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (loss.apply(replace(xs, k, Tensor.of(plus, xs.get(k).shape().toArray())))
                        - loss.apply(replace(xs, k, Tensor.of(minus, xs.get(k).shape().toArray())))) / (2 * h);
                assertEquals(numeric, ga[i], tolerance * Math.max(1, Math.abs(numeric)), "d/dx" + k + "[" + i + "]");
            }
        }
    }

    private static List<Tensor> replace(List<Tensor> xs, int k, Tensor t) {
        List<Tensor> out = new ArrayList<>(xs);
        out.set(k, t);
        return out;
    }

    /** A float64 tensor of the given shape with values uniform in [-2, 2). */
    public static Tensor randomDouble(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) n *= d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(-2, 2);
        return Tensor.of(v, shape);
    }
}
