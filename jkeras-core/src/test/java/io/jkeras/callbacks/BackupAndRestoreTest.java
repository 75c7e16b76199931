package io.jkeras.callbacks;

import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.optimizers.Adam;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A fit interrupted by a crash and resumed with BackupAndRestore ends exactly where an uninterrupted fit does. */
class BackupAndRestoreTest {
    @TempDir Path dir;

    static final Tensor X = Tiny.uniform(11, 24, 3);
    static final Tensor Y = Tiny.times(X, 0.5f, -1f, 2f);

    @BeforeEach void fresh() { Layer.clearSession(); }

    static final class Crash extends RuntimeException { Crash() { super("simulated crash"); } }

    /** A fresh model with the same initial weights every time (as a restarted process would build). */
    static Model model() { return Tiny.mlp(42, new Adam(0.01)); }

    static FitOptions opts(Callback... cbs) { return FitOptions.builder().epochs(6).batchSize(5).shuffle(false).verbose(0).callbacks(cbs); }

    @Test
    void resumesAtTheEpochAfterTheLastBackupAndMatchesAnUninterruptedRun() throws Exception {
        Model reference = model();
        var refHistory = reference.fit(X, Y, opts());

        Path backupDir = dir.resolve("backup");
        Model first = model();
        Callback crashInEpoch3 = new LambdaCallback().onBatchEnd((b, l) -> { if (b == 2 && epochOf(first) == 3) throw new Crash(); });
        assertThrows(Crash.class, () -> first.fit(X, Y, opts(new BackupAndRestore(backupDir), new EpochTracker(first), crashInEpoch3)));
        // the backup after epoch index 2 says: start again at epoch 3
        Map<String, Object> meta = Json.parseObject(Files.readString(backupDir.resolve("training_metadata.json")));
        assertEquals(3L, ((Number) meta.get("epoch")).longValue());
        assertTrue(Files.exists(backupDir.resolve("latest.weights.h5")));

        Model resumed = model();   // a new process: fresh model, fresh optimizer
        BackupAndRestore restore = new BackupAndRestore(backupDir);
        var h = resumed.fit(X, Y, opts(restore));
        assertEquals(3, restore.restoredEpoch());
        assertEquals(List.of(3, 4, 5), h.epochs());
        Tiny.assertSameWeights(reference.getWeights(), resumed.getWeights());
        assertEquals(reference.optimizer().iterations(), resumed.optimizer().iterations());
        assertEquals(refHistory.get("loss").subList(3, 6), h.get("loss"));
        assertFalse(Files.exists(backupDir), "a finished fit deletes the backup");
    }

    @Test
    void keepsTheBackupWhenAskedAndStartsFreshWithoutOne() throws Exception {
        Path backupDir = dir.resolve("b");
        Model m = model();
        BackupAndRestore cb = new BackupAndRestore(backupDir).deleteCheckpoint(false);
        m.fit(X, Y, opts(cb));
        assertEquals(-1, cb.restoredEpoch());
        assertEquals(6L, ((Number) Json.parseObject(Files.readString(backupDir.resolve("training_metadata.json"))).get("epoch")).longValue());
        // a second fit finds the finished backup and has nothing left to do
        var h = model().fit(X, Y, opts(cb));
        assertEquals(List.of(), h.epochs());
        assertEquals(6, cb.restoredEpoch());
    }

    @Test
    void doubleCheckpointFallsBackToThePreviousBackup() throws Exception {
        Path backupDir = dir.resolve("d");
        Model first = model();
        Callback crash = new LambdaCallback().onEpochBegin((e, l) -> { if (e == 2) throw new Crash(); });
        assertThrows(Crash.class, () -> first.fit(X, Y, opts(new BackupAndRestore(backupDir).doubleCheckpoint(true), crash)));
        assertTrue(Files.exists(backupDir.resolve("latest.weights.h5.bkp")));
        Files.writeString(backupDir.resolve("latest.weights.h5"), "corrupted");   // the latest backup is damaged
        BackupAndRestore restore = new BackupAndRestore(backupDir).doubleCheckpoint(true);
        var h = model().fit(X, Y, opts(restore));
        assertEquals(1, restore.restoredEpoch());   // the .bkp was written after epoch 0
        assertEquals(List.of(1, 2, 3, 4, 5), h.epochs());
    }

    @Test
    void batchLevelBackups() throws Exception {
        Path backupDir = dir.resolve("c");
        Model first = model();
        // 24 samples / 5 = 5 batches per epoch; back up every 2 batches; crash in epoch 1 after batch 2
        Callback crash = new LambdaCallback().onBatchEnd((b, l) -> { if (b == 2 && epochOf(first) == 1) throw new Crash(); });
        assertThrows(Crash.class, () -> first.fit(X, Y, opts(new BackupAndRestore(backupDir).saveFreq(2), new EpochTracker(first), crash)));
        Map<String, Object> meta = Json.parseObject(Files.readString(backupDir.resolve("training_metadata.json")));
        assertEquals(1L, ((Number) meta.get("epoch")).longValue());
        // counter: epoch 0 saves after batches 1 and 3 (one batch left over), epoch 1 after batch 0 and batch 2,
        // and the backup callback runs before the crashing one
        assertEquals(2L, ((Number) meta.get("batch")).longValue());
    }

    // which epoch the model is in, for the crash lambdas
    private static final Map<Model, Integer> EPOCH = new java.util.IdentityHashMap<>();
    static int epochOf(Model m) { return EPOCH.getOrDefault(m, -1); }

    record EpochTracker(Model m) implements Callback {
        @Override public void onEpochBegin(int epoch, Map<String, Double> logs) { EPOCH.put(m, epoch); }
    }
}
