package io.jkeras.data;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** cache(file): the first full pass writes, later passes (and new datasets on the same file) read; interrupted passes leave nothing. */
class DiskCacheTest {
    @TempDir Path dir;

    /** Samples of every dtype, counting how often the upstream is read. */
    static Dataset<Sample> counted(AtomicInteger reads, int n) {
        return Dataset.range(n).map(i -> {
            reads.incrementAndGet();
            int k = i.intValue();
            return new Sample(List.of(Tensor.of(new float[] {k, k + 0.5f}, 2), Tensor.of(new long[] {k * 1_000_000_000_000L}, 1)),
                    List.of(Tensor.of(new int[] {k}, 1), Tensor.of(new boolean[] {k % 2 == 0}, 1)),
                    k % 3 == 0 ? Tensor.of(new double[] {k / 3.0}, 1) : Tensor.of(new double[] {1.0}, 1));
        });
    }

    @Test
    void secondPassReadsTheFileWithEqualElements() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Path file = dir.resolve("sub/train.cache");
        Dataset<Sample> ds = counted(reads, 7).cache(file);
        List<Sample> first = ds.toList();
        assertEquals(7, reads.get());
        assertTrue(Files.isRegularFile(file));
        List<Sample> second = ds.toList();
        assertEquals(7, reads.get());                       // not recomputed
        assertEquals(first, second);
        assertEquals(first, counted(new AtomicInteger(), 7).toList());
        // a new pipeline on the same file (e.g. the next run of the program) uses it too
        AtomicInteger reads2 = new AtomicInteger();
        assertEquals(first, counted(reads2, 7).cache(file).toList());
        assertEquals(0, reads2.get());
        assertEquals(first, ds.batch(3).unbatch().toList());
    }

    @Test
    void anInterruptedPassLeavesNoCache() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Path file = dir.resolve("t.cache");
        Dataset<Sample> ds = counted(reads, 10).cache(file);
        assertEquals(4, ds.take(4).toList().size());
        assertFalse(Files.exists(file));
        try (Stream<Path> s = Files.list(dir)) { assertEquals(List.of(), s.toList()); }   // the partial file is gone
        ds.toList();
        assertEquals(14, reads.get());
        assertTrue(DiskCache.isComplete(file));
        ds.toList();
        assertEquals(14, reads.get());
        // a failing upstream leaves nothing either
        Path bad = dir.resolve("bad.cache");
        Dataset<Tensor> failing = Dataset.range(5).map(i -> {
            if (i == 3) throw new IllegalStateException("boom");
            return Tensor.scalar(i, DType.FLOAT32);
        }).cache(bad);
        assertThrows(IllegalStateException.class, () -> { try (var it = failing.iterator()) { while (it.hasNext()) it.next(); } });
        assertFalse(Files.exists(bad));
    }

    @Test
    void aTruncatedOrForeignFileIsNotUsed() throws Exception {
        Path file = dir.resolve("x.cache");
        Dataset.range(4).map(i -> Tensor.scalar(i, DType.INT32)).cache(file).toList();
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 5));
        assertFalse(DiskCache.isComplete(file));
        AtomicInteger reads = new AtomicInteger();
        List<Tensor> again = Dataset.range(4).map(i -> { reads.incrementAndGet(); return Tensor.scalar(i, DType.INT32); }).cache(file).toList();
        assertEquals(4, reads.get());                         // rebuilt from the source
        assertArrayEquals(new int[] {3}, again.get(3).toIntArray());
        assertTrue(DiskCache.isComplete(file));
        Files.writeString(dir.resolve("text.cache"), "hello, not a cache file at all");
        assertFalse(DiskCache.isComplete(dir.resolve("text.cache")));
    }

    @Test
    void textSamplesAndListsRoundTrip() {
        Dataset<TextSample> texts = Dataset.of(TextSample.of("h\u00e9llo", Tensor.scalar(1, DType.INT32)), TextSample.of("", null))
                .map(t -> t);
        Path f = dir.resolve("text.cache");
        List<TextSample> a = texts.cache(f).toList();
        List<TextSample> b = texts.cache(f).toList();
        assertEquals(a, b);
        assertEquals("h\u00e9llo", b.get(0).text());
        assertNull(b.get(1).labels());
        Dataset<List<Tensor>> lists = Dataset.of(List.of(Tensor.of(new float[] {1, 2}, 2), Tensor.of(new int[] {3}, 1)));
        List<List<Tensor>> l = new ArrayList<>(lists.cache(dir.resolve("l.cache")).toList());
        l.addAll(lists.cache(dir.resolve("l.cache")).toList());
        assertArrayEquals(l.get(0).get(0).toFloatArray(), l.get(1).get(0).toFloatArray());
        assertArrayEquals(new int[] {3}, l.get(1).get(1).toIntArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.of("x").cache(dir.resolve("s.cache")).toList());
        assertTrue(e.getMessage().contains("cache()"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).repeat().cache(dir.resolve("inf.cache")));
    }
}
