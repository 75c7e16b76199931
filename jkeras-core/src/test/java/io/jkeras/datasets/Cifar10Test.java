package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CIFAR-10 loader on small synthetic batch files in the binary format (1 label byte, then the
 * red, green and blue 32x32 planes): a folder, a folder holding it, the .tar.gz, and the errors.
 */
class Cifar10Test {
    @TempDir Path tmp;

    /** Pixel (record, channel, row, col) of the synthetic data: a value that differs in every index. */
    private static int pixel(int globalRecord, int c, int row, int col) { return (globalRecord * 31 + c * 101 + row * 7 + col * 3) & 0xFF; }

    private static int label(int globalRecord) { return (globalRecord * 3 + 1) % 10; }

    /** A batch file of {@code records} records, numbered from {@code first}. */
    private static byte[] batch(int first, int records) {
        byte[] d = new byte[records * Cifar10.RECORD];
        for (int r = 0; r < records; r++) {
            int off = r * Cifar10.RECORD, g = first + r;
            d[off] = (byte) label(g);
            for (int c = 0; c < 3; c++) for (int row = 0; row < 32; row++) for (int col = 0; col < 32; col++) {
                d[off + 1 + c * 1024 + row * 32 + col] = (byte) pixel(g, c, row, col);
            }
        }
        return d;
    }

    /** Training batches of 2, 1, 3, 1, 2 records (9 in all, numbered 0..8), and a test batch of 2 (numbered 100, 101). */
    private static final int[] TRAIN_SIZES = {2, 1, 3, 1, 2};

    private static Path writeFolder(Path dir) throws IOException {
        Files.createDirectories(dir);
        int g = 0;
        for (int i = 0; i < 5; i++) {
            Files.write(dir.resolve(Cifar10.TRAIN_FILES.get(i)), batch(g, TRAIN_SIZES[i]));
            g += TRAIN_SIZES[i];
        }
        Files.write(dir.resolve(Cifar10.TEST_FILE), batch(100, 2));
        Files.writeString(dir.resolve("batches.meta.txt"), String.join("\n", Cifar10.CLASS_NAMES));
        return dir;
    }

    private static void assertSynthetic(Mnist.Data d) {
        assertEquals(Shape.of(9, 32, 32, 3), d.xTrain().shape());
        assertEquals(Shape.of(9, 1), d.yTrain().shape());
        assertEquals(Shape.of(2, 32, 32, 3), d.xTest().shape());
        assertEquals(Shape.of(2, 1), d.yTest().shape());
        assertImages(d.xTrain(), d.yTrain(), 0);
        assertImages(d.xTest(), d.yTest(), 100);
    }

    private static void assertImages(Tensor x, Tensor y, int first) {
        int[] xs = x.ints(), ys = y.ints();
        for (int i = 0; i < ys.length; i++) {
            assertEquals(label(first + i), ys[i], "label " + i);
            for (int row = 0; row < 32; row++) for (int col = 0; col < 32; col++) for (int c = 0; c < 3; c++) {
                assertEquals(pixel(first + i, c, row, col), xs[((i * 32 + row) * 32 + col) * 3 + c], "image " + i + " at " + row + "," + col + "," + c);
            }
        }
    }

    @Test void readsTheBinaryFolderChannelsLastInFileOrder() throws IOException {
        Path dir = writeFolder(tmp.resolve(Cifar10.FOLDER));
        assertSynthetic(Cifar10.loadData(dir));
        // the folder above it works too
        assertSynthetic(Cifar10.loadData(tmp));
    }

    @Test void readsTheTarGz() throws IOException {
        TarTest.TarBuilder tar = new TarTest.TarBuilder().dir(Cifar10.FOLDER + "/");
        int g = 0;
        for (int i = 0; i < 5; i++) {
            tar.file(Cifar10.FOLDER + "/" + Cifar10.TRAIN_FILES.get(i), batch(g, TRAIN_SIZES[i]));
            g += TRAIN_SIZES[i];
        }
        tar.file(Cifar10.FOLDER + "/readme.html", "<html></html>".getBytes());
        tar.file(Cifar10.FOLDER + "/" + Cifar10.TEST_FILE, batch(100, 2));
        Path archive = tmp.resolve(Cifar10.ARCHIVE);
        Files.write(archive, TarTest.gzip(tar.end()));
        assertSynthetic(Cifar10.loadData(archive));
        // a folder holding the archive
        assertSynthetic(Cifar10.loadData(tmp));
    }

    @Test void cacheRootIsUsedByLoadDataWithoutArguments() throws IOException {
        writeFolder(tmp.resolve(Cifar10.FOLDER));
        String old = System.getProperty(Datasets.DIR_PROPERTY);
        System.setProperty(Datasets.DIR_PROPERTY, tmp.toString());
        try {
            assertSynthetic(Cifar10.loadData());
        } finally {
            if (old == null) System.clearProperty(Datasets.DIR_PROPERTY); else System.setProperty(Datasets.DIR_PROPERTY, old);
        }
    }

    @Test void missingDataSaysWhereToPutWhich() {
        Path empty = tmp.resolve("nothing-here");
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, () -> Cifar10.loadData(empty));
        for (String s : List.of(Cifar10.ARCHIVE, Cifar10.FOLDER, "data_batch_1.bin", "test_batch.bin", Cifar10.WEB_URL, empty.toAbsolutePath().toString())) {
            assertTrue(e.getMessage().contains(s), "message names " + s + ": " + e.getMessage());
        }
        String old = System.getProperty(Datasets.DIR_PROPERTY);
        System.setProperty(Datasets.DIR_PROPERTY, empty.toString());
        try {
            assertThrows(DatasetUnavailableException.class, Cifar10::loadData);
        } finally {
            if (old == null) System.clearProperty(Datasets.DIR_PROPERTY); else System.setProperty(Datasets.DIR_PROPERTY, old);
        }
    }

    @Test void incompleteFolderNamesTheMissingFiles() throws IOException {
        Path dir = writeFolder(tmp.resolve(Cifar10.FOLDER));
        Files.delete(dir.resolve("data_batch_4.bin"));
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, () -> Cifar10.loadData(dir));
        assertTrue(e.getMessage().contains("data_batch_4.bin"), e.getMessage());
    }

    @Test void wrongFormatsAreRefusedClearly() throws IOException {
        Path dir = writeFolder(tmp.resolve(Cifar10.FOLDER));
        Files.write(dir.resolve(Cifar10.TEST_FILE), new byte[Cifar10.RECORD + 5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cifar10.loadData(dir));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("3073"), e.getMessage());

        byte[] bad = batch(0, 2);
        bad[Cifar10.RECORD] = 42;   // second record's label
        Files.write(dir.resolve(Cifar10.TEST_FILE), bad);
        e = assertThrows(IllegalArgumentException.class, () -> Cifar10.loadData(dir));
        assertTrue(e.getMessage().contains("label 42"), e.getMessage());

        Path py = tmp.resolve("cifar-10-python.tar.gz");
        Files.write(py, new byte[10]);
        DatasetUnavailableException p = assertThrows(DatasetUnavailableException.class, () -> Cifar10.loadData(py));
        assertTrue(p.getMessage().contains("binary version"), p.getMessage());

        Path notGz = tmp.resolve(Cifar10.ARCHIVE);
        Files.writeString(notGz, "not a gzip file");
        e = assertThrows(IllegalArgumentException.class, () -> Cifar10.loadData(notGz));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test void tarGzWithoutTheBatchesIsRefused() throws IOException {
        Path archive = tmp.resolve("other.tar.gz");
        Files.write(archive, TarTest.gzip(new TarTest.TarBuilder().file("cifar-10-batches-bin/test_batch.bin", batch(0, 1)).end()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cifar10.loadData(archive));
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
    }
}
