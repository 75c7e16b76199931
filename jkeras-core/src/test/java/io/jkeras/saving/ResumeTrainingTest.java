package io.jkeras.saving;

import io.jkeras.callbacks.History;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.metrics.CategoricalAccuracy;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Compile settings and optimizer state survive a save, so that training picks up where it stopped. */
class ResumeTrainingTest {
    @TempDir Path dir;

    @BeforeEach void fresh() { Layer.clearSession(); }

    private static final Tensor X = Ops.randomNormal(Shape.of(40, 6), 0, 1, DType.FLOAT32, 11);
    private static final Tensor Y = Ops.oneHot(Ops.cast(Ops.randomUniform(Shape.of(40), 0, 3, DType.FLOAT32, 12), DType.INT32), 3, DType.FLOAT32);

    private static Model mlp() {
        KerasTensor in = Input.of("features", 6);
        KerasTensor h = new Dense(16, "relu").apply(in);
        KerasTensor out = new Dense(3, "softmax").apply(h);
        return new Model(List.of(in), List.of(out), "mlp");
    }

    private static FitOptions epochs(int from, int to) {
        return FitOptions.builder().initialEpoch(from).epochs(to).batchSize(8).shuffle(false).verbose(0);
    }

    /** Uninterrupted: 4 epochs. Interrupted: 2 epochs, save, load, 2 more. Same losses, same weights. */
    @Test void resumedTrainingContinuesTheSameLossCurve() throws IOException {
        Path initial = dir.resolve("initial.keras");
        Model m = mlp();
        m.compile(new Adam(0.01), "categorical_crossentropy", "accuracy");
        m.save(initial);

        Model straight = Models.load(initial);
        List<Double> straightLoss = straight.fit(X, Y, epochs(0, 4)).get("loss");

        Model first = Models.load(initial);
        List<Double> firstLoss = first.fit(X, Y, epochs(0, 2)).get("loss");
        Path mid = dir.resolve("mid.keras");
        first.save(mid);
        Layer.clearSession();
        Model resumed = Models.load(mid);
        assertEquals(10, resumed.optimizer().iterations(), "2 epochs of 5 batches");
        History rest = resumed.fit(X, Y, epochs(2, 4));

        assertEquals(straightLoss.subList(0, 2), firstLoss);
        List<Double> restLoss = rest.get("loss");
        for (int i = 0; i < 2; i++) assertEquals(straightLoss.get(2 + i), restLoss.get(i), 1e-6 * Math.abs(straightLoss.get(2 + i)), "loss of epoch " + (3 + i));
        assertEquals(straight.fit(X, Y, epochs(0, 1)).get("accuracy").get(0), resumed.fit(X, Y, epochs(0, 1)).get("accuracy").get(0), 1e-6);

        // the control: without the optimizer state (a fresh Adam) the curve is a different one
        Model fresh = Models.load(mid, false);
        fresh.compile(new Adam(0.01), "categorical_crossentropy");
        double freshLoss = fresh.fit(X, Y, epochs(2, 3)).get("loss").get(0);
        assertTrue(Math.abs(freshLoss - straightLoss.get(2)) > 1e-4 * Math.abs(straightLoss.get(2)),
                "a reset optimizer should change the loss of epoch 3: " + freshLoss + " vs " + straightLoss.get(2));
    }

    @Test void compileConfigRoundTripsAndObjectsAreSerialized() throws IOException {
        Model m = mlp();
        m.compile(new Adam(0.002).name("my_adam"), new CategoricalCrossentropy(false, 0.1, -1, io.jkeras.losses.Reduction.SUM_OVER_BATCH_SIZE, "cce"),
                new CategoricalAccuracy());
        Map<String, Object> cc = m.getCompileConfig();
        assertEquals("Adam", ((Map<?, ?>) cc.get("optimizer")).get("class_name"));
        Map<?, ?> loss = (Map<?, ?>) cc.get("loss");
        assertEquals("CategoricalCrossentropy", loss.get("class_name"));
        assertEquals(0.1, ((Number) ((Map<?, ?>) loss.get("config")).get("label_smoothing")).doubleValue(), 1e-12);

        Path file = dir.resolve("objects.keras");
        m.save(file);
        Model back = Models.load(file);
        assertTrue(back.isCompiled());
        assertEquals("my_adam", back.optimizer().name());
        assertEquals((float) 0.002, back.optimizer().learningRate(), 0);
        CategoricalCrossentropy l = (CategoricalCrossentropy) back.trainer().losses().get(0);
        assertEquals("cce", l.name());
        assertEquals(io.jkeras.utils.Json.write(m.getCompileConfig()), io.jkeras.utils.Json.write(back.getCompileConfig()));
        History h = back.fit(X, Y, epochs(0, 1));
        assertTrue(h.history().containsKey("categorical_accuracy"), h.history().keySet().toString());
    }

    @Test void anUncompiledModelHasNoCompileConfigAndLoadsUncompiled() throws IOException {
        Model m = mlp();
        assertNull(m.getCompileConfig());
        Path file = dir.resolve("plain.keras");
        m.save(file);
        assertFalse(Models.load(file).isCompiled());
    }

    @Test void compileConfigThatCannotBeRestoredGivesAClearErrorAndCompileFalseStillLoads() throws IOException {
        Model m = mlp();
        Map<String, Object> bad = new java.util.LinkedHashMap<>();
        bad.put("optimizer", "adam");
        bad.put("loss", Map.of("module", "builtins", "class_name", "MyLoss", "config", Map.of(), "registered_name", "custom>MyLoss"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.compileFromConfig(bad));
        assertTrue(e.getMessage().contains("custom>MyLoss") && e.getMessage().contains("compile=false"), e.getMessage());

        Map<String, Object> unknownMetric = new java.util.LinkedHashMap<>();
        unknownMetric.put("optimizer", "sgd");
        unknownMetric.put("loss", "mse");
        unknownMetric.put("metrics", List.of("no_such_metric"));
        e = assertThrows(IllegalArgumentException.class, () -> m.compileFromConfig(unknownMetric));
        assertTrue(e.getMessage().contains("no_such_metric"), e.getMessage());
    }

    @Test void modelSaveToJsonAndGetConfigAgreeWithModels() throws IOException {
        Model m = mlp();
        assertEquals(Models.toJson(m), m.toJson());
        Map<String, Object> cfg = m.getConfig();
        assertEquals("mlp", cfg.get("name"));
        assertEquals(3, ((List<?>) cfg.get("layers")).size());
        Path file = dir.resolve("m.keras");
        m.save(file);
        assertEquals(m.toJson(), Models.load(file).toJson());
    }
}
