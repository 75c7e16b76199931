package io.jkeras.saving;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Weights-only files: Keras 3 .weights.h5 by layer order, legacy .h5 by order or by name, skipMismatch. */
class WeightsFilesTest {
    @TempDir Path dir;

    @BeforeEach void fresh() { Layer.clearSession(); }

    private static Tensor data(long seed, int... shape) { return Ops.randomNormal(Shape.of(shape), 0, 1, DType.FLOAT32, seed); }

    private static Model net(String name, int hidden) {
        KerasTensor in = Input.of(5);
        KerasTensor h = new Dense(hidden, "relu").apply(in);
        Sequential inner = new Sequential(List.of(new Dense(3, "tanh")));
        return new Model(List.of(in), List.of(new Dense(2).apply(inner.apply(h))), name);
    }

    private static void assertSameWeights(Model a, Model b) {
        List<Tensor> wa = a.getWeights(), wb = b.getWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) assertTrue(wa.get(i).contentEquals(wb.get(i)), "weight " + i);
    }

    @Test void weightsH5RoundTripsByLayerOrderWhateverTheLayerNames() throws IOException {
        Model a = net("a", 4);
        Path file = dir.resolve("a.weights.h5");
        a.saveWeights(file);
        Model b = net("b", 4);     // same architecture, other layer names (dense_3, ...), other random weights
        assertNotEquals(a.layers().get(1).name(), b.layers().get(1).name());
        assertFalse(a.getWeights().get(0).contentEquals(b.getWeights().get(0)));
        b.loadWeights(file);
        assertSameWeights(a, b);
        Tensor x = data(1, 3, 5);
        assertTrue(a.predict(x).contentEquals(b.predict(x)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("a.weights.h5"), files.map(p -> p.getFileName().toString()).toList(), "no temporary files left");
        }
    }

    @Test void weightsComeFromAKerasFileToo() throws IOException {
        Model a = net("a", 4);
        Path file = dir.resolve("a.keras");
        a.save(file);
        Model b = net("b", 4);
        b.loadWeights(file);
        assertSameWeights(a, b);
    }

    @Test void aMismatchFailsWithoutTouchingTheModelOrIsSkippedOnRequest() throws IOException {
        Model a = net("a", 4);
        Path file = dir.resolve("a.weights.h5");
        a.saveWeights(file);
        Model c = net("c", 6);      // first Dense has 6 units: its kernel and the next one do not fit
        List<Tensor> before = c.getWeights();
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> c.loadWeights(file));
        assertTrue(e.getMessage().contains("shape (5, 6) in the model but (5, 4) in the file"), e.getMessage());
        List<Tensor> after = c.getWeights();
        for (int i = 0; i < before.size(); i++) assertTrue(before.get(i).contentEquals(after.get(i)), "nothing assigned after a failure, weight " + i);

        List<String> skipped = Models.loadWeights(c, file, false, true);
        assertEquals(2, skipped.size(), skipped.toString());    // the first Dense and the one inside the Sequential
        List<Tensor> loaded = c.getWeights(), saved = a.getWeights();
        // the last Dense (kernel 3x2, bias 2) fits and is loaded
        assertTrue(loaded.get(loaded.size() - 2).contentEquals(saved.get(saved.size() - 2)));
        assertTrue(loaded.get(loaded.size() - 1).contentEquals(saved.get(saved.size() - 1)));
    }

    @Test void fileNamesAndUnbuiltModelsAreChecked() {
        Model a = net("a", 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.saveWeights(dir.resolve("a.h5")));
        assertTrue(e.getMessage().contains(".weights.h5"), e.getMessage());
        Sequential unbuilt = new Sequential(List.of(new Dense(2)));
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> unbuilt.loadWeights(dir.resolve("x.weights.h5")));
        assertTrue(e2.getMessage().contains("not been built"), e2.getMessage());
    }

    @Test void compiledModelsCarryTheirOptimizerStateInWeightsFiles() throws IOException {
        Model a = net("a", 4);
        a.compile("adam", "mse");
        a.fit(data(2, 16, 5), data(3, 16, 2), io.jkeras.training.FitOptions.builder().epochs(1).batchSize(8).verbose(0));
        Path file = dir.resolve("a.weights.h5");
        a.saveWeights(file);
        Model b = net("b", 4);
        b.compile("adam", "mse");
        b.loadWeights(file);
        assertSameWeights(a, b);
        assertEquals(2, b.optimizer().iterations());
        var va = a.optimizer().variables();
        var vb = b.optimizer().variables();
        assertEquals(va.size(), vb.size());
        for (int i = 0; i < va.size(); i++) assertTrue(va.get(i).value().contentEquals(vb.get(i).value()), "optimizer variable " + i);
    }

    // ------------------------------------------------------------------ legacy files (../shared)

    private static Path tfscope(String file) {
        Path p = Fixtures.KERAS.resolve("dl4j-test-resources/tfscope").resolve(file);
        Assumptions.assumeTrue(Files.exists(p), "Keras fixture not found: " + p.toAbsolutePath());
        return p;
    }

    /** A dataset read with jHDF directly, independently of the loader. */
    private static Tensor raw(Path file, String path) {
        try (io.jhdf.HdfFile h = new io.jhdf.HdfFile(file)) {
            var ds = h.getDatasetByPath(path);
            return Tensor.wrap(ds.getDataFlat(), Shape.of(ds.getDimensions()));
        }
    }

    private static final String W1 = "dense_1/global/shared/dense_1_W:0", B1 = "dense_1/global/shared/dense_1_b:0",
            W2 = "dense_2/global/policy_net/dense_2_W:0", B2 = "dense_2/global/policy_net/dense_2_b:0";

    private static void assertWeightsAre(Model m, Path file, String... paths) {
        List<Tensor> w = m.getWeights();
        assertEquals(paths.length, w.size());
        for (int i = 0; i < paths.length; i++) {
            if (paths[i] != null) assertTrue(w.get(i).contentEquals(raw(file, paths[i])), "weight " + i + " should be " + paths[i]);
        }
    }

    @Test void legacyWeightsFilesLoadByOrderAndByName() throws IOException {
        String json = Files.readString(tfscope("model.json"));      // Keras 1.2.2 Sequential, Dense 70 -> 256 -> 2
        Path weights = tfscope("model.weight");
        Model byOrder = Models.fromJson(json);
        byOrder.loadWeights(weights);
        assertWeightsAre(byOrder, weights, W1, B1, W2, B2);

        Layer.clearSession();
        Model byName = Models.fromJson(json);
        byName.loadWeightsByName(weights, false);
        assertWeightsAre(byName, weights, W1, B1, W2, B2);

        // TensorFlow name scopes rename dense_1 to "dense_1/xxx/yyy": by order it still loads; by
        // name only dense_2 matches and dense_1 keeps its own weights
        Path scopedFile = tfscope("model.weight.with.tensorflow.scope");
        String scopedW1 = "dense_1/xxx/yyy/global/shared/dense_1/xxx/yyy_W:0", scopedB1 = "dense_1/xxx/yyy/global/shared/dense_1/xxx/yyy_b:0";
        Layer.clearSession();
        Model scoped = Models.fromJson(json);
        scoped.loadWeights(scopedFile);
        assertWeightsAre(scoped, scopedFile, scopedW1, scopedB1, W2, B2);
        Layer.clearSession();
        Model partial = Models.fromJson(json);
        Tensor ownKernel = partial.getWeights().get(0);
        partial.loadWeightsByName(scopedFile, false);
        assertTrue(partial.getWeights().get(0).contentEquals(ownKernel), "dense_1 has no match by name");
        assertWeightsAre(partial, scopedFile, null, null, W2, B2);

        // a whole legacy model file is a weights file too
        Layer.clearSession();
        Model fromModelFile = Models.fromJson(json);
        fromModelFile.loadWeights(tfscope("model.h5"));
        assertWeightsAre(fromModelFile, tfscope("model.h5"), "model_weights/" + W1, "model_weights/" + B1, "model_weights/" + W2, "model_weights/" + B2);
    }

    @Test void legacyByNameSkipsMismatchedLayersOnRequest() throws IOException {
        KerasTensor in = Input.of(70);
        KerasTensor h = new Dense(256, "tanh").name("dense_1").apply(in);
        Model m = new Model(List.of(in), List.of(new Dense(3).name("dense_2").apply(h)), "three_classes");   // dense_2: 3 units, not 2
        Path weights = tfscope("model.weight");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> m.loadWeightsByName(weights, false));
        assertTrue(e.getMessage().contains("dense_2") && e.getMessage().contains("(256, 3) in the model but (256, 2)"), e.getMessage());
        List<String> skipped = Models.loadWeights(m, weights, true, true);
        assertEquals(1, skipped.size(), skipped.toString());
        assertWeightsAre(m, weights, W1, B1, null, null);
    }

    @Test void legacyByOrderNeedsTheSameNumberOfLayersWithWeights() throws IOException {
        KerasTensor in = Input.of(70);
        Model one = new Model(List.of(in), List.of(new Dense(2).apply(in)), "one_layer");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> one.loadWeights(tfscope("model.weight")));
        assertTrue(e.getMessage().contains("2 layer(s)") && e.getMessage().contains("by name"), e.getMessage());
    }
}
