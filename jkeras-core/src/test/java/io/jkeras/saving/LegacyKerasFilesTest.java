package io.jkeras.saving;

import io.jhdf.HdfFile;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Whole-model .h5 files written by Keras 1.2.2 and 2.x (../shared/fixtures/keras, dl4j-test-resources). */
class LegacyKerasFilesTest {
    private static final Path DL4J = Fixtures.KERAS.resolve("dl4j-test-resources");

    @BeforeEach void fresh() { Layer.clearSession(); }

    private static Path fixture(String rel) {
        Path p = DL4J.resolve(rel);
        Assumptions.assumeTrue(Files.exists(p), "Keras fixture not found: " + p.toAbsolutePath());
        return p;
    }

    /** Reads a dataset with jHDF directly, independently of the loader's layout handling. */
    private static Tensor raw(Path file, String path) {
        try (HdfFile h = new HdfFile(file)) {
            var ds = h.getDatasetByPath(path);
            return Tensor.wrap(ds.getDataFlat(), Shape.of(ds.getDimensions()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "weights/dense_tensorflow_1.h5, model_weights/dense_1/dense_1_W:0, model_weights/dense_1/dense_1_b:0",
            "weights/dense_theano_1.h5, model_weights/dense_1/dense_1_W, model_weights/dense_1/dense_1_b",
            "weights/dense_tensorflow_2.h5, model_weights/dense_1/dense_1/kernel:0, model_weights/dense_1/dense_1/bias:0",
            "weights/dense_theano_2.h5, model_weights/dense_1/dense_1/kernel, model_weights/dense_1/dense_1/bias",
    })
    void singleDenseModelsFromKeras1And2(String file, String kernelPath, String biasPath) throws IOException {
        Path f = fixture(file);
        Model m = Models.load(f);
        Dense d = (Dense) m.getLayer(0);
        Tensor w = raw(f, kernelPath), b = raw(f, biasPath);
        assertTrue(w.contentEquals(d.kernel().value()), "kernel");
        assertTrue(b.contentEquals(d.bias().value()), "bias");
        Tensor x = Ops.randomNormal(Shape.of(3, w.dim(0)), 0, 1, DType.FLOAT32, 7);
        Tensor want = Ops.add(Ops.matmul(x, w), b);     // the layer is linear
        Fixtures.assertClose(want, m.predict(x), 1e-6, file);
    }

    @Test void kerasOneModelWithNameScopes() throws IOException {
        Model m = Models.load(fixture("tfscope/model.h5"));
        assertEquals(18690, m.countParams());
        assertEquals("tanh", ((Dense) m.getLayer("dense_1")).activation().name());
        // saved inside TensorFlow name scopes, the layer itself is named "dense_1/xxx/yyy", which
        // Keras 3 refuses too; its weights-only twin loads by order (WeightsFilesTest)
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Models.load(fixture("tfscope/model.h5.with.tensorflow.scope")));
        assertTrue(e.getMessage().contains("'dense_1/xxx/yyy' must not contain '/'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"optimizers/adam.h5, Adam, 0.001", "optimizers/sgd.h5, SGD, 0.01", "optimizers/rmsprop.h5, RMSprop, 0.001"})
    void keras2SequentialModelsWithTrainingConfig(String file, String optimizer, double lr) throws IOException {
        Model m = Models.load(fixture(file));
        assertEquals(2, m.layers().size());
        long values = 0;
        for (Tensor t : m.getWeights()) values += t.size();
        assertEquals(values, m.countParams());
        // training_config (Keras 2's "lr", "decay") compiles the model, as Keras 3 does for legacy files
        assertTrue(m.isCompiled());
        assertEquals(optimizer, m.optimizer().className());
        assertEquals(lr, m.optimizer().learningRate(), 1e-9);
        assertEquals("categorical_crossentropy", m.trainer().losses().get(0).name());
        assertFalse(Models.load(fixture(file), false).isCompiled());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"examples/lambda/sequential_lambda.h5", "examples/lambda/model_lambda.h5"})
    void lambdaLayersInRealFilesAreRefused(String file) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Models.load(fixture(file)));
        assertTrue(e.getMessage().contains("'Lambda'") && e.getMessage().contains("never runs code"), e.getMessage());
    }

    /** DL4J's full-config CNN (Keras 2.1.3, Conv2D + BatchNormalization + Dense): predict(input.npy) = predictions.npy. */
    @Test void keras2CnnWithBatchNormPredictsLikeKeras() throws IOException {
        Path dir = fixture("fullconfigs/cnn");
        Model m = Models.load(dir.resolve("cnn_batch_norm.h5"));
        Tensor x = io.jkeras.utils.Npy.read(dir.resolve("input.npy"));       // float64, cast to the model's float32
        Tensor want = io.jkeras.utils.Npy.read(dir.resolve("predictions.npy"));
        Fixtures.assertClose(want, m.predict(x), 1e-5, "cnn_batch_norm");
    }

    /**
     * DL4J's Keras 2.1 examples with Keras's own predictions ({@code *_inputs_and_outputs.h5}): the
     * whole-model file, and the config JSON with the weights-only file, predict what Keras did.
     * (The LSTM examples use Keras 1/2's hard_sigmoid, 0.2x + 0.5, as recurrent activation, which
     * Keras 3, and so jkeras, defines as relu6(x + 3) / 6; their predictions are not comparable.)
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"simple_rnn", "simple_flatten_rnn"})
    void keras2RecurrentExamplesPredictLikeKeras(String name) throws IOException {
        Path dir = fixture("examples/" + name);
        Path io = dir.resolve(name + "_tf_keras_2_inputs_and_outputs.h5");
        Tensor x = raw(io, "inputs/simple_rnn_1_input"), want = raw(io, "predictions/dense_1");
        Model whole = Models.load(dir.resolve(name + "_tf_keras_2_model.h5"));
        Fixtures.assertClose(want, whole.predict(x), 1e-5, name + " model.h5");
        Layer.clearSession();
        Model fromParts = Models.fromJson(Files.readString(dir.resolve(name + "_tf_keras_2_config.json")));
        fromParts.loadWeights(dir.resolve(name + "_tf_keras_2_weights.h5"));
        Fixtures.assertClose(want, fromParts.predict(x), 1e-5, name + " config + weights");
    }
}
