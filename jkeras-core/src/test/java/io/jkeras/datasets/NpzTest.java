package io.jkeras.datasets;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NpzTest {

    /** A version-1 .npy file: magic, header dict padded to 64 bytes with a newline, raw data. */
    static byte[] npy(String descr, String shape, byte[] data, boolean fortran) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return b.array();
    }

    static void zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    @Test
    void parsesUint8Int64AndFloat32Arrays() throws IOException {
        Tensor u = Npz.parseNpy(npy("|u1", "(2, 3)", new byte[] {0, 1, 2, (byte) 253, (byte) 254, (byte) 255}, false), "u");
        assertEquals(Shape.of(2, 3), u.shape());
        assertArrayEquals(new int[] {0, 1, 2, 253, 254, 255}, u.ints());

        ByteBuffer l = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-3).putLong(1L << 30);
        assertArrayEquals(new int[] {-3, 1 << 30}, Npz.parseNpy(npy("<i8", "(2,)", l.array(), false), "l").ints());

        ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-1.5f);
        Tensor ft = Npz.parseNpy(npy("<f4", "(2,)", f.array(), false), "f");
        assertEquals(DType.FLOAT32, ft.dtype());
        assertArrayEquals(new float[] {0.25f, -1.5f}, ft.floats());
    }

    @Test
    void refusesWhatItCannotReadFaithfully() {
        ByteBuffer big = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        var e = assertThrows(IOException.class, () -> Npz.parseNpy(npy("<i8", "(1,)", big.array(), false), "x"));
        assertTrue(e.getMessage().contains("outside int32"), e.getMessage());
        var fo = assertThrows(IOException.class, () -> Npz.parseNpy(npy("|u1", "(1, 1)", new byte[1], true), "x"));
        assertTrue(fo.getMessage().contains("Fortran"), fo.getMessage());
        var obj = assertThrows(IOException.class, () -> Npz.parseNpy(npy("|O", "(1,)", new byte[8], false), "x"));
        assertTrue(obj.getMessage().contains("unsupported dtype '|O'"), obj.getMessage());
        var cut = assertThrows(IOException.class, () -> Npz.parseNpy(npy("|u1", "(10,)", new byte[9], false), "x"));
        assertTrue(cut.getMessage().contains("needs"), cut.getMessage());
    }

    /** Keras's mnist.npz layout: the loader reads it when the IDX files are absent. */
    @Test
    void mnistLoaderReadsAKerasStyleNpz(@TempDir Path dir) throws IOException {
        byte[] x = new byte[2 * 28 * 28];
        for (int i = 0; i < x.length; i++) x[i] = (byte) (i % 256);
        zip(dir.resolve("mnist.npz"), Map.of(
                "x_train.npy", npy("|u1", "(2, 28, 28)", x, false),
                "y_train.npy", npy("|u1", "(2,)", new byte[] {5, 0}, false),
                "x_test.npy", npy("|u1", "(1, 28, 28)", java.util.Arrays.copyOf(x, 784), false),
                "y_test.npy", npy("|u1", "(1,)", new byte[] {7}, false)));
        Mnist.Data d = Mnist.loadData(dir);
        assertEquals(Shape.of(2, 28, 28), d.xTrain().shape());
        assertEquals(255, d.xTrain().get(0, 9, 3));   // flat index 255
        assertEquals(16, d.xTrain().get(1, 0, 0));    // flat 784 -> 784 % 256 = 16
        assertArrayEquals(new int[] {5, 0}, d.yTrain().ints());
        assertArrayEquals(new int[] {7}, d.yTest().ints());
    }

    /** Cross-check with files written by NumPy itself, when it is installed. */
    @Test
    void readsNpzWrittenByNumpy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("n.npz");
        String py = "import numpy as np, sys\n"
                + "np.savez_compressed(sys.argv[1], a=np.arange(24, dtype=np.uint8).reshape(2,3,4)*10,"
                + " b=np.array([-7, 123456789], dtype=np.int64), c=np.array([[0.5, -2.25]], dtype=np.float64))\n";
        boolean ok;
        try {
            Process p = new ProcessBuilder("python3", "-c", py, file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, "python3 with numpy is not available; skipping the cross-check with NumPy-written files");
        Map<String, Tensor> m = Npz.read(file, Set.of("a", "b", "c"), 1 << 20);
        int[] expectA = new int[24];
        for (int i = 0; i < 24; i++) expectA[i] = i * 10;
        assertEquals(Shape.of(2, 3, 4), m.get("a").shape());
        assertArrayEquals(expectA, m.get("a").ints());
        assertArrayEquals(new int[] {-7, 123456789}, m.get("b").ints());
        assertEquals(Shape.of(1, 2), m.get("c").shape());
        assertArrayEquals(new double[] {0.5, -2.25}, m.get("c").doubles());
        var e = assertThrows(IOException.class, () -> Npz.read(file, Set.of("zz"), 100));
        assertTrue(e.getMessage().contains("no array 'zz'"), e.getMessage());
    }
}
