package io.jkeras.saving;

import io.jkeras.testutil.SharedFixtures;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GRU;
import io.jkeras.layers.GRUCell;
import io.jkeras.layers.Input;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.LSTMCell;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Masking;
import io.jkeras.layers.RNN;
import io.jkeras.layers.SimpleRNN;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sequence models written by Keras 3.15 (.keras and legacy .h5) and the tfjs oracle's Keras 2 style
 * configs load and predict what Keras predicted; jkeras's own files round-trip.
 */
class SequenceModelsSavingTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
            "gru_reset_after, model.keras", "gru_reset_after, model.h5",
            "lstm_return_state, model.keras", "lstm_return_state, model.h5",
            "rnn_go_backwards, model.keras", "rnn_go_backwards, model.h5",
            "embedding_mask_lstm, model.keras", "embedding_mask_lstm, model.h5",
            "bidirectional, model.keras", "bidirectional, model.h5",
            "simple_rnn, model.keras", "simple_rnn, model.h5",
            "stacked_rnn, model.keras", "stacked_rnn, model.h5",
            "attention_layers, model.keras", "attention_layers, model.h5",
            "mha_self, model.keras", "mha_self, model.h5",
            "time_distributed, model.keras", "time_distributed, model.h5",
            "transformer_encoder, model.keras", "transformer_encoder, model.h5",
            "convlstm2d, model.keras", "convlstm2d, model.h5",
    })
    void kerasFilesLoadAndPredictLikeKeras(String caseName, String file) throws IOException {
        Path dir = Fixtures.keras3Case(caseName);
        Map<String, Object> info = Fixtures.caseJson(dir);
        Model model = Models.load(dir.resolve(file));
        assertEquals(caseName, model.name());
        assertEquals(((Number) info.get("params")).longValue(), model.countParams(), "parameter count");
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve("x_" + i + ".npy")); i++) xs.add(Fixtures.npy(dir.resolve("x_" + i + ".npy")));
        List<Tensor> ys = model.predictAll(xs, 32);
        int outputs = 0;
        for (int i = 0; Files.exists(dir.resolve("y_" + i + ".npy")); i++, outputs++) {
            Fixtures.assertClose(Fixtures.npy(dir.resolve("y_" + i + ".npy")), ys.get(i), ((Number) info.get("tolerance")).doubleValue(), caseName + " output " + i);
        }
        assertEquals(outputs, ys.size(), "number of outputs");
        // what jkeras writes comes back the same
        Path out = Files.createTempFile("jkeras-" + caseName, ".keras");
        try {
            Models.save(model, out);
            Model again = Models.load(out);
            List<Tensor> ys2 = again.predictAll(xs, 32);
            for (int i = 0; i < ys.size(); i++) Fixtures.assertClose(ys.get(i), ys2.get(i), 0, caseName + " after a round trip, output " + i);
            assertEquals(Models.toJson(model), Models.toJson(again));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test void loadedLayersKeepKerasSettings() throws IOException {
        Model m = Models.load(Fixtures.keras3Case("bidirectional").resolve("model.keras"));
        Bidirectional a = assertInstanceOf(Bidirectional.class, m.getLayer("bidirectional"));
        assertEquals("concat", a.mergeMode());
        assertTrue(a.returnSequences());
        assertEquals("forward_lstm", a.forwardLayer().name());
        assertEquals("backward_lstm", a.backwardLayer().name());
        assertTrue(a.backwardLayer().goBackwards());
        Bidirectional b = assertInstanceOf(Bidirectional.class, m.getLayer("bidirectional_1"));
        assertEquals("sum", b.mergeMode());
        assertTrue(assertInstanceOf(GRU.class, b.forwardLayer()).resetAfter());
        Model e = Models.load(Fixtures.keras3Case("embedding_mask_lstm").resolve("model.keras"));
        assertTrue(assertInstanceOf(Embedding.class, e.getLayer("embedding")).maskZero());
    }

    /** The tfjs oracle's model.json (Keras 2 style) builds the model; its weights come from the .bin files. */
    @ParameterizedTest
    @ValueSource(strings = {"embedding", "simple_rnn", "lstm", "lstm_seq", "gru", "bidirectional_lstm", "bidirectional_lstm_seq"})
    void tfjsOracleConfigsBuildTheSameModels(String name) throws IOException {
        Path dir = SharedFixtures.require("oracle/cases/" + name);
        Model m = Models.fromJson(Files.readString(dir.resolve("model.json")));
        @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("case.json")));
        List<Tensor> ws = new ArrayList<>();
        for (Object o : (List<?>) c.get("weights")) ws.add(bin(dir, (Map<?, ?>) o));
        m.setWeights(ws);
        Tensor x = bin(dir, (Map<?, ?>) ((List<?>) c.get("inputs")).get(0));
        Tensor y = bin(dir, (Map<?, ?>) ((List<?>) c.get("outputs")).get(0));
        Fixtures.assertClose(y, m.predict(x), 1e-4, name);
    }

    private static Tensor bin(Path dir, Map<?, ?> entry) throws IOException {
        int[] shape = ((List<?>) entry.get("shape")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        return Tensor.of(SharedFixtures.readBin(dir.resolve((String) entry.get("file"))), shape);
    }

    /**
     * frugally-deep's GRU fixtures (Keras 2.2.4-tf legacy .h5): a GRU with reset_after=True, linear
     * activation, no bias, and its initial state as a second model input, stateful or not; the
     * expected output (base64 float32 in the JSON) is Keras's predict.
     */
    @ParameterizedTest
    @ValueSource(strings = {"temp_stateless", "temp_stateful"})
    @SuppressWarnings("unchecked")
    void frugallyDeepGruWithInitialStateInput(String name) throws IOException {
        Path dir = SharedFixtures.require("fixtures/keras/frugally-deep");
        Model m = Models.load(dir.resolve(name + ".h5"));
        GRU gru = assertInstanceOf(GRU.class, m.layers().get(m.layers().size() - 1));
        assertTrue(gru.resetAfter());
        assertEquals(name.equals("temp_stateful"), gru.stateful());
        Map<String, Object> test = (Map<String, Object>) ((List<Object>) SharedFixtures.json(dir.resolve(name + ".json")).get("tests")).get(0);
        List<Tensor> xs = new ArrayList<>();
        for (Object o : (List<Object>) test.get("inputs")) xs.add(base64Tensor((Map<String, Object>) o));
        Tensor expected = base64Tensor((Map<String, Object>) ((List<Object>) test.get("outputs")).get(0));
        Fixtures.assertClose(expected, m.predictAll(xs, 1).get(0), 1e-5, name);
    }

    /** One frugally-deep test tensor: base64 little-endian float32 values, given a leading batch axis of 1. */
    @SuppressWarnings("unchecked")
    private static Tensor base64Tensor(Map<String, Object> t) {
        byte[] bytes = java.util.Base64.getDecoder().decode((String) ((List<Object>) t.get("values")).get(0));
        java.nio.FloatBuffer fb = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] f = new float[fb.remaining()];
        fb.get(f);
        int[] shape = ((List<Object>) t.get("shape")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        int[] batched = new int[shape.length + 1];
        batched[0] = 1;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        return Tensor.of(f, batched);
    }

    /** DL4J's Keras 2 SimpleRNN examples: the legacy .h5 loads and predicts what Keras predicted (inputs_and_outputs.h5). */
    @ParameterizedTest
    @ValueSource(strings = {"simple_rnn/simple_rnn_tf_keras_2", "simple_flatten_rnn/simple_flatten_rnn_tf_keras_2"})
    void dl4jKeras2SimpleRnnExamples(String stem) throws IOException {
        Path dir = SharedFixtures.require("fixtures/keras/dl4j-test-resources/examples");
        Model m = Models.load(dir.resolve(stem + "_model.h5"));
        Path io = dir.resolve(stem + "_inputs_and_outputs.h5");
        Tensor x, want;
        try (io.jhdf.HdfFile h = new io.jhdf.HdfFile(io)) {
            x = h5Tensor(h, "inputs");
            want = h5Tensor(h, "predictions");
        }
        Fixtures.assertClose(want, m.predict(x), 1e-5, stem);
    }

    /** Keras 1 recurrent layers are read as Keras 2 read them (gate weights joined; checked numerically in LegacyLayoutsTest). */
    @Test void keras1RecurrentLayersLoad() throws IOException {
        Path f = SharedFixtures.require("fixtures/keras/dl4j-test-resources/examples/simple_lstm/simple_lstm_tf_keras_1_model.h5");
        Model m = Models.load(f, false);
        assertEquals(10451, m.countParams());
        assertEquals("LSTM", m.getLayer("lstm_1").className());
    }

    /** The one dataset in group {@code group} of an inputs_and_outputs file. */
    private static Tensor h5Tensor(io.jhdf.HdfFile h, String group) {
        io.jhdf.api.Group g = (io.jhdf.api.Group) h.getChild(group);
        io.jhdf.api.Dataset ds = (io.jhdf.api.Dataset) g.getChildren().values().iterator().next();
        return Ops.cast(Tensor.wrap(ds.getDataFlat(), Shape.of(ds.getDimensions())), DType.FLOAT32);
    }

    @Test void everySequenceLayerRoundTrips(@TempDir Path tmp) throws IOException {
        KerasTensor tokens = Input.of(6);
        KerasTensor h = new Embedding(30, 5).maskZero(true).apply(tokens);
        h = new Bidirectional(new LSTM(4).returnSequences(true).dropout(0.1), "ave").apply(h);
        h = new TimeDistributed(new Dense(3, "relu")).apply(h);
        h = new RNN(List.of(new LSTMCell(4), new GRUCell(3).resetAfter(false))).returnSequences(true).apply(h);
        h = new GRU(3).returnSequences(true).goBackwards(true).apply(h);
        h = new Masking(0.5).apply(h);
        KerasTensor out = new SimpleRNN(2, "relu").apply(h);
        Model m = new Model(tokens, out);
        Tensor x = Tensor.of(new int[] {3, 7, 1, 0, 0, 0, 2, 9, 9, 9, 4, 1}, 2, 6);
        Tensor y = m.predict(x);
        Path file = tmp.resolve("seq.keras");
        Models.save(m, file);
        Model back = Models.load(file);
        assertEquals(Models.toJson(m), Models.toJson(back));
        Fixtures.assertClose(y, back.predict(x), 0, "round trip");
        List<Tensor> wa = m.getWeights(), wb = back.getWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) assertTrue(wa.get(i).contentEquals(wb.get(i)), "weight " + i);
    }

    @Test void aStatefulSequentialLstmRoundTrips(@TempDir Path tmp) throws IOException {
        Sequential s = new Sequential("stateful");
        s.add(Input.ofBatchShape(null, DType.FLOAT32, Shape.of(2, 3, 1)));
        s.add(new LSTM(2).stateful(true).unitForgetBias(false));
        s.add(new Dense(1));
        Path file = tmp.resolve("s.keras");
        Models.save(s, file);
        Model back = Models.load(file);
        LSTM l = assertInstanceOf(LSTM.class, back.getLayer(0));
        assertTrue(l.stateful());
        assertTrue(!l.unitForgetBias());
        Tensor x = Ops.cast(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, 1), DType.FLOAT32);
        Fixtures.assertClose(s.predict(x), back.predict(x), 0, "stateful model, first batch");
    }
}
