package io.jkeras.losses;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Registry, configs, label shapes and dtypes, masks and the errors a user can hit. */
class LossApiTest {
    static Tensor m(double[][] rows) { return Tensor.of(rows); }

    @Test void registryResolvesKerasIdentifiersAndAliases() {
        Map<String, Class<?>> expected = new LinkedHashMap<>();
        expected.put("categorical_crossentropy", CategoricalCrossentropy.class);
        expected.put("CategoricalCrossentropy", CategoricalCrossentropy.class);
        expected.put("sparse_categorical_crossentropy", SparseCategoricalCrossentropy.class);
        expected.put("binary_crossentropy", BinaryCrossentropy.class);
        expected.put("bce", BinaryCrossentropy.class);
        expected.put("BCE", BinaryCrossentropy.class);
        expected.put("binary_focal_crossentropy", BinaryFocalCrossentropy.class);
        expected.put("mse", MeanSquaredError.class);
        expected.put("MSE", MeanSquaredError.class);
        expected.put("mean_squared_error", MeanSquaredError.class);
        expected.put("mae", MeanAbsoluteError.class);
        expected.put("mean_absolute_error", MeanAbsoluteError.class);
        expected.put("mape", MeanAbsolutePercentageError.class);
        expected.put("msle", MeanSquaredLogarithmicError.class);
        expected.put("huber", Huber.class);
        expected.put("Huber", Huber.class);
        expected.put("hinge", Hinge.class);
        expected.put("squared_hinge", SquaredHinge.class);
        expected.put("categorical_hinge", CategoricalHinge.class);
        expected.put("kld", KLDivergence.class);
        expected.put("KLD", KLDivergence.class);
        expected.put("kl_divergence", KLDivergence.class);
        expected.put("poisson", Poisson.class);
        expected.put("cosine_similarity", CosineSimilarity.class);
        expected.put("log_cosh", LogCosh.class);
        for (var e : expected.entrySet()) {
            Loss l = Losses.get(e.getKey());
            assertSame(e.getValue(), l.getClass(), e.getKey());
            assertEquals(Reduction.SUM_OVER_BATCH_SIZE, l.reduction());
        }
        // function names and aliases name the loss after the identifier (as compile does); class names keep the default
        assertEquals("mse", Losses.get("mse").name());
        assertEquals("huber", Losses.get("huber").name());
        assertEquals("huber_loss", Losses.get("Huber").name());
        assertEquals("mean_squared_error", Losses.get("MeanSquaredError").name());
        assertNotSame(Losses.get("mse"), Losses.get("mse"));
    }

    @Test void unknownIdentifierListsValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("categorical_crossentropyy"));
        assertTrue(e.getMessage().contains("categorical_crossentropyy"), e.getMessage());
        assertTrue(e.getMessage().contains("sparse_categorical_crossentropy") && e.getMessage().contains("mse"), e.getMessage());
        IllegalArgumentException ce = assertThrows(IllegalArgumentException.class, () -> Losses.get("crossentropy"));
        assertTrue(ce.getMessage().contains("Losses.resolve"), ce.getMessage());
    }

    @Test void crossentropyIdentifierResolvesFromShapes() {
        assertInstanceOf(BinaryCrossentropy.class, Losses.resolve("crossentropy", Shape.of(32, 1), Shape.of(32, 1)));
        assertInstanceOf(BinaryCrossentropy.class, Losses.resolve("ce", Shape.of(32), Shape.of(32, 1)));
        assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.resolve("crossentropy", Shape.of(32), Shape.of(32, 10)));
        assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.resolve("CE", Shape.of(32, 1), Shape.of(32, 10)));
        assertInstanceOf(CategoricalCrossentropy.class, Losses.resolve("Crossentropy", Shape.of(32, 10), Shape.of(32, 10)));
        assertEquals("crossentropy", Losses.resolve("crossentropy", Shape.of(32, 10), Shape.of(32, 10)).name());
        assertInstanceOf(MeanSquaredError.class, Losses.resolve("mse", Shape.of(3), Shape.of(3)));
    }

    @Test void configsMatchKerasAndRoundTrip() {
        assertEquals(Map.of("name", "huber_loss", "reduction", "sum_over_batch_size"), new Huber(2.0).getConfig());
        assertEquals(List.of("name", "reduction", "from_logits", "ignore_class"),
                List.copyOf(new SparseCategoricalCrossentropy(true).getConfig().keySet()));
        Map<String, Object> cce = new CategoricalCrossentropy(true, 0.1, -1, Reduction.SUM, "my_cce").getConfig();
        assertEquals(List.of("name", "reduction", "from_logits", "label_smoothing", "axis"), List.copyOf(cce.keySet()));
        assertEquals("sum", cce.get("reduction"));
        for (String cls : List.of("CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy", "BinaryFocalCrossentropy",
                "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "Huber", "LogCosh",
                "Hinge", "SquaredHinge", "CategoricalHinge", "KLDivergence", "Poisson", "CosineSimilarity")) {
            Loss l = Losses.get(cls);
            Loss back = Losses.fromConfig(l.className(), l.getConfig());
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.getConfig(), back.getConfig(), cls);
        }
        // the config a Keras 3 .keras file holds for SparseCategoricalCrossentropy(from_logits=True)
        Map<String, Object> keras = new LinkedHashMap<>();
        keras.put("name", "sparse_categorical_crossentropy");
        keras.put("reduction", "sum_over_batch_size");
        keras.put("from_logits", true);
        keras.put("ignore_class", null);
        SparseCategoricalCrossentropy s = (SparseCategoricalCrossentropy) Losses.fromConfig("SparseCategoricalCrossentropy", keras);
        assertTrue(s.fromLogits());
        assertNull(s.ignoreClass());
        assertEquals(keras, s.getConfig());
        // a missing reduction takes the default; a null one is Keras's None
        assertEquals(Reduction.SUM_OVER_BATCH_SIZE, Losses.fromConfig("MeanSquaredError", Map.of("name", "x")).reduction());
        Map<String, Object> noneRed = new LinkedHashMap<>();
        noneRed.put("reduction", null);
        assertEquals(Reduction.NONE, Losses.fromConfig("MeanSquaredError", noneRed).reduction());
        assertThrows(IllegalArgumentException.class, () -> Losses.fromConfig("NoSuchLoss", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Reduction.fromName("abc"));
        assertEquals(Reduction.NONE, Reduction.fromName(null));
    }

    @Test void categoricalCrossentropyWithSparseLabelsSaysWhatToDo() {
        Tensor labels = Tensor.of(new int[32], 32);
        Tensor pred = Tensor.ones(32, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossentropy().apply(labels, pred));
        assertTrue(e.getMessage().contains("(32,)") && e.getMessage().contains("(32, 10)"), e.getMessage());
        assertTrue(e.getMessage().contains("sparse_categorical_crossentropy") && e.getMessage().contains("one-hot"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalCrossentropy().apply(Tensor.zeros(32, 1), pred));
        assertTrue(e2.getMessage().contains("(32, 1)") && e2.getMessage().contains("sparse_categorical_crossentropy"), e2.getMessage());
    }

    @Test void binaryCrossentropyShapeMismatchIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BinaryCrossentropy().apply(
                Tensor.of(new double[] {0, 1, 2}, 3, 1), Tensor.full(Shape.of(3, 3), 0.5, DType.FLOAT32)));
        assertTrue(e.getMessage().contains("same shape") && e.getMessage().contains("(3, 1)") && e.getMessage().contains("(3, 3)"), e.getMessage());
        // (batch,) labels against (batch, 1) predictions are fine
        Tensor l = new BinaryCrossentropy().apply(Tensor.of(1f, 0f), Tensor.of(new float[] {0.8f, 0.4f}, 2, 1));
        assertEquals(-(Math.log(0.8) + Math.log(0.6)) / 2, l.item(), 1e-6);
    }

    @Test void sparseLabelsInEveryShapeAndDtype() {
        Tensor p = m(new double[][] {{0.9, 0.05, 0.05}, {0.5, 0.89, 0.6}, {0.05, 0.01, 0.94}});
        double expected = new SparseCategoricalCrossentropy().apply(Tensor.of(new int[] {0, 1, 2}, 3), p).item();
        for (Tensor labels : List.of(Tensor.of(new int[] {0, 1, 2}, 3, 1), Tensor.of(new long[] {0, 1, 2}, 3),
                Tensor.of(new float[] {0, 1, 2}, 3), Tensor.of(new double[] {0, 1, 2}, 3, 1), Tensor.of(new float[] {0.2f, 1.7f, 2.9f}, 3))) {
            assertEquals(expected, new SparseCategoricalCrossentropy().apply(labels, p).item(), 1e-12, labels.toString());
        }
        // out of range and one-hot labels: clear errors
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().apply(Tensor.of(new int[] {0, 3, 1}, 3), p));
        assertTrue(e.getMessage().contains("label 3") && e.getMessage().contains("3 classes"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().apply(m(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), p));
        assertTrue(e2.getMessage().contains("categorical_crossentropy") && e2.getMessage().contains("(3, 3)"), e2.getMessage());
    }

    @Test void sparseCrossentropyOnSequencesAndAnotherAxis() {
        // (batch 2, time 3, classes 4) logits with (2, 3) labels, and the same with the class axis first (axis=1)
        double[] x = new double[24];
        for (int i = 0; i < 24; i++) x[i] = Math.sin(i * 1.7);
        int[] labels = {0, 3, 1, 2, 2, 0};
        Tensor logits = Tensor.of(x, 2, 3, 4);
        double[] ref = new double[6];
        for (int r = 0; r < 6; r++) {
            double mx = Double.NEGATIVE_INFINITY, s = 0;
            for (int c = 0; c < 4; c++) mx = Math.max(mx, x[r * 4 + c]);
            for (int c = 0; c < 4; c++) s += Math.exp(x[r * 4 + c] - mx);
            ref[r] = -(x[r * 4 + labels[r]] - mx - Math.log(s));
        }
        Loss none = new SparseCategoricalCrossentropy(true, null, Reduction.NONE, -1, null);
        Tensor out = none.apply(Tensor.of(labels, 2, 3), logits);
        assertEquals(Shape.of(2, 3), out.shape());
        assertArrayEquals(ref, out.toDoubleArray(), 1e-12);
        assertArrayEquals(ref, none.apply(Tensor.of(labels, 2, 3, 1), logits).toDoubleArray(), 1e-12);
        double mean = java.util.Arrays.stream(ref).sum() / 6;
        assertEquals(mean, new SparseCategoricalCrossentropy(true).apply(Tensor.of(labels, 2, 3), logits).item(), 1e-12);
        Tensor classFirst = Ops.transpose(logits, 0, 2, 1); // (2, 4, 3)
        Loss axis1 = new SparseCategoricalCrossentropy(true, null, Reduction.NONE, 1, null);
        assertArrayEquals(ref, axis1.apply(Tensor.of(labels, 2, 3), classFirst).toDoubleArray(), 1e-12);
        // categorical crossentropy on axis 1 agrees
        Tensor oneHot = Ops.transpose(Ops.oneHot(Tensor.of(labels, 2, 3), 4, DType.FLOAT64), 0, 2, 1);
        assertArrayEquals(ref, new CategoricalCrossentropy(true, 0, 1, Reduction.NONE, null).apply(oneHot, classFirst).toDoubleArray(), 1e-12);
    }

    @Test void ignoreClassWithWeightsAndGradient() {
        Tensor logits = Tensor.of(new double[] {0.854, 0.698, 0.598, 0.088, 0.86, 0.018, 1.2, -0.4, 0.3}, 3, 3);
        Tensor labels = Tensor.of(new int[] {-1, 2, 0}, 3);
        Loss none = new SparseCategoricalCrossentropy(true, null, Reduction.NONE, -1, null);
        double l1 = none.apply(Tensor.of(new int[] {0, 2, 0}, 3), logits).toDoubleArray()[1];
        double l2 = none.apply(Tensor.of(new int[] {0, 2, 0}, 3), logits).toDoubleArray()[2];
        Tensor w = Tensor.of(new double[] {5, 2, 1}, 3);
        // sum_over_batch_size with a mask: weights times total/valid = 3/2, divided by 3
        assertEquals((2 * l1 + l2) / 2, new SparseCategoricalCrossentropy(true, -1).apply(labels, logits, w).item(), 1e-12);
        assertEquals(2 * l1 + l2, new SparseCategoricalCrossentropy(true, -1, Reduction.SUM, -1, null).apply(labels, logits, w).item(), 1e-12);
        // probabilities path: an ignored row gets no gradient and no NaN
        Tensor probs = Ops.softmax(logits, -1);
        Loss lp = new SparseCategoricalCrossentropy(false, -1);
        LossReferenceTest.GRAD.verifyUnary("scce ignore_class probs", p -> lp.apply(labels, p), probs);
        double[] g = GradCheck.gradient(p -> lp.apply(labels, p), probs).toDoubleArray();
        for (int j = 0; j < 3; j++) assertEquals(0.0, g[j], 0.0);
        // all ignored: 0, not NaN
        assertEquals(0.0, lp.apply(Tensor.of(new int[] {-1, -1, -1}, 3), probs).item(), 0.0);
    }

    @Test void explicitMaskLeavesEntriesOutOfTheMean() {
        Tensor t = m(new double[][] {{1}, {2}, {3}, {4}});
        Tensor p = m(new double[][] {{2}, {2}, {5}, {0}});
        Tensor mask = Tensor.of(new boolean[] {true, false, true, true}, 4);
        double expected = (1 + 4 + 16) / 3.0;
        assertEquals(expected, new MeanSquaredError().apply(t, p, null, mask).item(), 1e-12);
        assertEquals(1 + 4 + 16, new MeanSquaredError(Reduction.SUM, null).apply(t, p, null, mask).item(), 1e-12);
        Tensor w = Tensor.of(new double[] {1, 9, 2, 0.5}, 4);
        assertEquals((1 + 2 * 4 + 0.5 * 16) / 3.0, new MeanSquaredError().apply(t, p, w, mask).item(), 1e-12);
    }

    @Test void lossesRecordOnTheTapeAndAcceptIntegerLabels() {
        Tensor yTrue = Tensor.of(new int[] {0, 1, 0, 0, 0, 1}, 2, 3);
        Tensor yPred = Tensor.of(new float[] {0.2f, 0.7f, 0.1f, 0.3f, 0.3f, 0.4f}, 2, 3);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(yPred);
            Tensor loss = new CategoricalCrossentropy().apply(yTrue, yPred);
            assertEquals(Shape.SCALAR, loss.shape());
            assertEquals(DType.FLOAT32, loss.dtype());
            assertEquals(-(Math.log(0.7) + Math.log(0.4)) / 2, loss.item(), 1e-6);
            Tensor g = tape.gradient(loss, yPred);
            // d/dp_j of -log(p_k / sum p) / 2 = (1/sum - [j==k]/p_k) / 2 with sum = 1
            assertArrayEquals(new float[] {0.5f, 0.5f - 0.5f / 0.7f, 0.5f, 0.5f, 0.5f, 0.5f - 0.5f / 0.4f}, g.toFloatArray(), 1e-5f);
        }
    }

    /** Keras returns the (empty) per-sample losses of an empty batch unreduced. */
    @Test void emptyBatchReturnsTheEmptyPerSampleLosses() {
        Tensor l = new MeanSquaredError().apply(Tensor.zeros(0, 3), Tensor.zeros(0, 3));
        assertEquals(Shape.of(0), l.shape());
    }
}
