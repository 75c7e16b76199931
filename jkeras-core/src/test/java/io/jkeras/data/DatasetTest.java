package io.jkeras.data;

import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/** The Dataset pipeline: sources, ordering, batching, shuffling with seeds, parallel map, cache, prefetch, CSV, bounded memory. */
class DatasetTest {
    @TempDir Path dir;

    static List<Long> range(long n) { return LongStream.range(0, n).boxed().toList(); }

    static List<Long> longs(Dataset<Long> ds) { return ds.toList(); }

    @Test
    void tensorSlicesKeepOrderAndShapes() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 3, 2);
        Tensor y = Tensor.of(new int[] {7, 8, 9}, 3);
        Dataset<Sample> ds = Dataset.fromTensorSlices(x, y);
        assertEquals(3, ds.cardinality());
        List<Sample> all = ds.toList();
        assertEquals(3, all.size());
        assertArrayEquals(new float[] {2, 3}, all.get(1).input().toFloatArray());
        assertEquals(Shape.of(2), all.get(1).input().shape());
        assertEquals(Shape.of(), all.get(2).target().shape());
        assertEquals(9, all.get(2).target().getFlat(0));
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(x, Tensor.of(new int[] {1, 2}, 2)));
        List<Tensor> rows = Dataset.fromTensorSlices(x).toList();
        assertArrayEquals(new float[] {4, 5}, rows.get(2).toFloatArray());
    }

    @Test
    void batchStacksAndCountsAndDropsTheRemainder() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 5, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 2, 3, 4}, 5);
        Dataset<Sample> b = Dataset.fromTensorSlices(x, y).batch(2);
        assertEquals(3, b.cardinality());
        List<Sample> batches = b.toList();
        assertEquals(Shape.of(2, 2), batches.get(0).input().shape());
        assertEquals(Shape.of(1, 2), batches.get(2).input().shape());
        assertArrayEquals(new float[] {4, 5, 6, 7}, batches.get(1).input().toFloatArray());
        assertArrayEquals(new float[] {2, 3}, batches.get(1).target().toFloatArray());
        Dataset<Sample> dropped = Dataset.fromTensorSlices(x, y).batch(2, true);
        assertEquals(2, dropped.cardinality());
        assertEquals(2, dropped.toList().size());
        // scalars stack into a vector
        Tensor t = Dataset.range(5).map(v -> Tensor.scalar(v, io.jkeras.tensor.DType.INT64)).batch(5).toList().get(0);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, t.toLongArray());
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(5).batch(2).toList());
        // unbatch inverts batch
        assertEquals(Dataset.fromTensorSlices(x, y).toList(), Dataset.fromTensorSlices(x, y).batch(2).unbatch().toList());
    }

    @Test
    void batchOfRaggedElementsExplainsPaddedBatch() {
        Dataset<Tensor> ragged = Dataset.of(Tensor.of(1f), Tensor.of(1f, 2f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ragged.batch(2).toList());
        assertTrue(e.getMessage().contains("paddedBatch") && e.getMessage().contains("element 1 has shape (2,)"), e.getMessage());
    }

    @Test
    void paddedBatchPadsEachComponentToTheLongestInItsBatch() {
        Dataset<Sample> seqs = Dataset.of(
                Sample.of(Tensor.of(1f), Tensor.of(new int[] {1}, 1)),
                Sample.of(Tensor.of(1f, 2f, 3f), Tensor.of(new int[] {2}, 1)),
                Sample.of(Tensor.of(4f, 5f), Tensor.of(new int[] {3}, 1)));
        List<Sample> b = seqs.paddedBatch(2, -1, false).toList();
        assertEquals(Shape.of(2, 3), b.get(0).input().shape());
        assertArrayEquals(new float[] {1, -1, -1, 1, 2, 3}, b.get(0).input().toFloatArray());
        assertEquals(Shape.of(1, 2), b.get(1).input().shape());      // padded to its own batch's longest
        // 2-D components pad along every axis
        Dataset<Tensor> mats = Dataset.of(Tensor.of(new float[] {1, 2}, 1, 2), Tensor.of(new float[] {3, 4}, 2, 1));
        Tensor m = mats.paddedBatch(2).toList().get(0);
        assertEquals(Shape.of(2, 2, 2), m.shape());
        assertArrayEquals(new float[] {1, 2, 0, 0, 3, 0, 4, 0}, m.toFloatArray());
    }

    @Test
    void mapFilterTakeSkipRepeatConcatenate() {
        assertEquals(List.of(0L, 4L, 16L, 36L), longs(Dataset.range(8).filter(v -> v % 2 == 0).map(v -> v * v)));
        assertEquals(List.of(2L, 3L, 4L), longs(Dataset.range(10).skip(2).take(3)));
        assertEquals(3, Dataset.range(10).skip(2).take(3).cardinality());
        assertEquals(List.of(0L, 1L, 0L, 1L, 0L, 1L), longs(Dataset.range(2).repeat(3)));
        assertEquals(Dataset.INFINITE, Dataset.range(2).repeat().cardinality());
        assertEquals(List.of(0L, 1L, 0L, 1L, 0L), longs(Dataset.range(2).repeat().take(5)));
        assertEquals(List.of(), longs(Dataset.range(0).repeat()));     // an empty dataset repeated stays empty
        assertEquals(List.of(0L, 1L, 5L, 6L), longs(Dataset.range(2).concatenate(Dataset.range(5, 7))));
        assertEquals(Dataset.UNKNOWN, Dataset.range(3).filter(v -> true).cardinality());
        List<Sample> z = Dataset.zip(Dataset.of(Tensor.of(1f), Tensor.of(2f)), Dataset.of(Tensor.of(3f))).toList();
        assertEquals(1, z.size());
        assertArrayEquals(new float[] {3}, z.get(0).target().toFloatArray());
    }

    @Test
    void generatorsStartOverEachPassAndIteratorsOnlyOnce() {
        AtomicInteger calls = new AtomicInteger();
        Dataset<Long> gen = Dataset.fromGenerator(() -> { calls.incrementAndGet(); return range(3).iterator(); });
        assertEquals(range(3), gen.toList());
        assertEquals(range(3), gen.toList());
        assertEquals(2, calls.get());
        Dataset<Long> once = Dataset.fromIterator(range(3).iterator());
        assertEquals(range(3), once.toList());
        IllegalStateException e = assertThrows(IllegalStateException.class, once::toList);
        assertTrue(e.getMessage().contains("fromGenerator"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Dataset.range(3).map(v -> (Long) null).toList());
    }

    @Test
    void seededShuffleIsReproducibleAndReshufflesEachPass() {
        Dataset<Long> a = Dataset.range(100).shuffle(100, 42), b = Dataset.range(100).shuffle(100, 42);
        List<Long> a0 = a.toList(), a1 = a.toList(), b0 = b.toList(), b1 = b.toList();
        assertEquals(a0, b0);
        assertEquals(a1, b1);
        assertNotEquals(a0, a1, "a new order each pass");
        assertNotEquals(range(100), a0);
        List<Long> sorted = new ArrayList<>(a0);
        Collections.sort(sorted);
        assertEquals(range(100), sorted, "a permutation");
        assertNotEquals(a0, Dataset.range(100).shuffle(100, 43).toList());
        Dataset<Long> fixed = Dataset.range(50).shuffle(50, 7, false);
        assertEquals(fixed.toList(), fixed.toList());
        // the global seed makes unseeded shuffles reproducible
        SeedGenerator.setGlobalSeed(5);
        List<Long> g1 = Dataset.range(30).shuffle(30).toList();
        SeedGenerator.setGlobalSeed(5);
        assertEquals(g1, Dataset.range(30).shuffle(30).toList());
    }

    @Test
    void shuffleBufferBoundsHowFarAnElementMovesForward() {
        int buffer = 5;
        List<Long> out = Dataset.range(200).shuffle(buffer, 3).toList();
        for (int pos = 0; pos < out.size(); pos++) {
            assertTrue(out.get(pos) <= pos + buffer - 1, "element " + out.get(pos) + " at position " + pos
                    + " was read before the buffer could hold it");
        }
        assertEquals(range(20), Dataset.range(20).shuffle(1, 9).toList());   // a buffer of one shuffles nothing
    }

    @Test
    void parallelMapKeepsOrderAndUsesThreads() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Dataset<Long> par = Dataset.range(200).map(v -> {
            threads.add(Thread.currentThread().getName());
            try { Thread.sleep(ThreadLocalRandom.current().nextInt(3)); } catch (InterruptedException e) { throw new RuntimeException(e); }
            return v * 3;
        }, 4);
        List<Long> seq = Dataset.range(200).map(v -> v * 3).toList();
        assertEquals(seq, par.toList());
        assertEquals(seq, par.toList());
        assertTrue(threads.size() > 1, "ran on " + threads);
        assertEquals(200, par.cardinality());
    }

    @Test
    void parallelMapFailureSurfacesAtItsElement() {
        List<Long> got = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (DatasetIterator<Long> it = Dataset.range(20).map(v -> {
                if (v == 7) throw new IllegalStateException("bad element 7");
                return v;
            }, 3).iterator()) {
                while (it.hasNext()) got.add(it.next());
            }
        });
        assertEquals("bad element 7", e.getMessage());
        assertEquals(range(7), got);
    }

    @Test
    void cacheComputesOnceAfterACompletePass() {
        AtomicInteger calls = new AtomicInteger();
        Dataset<Long> ds = Dataset.range(10).map(v -> { calls.incrementAndGet(); return v; }).cache();
        assertEquals(range(3), ds.take(3).toList());     // a partial pass caches nothing
        assertEquals(3, calls.get());
        assertEquals(range(10), ds.toList());
        assertEquals(range(10), ds.toList());
        assertEquals(13, calls.get());
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(2).repeat().cache());
    }

    @Test
    void prefetchKeepsOrderPropagatesErrorsAndStopsWhenClosed() throws Exception {
        assertEquals(range(500), Dataset.range(500).prefetch(4).toList());
        RuntimeException boom = assertThrows(RuntimeException.class,
                () -> Dataset.range(10).map(v -> { if (v == 5) throw new UnsupportedOperationException("boom"); return v; }).prefetch(2).toList());
        assertEquals("boom", boom.getMessage());
        // closing early ends the producer thread (an endless source would otherwise keep it busy)
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DatasetIterator<Long> it = Dataset.range(10).repeat().prefetch(3).iterator();
        assertEquals(0L, it.next());
        Thread producer = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)
                && t.getName().startsWith("jkeras-data-prefetch")).findFirst().orElseThrow();
        it.close();
        producer.join(5000);
        assertFalse(producer.isAlive());
    }

    @Test
    void streamsWithBoundedMemory() {
        // 1500 elements of 256 KiB (375 MiB in all) flow through map(4 threads) -> shuffle(8) -> batch(4) -> prefetch(2);
        // at no time may more than the buffers' worth be read ahead of the consumer
        AtomicLong produced = new AtomicLong(), consumed = new AtomicLong(), maxAhead = new AtomicLong();
        int n = 1500;
        Dataset<Tensor> source = Dataset.fromGenerator(() -> new Iterator<Tensor>() {
            int i = 0;
            @Override public boolean hasNext() { return i < n; }
            @Override public Tensor next() {
                i++;
                long ahead = produced.incrementAndGet() - consumed.get();
                maxAhead.accumulateAndGet(ahead, Math::max);
                return Tensor.zeros(64 * 1024);
            }
        });
        Dataset<Tensor> pipeline = source.map(t -> t, 4).shuffle(8, 1).batch(4).prefetch(2);
        long batches = 0;
        try (DatasetIterator<Tensor> it = pipeline.iterator()) {
            while (it.hasNext()) {
                Tensor b = it.next();
                consumed.addAndGet(b.dim(0));
                batches++;
            }
        }
        assertEquals(375, batches);
        assertEquals(n, produced.get());
        // prefetch queue 2 batches (8) + the batch the consumer holds before it counts it (4) + one batch being built by the
        // producer (4) + shuffle buffer (8) + map window (4) + 1 being generated
        long bound = 8 + 4 + 4 + 8 + 4 + 1;
        assertTrue(maxAhead.get() <= bound, "read " + maxAhead.get() + " elements ahead; the pipeline's buffers hold " + bound);
    }

    @Test
    void csvRowsBecomeSamples() throws Exception {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, "a,b,label,c\n1,2,0,3\n\"4\",5.5,1,NA\n\n7,,0,9\n");
        CsvDataset csv = Dataset.fromCsv(f).labels("label").naValue("NA");
        assertEquals(List.of("a", "b", "label", "c"), csv.columnNames());
        List<Sample> rows = csv.toList();
        assertEquals(3, rows.size());
        assertArrayEquals(new float[] {1, 2, 3}, rows.get(0).input().toFloatArray());
        assertArrayEquals(new float[] {0}, rows.get(0).target().toFloatArray());
        assertTrue(Float.isNaN(rows.get(1).input().toFloatArray()[2]));
        assertTrue(Float.isNaN(rows.get(2).input().toFloatArray()[1]));   // empty field
        Sample batch = csv.features("c", "a").batch(3).toList().get(0);
        assertEquals(Shape.of(3, 2), batch.input().shape());
        assertArrayEquals(new float[] {3, 1}, java.util.Arrays.copyOf(batch.input().toFloatArray(), 2));
        // no header, by index
        Path g = dir.resolve("nohdr.csv");
        Files.writeString(g, "1;2;3\n4;5;6\n");
        List<Sample> s = Dataset.fromCsv(g).header(false).separator(';').labels(0).toList();
        assertArrayEquals(new float[] {5, 6}, s.get(1).input().toFloatArray());
        assertArrayEquals(new float[] {4}, s.get(1).target().toFloatArray());
        // errors name the file, line and column
        Files.writeString(g, "1;x;3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromCsv(g).header(false).separator(';').toList());
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("column 1") && e.getMessage().contains("'x'"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Dataset.fromCsv(f).labels("y").toList());
        assertTrue(e2.getMessage().contains("'y'") && e2.getMessage().contains("[a, b, label, c]"), e2.getMessage());
        assertEquals(List.of("4", "5.5", "1", "NA"), List.of(Dataset.fromCsv(f).rows().toList().get(1)));
    }

    @Test
    void shuffledBatchesOfSamplesKeepEachSampleTogether() {
        // after shuffle + batch every (x, y) pair is still aligned
        int n = 64;
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) { xs[i] = i; ys[i] = 10 * i; }
        Set<Float> seen = new HashSet<>();
        for (Sample b : Dataset.fromTensorSlices(Tensor.wrap(xs, n, 1), Tensor.wrap(ys, n)).shuffle(16, 2).batch(8).map(s -> s, 2).prefetch(1).toList()) {
            float[] bx = b.input().toFloatArray(), by = b.target().toFloatArray();
            for (int i = 0; i < bx.length; i++) {
                assertEquals(10 * bx[i], by[i]);
                assertTrue(seen.add(bx[i]));
            }
        }
        assertEquals(n, seen.size());
    }
}
