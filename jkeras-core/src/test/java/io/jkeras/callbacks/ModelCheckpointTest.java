package io.jkeras.callbacks;

import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** ModelCheckpoint on real fits: file names from the template, contents, save-best-only, batch frequency, atomicity. */
class ModelCheckpointTest {
    @TempDir Path dir;

    @BeforeEach void fresh() { Layer.clearSession(); }

    /** A fit whose val_loss rises every epoch (see EarlyStoppingTest); records the weights at each epoch end. */
    record Run(History history, List<List<Tensor>> weights) {}

    static Run fit(Model m, int epochs, Callback... cbs) {
        Tensor x = Tiny.uniform(1, 32, 2);
        Tensor y = Tiny.times(x, 1f, -2f), yVal = Tiny.times(x, -1f, 2f);
        List<List<Tensor>> w = new ArrayList<>();
        List<Callback> all = new ArrayList<>(List.of(cbs));
        all.add(new LambdaCallback().onEpochEnd((e, l) -> w.add(m.getWeights())));
        History h = m.fit(x, y, FitOptions.builder().epochs(epochs).batchSize(8).shuffle(false).verbose(0)
                .validationData(x, yVal).callbacks(all));
        return new Run(h, w);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) { return s.map(p -> p.getFileName().toString()).sorted().toList(); }
    }

    @Test
    void everyEpochGetsAFileNamedFromTheTemplateHoldingThatEpochsWeights() throws IOException {
        Model m = Tiny.linear(2, 0.05);
        ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("w-{epoch:02d}-{val_loss:.4f}.weights.h5").toString()).saveWeightsOnly(true);
        Run r = fit(m, 3, ck);
        List<String> expected = new ArrayList<>();
        for (int e = 0; e < 3; e++) expected.add(String.format(Locale.ROOT, "w-%02d-%.4f.weights.h5", e + 1, r.history.get("val_loss").get(e)));
        assertEquals(expected.stream().sorted().toList(), files());   // no temporary files left behind
        assertEquals(3, ck.savedPaths().size());
        for (int e = 0; e < 3; e++) {
            Model fresh = Tiny.linear(2, 0.05);
            new KerasFilesStore().loadWeights(fresh, dir.resolve(expected.get(e)));
            Tiny.assertSameWeights(r.weights.get(e), fresh.getWeights());
        }
    }

    @Test
    void saveBestOnlyWritesOnlyImprovements() throws IOException {
        Model m = Tiny.linear(2, 0.05);
        ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("best-{epoch}.weights.h5")).saveWeightsOnly(true).saveBestOnly(true);
        Run r0 = fit(m, 4, ck);
        assertEquals(List.of("best-1.weights.h5"), files());   // val_loss only rises after epoch 1
        assertEquals(r0.history.get("val_loss").get(0), ck.best());
        // monitoring the training loss instead, which falls: every epoch is saved, into one overwritten file
        Model m2 = Tiny.linear(2, 0.05);
        ModelCheckpoint ck2 = new ModelCheckpoint(dir.resolve("best.weights.h5")).monitor("loss").saveWeightsOnly(true).saveBestOnly(true);
        Run r = fit(m2, 4, ck2);
        assertEquals(4, ck2.savedPaths().size());
        assertEquals(r.history.get("loss").get(3), ck2.best());
        Model fresh = Tiny.linear(2, 0.05);
        new KerasFilesStore().loadWeights(fresh, dir.resolve("best.weights.h5"));
        Tiny.assertSameWeights(r.weights.get(3), fresh.getWeights());
    }

    @Test
    void initialValueThresholdAndModeMax() throws IOException {
        Model m = Tiny.linear(2, 0.05);
        // mode max on a rising val_loss saves every epoch once it beats the threshold
        ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("m{epoch}.weights.h5")).saveWeightsOnly(true).saveBestOnly(true)
                .mode(Mode.MAX).initialValueThreshold(Double.MAX_VALUE);
        fit(m, 3, ck);
        assertEquals(List.of(), files());
        ModelCheckpoint ck2 = new ModelCheckpoint(dir.resolve("m{epoch}.weights.h5")).saveWeightsOnly(true).saveBestOnly(true).mode("max");
        fit(Tiny.linear(2, 0.05), 3, ck2);
        assertEquals(List.of("m1.weights.h5", "m2.weights.h5", "m3.weights.h5"), files());
    }

    @Test
    void saveFreqInBatchesNamesTheBatch() throws IOException {
        Model m = Tiny.linear(2, 0.05);
        // 32 samples / batch 8 = 4 batches per epoch; every 3 batches over 2 epochs: after batch 3 (e1), 2 (e2) [3+3=6], ...
        ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("e{epoch}-b{batch}.weights.h5")).saveWeightsOnly(true).saveFreq(3);
        fit(m, 2, ck);
        // batches seen: e1 b1..b4 (save at the 3rd), e2 b1..b4: counter 1 after e1b4, +1 e2b1, +1 e2b2 -> save at e2 b2
        assertEquals(List.of("e1-b3.weights.h5", "e2-b2.weights.h5"), files());
    }

    @Test
    void wrongExtensionsAndUnsupportedWholeModelSavesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fit(Tiny.linear(2, 0.05), 1, new ModelCheckpoint(dir.resolve("w.h5")).saveWeightsOnly(true)));
        assertTrue(e.getMessage().contains("must end in `.weights.h5`"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fit(Tiny.linear(2, 0.05), 1, new ModelCheckpoint(dir.resolve("w.bin"))));
        assertTrue(e.getMessage().contains("must end in `.keras`"), e.getMessage());
        // legacy .h5 whole-model files can be read but not written
        IllegalArgumentException h5 = assertThrows(IllegalArgumentException.class,
                () -> fit(Tiny.linear(2, 0.05), 1, new ModelCheckpoint(dir.resolve("m.h5"))));
        assertTrue(h5.getMessage().contains(".keras"), h5.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> fit(Tiny.linear(2, 0.05), 1, new ModelCheckpoint(dir.resolve("m-{val_acc:.2f}.weights.h5")).saveWeightsOnly(true)));
        assertTrue(f.getMessage().contains("Failed to format this callback filepath") && f.getMessage().contains("val_acc"), f.getMessage());
    }

    @Test
    void wholeModelCheckpointsAreKerasFilesThatLoadBack() throws IOException {
        Model m = Tiny.linear(2, 0.05);
        ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("model-{epoch:02d}.keras"));
        Run r = fit(m, 2, ck);
        assertEquals(List.of("model-01.keras", "model-02.keras"), files());
        Model back = io.jkeras.saving.Models.load(dir.resolve("model-01.keras"));
        Tiny.assertSameWeights(r.weights().get(0), back.getWeights());
    }

    @Test
    void aStoreFailureLeavesNoPartialFile() throws IOException {
        Path target = dir.resolve("w.weights.h5");
        Files.writeString(target, "previous checkpoint");
        CheckpointStore failing = new CheckpointStore() {
            @Override public void saveModel(Model model, Path path) { throw new AssertionError(); }
            @Override public void saveWeights(Model model, Path path) throws IOException {
                Files.writeString(path, "half");
                throw new IOException("disk full");
            }
            @Override public void loadWeights(Model model, Path path) { throw new AssertionError(); }
        };
        assertThrows(java.io.UncheckedIOException.class,
                () -> fit(Tiny.linear(2, 0.05), 1, new ModelCheckpoint(target).saveWeightsOnly(true).store(failing)));
        assertEquals("previous checkpoint", Files.readString(target));
        assertEquals(List.of("w.weights.h5"), files());
    }

    @Test
    void weightsFilesCarryTheOptimizerState() throws IOException {
        Model a = Tiny.mlp(7, new io.jkeras.optimizers.Adam(0.01));
        Tensor x = Tiny.uniform(3, 16, 3), y = Tiny.times(x, 1f, 2f, 3f);
        a.fit(x, y, FitOptions.builder().epochs(2).batchSize(4).verbose(0));
        Path f = dir.resolve("a.weights.h5");
        new KerasFilesStore().saveWeights(a, f);
        Model b = Tiny.mlp(8, new io.jkeras.optimizers.Adam(0.01));
        new KerasFilesStore().loadWeights(b, f);
        Tiny.assertSameWeights(a.getWeights(), b.getWeights());
        assertEquals(a.optimizer().iterations(), b.optimizer().iterations());
        for (int i = 0; i < a.optimizer().variables().size(); i++) {
            assertArrayEquals(a.optimizer().variables().get(i).value().toDoubleArray(), b.optimizer().variables().get(i).value().toDoubleArray());
        }
        // a file from another architecture is refused, naming the layer and what differs
        Model other = Tiny.linear(3, 0.1);
        IOException e = assertThrows(IOException.class, () -> new KerasFilesStore().loadWeights(other, f));
        assertTrue(e.getMessage().contains("layer \"") && e.getMessage().contains("expects"), e.getMessage());
    }
}
