package io.jkeras.utils;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NpyTest {
    @TempDir Path dir;

    /**
     * A .npy file with NumPy's header {@code dict} (as NumPy writes it) padded the way NumPy pads,
     * followed by {@code dataHex}: the data bytes NumPy wrote for the array.
     */
    static byte[] npy(int major, String dict, String dataHex) {
        int pre = major == 1 ? 10 : 12;
        int unpadded = pre + dict.length() + 1;
        String text = dict + " ".repeat((unpadded + 63) / 64 * 64 - unpadded) + "\n";
        byte[] h = text.getBytes(StandardCharsets.UTF_8);
        byte[] data = HexFormat.of().parseHex(dataHex);
        ByteBuffer b = ByteBuffer.allocate(pre + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) b.putShort((short) h.length); else b.putInt(h.length);
        return b.put(h).put(data).array();
    }

    static String dict(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    }

    private Tensor roundTrip(Tensor t) throws IOException {
        Path p = dir.resolve("t.npy");
        Npy.write(p, t);
        Tensor back = Npy.read(p);
        assertTrue(back.contentEquals(t), "round trip of " + t + " gave " + back);
        Tensor fromBytes = Npy.read(Npy.toBytes(t));
        assertTrue(fromBytes.contentEquals(t));
        assertArrayEquals(Files.readAllBytes(p), Npy.toBytes(t), "write and toBytes agree");
        return back;
    }

    @Test void roundTripsEveryDtypeAndRank() throws IOException {
        roundTrip(Tensor.of(new float[] {1.5f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, 3e38f}, 2, 3));
        roundTrip(Tensor.of(new double[] {Math.PI, -1e-300, Double.NaN, Double.NEGATIVE_INFINITY}, 4));
        roundTrip(Tensor.of(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 1, 2));
        roundTrip(Tensor.of(new long[] {Long.MIN_VALUE, (1L << 53) + 1, Long.MAX_VALUE}, 3));
        roundTrip(Tensor.of(new boolean[] {true, false, false, true}, 2, 2));
        roundTrip(Tensor.scalar(2.5, DType.FLOAT64));
        roundTrip(Tensor.zeros(Shape.of(0, 4), DType.FLOAT32));
        roundTrip(Tensor.zeros(Shape.of(3, 0, 2), DType.BOOL));
        // more than one chunk of the reader and writer
        float[] big = new float[700_000];
        for (int i = 0; i < big.length; i++) big[i] = i * 0.5f;
        roundTrip(Tensor.wrap(big, 1000, 700));
    }

    @Test void writesNumPysHeaderLayout() {
        byte[] b = Npy.toBytes(Tensor.zeros(2, 3));
        String header = new String(b, 10, (b[8] & 0xff) | (b[9] & 0xff) << 8, StandardCharsets.ISO_8859_1);
        assertEquals(0, (10 + header.length()) % 64, "the data starts on a 64-byte boundary");
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith(" \n"));
        String vec = new String(Npy.toBytes(Tensor.of(new long[] {1}, 1)), 10, 60, StandardCharsets.ISO_8859_1);
        assertTrue(vec.startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }"), vec);
        String scalar = new String(Npy.toBytes(Tensor.scalar(1f)), 10, 60, StandardCharsets.ISO_8859_1);
        assertTrue(scalar.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (), }"), scalar);
    }

    @Test void readsWhatNumPyWritesInEveryByteOrderAndVersion() throws IOException {
        Tensor be = Npy.read(npy(1, dict(">f8", false, "(3,)"), "3ff8000000000000c0020000000000007e37e43c8800759c"));
        assertArrayEquals(new double[] {1.5, -2.25, 1e300}, be.doubles());
        Tensor be3 = Npy.read(npy(1, dict(">i4", false, "(1, 2, 3)"), "fffffffdfffffffeffffffff000000000000000100000002"));
        assertEquals(Shape.of(1, 2, 3), be3.shape());
        assertArrayEquals(new int[] {-3, -2, -1, 0, 1, 2}, be3.ints());
        // version 2.0 (4-byte header length) and 3.0 (UTF-8 header)
        Tensor v2 = Npy.read(npy(2, dict("|u1", false, "(2, 2)"), "00ff0780"));
        assertEquals(DType.INT32, v2.dtype());
        assertArrayEquals(new int[] {0, 255, 7, 128}, v2.ints());
        Tensor v3 = Npy.read(npy(3, dict("<f2", false, "(3,)"), "0038fffb007c"));
        assertEquals(DType.FLOAT32, v3.dtype());
        assertArrayEquals(new float[] {0.5f, -65504f, Float.POSITIVE_INFINITY}, v3.floats());
        // the other converted types
        assertArrayEquals(new long[] {0, Long.MAX_VALUE}, Npy.read(npy(1, dict("<u8", false, "(2,)"), "0000000000000000ffffffffffffff7f")).longs());
        assertArrayEquals(new long[] {4294967295L, 1}, Npy.read(npy(1, dict("<u4", false, "(2,)"), "ffffffff01000000")).longs());
        assertArrayEquals(new int[] {-128, 127}, Npy.read(npy(1, dict("|i1", false, "(2,)"), "807f")).ints());
        assertArrayEquals(new int[] {65535, 2}, Npy.read(npy(1, dict(">u2", false, "(2,)"), "ffff0002")).ints());
        Tensor bool = Npy.read(npy(1, dict("|b1", false, "(2, 1)"), "0100"));
        assertArrayEquals(new boolean[] {true, false}, bool.booleans());
        assertEquals(Shape.of(2, 1), bool.shape());
    }

    @Test void fortranOrderIsTransposedIntoCOrder() throws IOException {
        // np.asfortranarray([[1, -2, 3], [4, 5, -32768]], dtype='<i2'): stored column by column
        Tensor t = Npy.read(npy(1, dict("<i2", true, "(2, 3)"), "01000400feff050003000080"));
        assertEquals(Shape.of(2, 3), t.shape());
        assertArrayEquals(new int[] {1, -2, 3, 4, 5, -32768}, t.ints());
        // rank 3: element (i, j, k) of shape (2, 3, 2) is stored at i + 2j + 6k
        double[] stored = new double[12];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 2; k++) stored[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
        ByteBuffer data = ByteBuffer.allocate(96).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : stored) data.putDouble(v);
        Tensor t3 = Npy.read(npy(1, dict("<f8", true, "(2, 3, 2)"), HexFormat.of().formatHex(data.array())));
        assertEquals(Shape.of(2, 3, 2), t3.shape());
        assertArrayEquals(new double[] {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121}, t3.doubles());
    }

    @Test void acceptsHeaderVariantsThatNumPyAccepts() throws IOException {
        // no trailing comma, double quotes, other key order, Python 2 longs, extra bytes after the data
        byte[] b = npy(1, "{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \"<i4\"}", "0100000002000000ffff");
        assertArrayEquals(new int[] {1, 2}, Npy.read(b).ints());
    }

    // ---------------------------------------------------------------- hostile files

    private static String refused(byte[] bytes) {
        return assertThrows(Npy.FormatException.class, () -> Npy.read(bytes)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
    }

    @Test void refusesWhatIsNotANpyFile() {
        assertMentions(refused(new byte[0]), "0 bytes");
        assertMentions(refused("PK\u0003\u0004 this is a zip file, not npy".getBytes(StandardCharsets.ISO_8859_1)), "magic");
        byte[] ok = npy(1, dict("<f4", false, "(1,)"), "0000803f");
        byte[] v9 = ok.clone();
        v9[6] = 9;
        assertMentions(refused(v9), "version 9.0");
        assertMentions(refused(Arrays.copyOf(ok, 9)), "9 bytes");
        assertMentions(refused(Arrays.copyOf(npy(2, dict("<f4", false, "(1,)"), ""), 11)), "truncated");
    }

    @Test void refusesTruncatedFilesBeforeAllocating() {
        byte[] ok = npy(1, dict("<f4", false, "(2, 3)"), "000000000000000000000000000000000000000000000000");
        assertMentions(refused(Arrays.copyOf(ok, ok.length - 1)), "truncated", "(2, 3)", "24 bytes", "23");
        assertMentions(refused(Arrays.copyOf(ok, 40)), "truncated", "header");
        // a tiny file claiming a huge array: refused from its size, no allocation of 8 GB
        assertMentions(refused(npy(1, dict("<f8", false, "(1000000000,)"), "00")), "truncated", "8000000000 bytes");
        assertMentions(refused(npy(1, dict("<f4", false, "(4294967296, 4294967296)"), "00")), "larger than");
        assertMentions(refused(npy(1, dict("<f8", false, "(2000000000, 2000000000, 2000000000)"), "00")), "64 bits");
    }

    @Test void refusesAnOversizedHeader() {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(Integer.MAX_VALUE);
        assertMentions(refused(b.array()), "header of 2147483647 bytes", String.valueOf(Npy.MAX_HEADER_BYTES));
    }

    @Test void refusesMalformedHeaders() {
        assertMentions(refused(npy(1, "this is not a dict", "")), "malformed header");
        assertMentions(refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,", "")), "malformed header");
        assertMentions(refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } junk", "")), "malformed header");
        assertMentions(refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os'), }", "")), "malformed header");
        assertMentions(refused(npy(1, "{'descr': '<f4', 'shape': (1,), }", "00000000")), "header keys");
        assertMentions(refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", "00000000")), "header keys");
        assertMentions(refused(npy(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", "")), "duplicate");
        assertMentions(refused(npy(1, dict("<f4", false, "(-1,)"), "")), "non-negative");
        assertMentions(refused(npy(1, dict("<f4", false, "(99999999999999999999,)"), "")), "64 bits");
        assertMentions(refused(npy(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", "00000000")), "fortran_order");
        assertMentions(refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': 1}", "00000000")), "shape");
        assertMentions(refused(npy(1, dict("<f4", false, "(" + "(".repeat(5000) + ")"), "")), "nested");
    }

    @Test void refusesUnsupportedDtypes() {
        for (String descr : new String[] {"|O", "<c16", "<U5", "|S3", "<M8[ns]", "|V8", "<f16", "<i3", "xf4", "<b2"}) {
            assertMentions(refused(npy(1, dict(descr, false, "(1,)"), "00")), "'" + descr + "'", "supported");
        }
        assertMentions(refused(npy(1, "{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }", "00")),
                "structured");
        assertMentions(refused(npy(1, dict("<u8", false, "(1,)"), "ffffffffffffffff")), "18446744073709551615", "int64");
    }

    @Test void refusalsNameTheFile() throws IOException {
        Path p = dir.resolve("broken.npy");
        Files.write(p, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertMentions(assertThrows(Npy.FormatException.class, () -> Npy.read(p)).getMessage(), p.toString(), "magic");
        assertThrows(NoSuchFileException.class, () -> Npy.read(dir.resolve("missing.npy")));
    }

    // ---------------------------------------------------------------- atomic writes

    @Test void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("x.npy");
        Npy.write(p, Tensor.of(1f, 2f, 3f));
        Npy.write(p, Tensor.of(new int[] {7}, 1));
        assertArrayEquals(new int[] {7}, Npy.read(p).ints());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
        Path nowhere = dir.resolve("no-such-dir").resolve("x.npy");
        assertThrows(IOException.class, () -> Npy.write(nowhere, Tensor.of(1f)));
    }

    // ---------------------------------------------------------------- real files from NumPy

    @Test void readsTheKeras3FixtureInputs() throws IOException {
        Path fixtures = SharedFixtures.require("fixtures/keras3");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> cases = Files.list(fixtures)) {
            for (Path c : cases.sorted().toList()) if (Files.exists(c.resolve("x_0.npy"))) files.add(c.resolve("x_0.npy"));
        }
        assumeTrue(!files.isEmpty(), "no x_0.npy files under " + fixtures);
        Pattern input = Pattern.compile("\"inputs\":\\s*\\[\\s*\\{\\s*\"shape\":\\s*\\[([^\\]]*)\\],\\s*\"dtype\":\\s*\"(\\w+)\"");
        for (Path f : files) {
            Tensor t = Npy.read(f);
            Matcher m = input.matcher(Files.readString(f.resolveSibling("case.json")));
            assertTrue(m.find(), "case.json of " + f + " lists its inputs");
            int[] shape = Arrays.stream(m.group(1).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            assertEquals(Shape.of(shape), t.shape(), f.toString());
            assertEquals(DType.fromName(m.group(2)), t.dtype(), f.toString());
            // the data section is exactly what we would write for these values
            byte[] raw = Files.readAllBytes(f), ours = Npy.toBytes(t);
            int dataBytes = t.size() * t.dtype().byteSize();
            assertArrayEquals(Arrays.copyOfRange(raw, raw.length - dataBytes, raw.length),
                    Arrays.copyOfRange(ours, ours.length - dataBytes, ours.length), f.toString());
        }
    }

    @Test void fixtureValuesMatchNumPy() throws IOException {
        Path dense = SharedFixtures.keras3("dense_activations", "x_0.npy"), emb = SharedFixtures.keras3("embedding_mask_lstm", "x_0.npy");
        // values printed by numpy.load for the same files
        Tensor x = Npy.read(dense);
        assertArrayEquals(new float[] {-1.6287362575531006f, -1.9526503086090088f, -1.1193923950195312f, -3.6375322341918945f},
                Arrays.copyOf(x.floats(), 4));
        double sum = 0;
        for (float v : x.floats()) sum += v;
        assertEquals(3.2672045454382896, sum, 1e-12);
        Tensor ids = Npy.read(emb);
        assertEquals(DType.INT32, ids.dtype());
        assertArrayEquals(new int[] {18, 18, 4, 2}, Arrays.copyOf(ids.ints(), 4));
        assertEquals(147, Arrays.stream(ids.ints()).sum());
    }
}
