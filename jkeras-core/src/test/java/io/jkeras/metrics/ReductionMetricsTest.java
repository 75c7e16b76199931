package io.jkeras.metrics;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.layers.Layer;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Mean, Sum and MeanMetricWrapper: Keras's weighting rules, several updates, reset, naming. */
class ReductionMetricsTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    static Tensor m(double[][] rows) { return Tensor.of(rows); }

    @Test void sumWeightingsAsKeras() {
        Sum s = new Sum();
        s.updateValues(Tensor.of(1f, 3f, 5f, 7f));
        assertEquals(16.0, s.result(), 1e-12);
        s.resetState();
        s.updateValues(Tensor.of(1f, 3f, 5f, 7f), Tensor.of(1f, 1f, 0f, 0f));
        assertEquals(4.0, s.result(), 1e-12);
        s.resetState();
        s.updateValues(m(new double[][] {{1, 3}, {5, 7}}), m(new double[][] {{1, 1}, {1, 0}}));
        assertEquals(9.0, s.result(), 1e-12);
        s.resetState();
        s.updateValues(m(new double[][] {{1, 3}, {5, 7}}), m(new double[][] {{1, 0}}));
        assertEquals(6.0, s.result(), 1e-12);
        assertEquals("sum", s.name());
    }

    @Test void meanWeightingsAsKeras() {
        Mean mean = new Mean();
        mean.updateValues(Tensor.of(1f, 3f, 5f, 7f));
        assertEquals(4.0, mean.result(), 1e-12);
        mean.resetState();
        assertEquals(0.0, mean.result(), 0.0);
        mean.updateValues(Tensor.of(1f, 3f, 5f, 7f), Tensor.of(1f, 1f, 0f, 0f));
        assertEquals(2.0, mean.result(), 1e-12);
        mean.resetState();
        mean.updateValues(Tensor.of(1f, 3f, 5f, 7f), Tensor.of(-1f, -1f, 0f, 0f));
        assertEquals(2.0, mean.result(), 1e-12);
        mean.resetState();
        mean.updateValues(m(new double[][] {{1, 3}, {5, 7}}), m(new double[][] {{1, 1}, {1, 0}}));
        assertEquals(3.0, mean.result(), 1e-12);
        mean.resetState();
        mean.updateValues(m(new double[][] {{1, 3}, {5, 7}}), m(new double[][] {{1, 0}}));
        assertEquals(3.0, mean.result(), 1e-12);
    }

    @Test void meanAccumulatesOverUpdatesWithSampleWeights() {
        Mean mean = new Mean("loss");
        // batch 1: (2, 3) values with per-sample weights (2,): rows reduce to their means 2 and 5
        mean.updateValues(m(new double[][] {{1, 2, 3}, {4, 5, 6}}), Tensor.of(new double[] {1, 3}, 2));
        assertEquals((2 * 1 + 5 * 3) / 4.0, mean.result(), 1e-12);
        assertEquals(4.0, mean.count(), 0);
        // batch 2: unweighted scalar values count one each
        mean.updateValues(10);
        mean.updateValues(0.5, 32);
        assertEquals((17 + 10 + 16) / (4.0 + 1 + 32), mean.result(), 1e-12);
        // a scalar weight makes a whole batch one sample of that weight
        mean.resetState();
        mean.updateValues(Tensor.of(new double[] {2, 4, 6}, 3), Tensor.scalar(2.0, DType.FLOAT64));
        assertEquals(4.0, mean.result(), 1e-12);
        assertEquals(2.0, mean.count(), 0);
    }

    @Test void badSampleWeightShapeIsAClearError() {
        Mean mean = new Mean();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mean.updateValues(Tensor.of(new double[] {1, 2, 3}, 3), Tensor.of(new double[] {1, 2}, 2)));
        assertTrue(e.getMessage().contains("(2,)") && e.getMessage().contains("(3,)"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> mean.updateState(Tensor.of(1f), Tensor.of(1f)));
    }

    @Test void meanMetricWrapperAveragesAFunction() {
        MeanMetricWrapper mse = new MeanMetricWrapper("mse", (t, p) -> Ops.square(Ops.subtract(t, p)));
        double[][] t = {{0, 1, 0, 1, 0}, {0, 0, 1, 1, 1}, {1, 1, 1, 1, 0}, {0, 0, 0, 0, 1}};
        double[][] p = {{0, 0, 1, 1, 0}, {1, 1, 1, 1, 1}, {0, 1, 0, 1, 0}, {1, 1, 1, 1, 1}};
        mse.updateState(m(t), m(p));
        assertEquals(0.5, mse.result(), 1e-12);
        mse.resetState();
        mse.updateState(m(t), m(p), Tensor.of(new double[] {1.0, 1.5, 2.0, 2.5}, 4));
        assertEquals(0.54285, mse.result(), 1e-5);
        mse.resetState();
        mse.updateState(m(t), m(p), m(new double[][] {{1.0, 0.0, 0.5, 0.0, 1.0}}));
        assertEquals(0.45, mse.result(), 1e-12);
        assertEquals("mse", mse.name());
        assertEquals(Optional.empty(), mse.direction());
    }

    @Test void updatesNeverRecordOnATape() {
        Tensor yPred = Tensor.of(new float[] {0.2f, 0.8f, 0.6f, 0.4f}, 2, 2);
        Tensor yTrue = Tensor.of(new float[] {0, 1, 0, 1}, 2, 2);
        boolean[] recordingSeen = {false};
        MeanMetricWrapper probe = new MeanMetricWrapper("probe", (t, p) -> {
            recordingSeen[0] |= GradientTape.isRecording();
            return Ops.sum(p, -1);
        });
        try (GradientTape tape = new GradientTape()) {
            tape.watch(yPred);
            assertTrue(GradientTape.isRecording());
            probe.updateState(yTrue, yPred);
            Metric[] ms = {new CategoricalAccuracy(), new MeanSquaredError(), new CategoricalCrossentropy(), new AUC(), new Precision()};
            for (Metric mt : ms) mt.updateState(yTrue, yPred);
            assertTrue(GradientTape.isRecording(), "the tape records again after the update");
            assertEquals(0.5, ms[0].result(), 0);
        }
        assertFalse(recordingSeen[0], "a metric function ran while a tape was recording");
        assertEquals(1.0, probe.result(), 1e-6);
    }

    @Test void defaultNamesAreUniqueLikeKeras() {
        assertEquals("precision", new Precision().name());
        assertEquals("precision_1", new Precision().name());
        assertEquals("auc", new AUC().name());
        assertEquals("recall", new Recall().name());
        // metrics with a fixed default name keep it
        assertEquals("accuracy", new Accuracy().name());
        assertEquals("accuracy", new Accuracy().name());
        assertEquals("renamed", new CategoricalAccuracy().name("renamed").name());
    }
}
