package io.jkeras.saving;

import io.jkeras.layers.Conv1D;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Conv2DTranspose;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Keras 1 configs and the weight layouts Keras converts when it reads older files. */
class LegacyLayoutsTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    private static Path fixture(String rel) {
        Path p = Fixtures.KERAS.resolve("dl4j-test-resources").resolve(rel);
        Assumptions.assumeTrue(Files.exists(p), "Keras fixture not found: " + p.toAbsolutePath());
        return p;
    }

    /** A dataset read with jHDF directly; TensorFlow-backend files add ":0" to the names. */
    private static Tensor raw(Path file, String path) {
        try (io.jhdf.HdfFile h = new io.jhdf.HdfFile(file)) {
            io.jhdf.api.Dataset ds;
            try {
                ds = h.getDatasetByPath(path);
            } catch (io.jhdf.exceptions.HdfInvalidPathException e) {
                ds = h.getDatasetByPath(path + ":0");
            }
            return Tensor.wrap(ds.getDataFlat(), Shape.of(ds.getDimensions()));
        }
    }

    /** A tensor 0, 1, 2, ... of the given shape, so that each element says where it came from. */
    private static Tensor iota(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return Tensor.wrap(v, Shape.of(shape));
    }

    private static Conv2D built(Conv2D c, int... inputShape) {
        c.buildFor(Shape.batched(inputShape));
        return c;
    }

    // ------------------------------------------------------------------ weights

    @Test void keras1ChannelsFirstKernelsBecomeRowsColsInFilters() {
        Conv2D conv = built((Conv2D) new Conv2D(4, new int[] {3, 2}).dataFormat("channels_first"), 5, 7, 7);
        Tensor old = iota(4, 5, 3, 2);                                  // Keras 1 'th': (filters, in, rows, cols)
        Tensor k = LegacyLayouts.weights(conv, List.of(old, Tensor.zeros(Shape.of(4), DType.FLOAT32)), "1.2.2", null).get(0);
        assertEquals(Shape.of(3, 2, 5, 4), k.shape());
        // new[r, c, i, f] = old[f, i, r, c]
        assertEquals(old.get(3, 4, 2, 1), k.get(2, 1, 4, 3));
        assertEquals(old.get(1, 2, 0, 1), k.get(0, 1, 2, 1));
        // a Keras 2 file with the same layer is already in the new layout and is left alone
        Tensor keras2 = iota(3, 2, 5, 4);
        assertSame(keras2, LegacyLayouts.weights(conv, List.of(keras2, Tensor.zeros(Shape.of(4), DType.FLOAT32)), "2.1.3", "tensorflow").get(0));
    }

    @Test void theanoKernelsAreFlippedInTheirSpatialAxesOnly() {
        Conv2D conv = built(new Conv2D(2, new int[] {2, 3}), 4, 4, 3);
        Tensor k = iota(2, 3, 3, 2);
        Tensor flipped = LegacyLayouts.weights(conv, List.of(k, Tensor.zeros(Shape.of(2), DType.FLOAT32)), "2.1.3", "theano").get(0);
        assertEquals(k.shape(), flipped.shape());
        for (int r = 0; r < 2; r++) for (int c = 0; c < 3; c++) for (int i = 0; i < 3; i++) for (int f = 0; f < 2; f++) {
            assertEquals(k.get(1 - r, 2 - c, i, f), flipped.get(r, c, i, f));
        }
        // Keras 1 files carry no backend attribute, and Keras does not flip them
        assertSame(k, LegacyLayouts.weights(conv, List.of(k, Tensor.zeros(Shape.of(2), DType.FLOAT32)), "1.2.2", null).get(0));
    }

    @Test void keras1Conv1DKernelsLoseTheirDummyAxis() {
        Conv1D conv = new Conv1D(4, new int[] {3});
        conv.buildFor(Shape.batched(10, 5));
        Tensor keras11 = iota(4, 5, 3, 1);        // (filters, in, length, 1)
        Tensor k = LegacyLayouts.weights(conv, List.of(keras11, Tensor.zeros(Shape.of(4), DType.FLOAT32)), "1.1.0", null).get(0);
        assertEquals(Shape.of(3, 5, 4), k.shape());
        assertEquals(keras11.get(3, 4, 2, 0), k.get(2, 4, 3));
        Tensor keras12 = iota(3, 1, 5, 4);        // (length, 1, in, filters)
        Tensor k2 = LegacyLayouts.weights(conv, List.of(keras12, Tensor.zeros(Shape.of(4), DType.FLOAT32)), "1.2.2", null).get(0);
        assertEquals(Shape.of(3, 5, 4), k2.shape());
        assertEquals(keras12.get(1, 0, 2, 3), k2.get(1, 2, 3));
    }

    @Test void keras1DeconvolutionKernelsSwapFiltersAndInputs() {
        Conv2DTranspose t = new Conv2DTranspose(4, new int[] {2, 2});
        t.buildFor(Shape.batched(5, 5, 3));
        Tensor old = iota(2, 2, 3, 4);            // Keras 1: (rows, cols, in, filters)
        Tensor k = LegacyLayouts.weights(t, List.of(old, Tensor.zeros(Shape.of(4), DType.FLOAT32)), "1.2.2", null).get(0);
        assertEquals(Shape.of(2, 2, 4, 3), k.shape());
        assertEquals(old.get(1, 0, 2, 3), k.get(1, 0, 3, 2));
    }

    /**
     * A real Keras 2.1 file written with the Theano backend: Theano's conv2d convolves (flips the
     * kernel), so the model must compute y = b + sum x[i+a, j+b, c] * k[kh-1-a, kw-1-b, c, o] with the
     * kernel as stored — checked here with plain loops. Its TensorFlow twin correlates.
     */
    @Test void realTheanoAndTensorFlowConvolutionFilesComputeWhatTheirBackendComputed() throws IOException {
        for (String backend : List.of("theano", "tensorflow")) {
            Layer.clearSession();
            Path f = fixture("weights/conv2d_" + backend + "_2.h5");
            Model m = Models.load(f, false);
            Tensor k = raw(f, "model_weights/conv2d_1/conv2d_1/kernel"), b = raw(f, "model_weights/conv2d_1/conv2d_1/bias");
            Tensor x = Ops.randomNormal(Shape.of(2, 5, 5, 5), 0, 1, DType.FLOAT32, 7);
            Tensor y = m.predict(x);
            assertEquals(Shape.of(2, 3, 3, 6), y.shape());
            boolean flip = backend.equals("theano");
            for (int n = 0; n < 2; n++) for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int o = 0; o < 6; o++) {
                double s = b.get(o);
                for (int a = 0; a < 3; a++) for (int c = 0; c < 3; c++) for (int ch = 0; ch < 5; ch++) {
                    s += x.get(n, i + a, j + c, ch) * (flip ? k.get(2 - a, 2 - c, ch, o) : k.get(a, c, ch, o));
                }
                assertEquals(s, y.get(n, i, j, o), 1e-4 * Math.max(1, Math.abs(s)), backend + " output (" + n + "," + i + "," + j + "," + o + ")");
            }
        }
    }

    // ------------------------------------------------------------------ configs

    @Test void keras1ConvolutionConfigsReadAsKeras2Did() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", "convolution2d_1");
        cfg.put("nb_filter", 6);
        cfg.put("nb_row", 3);
        cfg.put("nb_col", 2);
        cfg.put("border_mode", "same");
        cfg.put("subsample", List.of(2, 1));
        cfg.put("dim_ordering", "th");
        cfg.put("init", "glorot_uniform");
        cfg.put("bias", false);
        cfg.put("W_regularizer", null);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("class_name", "Convolution2D");
        entry.put("config", cfg);
        Conv2D c = (Conv2D) KerasSerialization.layerFromEntry(entry);
        assertEquals("convolution2d_1", c.name());
        assertEquals(6, c.filters());
        assertArrayEquals(new int[] {3, 2}, c.kernelSize());
        assertEquals("channels_first", c.dataFormat());
        Map<String, Object> back = c.getConfig();
        assertEquals("same", back.get("padding"));
        assertEquals(false, back.get("use_bias"));
        assertEquals(List.of(2, 1), toList(back.get("strides")));

        cfg.put("border_mode", "full");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasSerialization.layerFromEntry(entry));
        assertTrue(e.getMessage().contains("convolution2d_1") && e.getMessage().contains("'full'"), e.getMessage());
    }

    private static List<Object> toList(Object o) {
        if (o instanceof List<?> l) return List.copyOf(l);
        if (o instanceof int[] a) return java.util.Arrays.stream(a).boxed().map(Object.class::cast).toList();
        throw new AssertionError(o);
    }

    @Test void keras1ChannelsFirstMnistCnnConfigBuilds() throws IOException {
        Model m = Models.fromJson(Files.readString(fixture("configs/keras1/mnist_cnn_th_keras_1_config.json")));
        assertInstanceOf(Sequential.class, m);
        Conv2D first = (Conv2D) m.getLayer(0);
        assertEquals("channels_first", first.dataFormat());
        assertEquals(Shape.of(3, 3, 1, 32), first.ownWeights().get(0).shape());
        assertEquals(Shape.of(-1, 10), m.outputs().get(0).shape());
        // Keras's count for this model: 2 convs (320 + 9,248), Dense 4,608 -> 128 (589,952) and 128 -> 10 (1,290)
        assertEquals(600_810, m.countParams());
    }

    @Test void keras1FilesWithConvolutionsLoad() throws IOException {
        for (String f : List.of("weights/conv2d_theano_1.h5", "weights/conv2d_tensorflow_1.h5", "weights/batch_to_conv2d_theano_1.h5",
                "weights/conv2d_reshape_tensorflow_1.h5")) {
            Layer.clearSession();
            Model m = Models.load(fixture(f), false);
            Tensor stored = raw(fixture(f), "model_weights/convolution2d_1/convolution2d_1_W");
            Conv2D conv = (Conv2D) m.layers().stream().filter(l -> l instanceof Conv2D).findFirst().orElseThrow();
            // 'tf' dim ordering and no backend attribute: loaded as stored
            assertTrue(stored.contentEquals(conv.ownWeights().get(0).value()), f);
        }
    }

    // ------------------------------------------------------------------ Keras 1 recurrent layers

    /**
     * Keras 1 LSTMs (12 per-gate weights W/U/b for i, c, f, o) against Keras 1's own predictions.
     * These models use Keras 1's hard_sigmoid (0.2x + 0.5), which Keras 3 redefined, so the loaded
     * weights are run in an LSTM with that activation: a wrong gate order could not match.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"tf", "th"})
    void keras1LstmGatesAreJoinedInKeras2Order(String backend) throws IOException {
        Path dir = fixture("examples/simple_lstm");
        Model loaded = Models.load(dir.resolve("simple_lstm_" + backend + "_keras_1_model.h5"), false);
        io.jkeras.layers.LSTM lstm = (io.jkeras.layers.LSTM) loaded.getLayer(0);
        assertEquals(50, lstm.cell().units());
        Path data = dir.resolve("simple_lstm_" + backend + "_keras_1_inputs_and_outputs.h5");
        Tensor x = raw(data, "inputs/lstm_input_1"), want = raw(data, "predictions/dense_1");

        io.jkeras.activations.Activation keras1HardSigmoid = io.jkeras.activations.Activation.of("keras1_hard_sigmoid",
                t -> Ops.minimum(Ops.maximum(Ops.add(Ops.multiply(t, 0.2), 0.5), 0.0), 1.0));
        Sequential same = new Sequential();
        same.add(new io.jkeras.layers.LSTM(50).recurrentActivation(keras1HardSigmoid).inputShape(1, 1));
        same.add(new io.jkeras.layers.Dense(1));
        same.setWeights(loaded.getWeights());
        Fixtures.assertClose(want, same.predict(x), 1e-5, "Keras 1 LSTM (" + backend + ")");
    }

    @Test void keras1RecurrentConfigsReadAsKeras2Did() throws IOException {
        Model m = Models.load(fixture("weights/lstm_tensorflow_1.h5"), false);
        io.jkeras.layers.LSTM lstm = (io.jkeras.layers.LSTM) m.layers().get(0);
        assertEquals("hard_sigmoid", lstm.recurrentActivation().name());
        assertEquals(Shape.of(1, 24), lstm.cell().ownWeights().get(0).shape());    // 4 gates of 6 units
        // the input gate block of the joined kernel is W_i, the forget block W_f (stored third)
        Path f = fixture("weights/lstm_tensorflow_1.h5");
        Tensor kernel = lstm.cell().ownWeights().get(0).value();
        Tensor wi = raw(f, "model_weights/lstm_1/lstm_1_W_i"), wf = raw(f, "model_weights/lstm_1/lstm_1_W_f"), wc = raw(f, "model_weights/lstm_1/lstm_1_W_c");
        for (int u = 0; u < 6; u++) {
            assertEquals(wi.get(0, u), kernel.get(0, u));
            assertEquals(wf.get(0, u), kernel.get(0, 6 + u));
            assertEquals(wc.get(0, u), kernel.get(0, 12 + u));
        }
    }

    @Test void brokenKeras1ConfigsGiveOneLineErrors() {
        String[][] cases = {
                {"{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Convolution2D\", \"config\": {\"nb_filter\": 2, \"nb_row\": 3, \"batch_input_shape\": [null, 5, 5, 1]}}]}", "kernel_size[1]"},
                {"{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Convolution2D\", \"config\": {\"nb_filter\": 2, \"nb_row\": 3, \"nb_col\": 3, \"dim_ordering\": \"xx\"}}]}", "dim_ordering"},
                {"{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"BatchNormalization\", \"config\": {\"mode\": 2, \"input_dtype\": \"float32\"}}]}", "mode=2"},
        };
        for (String[] c : cases) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> Models.fromJson(c[0]));
            assertTrue(e.getMessage().contains(c[1]) && !e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
