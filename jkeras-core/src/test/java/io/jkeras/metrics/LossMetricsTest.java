package io.jkeras.metrics;

import io.jkeras.layers.Layer;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Regression and loss-named metrics: weighted means of per-sample values over several batches. */
class LossMetricsTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    static Tensor m(double[][] rows) { return Tensor.of(rows); }

    static final double[][] T1 = {{1, 9, 2}, {-5, -2, 6}}, P1 = {{4, 8, 12}, {8, 1, 3}};
    static final double[][] T2 = {{0.5, 1}}, P2 = {{1.5, -1}};

    /** Per-row mean of f(t, p). */
    static double rowMean(double[] t, double[] p, java.util.function.DoubleBinaryOperator f) {
        double s = 0;
        for (int j = 0; j < t.length; j++) s += f.applyAsDouble(t[j], p[j]);
        return s / t.length;
    }

    /** The weighted mean over the rows of both batches; batch 1 weighted (1.2, 3.4), batch 2 unweighted. */
    static double expected(java.util.function.DoubleBinaryOperator f) {
        double a = rowMean(T1[0], P1[0], f), b = rowMean(T1[1], P1[1], f), c = rowMean(T2[0], P2[0], f);
        return (1.2 * a + 3.4 * b + c) / (1.2 + 3.4 + 1);
    }

    static double run(Metric mt) {
        mt.updateState(m(T1), m(P1), Tensor.of(new double[] {1.2, 3.4}, 2));
        mt.updateState(m(T2), m(P2));
        return mt.result();
    }

    @Test void regressionMetrics() {
        assertEquals(expected((t, p) -> (t - p) * (t - p)), run(new MeanSquaredError()), 1e-12);
        assertEquals(expected((t, p) -> Math.abs(t - p)), run(new MeanAbsoluteError()), 1e-12);
        assertEquals(expected((t, p) -> 100 * Math.abs((t - p) / Math.max(Math.abs(t), 1e-7))), run(new MeanAbsolutePercentageError()), 1e-9);
        assertEquals(expected((t, p) -> Math.pow(Math.log(Math.max(p, 1e-7) + 1) - Math.log(Math.max(t, 1e-7) + 1), 2)),
                run(new MeanSquaredLogarithmicError()), 1e-12);
        assertEquals(expected((t, p) -> Math.log(Math.cosh(p - t))), run(new LogCoshError()), 1e-12);
        assertEquals(Math.sqrt(expected((t, p) -> (t - p) * (t - p))), run(new RootMeanSquaredError()), 1e-12);
        MeanSquaredError mse = new MeanSquaredError();
        run(mse);
        mse.resetState();
        assertEquals(0.0, mse.result(), 0);
        assertEquals(Optional.of(Metric.Direction.DOWN), mse.direction());
        assertEquals(Optional.of(Metric.Direction.DOWN), new RootMeanSquaredError().direction());
        assertEquals(Map.of("name", "mean_squared_error", "dtype", "float32"), mse.getConfig());
    }

    @Test void cosineSimilarityMetricIsPositive() {
        CosineSimilarity cos = new CosineSimilarity();
        cos.updateState(m(T1), m(P1));
        double c0 = (4 + 72 + 24) / Math.sqrt(1 + 81 + 4) / Math.sqrt(16 + 64 + 144);
        double c1 = (-40 - 2 + 18) / Math.sqrt(25 + 4 + 36) / Math.sqrt(64 + 1 + 9);
        assertEquals((c0 + c1) / 2, cos.result(), 1e-12);
        assertEquals(Optional.of(Metric.Direction.UP), cos.direction());
    }

    @Test void probabilisticAndHingeMetrics() {
        double[][] t = {{0, 1, 0}, {0, 0, 1}}, p = {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}};
        io.jkeras.metrics.CategoricalCrossentropy cce = new io.jkeras.metrics.CategoricalCrossentropy();
        cce.updateState(m(t), m(p));
        assertEquals(1.177, cce.result(), 1e-3);
        cce.updateState(m(t), m(p), Tensor.of(new double[] {0.3, 0.7}, 2));
        double l0 = -Math.log(0.95), l1 = -Math.log(0.1);
        assertEquals((l0 + l1 + 0.3 * l0 + 0.7 * l1) / 3, cce.result(), 1e-6);

        io.jkeras.metrics.SparseCategoricalCrossentropy scce = new io.jkeras.metrics.SparseCategoricalCrossentropy();
        scce.updateState(Tensor.of(new int[] {1, 2}, 2), m(p));
        assertEquals(1.177, scce.result(), 1e-3);

        io.jkeras.metrics.BinaryCrossentropy bce = new io.jkeras.metrics.BinaryCrossentropy("bce", true, 0);
        bce.updateState(m(new double[][] {{0, 1}, {0, 0}}), m(new double[][] {{-18.6, 0.51}, {2.94, -12.8}}));
        assertEquals(0.8654, bce.result(), 1e-4);
        assertEquals("bce", bce.name());
        assertEquals(true, bce.getConfig().get("from_logits"));

        Hinge h = new Hinge();
        h.updateState(m(new double[][] {{0, 1}, {0, 0}}), m(new double[][] {{0.6, 0.4}, {0.4, 0.6}}));
        assertEquals(1.3, h.result(), 1e-9);
        CategoricalHinge ch = new CategoricalHinge();
        ch.updateState(m(new double[][] {{0, 1}, {0, 0}}), m(new double[][] {{0.6, 0.4}, {0.4, 0.6}}));
        assertEquals(1.4, ch.result(), 1e-9);
        SquaredHinge sh = new SquaredHinge();
        sh.updateState(m(new double[][] {{0, 1}, {0, 0}}), m(new double[][] {{0.6, 0.4}, {0.4, 0.6}}));
        assertEquals(((2.56 + 0.36) / 2 + (1.96 + 2.56) / 2) / 2, sh.result(), 1e-9);

        KLDivergence kld = new KLDivergence();
        kld.updateState(m(new double[][] {{0.5, 0.5}}), m(new double[][] {{0.25, 0.75}}));
        assertEquals(0.5 * Math.log(2) + 0.5 * Math.log(0.5 / 0.75), kld.result(), 1e-12);
        Poisson poisson = new Poisson();
        poisson.updateState(m(new double[][] {{2, 0}}), m(new double[][] {{1, 3}}));
        assertEquals((1 - 2 * Math.log(1 + 1e-7) + 3) / 2, poisson.result(), 1e-12);
        assertEquals(Optional.of(Metric.Direction.DOWN), kld.direction());
    }

    @Test void sparseCrossentropyMetricIgnoreClassFollowsKeras() {
        Tensor logits = Tensor.of(new double[] {0.854, 0.698, 0.598, 0.088, 0.86, 0.018}, 2, 3);
        Tensor labels = Tensor.of(new int[] {-1, 2}, 2);
        // without sample weights, Keras counts the ignored entry as a 0 in the mean
        io.jkeras.metrics.SparseCategoricalCrossentropy a = new io.jkeras.metrics.SparseCategoricalCrossentropy("scce", true, -1, -1);
        a.updateState(labels, logits);
        assertEquals(1.480129 / 2, a.result(), 1e-6);
        // with sample weights the mask leaves it out
        io.jkeras.metrics.SparseCategoricalCrossentropy b = new io.jkeras.metrics.SparseCategoricalCrossentropy("scce", true, -1, -1);
        b.updateState(labels, logits, Tensor.of(new double[] {1, 1}, 2));
        assertEquals(1.480129, b.result(), 1e-6);
    }
}
