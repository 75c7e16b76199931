package io.jkeras.metrics;

import io.jkeras.layers.Layer;
import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Accuracy metrics against hand-counted values (Keras's own test values included), and their resolution. */
class AccuracyMetricsTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    static Tensor m(double[][] rows) { return Tensor.of(rows); }

    static Tensor col(double... v) {
        double[][] r = new double[v.length][1];
        for (int i = 0; i < v.length; i++) r[i][0] = v[i];
        return m(r);
    }

    @Test void accuracyCountsExactMatches() {
        Accuracy a = new Accuracy();
        a.updateState(col(1, 2, 3, 4), col(0, 2, 3, 4));
        assertEquals(0.75, a.result(), 1e-12);
        a.resetState();
        a.updateState(col(1, 2, 3, 4), col(0, 2, 3, 4), Tensor.of(new double[] {1, 1, 0, 0}, 4));
        assertEquals(0.5, a.result(), 1e-12);
        a.resetState();
        a.updateState(Tensor.of(new int[] {1, 2, 3, 4}, 4), Tensor.of(new int[] {0, 2, 3, 4}, 4), Tensor.of(new double[] {1, 1, 0, 0}, 4));
        assertEquals(0.5, a.result(), 1e-12);
        a.resetState();
        a.updateState(m(new double[][] {{1, 2}, {3, 4}}), m(new double[][] {{0, 2}, {3, 4}}), m(new double[][] {{1, 0}, {0, 1}}));
        assertEquals(0.5, a.result(), 1e-12);
        a.resetState();
        a.updateState(m(new double[][] {{1, 2}, {3, 4}}), m(new double[][] {{0, 2}, {3, 4}}), m(new double[][] {{1, 0}}));
        assertEquals(0.5, a.result(), 1e-12);
    }

    @Test void binaryAccuracyThresholdsAndWeights() {
        BinaryAccuracy b = new BinaryAccuracy();
        b.updateState(col(1, 1, 0, 0), col(0.98, 1, 0, 0.6));
        assertEquals(0.75, b.result(), 1e-12);
        b.resetState();
        b.updateState(Tensor.of(1f, 1f, 0f, 0f), col(0.98, 1, 0, 0.6));  // (4,) labels vs (4, 1) predictions
        assertEquals(0.75, b.result(), 1e-12);
        b.resetState();
        b.updateState(col(1, 1, 0, 0), col(0.98, 1, 0, 0.6), Tensor.of(new double[] {1, 0, 0, 1}, 4));
        assertEquals(0.5, b.result(), 1e-12);
        b.resetState();
        b.updateState(m(new double[][] {{1, 1}, {0, 0}}), m(new double[][] {{0.98, 1}, {0, 0.6}}), m(new double[][] {{1, 0}}));
        assertEquals(1.0, b.result(), 1e-12);
        BinaryAccuracy low = new BinaryAccuracy(0.3), high = new BinaryAccuracy(0.9);
        low.updateState(col(1, 1, 0, 0), col(0.98, 0.5, 0.1, 0.2));
        high.updateState(col(1, 1, 0, 0), col(0.98, 0.5, 0.1, 0.2));
        assertEquals(1.0, low.result(), 1e-12);
        assertEquals(0.75, high.result(), 1e-12);
        // exactly at the threshold is "not above": predicted 0
        BinaryAccuracy at = new BinaryAccuracy();
        at.updateState(Tensor.of(0f, 1f), Tensor.of(0.5f, 0.5f));
        assertEquals(0.5, at.result(), 1e-12);
        assertEquals(0.5, at.getConfig().get("threshold"));
    }

    @Test void categoricalAndSparseCategoricalAccuracyOverSeveralBatches() {
        CategoricalAccuracy c = new CategoricalAccuracy();
        SparseCategoricalAccuracy s = new SparseCategoricalAccuracy();
        Tensor p1 = m(new double[][] {{0.1, 0.9, 0.8}, {0.05, 0.95, 0}});
        c.updateState(m(new double[][] {{0, 0, 1}, {0, 1, 0}}), p1);
        s.updateState(col(2, 1), p1);
        assertEquals(0.5, c.result(), 1e-12);
        assertEquals(0.5, s.result(), 1e-12);
        c.updateState(m(new double[][] {{0, 0, 1}, {0, 1, 0}}), p1, Tensor.of(new double[] {0.7, 0.3}, 2));
        s.updateState(Tensor.of(new int[] {2, 1}, 2), p1, Tensor.of(new double[] {0.7, 0.3}, 2));
        // batch 1: 1 of 2 with weight 1 each; batch 2: 0.3 of 1.0
        assertEquals(1.3 / 3.0, c.result(), 1e-12);
        assertEquals(1.3 / 3.0, s.result(), 1e-12);
        // a tie goes to the first index
        CategoricalAccuracy tie = new CategoricalAccuracy();
        tie.updateState(m(new double[][] {{1, 0, 0}}), m(new double[][] {{0.4, 0.4, 0.2}}));
        assertEquals(1.0, tie.result(), 0);
        // sparse labels of any dtype, float labels compare by value, sequences (batch, time)
        SparseCategoricalAccuracy seq = new SparseCategoricalAccuracy();
        Tensor probs = Tensor.of(new double[] {0.9, 0.1, 0.0, 0.8, 0.15, 0.05, 0.1, 0.2, 0.7, 0.3, 0.3, 0.4}, 2, 2, 3);
        seq.updateState(Tensor.of(new long[] {0, 0, 2, 1}, 2, 2), probs);
        assertEquals(0.75, seq.result(), 1e-12);
        seq.resetState();
        seq.updateState(Tensor.of(new long[] {0, 0, 2, 1}, 2, 2), probs, Tensor.of(new double[] {1, 3}, 2));
        // sample 0: both right (mean 1), sample 1: half right (mean 0.5)
        assertEquals((1 + 3 * 0.5) / 4, seq.result(), 1e-12);
        assertEquals(Optional.of(Metric.Direction.UP), seq.direction());
    }

    @Test void topKAccuracies() {
        Tensor p = m(new double[][] {{0.1, 0.4, 0.3, 0.2}, {0.5, 0.1, 0.2, 0.2}, {0.25, 0.25, 0.25, 0.25}});
        // ranks of the labels: row 0 label 3 -> rank 3, row 1 label 2 -> rank 2 (tie with 3), row 2 label 1 -> rank 1 (all tied)
        SparseTopKCategoricalAccuracy s2 = new SparseTopKCategoricalAccuracy(2);
        s2.updateState(Tensor.of(new int[] {3, 2, 1}, 3), p);
        assertEquals(2.0 / 3, s2.result(), 1e-12);
        SparseTopKCategoricalAccuracy s1 = new SparseTopKCategoricalAccuracy(1);
        s1.updateState(col(3, 2, 1), p, Tensor.of(new double[] {1, 1, 2}, 3));
        assertEquals(2.0 / 4, s1.result(), 1e-12);
        TopKCategoricalAccuracy t3 = new TopKCategoricalAccuracy(3);
        t3.updateState(m(new double[][] {{0, 0, 0, 1}, {0, 0, 1, 0}, {0, 1, 0, 0}}), p);
        assertEquals(1.0, t3.result(), 1e-12);
        TopKCategoricalAccuracy t1 = new TopKCategoricalAccuracy(1);
        t1.updateState(m(new double[][] {{0, 0, 0, 1}, {0, 0, 1, 0}, {0, 1, 0, 0}}), p);
        assertEquals(1.0 / 3, t1.result(), 1e-12);
        assertEquals(5, new TopKCategoricalAccuracy().k());
        assertEquals(Map.of("name", "top_k_categorical_accuracy", "dtype", "float32", "k", 5), new TopKCategoricalAccuracy().getConfig());
    }

    @Test void accuracyResolvesLikeCompile() {
        assertResolves(BinaryAccuracy.class, Shape.of(32, 1), Shape.of(32, 1));
        assertResolves(BinaryAccuracy.class, Shape.of(32), Shape.of(32, 1));
        assertResolves(BinaryAccuracy.class, Shape.of(-1, 1), Shape.of(-1, 1));
        assertResolves(SparseCategoricalAccuracy.class, Shape.of(32), Shape.of(32, 10));
        assertResolves(SparseCategoricalAccuracy.class, Shape.of(32, 1), Shape.of(32, 10));
        assertResolves(SparseCategoricalAccuracy.class, Shape.of(8, 20), Shape.of(8, 20, 5));
        assertResolves(CategoricalAccuracy.class, Shape.of(32, 10), Shape.of(32, 10));
        // Keras 3 looks at shapes only: several sigmoid outputs with binary crossentropy still get categorical accuracy
        Metric multi = Metrics.resolve("accuracy", new BinaryCrossentropy(), Shape.of(32, 5), Shape.of(32, 5));
        assertInstanceOf(CategoricalAccuracy.class, multi);
        for (String id : List.of("accuracy", "acc", "ACC", "Accuracy")) {
            Metric mm = Metrics.resolve(id, Shape.of(4), Shape.of(4, 3));
            assertInstanceOf(SparseCategoricalAccuracy.class, mm);
            assertEquals(id, mm.name(), "compile names the metric after the identifier");
        }
        assertInstanceOf(io.jkeras.metrics.BinaryCrossentropy.class, Metrics.resolve("crossentropy", Shape.of(4, 1), Shape.of(4, 1)));
        assertInstanceOf(io.jkeras.metrics.SparseCategoricalCrossentropy.class, Metrics.resolve("ce", Shape.of(4), Shape.of(4, 3)));
        Metric mse = Metrics.resolve("mse", Shape.of(4, 2), Shape.of(4, 2));
        assertInstanceOf(MeanSquaredError.class, mse);
        assertEquals("mse", mse.name());
    }

    static void assertResolves(Class<?> expected, Shape yTrue, Shape yPred) {
        Metric mt = Metrics.resolve("accuracy", yTrue, yPred);
        assertSame(expected, mt.getClass(), "labels " + yTrue + ", predictions " + yPred);
        assertEquals("accuracy", mt.name());
    }

    @Test void registryGivesDefaultNamesAndListsValidIdentifiers() {
        assertInstanceOf(Accuracy.class, Metrics.get("accuracy"));
        assertEquals("mean_squared_error", Metrics.get("mse").name());
        assertInstanceOf(MeanSquaredError.class, Metrics.get("MSE"));
        assertInstanceOf(MeanAbsoluteError.class, Metrics.get("mae"));
        assertInstanceOf(MeanAbsolutePercentageError.class, Metrics.get("mape"));
        assertInstanceOf(MeanSquaredLogarithmicError.class, Metrics.get("msle"));
        assertInstanceOf(io.jkeras.metrics.BinaryCrossentropy.class, Metrics.get("bce"));
        assertInstanceOf(AUC.class, Metrics.get("AUC"));
        assertInstanceOf(AUC.class, Metrics.get("auc"));
        assertInstanceOf(TopKCategoricalAccuracy.class, Metrics.get("top_k_categorical_accuracy"));
        assertInstanceOf(RootMeanSquaredError.class, Metrics.get("RootMeanSquaredError"));
        assertInstanceOf(LogCoshError.class, Metrics.get("log_cosh_error"));
        assertEquals("logcosh", Metrics.get("log_cosh_error").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.get("acc"));
        assertTrue(e.getMessage().contains("Metrics.resolve") && e.getMessage().contains("categorical_accuracy"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Metrics.get("f1"));
        assertTrue(e2.getMessage().contains("'f1'") && e2.getMessage().contains("precision"), e2.getMessage());
    }
}
