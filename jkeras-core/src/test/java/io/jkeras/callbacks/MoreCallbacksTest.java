package io.jkeras.callbacks;

import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jkeras.callbacks.Tiny.logs;
import static org.junit.jupiter.api.Assertions.*;

/** ReduceLROnPlateau, LearningRateScheduler, CSVLogger, TerminateOnNaN, LambdaCallback and ProgbarLogger. */
class MoreCallbacksTest {
    @TempDir Path dir;

    @BeforeEach void fresh() { Layer.clearSession(); }

    // ------------------------------------------------------------------ ReduceLROnPlateau

    /** Feeds val_loss values; returns the learning rate after each epoch. */
    static List<Double> lrs(ReduceLROnPlateau cb, Model m, String key, double... values) {
        cb.setModel(m);
        cb.onTrainBegin(logs());
        List<Double> out = new ArrayList<>();
        for (int e = 0; e < values.length; e++) {
            Map<String, Double> l = logs(key, values[e]);
            cb.onEpochEnd(e, l);
            assertTrue(l.containsKey("learning_rate"));
            out.add(m.optimizer().learningRate());
        }
        return out;
    }

    @Test
    void reduceOnPlateauScripted() {
        Model m = Tiny.linear(1, 1.0);
        // patience 2, factor 0.5, cooldown 1:
        // e0 best=1; e1 wait1; e2 wait2 -> lr .5, cooldown 1; e3 in cooldown: counter 0, wait 0, no improvement but was in cooldown
        // -> (cooldown now over) wait 1; e4 wait 2 -> lr .25
        List<Double> got = lrs(new ReduceLROnPlateau().factor(0.5).patience(2).cooldown(1), m, "val_loss", 1, 1, 1, 1, 1, 1);
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.25, 0.25), got);
        // min_delta 1e-4 by default: an improvement of 5e-5 does not count
        Model m2 = Tiny.linear(1, 1.0);
        assertEquals(List.of(1.0, (double) 0.1f), lrs(new ReduceLROnPlateau().patience(1), m2, "val_loss", 1.0, 0.99995));
        // min_lr clamps, and once there nothing changes
        Model m3 = Tiny.linear(1, 1.0);
        List<Double> clamp = lrs(new ReduceLROnPlateau().patience(1).factor(0.1).minLr(0.05), m3, "val_loss", 1, 1, 1, 1);
        assertEquals(1.0, clamp.get(0));
        assertEquals(0.1, clamp.get(1), 1e-7);
        assertEquals((float) 0.05, clamp.get(2), 0);
        assertEquals((float) 0.05, clamp.get(3), 0);
        // "acc" in the name: maximize
        Model m4 = Tiny.linear(1, 1.0);
        assertEquals(List.of(1.0, 1.0, 1.0), lrs(new ReduceLROnPlateau().monitor("val_acc").patience(1), m4, "val_acc", 0.1, 0.2, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.0));
    }

    @Test
    void reduceOnPlateauInARealFitLogsTheRateEachEpoch() {
        Model m = Tiny.linear(2, 0.1);
        Tensor x = Tiny.uniform(1, 32, 2);
        Tensor y = Tiny.times(x, 1f, -2f), yVal = Tiny.times(x, -1f, 2f);    // val_loss rises every epoch
        var h = m.fit(x, y, FitOptions.builder().epochs(4).batchSize(32).shuffle(false).verbose(0).validationData(x, yVal)
                .callbacks(new ReduceLROnPlateau().factor(0.5).patience(1)));
        // the rate in each epoch's logs is the one used in that epoch; reductions after epochs 1, 2, 3
        assertEquals(List.of((double) 0.1f, (double) 0.1f, (double) 0.05f, (double) 0.025f), h.get("learning_rate"));
        assertEquals((float) 0.0125, m.optimizer().learningRate(), 0);
    }

    // ------------------------------------------------------------------ LearningRateScheduler

    @Test
    void schedulerSetsTheRateUsedByEachEpoch() {
        // one sample x=1, y=1, w from 0, MSE: w <- w + lr * 2 (1 - w)
        Model m = Tiny.linear(1, 0.5);
        Tensor x = Tensor.wrap(new float[] {1f}, 1, 1), y = Tensor.wrap(new float[] {1f}, 1, 1);
        var h = m.fit(x, y, FitOptions.builder().epochs(3).batchSize(1).verbose(0)
                .callbacks(new LearningRateScheduler(epoch -> 0.1 / (1 + epoch))));
        double w = 0;
        for (int e = 0; e < 3; e++) w += (float) (0.1 / (1 + e)) * 2 * (1 - w);   // 0.2, 0.28, 0.328
        assertEquals(0.328, w, 1e-6);
        assertEquals(w, m.getWeights().get(0).getFlat(0), 1e-6);
        assertEquals(List.of((double) 0.1f, (double) 0.05f, (double) (float) (0.1 / 3)), h.get("learning_rate"));
    }

    @Test
    void schedulerMayUseTheCurrentRate() {
        Model m = Tiny.linear(1, 0.4);
        Tensor x = Tensor.wrap(new float[] {1f}, 1, 1);
        var h = m.fit(x, x, FitOptions.builder().epochs(3).verbose(0).callbacks(new LearningRateScheduler((epoch, lr) -> lr / 2)));
        assertEquals(List.of(0.2, 0.1, 0.05), h.get("learning_rate").stream().map(v -> (double) Math.round(v * 1e6) / 1e6).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.fit(x, x,
                FitOptions.builder().epochs(1).verbose(0).callbacks(new LearningRateScheduler(epoch -> Double.NaN))));
        assertTrue(e.getMessage().contains("epoch 0"), e.getMessage());
    }

    // ------------------------------------------------------------------ CSVLogger

    @Test
    void csvLoggerWritesKerasFormat() throws Exception {
        Model m = Tiny.linear(2, 0.05);
        Tensor x = Tiny.uniform(1, 16, 2), y = Tiny.times(x, 1f, 1f);
        Path f = dir.resolve("sub/log.csv");
        var h = m.fit(x, y, FitOptions.builder().epochs(2).batchSize(8).verbose(0).validationData(x, y).callbacks(new CSVLogger(f)));
        String text = Files.readString(f);
        String[] lines = text.split("\r\n", -1);
        assertEquals(4, lines.length, text);                  // header, 2 rows, "" after the last CRLF
        assertEquals("epoch,loss,val_loss", lines[0]);
        for (int e = 0; e < 2; e++) {
            String[] cells = lines[e + 1].split(",");
            assertEquals(Integer.toString(e), cells[0]);
            assertEquals(h.get("loss").get(e), Double.parseDouble(cells[1]), 0.0);   // repr round-trips exactly
            assertEquals(h.get("val_loss").get(e), Double.parseDouble(cells[2]), 0.0);
        }
        // append: rows added, no second header
        m.fit(x, y, FitOptions.builder().epochs(1).batchSize(8).verbose(0).validationData(x, y).callbacks(new CSVLogger(f).append(true)));
        String[] after = Files.readString(f).split("\r\n", -1);
        assertEquals(5, after.length);
        assertTrue(after[3].startsWith("0,"));
    }

    @Test
    void csvLoggerWithoutValidationAddsValColumnsAsNA() throws Exception {
        Model m = Tiny.linear(2, 0.05);
        Tensor x = Tiny.uniform(1, 16, 2), y = Tiny.times(x, 1f, 1f);
        Path f = dir.resolve("log.tsv");
        m.fit(x, y, FitOptions.builder().epochs(1).batchSize(8).verbose(0).callbacks(new CSVLogger(f).separator("\t")));
        String[] lines = Files.readString(f).split("\r\n");
        assertEquals("epoch\tloss\tval_loss", lines[0]);
        assertTrue(lines[1].matches("0\t[0-9.e-]+\tNA"), lines[1]);
    }

    @Test
    void pythonStrOfFloats() {
        assertEquals("0.1", CSVLogger.pythonStr(0.1));
        assertEquals("1e-05", CSVLogger.pythonStr(1e-5));
        assertEquals("-2.5", CSVLogger.pythonStr(-2.5));
        assertEquals("nan", CSVLogger.pythonStr(Double.NaN));
        assertEquals("-inf", CSVLogger.pythonStr(Double.NEGATIVE_INFINITY));
        assertEquals("0.30000001192092896", CSVLogger.pythonStr((float) 0.3));   // a float32 metric as Keras logs it
    }

    // ------------------------------------------------------------------ TerminateOnNaN

    static Tensor[] dataWithNaNInBatch(int badBatch) {
        float[] xs = new float[16];
        for (int i = 0; i < 16; i++) xs[i] = i / 16f;
        xs[badBatch * 4] = Float.NaN;
        Tensor x = Tensor.wrap(xs, 16, 1);
        return new Tensor[] {x, Tensor.wrap(new float[16], 16, 1)};
    }

    @Test
    void terminateOnNaNStopsAfterTheBadBatchAndKeepsFiniteWeights() {
        Model m = Tiny.linear(1, 0.1);
        m.setWeights(List.of(Tensor.wrap(new float[] {1f}, 1, 1)));
        Tensor[] d = dataWithNaNInBatch(2);
        List<Integer> batches = new ArrayList<>();
        List<Tensor> weightsBeforeBad = new ArrayList<>();
        boolean[] trainEnd = {false};
        var h = m.fit(d[0], d[1], FitOptions.builder().epochs(3).batchSize(4).shuffle(false).verbose(0).callbacks(
                new LambdaCallback().onBatchEnd((b, l) -> { batches.add(b); if (b == 1) weightsBeforeBad.add(m.getWeights().get(0)); })
                        .onTrainEnd(l -> trainEnd[0] = true),
                new TerminateOnNaN()));
        assertEquals(List.of(0, 1, 2), batches);               // stopped after batch 2
        assertEquals(1, h.get("loss").size());
        assertTrue(Double.isNaN(h.get("loss").get(0)));
        assertTrue(trainEnd[0]);
        assertArrayEquals(weightsBeforeBad.get(0).toFloatArray(), m.getWeights().get(0).toFloatArray());
        assertTrue(Float.isFinite(m.getWeights().get(0).toFloatArray()[0]));
    }

    @Test
    void withoutTerminateOnNaNFitFailsAndWithRaiseErrorItThrows() {
        Tensor[] d = dataWithNaNInBatch(1);
        Model m = Tiny.linear(1, 0.1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.fit(d[0], d[1], FitOptions.builder().batchSize(4).shuffle(false).verbose(0)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        IllegalStateException r = assertThrows(IllegalStateException.class,
                () -> m.fit(d[0], d[1], FitOptions.builder().batchSize(4).shuffle(false).verbose(0).callbacks(new TerminateOnNaN(true))));
        assertTrue(r.getMessage().contains("at batch 1"), r.getMessage());
    }

    // ------------------------------------------------------------------ Lambda / Progbar

    @Test
    void lambdaCallbackSeesEveryHook() {
        Model m = Tiny.linear(2, 0.05);
        Tensor x = Tiny.uniform(1, 16, 2), y = Tiny.times(x, 1f, 1f);
        int[] counts = new int[6];
        List<Integer> epochs = new ArrayList<>();
        m.fit(x, y, FitOptions.builder().epochs(3).batchSize(4).verbose(0).callbacks(new LambdaCallback()
                .onTrainBegin(l -> counts[0]++).onTrainEnd(l -> counts[1]++)
                .onEpochBegin((e, l) -> { counts[2]++; epochs.add(e); }).onEpochEnd((e, l) -> counts[3]++)
                .onBatchBegin((b, l) -> counts[4]++).onBatchEnd((b, l) -> counts[5]++)));
        assertArrayEquals(new int[] {1, 1, 3, 3, 12, 12}, counts);
        assertEquals(List.of(0, 1, 2), epochs);
    }

    @Test
    void progbarLoggerWritesOneLinePerEpochWithVerbose2() {
        Model m = Tiny.linear(2, 0.05);
        Tensor x = Tiny.uniform(1, 16, 2), y = Tiny.times(x, 1f, 1f);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        var h = m.fit(x, y, FitOptions.builder().epochs(2).batchSize(4).verbose(0)
                .callbacks(new ProgbarLogger(2, new PrintStream(buf, true, StandardCharsets.UTF_8))));
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length, buf.toString());
        assertEquals("Epoch 1/2", lines[0]);
        assertTrue(lines[1].startsWith("4/4 - ") && lines[1].endsWith(String.format(java.util.Locale.ROOT, "loss: %.4f", h.get("loss").get(0))), lines[1]);
        assertEquals("Epoch 2/2", lines[2]);
    }

    @Test
    void paramsReachCallbacks() {
        Model m = Tiny.linear(2, 0.05);
        Tensor x = Tiny.uniform(1, 10, 2), y = Tiny.times(x, 1f, 1f);
        CallbackParams[] seen = new CallbackParams[1];
        m.fit(x, y, FitOptions.builder().epochs(3).batchSize(4).verbose(0).callbacks(new Callback() {
            @Override public void setParams(CallbackParams p) { seen[0] = p; }
        }));
        assertEquals(new CallbackParams(3, 3, 0), seen[0]);
    }
}
