package io.jkeras.testing;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks the gradients a {@link GradientTape} computes against central finite differences in float64.
 *
 * <pre>{@code
 * GradCheck.check(xs -> Ops.matmul(xs.get(0), xs.get(1)), GradCheck.random(1, 3, 4), GradCheck.random(2, 4, 5));
 * GradCheck.checkUnary(Ops::tanh, GradCheck.random(3, 2, 3));
 * }</pre>
 *
 * <p>The function may return any shape. It is reduced to the scalar {@code L = sum(w * f(inputs))}
 * with fixed pseudo-random weights {@code w} in [0.5, 1.5) (seeded, so runs repeat; a scalar output
 * gets weight 1): a plain sum would hide wrong gradients of outputs that always sum to a constant,
 * such as softmax's. Each element of each input is then nudged by {@code +-eps} and
 * {@code (L(x+eps) - L(x-eps)) / 2eps} compared with the tape's gradient: they agree when
 * {@code |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|)} (or, for
 * {@link #scaled}, {@code <= tol * max(1, |numeric|)}).
 *
 * <p>Inputs must be float64 and the function must return a float64 tensor (so that the differences
 * are exact enough); keep inputs away from kinks (relu at 0, ties of max) where the derivative is
 * not defined. A gradient the tape reports as unconnected ({@code null}) is compared as zeros,
 * unless the checker {@link #requireConnected() requires a connection}.
 */
public final class GradCheck {
    private final double eps;
    private final double atol;
    private final double rtol;
    /** When true the tolerance is {@code atol * max(1, |numeric|)} (rtol unused). */
    private final boolean scaled;
    private final boolean requireConnected;

    private GradCheck(double eps, double atol, double rtol, boolean scaled, boolean requireConnected) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        this.scaled = scaled;
        this.requireConnected = requireConnected;
    }

    /** The defaults: eps 1e-6, atol 1e-6, rtol 1e-5. */
    public static GradCheck defaults() { return new GradCheck(1e-6, 1e-6, 1e-5, false, false); }

    /** A checker with other tolerances, for functions that lose precision (long chains, large values). */
    public static GradCheck withTolerance(double atol, double rtol) { return new GradCheck(1e-6, atol, rtol, false, false); }

    /** A checker with another step size as well. */
    public static GradCheck with(double eps, double atol, double rtol) { return new GradCheck(eps, atol, rtol, false, false); }

    /**
     * A checker that accepts {@code |analytic - numeric| <= tol * max(1, |numeric|)}: absolute for
     * gradients below 1, relative above (eps 1e-6).
     */
    public static GradCheck scaled(double tol) { return new GradCheck(1e-6, tol, 0, true, false); }

    /** This checker, but failing when the tape reports no gradient at all for an input (instead of comparing zeros). */
    public GradCheck requireConnected() { return new GradCheck(eps, atol, rtol, scaled, true); }

    /** Checks {@code fn}'s gradients with respect to every input, with the default tolerances. */
    public static void check(Function<List<Tensor>, Tensor> fn, Tensor... inputs) { defaults().verify(fn, inputs); }

    /** Checks the gradient of a one-input function. */
    public static void checkUnary(UnaryOperator<Tensor> fn, Tensor x) { defaults().verify(xs -> fn.apply(xs.get(0)), x); }

    /**
     * The tape's gradient of {@code sum(fn(x))} with respect to {@code x}; fails when none reaches
     * {@code x} or its shape is not {@code x}'s. For tests that assert values of the gradient itself.
     */
    public static Tensor gradient(UnaryOperator<Tensor> fn, Tensor x) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor g = tape.gradient(io.jkeras.ops.Ops.sum(fn.apply(x)), x);
            if (g == null) fail("GradCheck.gradient: no gradient reached the input (the tape reports it unconnected)");
            if (!g.shape().equals(x.shape())) fail("GradCheck.gradient: the gradient has shape " + g.shape() + ", the input " + x.shape());
            return g;
        }
    }

    /** Checks the gradient of a one-input function with this checker; {@code what} names it in a failure. */
    public void verifyUnary(String what, UnaryOperator<Tensor> fn, Tensor x) { verify(what, xs -> fn.apply(xs.get(0)), x); }

    /** Checks {@code fn}'s gradients with this checker's tolerances. */
    public void verify(Function<List<Tensor>, Tensor> fn, Tensor... inputs) { verify(null, fn, inputs); }

    /** Checks {@code fn}'s gradients with this checker's tolerances; {@code what} (may be null) names it in a failure. */
    public void verify(String what, Function<List<Tensor>, Tensor> fn, Tensor... inputs) {
        String name = what == null ? "" : what + ": ";
        if (inputs.length == 0) throw new IllegalArgumentException("GradCheck needs at least one input");
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DType.FLOAT64) throw new IllegalArgumentException("GradCheck: input " + i + " is " + inputs[i].dtype()
                    + "; finite differences need float64 inputs (use GradCheck.random or Tensor.of(double[], ...))");
        }
        List<Tensor> base = List.of(inputs);

        // analytic gradients
        List<Tensor> analytic;
        Tensor y;
        double[] w;
        try (GradientTape tape = new GradientTape()) {
            for (Tensor t : inputs) tape.watch(t);
            y = fn.apply(base);
            if (y.dtype() != DType.FLOAT64) throw new IllegalArgumentException("GradCheck: the function returned a " + y.dtype()
                    + " tensor of shape " + y.shape() + "; it must return float64 for finite differences to be accurate");
            w = weights(y.size());
            Tensor loss = io.jkeras.ops.Ops.sum(io.jkeras.ops.Ops.multiply(y, Tensor.wrap(w.clone(), y.shape())));
            analytic = tape.gradients(loss, base);
        }

        StringBuilder failures = new StringBuilder();
        int failed = 0, total = 0;
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            Tensor g = analytic.get(i);
            if (g == null && requireConnected) fail(name + "GradCheck: no gradient reached input " + i + " (shape " + in.shape()
                    + "); the tape reports it unconnected");
            if (g != null && !g.shape().equals(in.shape())) {
                fail("GradCheck: the gradient of input " + i + " has shape " + g.shape() + ", the input has shape " + in.shape());
            }
            if (g != null && g.dtype() != DType.FLOAT64) {
                fail("GradCheck: the gradient of input " + i + " is " + g.dtype() + ", the input is float64");
            }
            double[] ga = g == null ? new double[in.size()] : g.doubles();
            double[] x = in.doubles();
            for (int e = 0; e < x.length; e++) {
                double numeric = (evaluate(fn, inputs, i, e, x[e] + eps, w, y.shape()) - evaluate(fn, inputs, i, e, x[e] - eps, w, y.shape()))
                        / (2 * eps);
                double a = ga[e];
                double diff = Math.abs(a - numeric);
                double tol = scaled ? atol * Math.max(1, Math.abs(numeric)) : atol + rtol * Math.max(Math.abs(a), Math.abs(numeric));
                total++;
                if (!(diff <= tol)) {
                    failed++;
                    if (failed <= 10) {
                        failures.append(String.format("%n  input %d (shape %s) element %s (flat %d): analytic %.10g, numeric %.10g, |diff| %.3g > tolerance %.3g%s",
                                i, in.shape(), Arrays.toString(unravel(e, in.shape())), e, a, numeric, diff, tol,
                                g == null ? " (the tape reported no gradient: input unconnected)" : ""));
                    }
                }
            }
        }
        if (failed > 0) {
            String rule = scaled ? "tolerance " + atol + " * max(1, |numeric|)" : "atol " + atol + ", rtol " + rtol;
            fail(name + "Gradient check failed for " + failed + " of " + total + " elements (eps " + eps + ", " + rule
                    + "; output shape " + y.shape() + ")" + failures + (failed > 10 ? "\n  ..." : ""));
        }
    }

    private static double evaluate(Function<List<Tensor>, Tensor> fn, Tensor[] inputs, int which, int element, double value,
                                   double[] w, Shape outShape) {
        List<Tensor> xs = new ArrayList<>(inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            if (i != which) { xs.add(inputs[i]); continue; }
            double[] d = inputs[i].doubles().clone();
            d[element] = value;
            xs.add(Tensor.wrap(d, inputs[i].shape()));
        }
        Tensor y = GradientTape.noRecording(() -> fn.apply(xs));
        if (!y.shape().equals(outShape)) fail("GradCheck: the function's output shape changed from " + outShape + " to " + y.shape()
                + " when input " + which + " was perturbed");
        double s = 0;
        for (int k = 0; k < w.length; k++) s += w[k] * y.getFlat(k);
        return s;
    }

    private static double[] weights(int n) {
        if (n == 1) return new double[] {1.0};   // a scalar needs no weighting; scaling it down would loosen atol
        SplittableRandom r = new SplittableRandom(0x5eed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 0.5 + r.nextDouble();
        return w;
    }

    private static int[] unravel(int flat, Shape s) {
        int[] idx = new int[s.rank()];
        for (int i = s.rank() - 1; i >= 0; i--) {
            int d = s.dim(i);
            idx[i] = d == 0 ? 0 : flat % d;
            flat = d == 0 ? 0 : flat / d;
        }
        return idx;
    }

    // ---------------------------------------------------------------- inputs

    /** Float64 values uniform in [-1, 1), seeded. */
    public static Tensor random(long seed, int... shape) { return uniform(seed, -1, 1, shape); }

    /** Float64 values uniform in [lo, hi), seeded. */
    public static Tensor uniform(long seed, double lo, double hi, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = Shape.of(shape).intSize();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = lo + (hi - lo) * r.nextDouble();
        return Tensor.wrap(d, Shape.of(shape));
    }

    /** Float64 values with |x| in [lo, hi) and a random sign, seeded: inputs kept away from a kink at 0. */
    public static Tensor awayFromZero(long seed, double lo, double hi, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = Shape.of(shape).intSize();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = (r.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * r.nextDouble());
        return Tensor.wrap(d, Shape.of(shape));
    }

    /** Distinct float64 values (a shuffled grid with random jitter), seeded: no ties for max/min/sort. */
    public static Tensor distinct(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = Shape.of(shape).intSize();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = (i - n / 2.0) * 0.1 + 0.02 * r.nextDouble();
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double t = d[i]; d[i] = d[j]; d[j] = t;
        }
        return Tensor.wrap(d, Shape.of(shape));
    }
}
