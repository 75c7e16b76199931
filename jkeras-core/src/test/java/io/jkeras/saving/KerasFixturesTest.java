package io.jkeras.saving;

import io.jkeras.layers.Dense;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Real files written by Keras 3.15.1 (../shared/fixtures/keras3) load and predict what Keras predicted. */
class KerasFixturesTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
            "paper_functional_mlp, model.keras", "paper_functional_mlp, model.h5",
            "paper_sequential_mlp, model.keras", "paper_sequential_mlp, model.h5",
            "dense_3d_no_bias, model.keras", "dense_3d_no_bias, model.h5",
            "multi_io_shared, model.keras", "multi_io_shared, model.h5",
            "dense_activations, model.keras", "dense_activations, model.h5",
            "nested_models, model.keras", "nested_models, model.h5",
            "mha_cross_mask, model.keras", "mha_cross_mask, model.h5",
    })
    void loadsAndPredictsLikeKeras(String caseName, String file) throws IOException {
        Path dir = Fixtures.keras3Case(caseName);
        Map<String, Object> info = Fixtures.caseJson(dir);
        @SuppressWarnings("unchecked") List<String> classes = (List<String>) info.get("layers");
        for (String cls : classes) {
            if (classes.contains("MultiHeadAttention") && java.util.Set.of("EinsumDense", "Softmax", "Dropout").contains(cls)) continue;    // its own sublayers
            Assumptions.assumeTrue(SavingRegistry.isRegistered(cls), "layer class " + cls + " is not implemented/registered yet");
        }
        Model model = Models.load(dir.resolve(file));
        assertEquals(caseName, model.name());
        assertEquals(((Number) info.get("params")).longValue(), model.countParams(), "parameter count");
        assertEquals(info.get("model_class"), model.className());

        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve("x_" + i + ".npy")); i++) xs.add(Fixtures.npy(dir.resolve("x_" + i + ".npy")));
        List<Tensor> ys = model.predictAll(xs, 32);
        int outputs = 0;
        for (int i = 0; Files.exists(dir.resolve("y_" + i + ".npy")); i++, outputs++) {
            Fixtures.assertClose(Fixtures.npy(dir.resolve("y_" + i + ".npy")), ys.get(i), ((Number) info.get("tolerance")).doubleValue(), caseName + " output " + i);
        }
        assertEquals(outputs, ys.size(), "number of outputs");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"paper_functional_mlp", "paper_sequential_mlp", "dense_3d_no_bias"})
    void kerasAndLegacyFilesGiveTheSameModel(String caseName) throws IOException {
        Path dir = Fixtures.keras3Case(caseName);
        Model a = Models.load(dir.resolve("model.keras"));
        Model b = Models.load(dir.resolve("model.h5"));
        assertEquals(Models.toJson(a), Models.toJson(b));
        List<Tensor> wa = a.getWeights(), wb = b.getWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) assertTrue(wa.get(i).contentEquals(wb.get(i)), "weight " + i);
    }

    /** Training fixtures hold compiled models with optimizer state; the weights load and predict like Keras (training: TrainingFixturesTest). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"train_adam_cce", "train_sgd_momentum_mse", "train_rmsprop_sparse_logits"})
    void compiledModelsWithOptimizerStateLoadTheirWeights(String caseName) throws IOException {
        Path dir = Fixtures.keras3Case(caseName);
        Tensor x = Fixtures.npy(dir.resolve("x_0.npy"));
        Fixtures.assertClose(Fixtures.npy(dir.resolve("y_initial_0.npy")), Models.load(dir.resolve("initial.keras")).predict(x), 1e-4, caseName + " initial");
        Fixtures.assertClose(Fixtures.npy(dir.resolve("y_0.npy")), Models.load(dir.resolve("trained.keras")).predict(x), 1e-4, caseName + " trained");
    }

    @org.junit.jupiter.api.Test
    void nestedModelsKeepTheirStructure() throws IOException {
        Model m = Models.load(Fixtures.keras3Case("nested_models").resolve("model.keras"));
        assertEquals(List.of("input_layer_2", "inner_functional", "inner_sequential"), m.layers().stream().map(Layer::name).toList());
        Model inner = (Model) m.getLayer("inner_functional");
        assertEquals("Functional", inner.className());
        assertEquals(List.of("input_layer", "dense_1", "dense"), inner.layers().stream().map(Layer::name).toList());
        Sequential seq = (Sequential) m.getLayer("inner_sequential");
        assertEquals(List.of("dense_2", "dense_3"), seq.layers().stream().map(Layer::name).toList());
        // the file's weights for the inner Functional are at layers/functional/layers/dense/vars (dense_1's)
        assertEquals(io.jkeras.tensor.Shape.of(6, 5), ((Dense) inner.getLayer("dense_1")).kernel().shape());
        Model fromH5 = Models.load(Fixtures.keras3Case("nested_models").resolve("model.h5"));
        List<Tensor> a = m.getWeights(), b = fromH5.getWeights();
        for (int i = 0; i < a.size(); i++) assertTrue(a.get(i).contentEquals(b.get(i)), "weight " + i);
    }

    @org.junit.jupiter.api.Test
    void functionalFixtureKeepsNamesActivationsAndShapes() throws IOException {
        Model m = Models.load(Fixtures.keras3Case("paper_functional_mlp").resolve("model.keras"));
        assertEquals(List.of("pixels", "dense", "dense_1", "dense_2"), m.layers().stream().map(Layer::name).toList());
        assertInstanceOf(InputLayer.class, m.layers().get(0));
        Dense d = (Dense) m.getLayer("dense_2");
        assertEquals(10, d.units());
        assertEquals("softmax", d.activation().name());
        assertEquals(io.jkeras.tensor.Shape.of(64, 10), d.kernel().shape());
        Sequential s = (Sequential) Models.load(Fixtures.keras3Case("paper_sequential_mlp").resolve("model.keras"));
        assertEquals(List.of("dense", "dense_1", "dense_2"), s.layers().stream().map(Layer::name).toList());
    }
}
