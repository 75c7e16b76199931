package io.jkeras.callbacks;

import io.jkeras.callbacks.EventFileReader.Msg;
import io.jkeras.callbacks.EventFileReader.Value;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.optimizers.SGD;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** TensorBoard event files, read back with an independent reader of the TFRecord/Event format. */
class TensorBoardTest {
    @TempDir Path dir;

    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test
    void readerCrcIsCastagnoli() {
        // the standard check value of CRC-32C
        assertEquals(0xE3069283, EventFileReader.crc32c("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
    }

    @Test
    void scalarsAndHistogramsRoundTrip() throws Exception {
        Path file;
        try (SummaryWriter w = new SummaryWriter(dir)) {
            file = w.file();
            w.scalar("a", 0.25, 3);
            w.scalar("a", -1.5e-8, 7);
            double[] vals = IntStream.rangeClosed(0, 30).asDoubleStream().toArray();   // 0..30: width-1 buckets, 30 falls in the last
            w.histogram("h", vals, 2);
        }
        assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d+\\..+\\.\\d+\\.\\d+\\.v2"), file.toString());
        List<Msg> events = EventFileReader.read(file);
        assertEquals("brain.Event:2", events.get(0).str(3));
        List<Value> vs = EventFileReader.values(events);
        assertEquals(3, vs.size());
        assertEquals(new Value(3, "a", vs.get(0).value()), vs.get(0));
        assertEquals(0.25f, vs.get(0).value().flt(2));
        assertEquals(7, vs.get(1).step());
        assertEquals((float) -1.5e-8, vs.get(1).value().flt(2));
        Msg h = vs.get(2).value().msg(5);
        assertEquals(0.0, h.dbl(1));
        assertEquals(30.0, h.dbl(2));
        assertEquals(31.0, h.dbl(3));
        assertEquals(465.0, h.dbl(4));                  // 0 + 1 + ... + 30
        assertEquals(9455.0, h.dbl(5));                 // 30 * 31 * 61 / 6
        double[] limits = h.packedDoubles(6), counts = h.packedDoubles(7);
        assertEquals(30, limits.length);
        assertEquals(1.0, limits[0]);
        assertEquals(30.0, limits[29]);
        for (int i = 0; i < 29; i++) assertEquals(1.0, counts[i], "bucket " + i);
        assertEquals(2.0, counts[29]);
        for (Msg e : events) assertTrue(e.dbl(1) > 1.6e9, "wall time in seconds");
    }

    @Test
    void modelGraphHasOneNodePerLayerWithEdgesAndShapes() throws Exception {
        KerasTensor in = Input.of("features", 3);
        KerasTensor h = new Dense(4, "relu").name("hidden").apply(in);
        Model m = new Model(List.of(in), List.of(new Dense(1).name("out").apply(h)), "net");
        Path file;
        try (SummaryWriter w = new SummaryWriter(dir)) {
            file = w.file();
            w.graph(m);
        }
        Msg graph = EventFileReader.decode(EventFileReader.read(file).get(1).bytes(4));
        List<Msg> nodes = graph.msgs(1);
        assertEquals(List.of("net/features", "net/hidden", "net/out"), nodes.stream().map(n -> n.str(1)).toList());
        assertEquals(List.of("InputLayer", "Dense", "Dense"), nodes.stream().map(n -> n.str(2)).toList());
        assertEquals(List.of(), nodes.get(0).strs(3));
        assertEquals(List.of("net/features"), nodes.get(1).strs(3));
        assertEquals(List.of("net/hidden"), nodes.get(2).strs(3));
        // attr map entry {key: "_output_shapes", value: AttrValue{list: ListValue{shape: [(-1, 4)]}}}
        Msg entry = nodes.get(1).msg(5);
        assertEquals("_output_shapes", entry.str(1));
        Msg shape = entry.msg(2).msg(1).msgs(7).get(0);
        assertEquals(List.of(-1L, 4L), shape.msgs(2).stream().map(d -> d.varint(1)).toList());
    }

    @Test
    void fitWritesKerasTagsForEpochsBatchesValidationAndWeights() throws Exception {
        KerasTensor in = Input.of(2);
        Model m = new Model(in, new Dense(1).apply(in));
        m.compile(new SGD(0.05), new MeanSquaredError());
        Tensor x = Tiny.uniform(1, 16, 2), y = Tiny.times(x, 1f, 2f);
        TensorBoard tb = new TensorBoard(dir.resolve("logs")).histogramFreq(1).updateFreq(3);
        var hist = m.fit(x, y, FitOptions.builder().epochs(3).batchSize(4).verbose(0).validationData(x, y).callbacks(tb));

        List<Msg> trainEvents = EventFileReader.read(EventFileReader.only(tb.trainDir()));
        List<Value> train = EventFileReader.values(trainEvents);
        List<Value> epochLoss = train.stream().filter(v -> v.tag().equals("epoch_loss")).toList();
        assertEquals(List.of(0L, 1L, 2L), epochLoss.stream().map(Value::step).toList());
        for (int e = 0; e < 3; e++) assertEquals((float) (double) hist.get("loss").get(e), epochLoss.get(e).value().flt(2));
        assertTrue(train.stream().anyMatch(v -> v.tag().equals("epoch_learning_rate") && v.value().flt(2) == 0.05f));
        // 4 batches per epoch, 12 in all: batch scalars at global batches 3, 6, 9, 12
        assertEquals(List.of(3L, 6L, 9L, 12L), train.stream().filter(v -> v.tag().equals("batch_loss")).map(Value::step).toList());
        for (String tag : List.of("dense/kernel/histogram", "dense/bias/histogram")) {
            assertEquals(List.of(0L, 1L, 2L), train.stream().filter(v -> v.tag().equals(tag)).map(Value::step).toList(), tag);
        }
        Msg lastKernel = train.stream().filter(v -> v.tag().equals("dense/kernel/histogram")).reduce((a, b) -> b).orElseThrow().value().msg(5);
        float[] k = m.getWeights().get(0).toFloatArray();
        assertEquals(Math.min(k[0], k[1]), lastKernel.dbl(1), 0);
        assertEquals(Math.max(k[0], k[1]), lastKernel.dbl(2), 0);
        assertEquals(1, trainEvents.stream().filter(e -> e.has(4)).count(), "one graph");
        assertTrue(train.stream().noneMatch(v -> v.tag().startsWith("epoch_val_")));

        List<Value> val = EventFileReader.values(EventFileReader.read(EventFileReader.only(tb.validationDir())));
        List<Value> valLoss = val.stream().filter(v -> v.tag().equals("epoch_loss")).toList();
        for (int e = 0; e < 3; e++) assertEquals((float) (double) hist.get("val_loss").get(e), valLoss.get(e).value().flt(2));
        // the optimizer has taken 4, 8, 12 steps when each validation pass ends
        assertEquals(List.of(4L, 8L, 12L), val.stream().filter(v -> v.tag().equals("evaluation_loss_vs_iterations")).map(Value::step).toList());
    }
}
