package io.jkeras.training;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.LambdaCallback;
import io.jkeras.data.Dataset;
import io.jkeras.data.Sample;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.metrics.Mean;
import io.jkeras.metrics.MeanAbsoluteError;
import io.jkeras.metrics.Metric;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;
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

/** Keras's "customizing what happens in fit": an overridden trainStep and a hand-written GradientTape loop agree with fit. */
class CustomTrainStepTest {
    static final Tensor X = Ops.randomUniform(Shape.of(32, 3), -1, 1, DType.FLOAT32, 21);
    static final Tensor Y = Ops.matmul(X, Tensor.wrap(new float[] {0.5f, -1f, 2f}, 3, 1));

    @BeforeEach void fresh() { Layer.clearSession(); }

    /** The same seeded architecture, as a plain Functional model or as a subclass with its own step. */
    static <M extends Model> M build(java.util.function.BiFunction<KerasTensor, KerasTensor, M> make) {
        SeedGenerator.setGlobalSeed(5);
        Layer.clearSession();
        KerasTensor in = Input.of(3);
        M m = make.apply(in, new Dense(1).apply(new Dense(6, "tanh").apply(in)));
        m.compile(new Adam(0.02), new MeanSquaredError(), new MeanAbsoluteError());
        return m;
    }

    /** Keras's guide recipe, written out. */
    static final class ManualStep extends Model {
        final Mean gradNorm = new Mean("grad_norm");

        ManualStep(KerasTensor in, KerasTensor out) { super(List.of(in), List.of(out), null); }

        @Override public Map<String, Double> trainStep(Sample data) {
            List<Tensor> yPred;
            List<Tensor> grads;
            try (GradientTape tape = new GradientTape()) {
                yPred = apply(data.inputs(), true);
                grads = tape.gradient(computeLoss(data, yPred), trainableWeights());
            }
            optimizer().apply(grads, trainableWeights());
            double sq = 0;
            for (Tensor g : grads) for (double v : g.toDoubleArray()) sq += v * v;
            gradNorm.updateValues(Math.sqrt(sq));
            Map<String, Double> logs = new java.util.TreeMap<>(computeMetrics(data, yPred));
            logs.put("grad_norm", gradNorm.result());
            return logs;
        }

        @Override public List<Metric> metrics() { return List.of(gradNorm); }
    }

    @Test
    void overriddenTrainStepMatchesTheBuiltInOne() {
        Model plain = build(Model::new);
        ManualStep custom = build(ManualStep::new);
        FitOptions o = FitOptions.builder().epochs(3).batchSize(8).shuffle(false).verbose(0).validationData(X, Y);
        History hp = plain.fit(X, Y, o);
        List<Double> perBatchNorm = new ArrayList<>();
        History hc = custom.fit(X, Y, FitOptions.builder().epochs(3).batchSize(8).shuffle(false).verbose(0).validationData(X, Y)
                .callbacks(new LambdaCallback().onBatchEnd((b, l) -> perBatchNorm.add(l.get("grad_norm")))));
        for (int i = 0; i < plain.getWeights().size(); i++) {
            assertArrayEquals(plain.getWeights().get(i).toFloatArray(), custom.getWeights().get(i).toFloatArray(), "weight " + i);
        }
        for (String k : List.of("loss", "mean_absolute_error", "val_loss", "val_mean_absolute_error")) assertEquals(hp.get(k), hc.get(k), k);
        // the custom tracker is reset each epoch: its epoch value is the mean of that epoch's 4 batch norms
        assertEquals(12, perBatchNorm.size());
        for (int e = 0; e < 3; e++) assertEquals(perBatchNorm.get(4 * e + 3), hc.get("grad_norm").get(e), 0.0);
        assertTrue(hc.get("grad_norm").get(0) > 0);
    }

    @Test
    void aHandWrittenTapeLoopMatchesFit() {
        Model viaFit = build(Model::new);
        viaFit.fit(X, Y, FitOptions.builder().epochs(2).batchSize(8).shuffle(false).verbose(0));

        Model byHand = build(Model::new);
        Optimizer opt = byHand.optimizer();
        MeanSquaredError mse = new MeanSquaredError();
        List<Variable> vars = byHand.trainableWeights();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (Sample batch : Dataset.fromTensorSlices(X, Y).batch(8)) {
                List<Tensor> grads;
                try (GradientTape tape = new GradientTape()) {
                    Tensor pred = byHand.apply(batch.input(), true);
                    grads = tape.gradient(mse.apply(batch.target(), pred), vars);
                }
                opt.apply(grads, vars);
            }
        }
        for (int i = 0; i < vars.size(); i++) {
            assertArrayEquals(viaFit.getWeights().get(i).toFloatArray(), byHand.getWeights().get(i).toFloatArray(), "weight " + i);
        }
    }

    /** A test step that reports a scaled loss only. */
    static final class HalfLoss extends Model {
        HalfLoss(KerasTensor in, KerasTensor out) { super(List.of(in), List.of(out), null); }

        @Override public Map<String, Double> testStep(Sample data) {
            Map<String, Double> logs = GradientTape.noRecording(() -> {
                List<Tensor> yPred = apply(data.inputs(), false);
                computeLoss(data, yPred);
                return computeMetrics(data, yPred);
            });
            return Map.of("half_loss", logs.get("loss") / 2);
        }
    }

    @Test
    void overriddenTestStepDrivesEvaluateAndValidation() {
        Model plain = build(Model::new);
        HalfLoss custom = build(HalfLoss::new);
        double full = plain.evaluate(X, Y, 32, 0).get("loss");
        Map<String, Double> r = custom.evaluate(X, Y, 32, 0);
        assertEquals(Map.of("half_loss", full / 2), r);
        History h = custom.fit(Dataset.fromTensorSlices(X, Y).batch(8), FitOptions.builder().epochs(1).verbose(0)
                .validationData(Dataset.fromTensorSlices(X, Y).batch(32)));
        assertTrue(h.history().containsKey("val_half_loss"), h.history().keySet().toString());
    }
}
