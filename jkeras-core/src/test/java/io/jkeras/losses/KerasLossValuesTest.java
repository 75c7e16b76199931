package io.jkeras.losses;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Values Keras 3.15 itself documents or asserts for its losses (the docstring examples of
 * keras/src/losses/losses.py and the expected numbers of keras/src/losses/losses_test.py), as an
 * independent check of the formulas and of the weighting rules.
 */
class KerasLossValuesTest {
    static Tensor m(double[][] rows) { return Tensor.of(rows); }

    static double v(Tensor t) { return t.item(); }

    static final double[][] MSE_T = {{1, 9, 2}, {-5, -2, 6}};
    static final double[][] MSE_P = {{4, 8, 12}, {8, 1, 3}};

    @Test void meanSquaredErrorWeightings() {
        Loss mse = new MeanSquaredError();
        assertEquals(49.5, v(mse.apply(m(MSE_T), m(MSE_P))), 1e-9);
        assertEquals(113.85, v(mse.apply(m(MSE_T), m(MSE_P), Tensor.scalar(2.3, DType.FLOAT64))), 1e-9);
        // (batch, 1) weights against (batch,) per-sample losses
        assertEquals(767.8 / 6, v(mse.apply(m(MSE_T), m(MSE_P), m(new double[][] {{1.2}, {3.4}}))), 1e-9);
        assertEquals(0.0, v(mse.apply(m(MSE_T), m(MSE_P), Tensor.scalar(0, DType.FLOAT64))), 0);
        // time-step weights: labels (2, 3, 1), weights (2, 3)
        Tensor t3 = Tensor.of(new double[] {1, 9, 2, -5, -2, 6}, 2, 3, 1);
        Tensor p3 = Tensor.of(new double[] {4, 8, 12, 8, 1, 3}, 2, 3, 1);
        Tensor w3 = Tensor.of(new double[] {3, 6, 5, 0, 4, 2}, 2, 3);
        assertEquals(97.833336, v(mse.apply(t3, p3, w3)), 1e-5);
        assertArrayEquals(new double[] {84.3333, 143.3666},
                new MeanSquaredError(Reduction.NONE, null).apply(m(MSE_T), m(MSE_P), Tensor.scalar(2.3, DType.FLOAT64)).toDoubleArray(), 1e-3);
        assertEquals(227.69998, v(new MeanSquaredError(Reduction.SUM, null).apply(m(MSE_T), m(MSE_P), Tensor.scalar(2.3, DType.FLOAT64))), 1e-4);
        assertEquals((110.0 / 3 * 1.2 + 187.0 / 3 * 3.4) / (1.2 + 3.4),
                v(new MeanSquaredError(Reduction.MEAN_WITH_SAMPLE_WEIGHT, null).apply(m(MSE_T), m(MSE_P), m(new double[][] {{1.2}, {3.4}}))), 1e-9);
        // docstring: 1-D inputs
        assertEquals(0.02, v(mse.apply(Tensor.of(1f, 0f, 1f), Tensor.of(0.9f, 0.1f, 0.8f))), 1e-6);
    }

    @Test void regressionDocstrings() {
        assertEquals(0.5666667, v(new MeanAbsoluteError().apply(Tensor.of(1f, 0.3f, 1f), Tensor.of(1.9f, 0.3f, 1.8f))), 1e-6);
        assertEquals(6.111111, v(new MeanAbsolutePercentageError().apply(Tensor.of(100f, 200f, 300f), Tensor.of(90f, 210f, 310f))), 1e-5);
    }

    @Test void crossentropyDocstringsAndTests() {
        Tensor t = m(new double[][] {{0, 1, 0}, {0, 0, 1}});
        Tensor p = m(new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}});
        assertEquals(1.177, v(new CategoricalCrossentropy().apply(t, p)), 1e-3);
        assertEquals(0.814, v(new CategoricalCrossentropy().apply(t, p, Tensor.of(new double[] {0.3, 0.7}, 2))), 1e-3);
        assertEquals(2.354, v(new CategoricalCrossentropy(false, 0, -1, Reduction.SUM, null).apply(t, p)), 1e-3);
        assertArrayEquals(new double[] {0.0513, 2.303}, new CategoricalCrossentropy(false, 0, -1, Reduction.NONE, null).apply(t, p).toDoubleArray(), 1e-3);

        Tensor t3 = m(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        Tensor p3 = m(new double[][] {{0.9, 0.05, 0.05}, {0.5, 0.89, 0.6}, {0.05, 0.01, 0.94}});
        Tensor logits = m(new double[][] {{8, 1, 1}, {0, 9, 1}, {2, 3, 5}});
        Tensor sw = m(new double[][] {{1.2}, {3.4}, {5.6}});
        assertEquals(0.3239, v(new CategoricalCrossentropy().apply(t3, p3)), 1e-4);
        assertEquals(0.0573, v(new CategoricalCrossentropy(true).apply(t3, logits)), 1e-4);
        // Keras asserts these to 3 decimals (|error| < 1.5e-3): 2.3 * 0.32397 = 0.74513
        assertEquals(0.7449, v(new CategoricalCrossentropy().apply(t3, p3, Tensor.scalar(2.3, DType.FLOAT64))), 1.5e-3);
        assertEquals(1.0696, v(new CategoricalCrossentropy().apply(t3, p3, sw)), 1e-4);
        assertEquals(0.31829, v(new CategoricalCrossentropy(true).apply(t3, logits, sw)), 1e-4);
        assertArrayEquals(new double[] {0.001822, 0.000459, 0.169846},
                new CategoricalCrossentropy(true, 0, -1, Reduction.NONE, null).apply(t3, logits).toDoubleArray(), 1e-6);
        assertEquals(400.0 * 0.1 / 3.0, v(new CategoricalCrossentropy(true, 0.1).apply(m(new double[][] {{1, 0, 0}}),
                m(new double[][] {{100, -100, -100}}))), 1e-6);

        // the same numbers with sparse labels, (3,) int and (3, 1)
        Tensor labels = Tensor.of(new int[] {0, 1, 2}, 3);
        Tensor labelsCol = Tensor.of(new long[] {0, 1, 2}, 3, 1);
        assertEquals(0.3239, v(new SparseCategoricalCrossentropy().apply(labels, p3)), 1e-4);
        assertEquals(0.0573, v(new SparseCategoricalCrossentropy(true).apply(labels, logits)), 1e-4);
        assertEquals(0.7449, v(new SparseCategoricalCrossentropy().apply(labelsCol, p3, Tensor.scalar(2.3, DType.FLOAT64))), 1.5e-3);
        assertEquals(1.0696, v(new SparseCategoricalCrossentropy().apply(labelsCol, p3, sw)), 1e-4);
        assertEquals(0.31829, v(new SparseCategoricalCrossentropy(true).apply(labelsCol, logits, sw)), 1e-4);
        assertArrayEquals(new double[] {0.001822, 0.000459, 0.169846},
                new SparseCategoricalCrossentropy(true, null, Reduction.NONE, -1, null).apply(labelsCol, logits).toDoubleArray(), 1e-6);
    }

    @Test void sparseIgnoreClass() {
        Tensor logits = Tensor.of(new double[] {0.854, 0.698, 0.598, 0.088, 0.86, 0.018}, 1, 2, 3);
        Loss none = new SparseCategoricalCrossentropy(true, -1, Reduction.NONE, -1, null);
        assertArrayEquals(new double[] {0.0, 1.480129}, none.apply(Tensor.of(new int[] {-1, 2}, 1, 2), logits).toDoubleArray(), 1e-6);
        assertArrayEquals(new double[] {0.0, 1.480129}, none.apply(Tensor.of(new int[] {-1, 2}, 1, 2, 1), logits).toDoubleArray(), 1e-6);
        // the default reduction averages over the valid entries only
        Loss mean = new SparseCategoricalCrossentropy(true, -1);
        assertEquals(1.480129, v(mean.apply(Tensor.of(new int[] {-1, 2}, 1, 2), logits)), 1e-6);
        // "sum" keeps the plain sum
        assertEquals(1.480129, v(new SparseCategoricalCrossentropy(true, -1, Reduction.SUM, -1, null)
                .apply(Tensor.of(new int[] {-1, 2}, 1, 2), logits)), 1e-6);
    }

    @Test void binaryCrossentropyDocstringsAndTests() {
        Tensor t = m(new double[][] {{0, 1}, {0, 0}});
        Tensor x = m(new double[][] {{-18.6, 0.51}, {2.94, -12.8}});
        assertEquals(0.8654, v(new BinaryCrossentropy(true).apply(t, x)), 1e-4);
        assertEquals(0.8654, v(new BinaryCrossentropy(true).apply(Tensor.of(0f, 1f, 0f, 0f), Tensor.of(-18.6f, 0.51f, 2.94f, -12.8f))), 1e-4);
        assertEquals(0.243, v(new BinaryCrossentropy(true).apply(t, x, Tensor.of(new double[] {0.8, 0.2}, 2))), 1e-3);
        assertEquals(1.730, v(new BinaryCrossentropy(true, 0, -1, Reduction.SUM, null).apply(t, x)), 1e-3);
        assertArrayEquals(new double[] {0.235, 1.496}, new BinaryCrossentropy(true, 0, -1, Reduction.NONE, null).apply(t, x).toDoubleArray(), 1e-3);

        Tensor t3 = m(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        Tensor p3 = Tensor.of(new float[] {0.9f, 0.1f, 0.2f, 0.3f, 0.8f, 0.1f, 0.1f, 0.2f, 0.7f}, 3, 3);
        assertEquals(0.20046903, v(new BinaryCrossentropy().apply(t3, p3)), 1e-6);
        Tensor t2 = m(new double[][] {{1, 0}, {1, 0}});
        Tensor p2 = Tensor.of(new float[] {1, 1, 1, 0}, 2, 2);
        assertEquals(3.98559, v(new BinaryCrossentropy().apply(t2, p2)), 1e-4);
        assertEquals(9.1668, v(new BinaryCrossentropy().apply(t2, p2, Tensor.scalar(2.3, DType.FLOAT64))), 1e-3);
        assertEquals(4.7827, v(new BinaryCrossentropy().apply(t2, p2, m(new double[][] {{1.2}, {3.4}}))), 1e-3);
        Tensor tl = m(new double[][] {{1, 0, 1}, {0, 1, 1}});
        Tensor xl = m(new double[][] {{10, -10, 10}, {10, 10, -10}});
        assertEquals(3.3333, v(new BinaryCrossentropy(true).apply(tl, xl)), 1e-4);
        assertEquals(7.666, v(new BinaryCrossentropy(true).apply(tl, xl, Tensor.scalar(2.3, DType.FLOAT64))), 1e-3);
        assertEquals(10.0, v(new BinaryCrossentropy(true).apply(tl, xl, Tensor.of(new int[] {4, 3}, 2))), 1e-3);
        // Keras's closed form ignores the softplus(-10) = 4.5e-5 terms; it asserts to 3 decimals
        assertEquals((10.0 + 5.0 * 0.1) / 3.0, v(new BinaryCrossentropy(true, 0.1).apply(m(new double[][] {{1, 0, 1}}),
                m(new double[][] {{10, -10, -10}}))), 1.5e-3);
    }

    @Test void binaryFocalCrossentropyTests() {
        Tensor t = Tensor.of(new int[] {1, 0, 1, 0}, 2, 2);
        Tensor p = Tensor.of(new float[] {0.9f, 0.8f, 0.7f, 0.2f}, 2, 2);
        assertEquals(0.268, v(new BinaryFocalCrossentropy().apply(t, p)), 1e-3);
        assertEquals(0.3296, v(new BinaryFocalCrossentropy().apply(t, p, Tensor.scalar(1.23, DType.FLOAT64))), 1e-3);
        assertEquals(0.34415, v(new BinaryFocalCrossentropy().apply(t, p, m(new double[][] {{1.2}, {3.4}}))), 1e-3);
        assertArrayEquals(new double[] {0.515547, 0.020513}, new BinaryFocalCrossentropy(false, 0.25, 2, false, 0, -1, Reduction.NONE, null)
                .apply(t, p).toDoubleArray(), 1e-5);
        Tensor tl = m(new double[][] {{1, 1, 0}, {0, 1, 0}});
        Tensor xl = m(new double[][] {{1.5, -2.7, 2.9}, {-3.8, 1.2, -4.5}});
        assertEquals(0.799, v(new BinaryFocalCrossentropy(false, 0.25, 3.0, true, 0).apply(tl, xl)), 1e-3);
        assertEquals(2.565, v(new BinaryFocalCrossentropy(false, 0.25, 3.0, true, 0).apply(tl, xl, Tensor.scalar(3.21, DType.FLOAT64))), 1e-3);
    }

    @Test void hingeFamilyConvertsZeroOneLabels() {
        Tensor t = m(new double[][] {{0, 1}, {0, 0}});
        Tensor p = m(new double[][] {{0.6, 0.4}, {0.4, 0.6}});
        assertEquals(1.3, v(new Hinge().apply(t, p)), 1e-6);
        assertEquals(2.6, v(new Hinge(Reduction.SUM, null).apply(t, p)), 1e-6);
        assertArrayEquals(new double[] {1.1, 1.5}, new Hinge(Reduction.NONE, null).apply(t, p).toDoubleArray(), 1e-6);
        assertEquals(0.55, v(new Hinge().apply(t, p, Tensor.of(new int[] {1, 0}, 2))), 1e-6);
        assertEquals(1.4, v(new CategoricalHinge().apply(t, p)), 1e-6);
        assertArrayEquals(new double[] {1.2, 1.6}, new CategoricalHinge(Reduction.NONE, null).apply(t, p).toDoubleArray(), 1e-6);
        assertEquals(0.6, v(new CategoricalHinge().apply(t, p, Tensor.of(new int[] {1, 0}, 2))), 1e-6);
        // squared hinge: rows ((1.6^2 + 0.6^2)/2, (1.4^2 + 1.6^2)/2)
        assertArrayEquals(new double[] {(2.56 + 0.36) / 2, (1.96 + 2.56) / 2},
                new SquaredHinge(Reduction.NONE, null).apply(t, p).toDoubleArray(), 1e-9);
        // a label outside {0, 1} anywhere in the batch keeps all labels as given
        Tensor mixed = m(new double[][] {{0, 1}, {0, -1}});
        assertArrayEquals(new double[] {(1 + 0.6) / 2, (1 + 1.6) / 2}, new Hinge(Reduction.NONE, null).apply(mixed, p).toDoubleArray(), 1e-9);
    }

    @Test void huberKldPoissonCosineLogCosh() {
        double[][] hp = {{0.9, 0.2, 0.2}, {0.8, 0.4, 0.6}}, ht = {{1, 0, 1}, {1, 0, 0}};
        // errors -0.1, 0.2, -0.8, -0.2, 0.4, 0.6 are all within delta 1: 0.5 e^2
        double sum = 0.5 * (0.01 + 0.04 + 0.64 + 0.04 + 0.16 + 0.36);
        assertEquals(sum / 6, v(new Huber().apply(m(ht), m(hp))), 1e-9);
        // delta 0.5: |-0.8| and |0.6| are linear: 0.5*|e| - 0.125
        double sum2 = 0.5 * (0.01 + 0.04 + 0.04 + 0.16) + (0.5 * 0.8 - 0.125) + (0.5 * 0.6 - 0.125);
        assertEquals(2.3 * sum2 / 6, v(new Huber(0.5).apply(m(ht), m(hp), Tensor.scalar(2.3, DType.FLOAT64))), 1e-9);

        double[][] kp = {{0.4, 0.9, 0.12}, {0.36, 0.3, 0.4}}, kt = {{0.5, 0.8, 0.12}, {0.7, 0.43, 0.8}};
        double k0 = 0.5 * Math.log(0.5 / 0.4) + 0.8 * Math.log(0.8 / 0.9) + 0;
        double k1 = 0.7 * Math.log(0.7 / 0.36) + 0.43 * Math.log(0.43 / 0.3) + 0.8 * Math.log(0.8 / 0.4);
        assertEquals((k0 * 1.2 + k1 * 3.4) / 2, v(new KLDivergence().apply(m(kt), m(kp), m(new double[][] {{1.2}, {3.4}}))), 1e-9);

        double[][] pp = {{1, 9, 2}, {5, 2, 6}}, pt = {{4, 8, 12}, {8, 1, 3}};
        double ps = 0;
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) ps += pp[i][j] - pt[i][j] * Math.log(pp[i][j] + 1e-7);
        assertEquals(ps / 6, v(new Poisson().apply(m(pt), m(pp))), 1e-9);

        // cosine: rows of MSE_T/MSE_P
        double c0 = (4 + 72 + 24) / Math.sqrt(1 + 81 + 4) / Math.sqrt(16 + 64 + 144);
        double c1 = (-40 - 2 + 18) / Math.sqrt(25 + 4 + 36) / Math.sqrt(64 + 1 + 9);
        assertEquals(-(c0 + c1) / 2, v(new CosineSimilarity().apply(m(MSE_T), m(MSE_P))), 1e-9);
        assertEquals(-(c0 * 1.2 + c1 * 3.4) / 2, v(new CosineSimilarity().apply(m(MSE_T), m(MSE_P), Tensor.of(new double[] {1.2, 3.4}, 2))), 1e-9);

        double lc = 0;
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) lc += Math.log(Math.cosh(MSE_P[i][j] - MSE_T[i][j]));
        assertEquals(lc / 6, v(new LogCosh().apply(m(MSE_T), m(MSE_P))), 1e-9);
    }
}
