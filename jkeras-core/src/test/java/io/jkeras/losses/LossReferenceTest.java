package io.jkeras.losses;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testing.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every loss against a plain-Java float64 reference of its formula: per-sample values, each
 * reduction, sample weights of several shapes, 2-D and 3-D inputs, and finite-difference gradients
 * w.r.t. {@code y_pred}.
 */
class LossReferenceTest {
    static final double EPS = 1e-7;
    /**
     * Tape vs float64 central differences, |analytic - numeric| <= 5e-7 + 1e-5 * max(...): GradCheck weighs
     * per-row losses (Reduction.NONE) by w in [0.5, 1.5), so atol 5e-7 keeps the unweighted bound <= 1e-6.
     */
    static final GradCheck GRAD = GradCheck.withTolerance(5e-7, 1e-5).requireConnected();

    /** A per-row reference: labels and predictions of one row (the last axis) to one value. */
    interface RowRef { double apply(double[] t, double[] p); }

    /** Generates (yTrue, yPred) data of {@code rows x cols} for a case. */
    interface Gen { double[][] apply(SplittableRandom r, int n); }

    record Case(String name, Function<Reduction, Loss> loss, RowRef ref, Gen gen) {}

    static double clip(double x, double lo, double hi) { return Math.max(lo, Math.min(hi, x)); }
    static double softplus(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }

    static double cceProb(double[] t, double[] p) {
        double s = 0, l = 0;
        for (double v : p) s += v;
        for (int j = 0; j < p.length; j++) l -= t[j] * Math.log(clip(p[j] / s, EPS, 1 - EPS));
        return l;
    }

    static double cceLogits(double[] t, double[] x) {
        double m = Double.NEGATIVE_INFINITY, s = 0, l = 0;
        for (double v : x) m = Math.max(m, v);
        for (double v : x) s += Math.exp(v - m);
        double lse = m + Math.log(s);
        for (int j = 0; j < x.length; j++) l -= t[j] * (x[j] - lse);
        return l;
    }

    static double[] smooth(double[] t, double ls, double k) {
        double[] o = new double[t.length];
        for (int j = 0; j < t.length; j++) o[j] = t[j] * (1 - ls) + ls / k;
        return o;
    }

    static double bce(double[] t, double[] p, boolean logits) {
        double l = 0;
        for (int j = 0; j < p.length; j++) {
            if (logits) l += t[j] * softplus(-p[j]) + (1 - t[j]) * softplus(p[j]);
            else {
                double q = clip(p[j], EPS, 1 - EPS);
                l -= t[j] * Math.log(q) + (1 - t[j]) * Math.log(1 - q);
            }
        }
        return l / p.length;
    }

    static double focal(double[] t, double[] p0, boolean logits, double gamma, boolean balance, double alpha) {
        double l = 0;
        for (int j = 0; j < p0.length; j++) {
            double p = logits ? 1 / (1 + Math.exp(-p0[j])) : p0[j];
            double q = clip(p, EPS, 1 - EPS);
            double b = -(t[j] * Math.log(q) + (1 - t[j]) * Math.log(1 - q));
            double pt = t[j] * p + (1 - t[j]) * (1 - p);
            double v = Math.pow(1 - pt, gamma) * b;
            if (balance) v *= t[j] * alpha + (1 - t[j]) * (1 - alpha);
            l += v;
        }
        return l / p0.length;
    }

    static double meanOf(double[] t, double[] p, java.util.function.DoubleBinaryOperator f) {
        double s = 0;
        for (int j = 0; j < p.length; j++) s += f.applyAsDouble(t[j], p[j]);
        return s / p.length;
    }

    static double[] hingeLabels(double[] t, boolean binaryBatch) {
        if (!binaryBatch) return t;
        double[] o = new double[t.length];
        for (int j = 0; j < t.length; j++) o[j] = 2 * t[j] - 1;
        return o;
    }

    static double cosine(double[] t, double[] p) {
        double nt = 0, np = 0, d = 0;
        for (int j = 0; j < p.length; j++) { nt += t[j] * t[j]; np += p[j] * p[j]; d += t[j] * p[j]; }
        return -d / Math.sqrt(Math.max(nt, EPS * EPS)) / Math.sqrt(Math.max(np, EPS * EPS));
    }

    // ---------------------------------------------------------------- data generators

    static double[][] oneHotAndProbs(SplittableRandom r, int n, int c) {
        double[] t = new double[n * c], p = new double[n * c];
        for (int i = 0; i < n; i++) {
            t[i * c + r.nextInt(c)] = 1;
            for (int j = 0; j < c; j++) p[i * c + j] = 0.05 + r.nextDouble();
        }
        return new double[][] {t, p};
    }

    static double[][] oneHotAndLogits(SplittableRandom r, int n, int c) {
        double[][] d = oneHotAndProbs(r, n, c);
        for (int k = 0; k < d[1].length; k++) d[1][k] = 4 * r.nextDouble() - 2;
        return d;
    }

    static double[][] binaryAndProbs(SplittableRandom r, int n) {
        double[] t = new double[n], p = new double[n];
        for (int i = 0; i < n; i++) { t[i] = r.nextInt(2); p[i] = 0.02 + 0.96 * r.nextDouble(); }
        return new double[][] {t, p};
    }

    static double[][] binaryAndLogits(SplittableRandom r, int n) {
        double[][] d = binaryAndProbs(r, n);
        for (int k = 0; k < n; k++) d[1][k] = 6 * r.nextDouble() - 3;
        return d;
    }

    static double[][] regression(SplittableRandom r, int n) {
        double[] t = new double[n], p = new double[n];
        for (int i = 0; i < n; i++) { t[i] = 4 * r.nextDouble() - 2; p[i] = 4 * r.nextDouble() - 2; }
        return new double[][] {t, p};
    }

    static double[][] positive(SplittableRandom r, int n) {
        double[] t = new double[n], p = new double[n];
        for (int i = 0; i < n; i++) { t[i] = 0.05 + 3 * r.nextDouble(); p[i] = 0.05 + 3 * r.nextDouble(); }
        return new double[][] {t, p};
    }

    static double[][] distributions(SplittableRandom r, int n) {
        double[] t = new double[n], p = new double[n];
        for (int i = 0; i < n; i++) { t[i] = 0.01 + 0.98 * r.nextDouble(); p[i] = 0.01 + 0.98 * r.nextDouble(); }
        return new double[][] {t, p};
    }

    static final int C = 4;

    static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        cs.add(new Case("categorical_crossentropy(probs)", r -> new CategoricalCrossentropy(false, 0, -1, r, null),
                LossReferenceTest::cceProb, (g, n) -> oneHotAndProbs(g, n / C, C)));
        cs.add(new Case("categorical_crossentropy(logits)", r -> new CategoricalCrossentropy(true, 0, -1, r, null),
                LossReferenceTest::cceLogits, (g, n) -> oneHotAndLogits(g, n / C, C)));
        cs.add(new Case("categorical_crossentropy(probs, smoothing 0.2)", r -> new CategoricalCrossentropy(false, 0.2, -1, r, null),
                (t, p) -> cceProb(smooth(t, 0.2, C), p), (g, n) -> oneHotAndProbs(g, n / C, C)));
        cs.add(new Case("categorical_crossentropy(logits, smoothing 0.1)", r -> new CategoricalCrossentropy(true, 0.1, -1, r, null),
                (t, p) -> cceLogits(smooth(t, 0.1, C), p), (g, n) -> oneHotAndLogits(g, n / C, C)));
        cs.add(new Case("binary_crossentropy(probs)", r -> new BinaryCrossentropy(false, 0, -1, r, null),
                (t, p) -> bce(t, p, false), LossReferenceTest::binaryAndProbs));
        cs.add(new Case("binary_crossentropy(logits)", r -> new BinaryCrossentropy(true, 0, -1, r, null),
                (t, p) -> bce(t, p, true), LossReferenceTest::binaryAndLogits));
        cs.add(new Case("binary_crossentropy(probs, smoothing 0.2)", r -> new BinaryCrossentropy(false, 0.2, -1, r, null),
                (t, p) -> bce(smooth(t, 0.2, 2), p, false), LossReferenceTest::binaryAndProbs));
        cs.add(new Case("binary_crossentropy(logits, smoothing 0.3)", r -> new BinaryCrossentropy(true, 0.3, -1, r, null),
                (t, p) -> bce(smooth(t, 0.3, 2), p, true), LossReferenceTest::binaryAndLogits));
        cs.add(new Case("binary_focal_crossentropy(probs)", r -> new BinaryFocalCrossentropy(false, 0.25, 2.0, false, 0, -1, r, null),
                (t, p) -> focal(t, p, false, 2.0, false, 0.25), LossReferenceTest::binaryAndProbs));
        cs.add(new Case("binary_focal_crossentropy(logits, balanced, gamma 1.5, smoothing 0.1)",
                r -> new BinaryFocalCrossentropy(true, 0.3, 1.5, true, 0.1, -1, r, null),
                (t, p) -> focal(smooth(t, 0.1, 2), p, true, 1.5, true, 0.3), LossReferenceTest::binaryAndLogits));
        cs.add(new Case("mean_squared_error", r -> new MeanSquaredError(r, null),
                (t, p) -> meanOf(t, p, (a, b) -> (a - b) * (a - b)), LossReferenceTest::regression));
        cs.add(new Case("mean_absolute_error", r -> new MeanAbsoluteError(r, null),
                (t, p) -> meanOf(t, p, (a, b) -> Math.abs(a - b)), LossReferenceTest::regression));
        cs.add(new Case("mean_absolute_percentage_error", r -> new MeanAbsolutePercentageError(r, null),
                (t, p) -> 100 * meanOf(t, p, (a, b) -> Math.abs((a - b) / Math.max(Math.abs(a), EPS))), LossReferenceTest::regression));
        cs.add(new Case("mean_squared_logarithmic_error", r -> new MeanSquaredLogarithmicError(r, null),
                (t, p) -> meanOf(t, p, (a, b) -> Math.pow(Math.log(Math.max(b, EPS) + 1) - Math.log(Math.max(a, EPS) + 1), 2)),
                LossReferenceTest::positive));
        cs.add(new Case("huber(delta 1)", r -> new Huber(1.0, r, null), (t, p) -> meanOf(t, p, (a, b) -> {
            double e = Math.abs(b - a);
            return e <= 1 ? 0.5 * e * e : e - 0.5;
        }), LossReferenceTest::regression));
        cs.add(new Case("huber(delta 0.7)", r -> new Huber(0.7, r, null), (t, p) -> meanOf(t, p, (a, b) -> {
            double e = Math.abs(b - a);
            return e <= 0.7 ? 0.5 * e * e : 0.7 * e - 0.5 * 0.49;
        }), LossReferenceTest::regression));
        cs.add(new Case("log_cosh", r -> new LogCosh(r, null), (t, p) -> meanOf(t, p, (a, b) -> Math.log(Math.cosh(b - a))),
                LossReferenceTest::regression));
        cs.add(new Case("hinge(+-1 labels)", r -> new Hinge(r, null),
                (t, p) -> meanOf(t, p, (a, b) -> Math.max(1 - a * b, 0)), (g, n) -> {
                    double[][] d = regression(g, n);
                    for (int i = 0; i < n; i++) d[0][i] = g.nextBoolean() ? 1 : -1;
                    return d;
                }));
        cs.add(new Case("squared_hinge(+-1 labels)", r -> new SquaredHinge(r, null),
                (t, p) -> meanOf(t, p, (a, b) -> Math.pow(Math.max(1 - a * b, 0), 2)), (g, n) -> {
                    double[][] d = regression(g, n);
                    for (int i = 0; i < n; i++) d[0][i] = g.nextBoolean() ? 1 : -1;
                    return d;
                }));
        cs.add(new Case("categorical_hinge", r -> new CategoricalHinge(r, null), (t, p) -> {
            double pos = 0, neg = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < p.length; j++) { pos += t[j] * p[j]; neg = Math.max(neg, (1 - t[j]) * p[j]); }
            return Math.max(neg - pos + 1, 0);
        }, (g, n) -> {
            double[][] d = oneHotAndLogits(g, n / C, C);
            for (int k = 0; k < d[1].length; k++) d[1][k] *= 0.3;
            return d;
        }));
        cs.add(new Case("kl_divergence", r -> new KLDivergence(r, null), (t, p) -> {
            double s = 0;
            for (int j = 0; j < p.length; j++) s += t[j] * Math.log(t[j] / p[j]);
            return s;
        }, LossReferenceTest::distributions));
        cs.add(new Case("poisson", r -> new Poisson(r, null),
                (t, p) -> meanOf(t, p, (a, b) -> b - a * Math.log(b + EPS)), LossReferenceTest::positive));
        cs.add(new Case("cosine_similarity", r -> new CosineSimilarity(-1, r, null), LossReferenceTest::cosine,
                LossReferenceTest::regression));
        return cs;
    }

    static final Reduction[] REDUCTIONS = Reduction.values();

    /** Reference reduction of per-sample values {@code l} with weights {@code w} (null: all 1). */
    static double[] reduce(double[] l, double[] w, Reduction r) {
        double s = 0, sw = 0;
        double[] weighted = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            double wi = w == null ? 1 : w[i];
            weighted[i] = l[i] * wi;
            s += weighted[i];
            sw += wi;
        }
        return switch (r) {
            case NONE -> weighted;
            case SUM -> new double[] {s};
            case SUM_OVER_BATCH_SIZE, MEAN -> new double[] {s / l.length};
            case MEAN_WITH_SAMPLE_WEIGHT -> new double[] {w == null ? s / l.length : sw == 0 ? 0 : s / sw};
        };
    }

    /** Runs one case on data of {@code lead} leading dims times the last axis {@code cols}. */
    static void runCase(Case c, int[] lead, int cols, DType dtype, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int rows = 1;
        for (int d : lead) rows *= d;
        double[][] tp = c.gen().apply(rng, rows * cols);
        int[] full = java.util.Arrays.copyOf(lead, lead.length + 1);
        full[lead.length] = cols;
        Tensor yTrue = Tensor.wrap(tp[0], Shape.of(full));
        Tensor yPred = io.jkeras.ops.Ops.cast(Tensor.wrap(tp[1], Shape.of(full)), dtype);
        double[] pv = yPred.toDoubleArray();
        double[] ref = new double[rows];
        boolean binaryBatch = true;
        for (double v : tp[0]) if (v != 0 && v != 1) binaryBatch = false;
        for (int i = 0; i < rows; i++) {
            double[] t = java.util.Arrays.copyOfRange(tp[0], i * cols, (i + 1) * cols);
            double[] p = java.util.Arrays.copyOfRange(pv, i * cols, (i + 1) * cols);
            if (c.name().contains("hinge") && !c.name().startsWith("categorical")) t = hingeLabels(t, binaryBatch);
            ref[i] = c.ref().apply(t, p);
        }
        double tol = dtype == DType.FLOAT64 ? 1e-10 : 2e-5;
        Shape leadShape = Shape.of(lead);
        // per-sample values
        Tensor perSample = c.loss().apply(Reduction.NONE).call(yTrue, yPred);
        assertEquals(leadShape, perSample.shape(), c.name() + " per-sample shape");
        assertClose(ref, perSample.toDoubleArray(), tol, c.name() + " per-sample");
        // weights: none, per-row of the lead shape, scalar
        double[] w = new double[rows];
        for (int i = 0; i < rows; i++) w[i] = rng.nextDouble() * 2;
        w[0] = 0; // a zero weight
        Tensor wFull = Tensor.wrap(w.clone(), leadShape);
        for (Reduction r : REDUCTIONS) {
            Loss loss = c.loss().apply(r);
            assertClose(reduce(ref, null, r), loss.apply(yTrue, yPred).toDoubleArray(), tol, c.name() + " " + r + " unweighted");
            assertClose(reduce(ref, w, r), loss.apply(yTrue, yPred, wFull).toDoubleArray(), tol, c.name() + " " + r + " weighted");
            double[] w3 = new double[rows];
            java.util.Arrays.fill(w3, 2.5);
            double[] scalarRef = reduce(ref, w3, r);
            if (r == Reduction.MEAN_WITH_SAMPLE_WEIGHT) scalarRef = new double[] {reduce(ref, null, Reduction.SUM)[0] * 2.5 / 2.5};
            assertClose(scalarRef, loss.apply(yTrue, yPred, Tensor.scalar(2.5, DType.FLOAT64)).toDoubleArray(), tol,
                    c.name() + " " + r + " scalar weight");
            if (lead.length == 2) {
                // per-sample weights (batch,) for per-timestep losses broadcast over the time axis
                double[] wb = {0.5, 1.5};
                double[] wExp = new double[rows];
                for (int i = 0; i < rows; i++) wExp[i] = wb[i / lead[1]];
                double[] expected = reduce(ref, wExp, r);
                // like Keras with (batch, 1) weights, mean_with_sample_weight divides by the sum of the weights as given
                if (r == Reduction.MEAN_WITH_SAMPLE_WEIGHT) expected = new double[] {reduce(ref, wExp, Reduction.SUM)[0] / (wb[0] + wb[1])};
                assertClose(expected, loss.apply(yTrue, yPred, Tensor.of(wb, 2)).toDoubleArray(), tol,
                        c.name() + " " + r + " batch weights over time steps");
            }
        }
    }

    static void assertClose(double[] expected, double[] actual, double tol, String msg) {
        assertEquals(expected.length, actual.length, msg + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), msg + " [" + i + "]");
        }
    }

    @TestFactory List<DynamicTest> valuesMatchReferenceFor2dFloat64() {
        return cases().stream().map(c -> dynamicTest(c.name(), () -> runCase(c, new int[] {5}, C, DType.FLOAT64, 11))).toList();
    }

    @TestFactory List<DynamicTest> valuesMatchReferenceFor2dFloat32() {
        return cases().stream().map(c -> dynamicTest(c.name(), () -> runCase(c, new int[] {6}, C, DType.FLOAT32, 12))).toList();
    }

    @TestFactory List<DynamicTest> valuesMatchReferenceFor3d() {
        return cases().stream().map(c -> dynamicTest(c.name(), () -> runCase(c, new int[] {2, 3}, C, DType.FLOAT64, 13))).toList();
    }

    @TestFactory List<DynamicTest> gradientsMatchFiniteDifferences() {
        List<DynamicTest> out = new ArrayList<>();
        for (Case c : cases()) {
            for (Reduction r : new Reduction[] {Reduction.SUM_OVER_BATCH_SIZE, Reduction.NONE}) {
                out.add(dynamicTest(c.name() + " " + r, () -> {
                    SplittableRandom rng = new SplittableRandom(21);
                    int rows = 3;
                    double[][] tp = c.gen().apply(rng, rows * C);
                    Tensor yTrue = Tensor.wrap(tp[0], Shape.of(rows, C));
                    Tensor w = Tensor.of(new double[] {0.5, 2.0, 1.0}, rows);
                    Loss loss = c.loss().apply(r);
                    GRAD.verifyUnary(c.name(), p -> loss.apply(yTrue, p, w), Tensor.wrap(tp[1], Shape.of(rows, C)));
                }));
            }
        }
        return out;
    }
}
