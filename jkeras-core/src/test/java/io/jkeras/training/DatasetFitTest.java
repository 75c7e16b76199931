package io.jkeras.training;

import io.jkeras.callbacks.CallbackParams;
import io.jkeras.callbacks.EarlyStopping;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.LambdaCallback;
import io.jkeras.data.Dataset;
import io.jkeras.data.Sample;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** fit / evaluate / predict on Datasets agree with the same calls on tensors, and stepsPerEpoch follows Keras 3. */
class DatasetFitTest {
    static final Tensor X = Ops.randomUniform(Shape.of(40, 3), -1, 1, DType.FLOAT32, 3);
    static final Tensor Y = Ops.matmul(X, Tensor.wrap(new float[] {1f, -2f, 0.5f}, 3, 1));

    @BeforeEach void fresh() { Layer.clearSession(); }

    static Model model() {
        SeedGenerator.setGlobalSeed(11);
        Layer.clearSession();
        KerasTensor in = Input.of(3);
        Model m = new Model(in, new Dense(1).apply(new Dense(5, "tanh").apply(in)));
        m.compile(new Adam(0.01), new MeanSquaredError(), new io.jkeras.metrics.MeanAbsoluteError());
        return m;
    }

    @Test
    void fitOnADatasetMatchesFitOnTensors() {
        Model a = model(), b = model();
        Tiny.same(a.getWeights(), b.getWeights());
        History ha = a.fit(X, Y, FitOptions.builder().epochs(3).batchSize(8).shuffle(false).verbose(0).validationData(X, Y));
        History hb = b.fit(Dataset.fromTensorSlices(X, Y).batch(8).prefetch(2),
                FitOptions.builder().epochs(3).verbose(0).validationData(Dataset.fromTensorSlices(X, Y).batch(8)));
        Tiny.same(a.getWeights(), b.getWeights());
        assertEquals(ha.history(), hb.history());
        assertEquals(a.evaluate(X, Y, 8, 0), b.evaluate(Dataset.fromTensorSlices(X, Y).batch(8)));
        assertArrayEquals(a.predict(X, 8).toFloatArray(), b.predict(Dataset.fromTensorSlices(X).batch(8)).toFloatArray());
        assertArrayEquals(a.predict(X, 8).toFloatArray(), b.predict(Dataset.fromTensorSlices(X, Y).batch(16)).toFloatArray());
    }

    @Test
    void tensorValidationDataWorksWithADataset() {
        Model a = model(), b = model();
        History ha = a.fit(X, Y, FitOptions.builder().epochs(2).batchSize(10).shuffle(false).verbose(0).validationData(X, Y));
        History hb = b.fit(Dataset.fromTensorSlices(X, Y).batch(10), FitOptions.builder().epochs(2).batchSize(10).verbose(0).validationData(X, Y));
        assertEquals(ha.get("val_loss"), hb.get("val_loss"));
    }

    /** Tags each batch with the index of its first sample, through a map that records what was read. */
    static Dataset<Sample> tagged(List<Integer> reads, int batches) {
        return Dataset.range(batches).map(i -> {
            reads.add(i.intValue());
            float[] x = new float[6];
            java.util.Arrays.fill(x, i);
            return Sample.of(Tensor.wrap(x, 2, 3), Tensor.wrap(new float[] {i, i}, 2, 1));
        });
    }

    @Test
    void stepsPerEpochCarriesThePassOverEpochsAsKeras3() {
        Model m = model();
        List<Integer> reads = new ArrayList<>();
        List<String> perEpoch = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        // 5 batches, 2 per epoch: epoch 1 reads 0,1; epoch 2 reads 2,3; epoch 3 reads 4, then the known pass length is reached:
        // the epoch ends early and the pass restarts; epoch 4 reads 0,1
        var h = m.fit(tagged(reads, 5), FitOptions.builder().epochs(4).stepsPerEpoch(2).verbose(0).callbacks(new LambdaCallback()
                .onBatchBegin((b, l) -> cur.append(reads.get(reads.size() - 1)))
                .onEpochEnd((e, l) -> { perEpoch.add(cur.toString()); cur.setLength(0); })));
        assertEquals(List.of("01", "23", "4", "01"), perEpoch);
        assertEquals(4, h.get("loss").size());
    }

    @Test
    void withoutStepsEachEpochIsOneFullPass() {
        Model m = model();
        List<Integer> reads = new ArrayList<>();
        CallbackParams[] params = new CallbackParams[1];
        m.fit(tagged(reads, 3), FitOptions.builder().epochs(2).verbose(0).callbacks(new io.jkeras.callbacks.Callback() {
            @Override public void setParams(CallbackParams p) { params[0] = p; }
        }));
        assertEquals(List.of(0, 1, 2, 0, 1, 2), reads);
        assertEquals(new CallbackParams(2, 3, 0), params[0]);
        // a generator of unknown length: steps unknown to the callbacks
        m.fit(Dataset.fromGenerator(() -> tagged(new ArrayList<>(), 3).toList().iterator()), FitOptions.builder().epochs(1).verbose(0)
                .callbacks(new io.jkeras.callbacks.Callback() {
                    @Override public void setParams(CallbackParams p) { params[0] = p; }
                }));
        assertEquals(-1, params[0].steps());
    }

    @Test
    void anEndlessDatasetNeedsStepsPerEpoch() {
        Model m = model();
        Dataset<Sample> endless = Dataset.fromTensorSlices(X, Y).batch(8).repeat();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.fit(endless, FitOptions.builder().verbose(0)));
        assertTrue(e.getMessage().contains("stepsPerEpoch"), e.getMessage());
        History h = m.fit(endless, FitOptions.builder().epochs(3).stepsPerEpoch(7).verbose(0));
        assertEquals(3, h.get("loss").size());
        assertEquals(21, m.optimizer().iterations());
    }

    @Test
    void validationStepsLimitsTheValidationPass() {
        Model m = model();
        List<Integer> valReads = new ArrayList<>();
        m.fit(Dataset.fromTensorSlices(X, Y).batch(20), FitOptions.builder().epochs(2).verbose(0)
                .validationData(tagged(valReads, 4)).validationSteps(3));
        // 3 batches in epoch 1 (0,1,2); the pass carries over: 3, then the known length is reached and it restarts
        assertEquals(List.of(0, 1, 2, 3), valReads);
    }

    @Test
    void unbatchedElementsAndArrayOnlyOptionsAreClearErrors() {
        Model m = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(Dataset.fromTensorSlices(X, Y), FitOptions.builder().verbose(0)));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(Dataset.fromTensorSlices(X, Y).batch(4), FitOptions.builder().validationSplit(0.2).verbose(0)));
        assertTrue(e.getMessage().contains("validation_split"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(X, Y, FitOptions.builder().stepsPerEpoch(3).verbose(0)));
        assertTrue(e.getMessage().contains("Dataset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(Dataset.fromTensorSlices(X, Y).batch(4).take(0), FitOptions.builder().verbose(0)));
        assertTrue(e.getMessage().contains("no batches"), e.getMessage());
    }

    @Test
    void callbacksWorkWithDatasets() {
        // lr 0 with a fixed order: the loss never changes, so EarlyStopping(patience 1) stops after epoch 2
        Model m = model();
        m.optimizer().setLearningRate(0.0);
        History h = m.fit(Dataset.fromTensorSlices(X, Y).batch(8), FitOptions.builder().epochs(10).verbose(0)
                .callbacks(new EarlyStopping().monitor("loss").patience(1)));
        assertEquals(2, h.get("loss").size());
    }

    @Test
    void sampleWeightsFromTheDataset() {
        Model a = model(), b = model();
        Tensor w = Ops.randomUniform(Shape.of(40), 0, 2, DType.FLOAT32, 9);
        Map<String, Double> ea = a.trainer().evaluate(List.of(X), List.of(Y), w, 40, 0, List.of());
        Map<String, Double> eb = b.evaluate(Dataset.fromTensorSlices(X, Y, w).batch(40));
        assertEquals(ea.get("loss"), eb.get("loss"), 1e-7);
    }

    static final class Tiny {
        static void same(List<Tensor> a, List<Tensor> b) {
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), "weight " + i);
        }
    }
}
