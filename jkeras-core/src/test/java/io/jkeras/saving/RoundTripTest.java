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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Models built in Java, saved and loaded back: same config, same weights, same predictions. */
class RoundTripTest {
    @TempDir Path dir;

    @BeforeEach void fresh() { Layer.clearSession(); }

    private static Tensor data(long seed, int... shape) { return Ops.randomNormal(Shape.of(shape), 0, 1, DType.FLOAT32, seed); }

    /** Two inputs, a layer shared by both, two heads: shared node indices and multiple outputs. */
    private static Model sharedTwoHeads() {
        KerasTensor left = Input.of("left", 5), right = Input.of("right", 5);
        Dense shared = new Dense(4, "tanh").name("shared");
        KerasTensor l = shared.apply(left), r = shared.apply(right);
        KerasTensor cls = new Dense(3, "softmax").name("cls").apply(new Dense(6, "relu").apply(l));
        KerasTensor reg = new Dense(1).useBias(false).name("reg").apply(r);
        return new Model(List.of(left, right), List.of(cls, reg), "two_heads");
    }

    @Test void functionalModelWithSharedLayerRoundTrips() throws IOException {
        Model m = sharedTwoHeads();
        Path file = dir.resolve("two_heads.keras");
        Models.save(m, file);
        Layer.clearSession();
        Model back = Models.load(file);

        assertEquals(Models.toJson(m), Models.toJson(back));
        assertEquals(m.layers().stream().map(Layer::name).toList(), back.layers().stream().map(Layer::name).toList());
        assertWeightsEqual(m, back);
        List<Tensor> x = List.of(data(1, 7, 5), data(2, 7, 5));
        List<Tensor> want = m.predictAll(x, 4), got = back.predictAll(x, 4);
        assertEquals(2, got.size());
        for (int i = 0; i < 2; i++) assertTrue(want.get(i).contentEquals(got.get(i)), "output " + i + " differs");
    }

    @Test void sequentialModelRoundTripsWithFloat64AndNoBias() throws IOException {
        Sequential m = new Sequential("seq");
        m.add(new Dense(8, "relu").inputShape(3));
        m.add(new Dense(4).useBias(false));
        m.add((Dense) new Dense(2, "sigmoid").dtype(DType.FLOAT64));
        Path file = dir.resolve("seq.keras");
        Models.save(m, file);
        Model back = Models.load(file);
        assertInstanceOf(Sequential.class, back);
        assertEquals(Models.toJson(m), Models.toJson(back));
        assertWeightsEqual(m, back);
        assertEquals(DType.FLOAT64, back.getLayer(2).dtype());
        Tensor x = data(3, 5, 3);
        assertTrue(m.predict(x).contentEquals(back.predict(x)));
    }

    @Test void configJsonRoundTripsWithoutWeights() throws IOException {
        Model m = sharedTwoHeads();
        String json = Models.toJson(m);
        Layer.clearSession();
        Model again = Models.fromJson(json);
        assertEquals(json, Models.toJson(again));
        assertEquals(m.countParams(), again.countParams());
    }

    @Test void savingReplacesAnOldFileAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("m.keras");
        Files.writeString(file, "old contents");
        Sequential m = new Sequential("m");
        m.add(new Dense(2).inputShape(3));
        Models.save(m, file);
        assertEquals(2 * 3 + 2, Models.load(file).countParams());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file.getFileName().toString()), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test void aFailedSaveLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("m.keras");
        Files.writeString(file, "old contents");
        Sequential m = new Sequential("m");
        m.add(new Dense(2).kernelConstraint(w -> w).inputShape(3));   // constraints cannot be serialized yet
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.save(m, file));
        assertTrue(e.getMessage().contains("cannot be saved"), e.getMessage());
        assertEquals("old contents", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test void onlyKerasFileNamesCanBeWritten() {
        Sequential m = new Sequential(List.of(new Dense(2).inputShape(3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.save(m, dir.resolve("m.h5")));
        assertTrue(e.getMessage().contains(".keras"), e.getMessage());
    }

    @Test void weightsFileUsesKerasClassNamePaths() throws IOException {
        Model m = sharedTwoHeads();
        Path file = dir.resolve("paths.keras");
        Models.save(m, file);
        try (KerasArchive a = KerasArchive.read(file, SavingLimits.DEFAULT); H5 h5 = a.openWeights()) {
            var layers = h5.childGroup(h5.root(), "layers");
            // Keras names groups by class, in model.layers order: two InputLayers, then dense ... dense_3
            assertEquals(List.of("dense", "dense_1", "dense_2", "dense_3"), h5.childNames(layers).stream().sorted().toList());
            assertEquals("shared", h5.stringAttribute(h5.groupAt(layers, "dense/vars"), "name"));
            assertEquals(Shape.of(5, 4), h5.read(h5.datasetAt(layers, "dense/vars/0"), "k", 1 << 20).shape());
        }
    }

    /** A Functional and a Sequential used as layers, the Functional also as the second output. */
    private static Model nested() {
        KerasTensor innerIn = Input.of(6);
        Model innerF = new Model(List.of(innerIn), List.of(new Dense(4, "relu").apply(new Dense(5).apply(innerIn))), "inner_f");
        Sequential innerS = new Sequential("inner_s", List.of(new Dense(3, "tanh"), new Dense(2)));
        KerasTensor in = Input.of("x", 6);
        KerasTensor h = innerF.apply(in);
        KerasTensor out = innerS.apply(h);
        return new Model(List.of(in), List.of(out, h), "outer");
    }

    @Test void nestedModelsRoundTrip() throws IOException {
        Model m = nested();
        Path file = dir.resolve("nested.keras");
        m.save(file);
        Layer.clearSession();
        Model back = Models.load(file);
        assertEquals(m.toJson(), back.toJson());
        assertWeightsEqual(m, back);
        Tensor x = data(4, 5, 6);
        List<Tensor> want = m.predictAll(List.of(x), 8), got = back.predictAll(List.of(x), 8);
        for (int i = 0; i < 2; i++) assertTrue(want.get(i).contentEquals(got.get(i)), "output " + i);
        // Keras 3 numbers a nested Functional's nodes from 1 in output_layers, from 0 in call arguments
        String json = m.toJson();
        assertTrue(json.contains("\"output_layers\": [[\"inner_s\", 0, 0], [\"inner_f\", 1, 0]]"), "output_layers");
        assertTrue(json.contains("\"keras_history\": [\"inner_f\", 0, 0]"), "keras_history of inner_s's input");
        try (KerasArchive a = KerasArchive.read(file, SavingLimits.DEFAULT); H5 h5 = a.openWeights()) {
            var layers = h5.childGroup(h5.root(), "layers");
            assertEquals(Shape.of(6, 5), h5.read(h5.datasetAt(layers, "functional/layers/dense/vars/0"), "k", 1 << 20).shape());
            assertEquals(Shape.of(3, 2), h5.read(h5.datasetAt(layers, "sequential/layers/dense_1/vars/0"), "k", 1 << 20).shape());
        }
    }

    /**
     * Tensors Keras passes by keyword: MultiHeadAttention's attention_mask and an LSTM's
     * initial_state are written as Keras 3 writes them ({@code kwargs}), and read back as inputs.
     */
    @Test void keywordTensorsRoundTripAsKerasWritesThem() throws IOException {
        KerasTensor q = Input.of("q", 4, 6), v = Input.of("v", 5, 6);
        KerasTensor mask = Input.of("mask", DType.INT32, 4, 5);
        KerasTensor att = new io.jkeras.layers.MultiHeadAttention(2, 3).name("mha").apply(List.of(q, v, mask)).get(0);
        KerasTensor h0 = Input.of("h0", 3), c0 = Input.of("c0", 3);
        KerasTensor seq = new io.jkeras.layers.LSTM(3).name("lstm").apply(List.of(att, h0, c0)).get(0);
        Model m = new Model(List.of(q, v, mask, h0, c0), List.of(seq), "kw");
        String json = m.toJson();
        assertTrue(json.contains("\"attention_mask\": {\"class_name\": \"__keras_tensor__\""), "attention_mask as a keyword tensor");
        assertTrue(json.contains("\"initial_state\": [{\"class_name\": \"__keras_tensor__\""), "initial_state as keyword tensors");
        Path file = dir.resolve("kw.keras");
        m.save(file);
        Layer.clearSession();
        Model back = Models.load(file);
        assertEquals(json, back.toJson());
        List<Tensor> x = List.of(data(1, 2, 4, 6), data(2, 2, 5, 6),
                Ops.cast(Ops.greater(Ops.randomUniform(Shape.of(2, 4, 5), 0, 1, DType.FLOAT32, 3), 0.3), DType.INT32), data(4, 2, 3), data(5, 2, 3));
        assertTrue(m.predictAll(x, 8).get(0).contentEquals(back.predictAll(x, 8).get(0)));
    }

    private static void assertWeightsEqual(Model a, Model b) {
        List<Tensor> wa = a.getWeights(), wb = b.getWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) {
            assertEquals(wa.get(i).dtype(), wb.get(i).dtype(), "weight " + i + " dtype");
            assertTrue(wa.get(i).contentEquals(wb.get(i)), "weight " + i + " differs");
        }
    }
}
