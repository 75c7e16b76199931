package io.jkeras.saving;

import io.jkeras.autodiff.Variable;
import io.jkeras.callbacks.History;
import io.jkeras.layers.Layer;
import io.jkeras.losses.Huber;
import io.jkeras.models.Model;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Keras 3 training fixtures: a compiled model saved by Keras before {@code fit} is loaded with
 * its compile settings, trained here with the same settings, and must end where Keras ended: every
 * weight, every per-epoch loss and metric, and the optimizer's state (1e-3 relative, the fixtures'
 * rule). Also: stopping after the first epoch, saving, loading and training on gives the same curve.
 */
class TrainingFixturesTest {
    @TempDir Path tmp;

    @BeforeEach void fresh() { Layer.clearSession(); }

    private record Case(Path dir, Map<String, Object> training, Map<String, Object> history, Tensor x, Tensor y, double tol) {
        int batchSize() { return ((Number) training.get("batch_size")).intValue(); }
        int epochs() { return ((Number) training.get("epochs")).intValue(); }
    }

    private static Case open(String name) throws IOException {
        Path dir = Fixtures.keras3Case(name);
        Map<String, Object> info = Fixtures.caseJson(dir);
        @SuppressWarnings("unchecked") List<String> classes = (List<String>) info.get("layers");
        for (String cls : classes) Assumptions.assumeTrue(SavingRegistry.isRegistered(cls), "layer class " + cls + " is not implemented/registered yet");
        Map<String, Object> training = Json.parseObject(Files.readString(dir.resolve("training.json")));
        assertEquals(Boolean.FALSE, training.get("shuffle"), "the fixtures train without shuffling");
        Map<String, Object> history = Json.parseObject(Files.readString(dir.resolve("history.json")));
        return new Case(dir, training, history, Fixtures.npy(dir.resolve("train_x.npy")), Fixtures.npy(dir.resolve("train_y.npy")),
                ((Number) info.get("tolerance")).doubleValue());
    }

    private static FitOptions options(Case c, int initialEpoch, int epochs) {
        return FitOptions.builder().epochs(epochs).initialEpoch(initialEpoch).batchSize(c.batchSize()).shuffle(false).verbose(0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"train_adam_cce", "train_sgd_momentum_mse", "train_rmsprop_sparse_logits",
            "train_adagrad_bce", "train_nadam_huber", "train_adamw_mae"})
    void trainingALoadedKerasModelEndsWhereKerasEnded(String name) throws IOException {
        Case c = open(name);
        Model model = Models.load(c.dir.resolve("initial.keras"));
        assertTrue(model.isCompiled(), "initial.keras holds a compile_config, so the model comes back compiled");
        @SuppressWarnings("unchecked") Map<String, Object> opt = (Map<String, Object>) c.training.get("optimizer");
        assertEquals(opt.get("class_name"), model.optimizer().className());
        assertEquals(((Number) ((Map<?, ?>) opt.get("config")).get("learning_rate")).doubleValue(), model.optimizer().learningRate(), 1e-9);
        if (c.training.get("loss_args") instanceof Map<?, ?> args && args.get("delta") instanceof Number delta) {
            assertEquals(delta.doubleValue(), ((Huber) model.trainer().losses().get(0)).delta(), "Huber delta (not stored by Keras 3.15.1)");
        }

        History h = model.fit(c.x, c.y, options(c, 0, c.epochs()));
        assertHistory(c, h, 0);

        Model trained = Models.load(c.dir.resolve("trained.keras"));
        assertWeightsClose(trained, model, c.tol, name);
        assertOptimizerStateClose(trained, model, c, name);
        Fixtures.assertClose(Fixtures.npy(c.dir.resolve("y_0.npy")), model.predict(c.x), c.tol, name + " predictions");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"train_adam_cce", "train_sgd_momentum_mse", "train_rmsprop_sparse_logits", "train_nadam_huber"})
    void trainingResumedFromASavedFileFollowsKerasUninterruptedRun(String name) throws IOException {
        Case c = open(name);
        Model model = Models.load(c.dir.resolve("initial.keras"));
        model.fit(c.x, c.y, options(c, 0, 1));
        Path saved = tmp.resolve("after_epoch_1.keras");
        model.save(saved);
        Layer.clearSession();

        Model resumed = Models.load(saved);
        assertEquals(model.optimizer().iterations(), resumed.optimizer().iterations(), "the iteration counter is restored");
        History h = resumed.fit(c.x, c.y, options(c, 1, c.epochs()));
        assertHistory(c, h, 1);
        Model trained = Models.load(c.dir.resolve("trained.keras"));
        assertWeightsClose(trained, resumed, c.tol, name + " resumed");
        assertOptimizerStateClose(trained, resumed, c, name + " resumed");
    }

    /** Keras's history (running means over each epoch's batches) from epoch {@code from} on. */
    private static void assertHistory(Case c, History h, int from) {
        for (Map.Entry<String, Object> e : c.history.entrySet()) {
            List<?> want = (List<?>) e.getValue();
            List<Double> got = h.get(e.getKey());
            assertNotNull(got, "history has no '" + e.getKey() + "'; it has " + h.history().keySet());
            assertEquals(want.size() - from, got.size(), e.getKey() + ": number of epochs");
            for (int i = 0; i < got.size(); i++) {
                double w = ((Number) want.get(i + from)).doubleValue();
                assertEquals(w, got.get(i), c.tol * Math.max(1, Math.abs(w)), e.getKey() + " of epoch " + (i + from + 1));
            }
        }
    }

    private static void assertWeightsClose(Model expected, Model actual, double tol, String what) {
        List<Variable> we = expected.weights(), wa = actual.weights();
        assertEquals(we.size(), wa.size(), what + ": number of weights");
        for (int i = 0; i < we.size(); i++) {
            Fixtures.assertClose(we.get(i).value(), wa.get(i).value(), tol, what + " weight " + wa.get(i).path());
        }
    }

    private static void assertOptimizerStateClose(Model expected, Model actual, Case c, String what) {
        List<Variable> ve = expected.optimizer().variables(), va = actual.optimizer().variables();
        assertEquals(ve.stream().map(Variable::path).toList(), va.stream().map(Variable::path).toList(), what + ": optimizer variables");
        long iterations = ((Number) c.training.get("optimizer_iterations_after")).longValue();
        assertEquals(iterations, expected.optimizer().iterations(), "trained.keras's iteration counter");
        assertEquals(iterations, actual.optimizer().iterations(), what + ": iterations");
        for (int i = 0; i < ve.size(); i++) {
            Tensor e = ve.get(i).value(), a = va.get(i).value();
            if (!e.dtype().isFloating()) continue;   // the counter, compared above
            Fixtures.assertClose(e, a, c.tol, what + " optimizer variable " + va.get(i).path());
        }
    }
}
