package io.jkeras.datasets;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class IdxTest {

    /** An IDX file: magic 0x0000 TYPE NDIM, big-endian dims, then the payload. */
    static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        b.put(payload);
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) { gz.write(data); }
        return bos.toByteArray();
    }

    @Test
    void parsesUnsignedBytesAsInt32InRowMajorOrder() {
        byte[] px = {0, 1, 2, (byte) 127, (byte) 128, (byte) 255, 7, 8, 9, 10, 11, 12};
        Tensor t = Idx.parse(idx(0x08, new int[] {2, 2, 3}, px), "test");
        assertEquals(Shape.of(2, 2, 3), t.shape());
        assertEquals(DType.INT32, t.dtype());
        assertArrayEquals(new int[] {0, 1, 2, 127, 128, 255, 7, 8, 9, 10, 11, 12}, t.ints());
        assertEquals(128, t.get(0, 1, 1));   // flat 0*6 + 1*3 + 1 = 4
        assertEquals(8, t.get(1, 0, 1));     // flat 6 + 0 + 1 = 7
    }

    @Test
    void parsesSignedBytesShortsIntsFloatsAndDoublesBigEndian() {
        assertArrayEquals(new int[] {-1, 127}, Idx.parse(idx(0x09, new int[] {2}, new byte[] {(byte) 0xFF, 0x7F}), "b").ints());
        assertArrayEquals(new int[] {-2, 258}, Idx.parse(idx(0x0B, new int[] {2}, new byte[] {(byte) 0xFF, (byte) 0xFE, 1, 2}), "s").ints());
        assertArrayEquals(new int[] {16909060}, Idx.parse(idx(0x0C, new int[] {1}, new byte[] {1, 2, 3, 4}), "i").ints());
        // 1.5f = 0x3FC00000, -2.0 (double) = 0xC000000000000000
        Tensor f = Idx.parse(idx(0x0D, new int[] {1, 1}, new byte[] {0x3F, (byte) 0xC0, 0, 0}), "f");
        assertEquals(DType.FLOAT32, f.dtype());
        assertEquals(1.5, f.item());
        Tensor d = Idx.parse(idx(0x0E, new int[] {1}, new byte[] {(byte) 0xC0, 0, 0, 0, 0, 0, 0, 0}), "d");
        assertEquals(DType.FLOAT64, d.dtype());
        assertEquals(-2.0, d.item());
    }

    @Test
    void readsPlainAndGzippedFilesByContent(@TempDir Path dir) throws IOException {
        byte[] file = idx(0x08, new int[] {3}, new byte[] {5, 6, (byte) 200});
        Path plain = dir.resolve("labels"), gz = dir.resolve("labels-no-gz-suffix");
        Files.write(plain, file);
        Files.write(gz, gzip(file));
        assertArrayEquals(new int[] {5, 6, 200}, Idx.read(plain).ints());
        assertArrayEquals(new int[] {5, 6, 200}, Idx.read(gz).ints());
    }

    @Test
    void truncatedFileIsAClearError() {
        byte[] full = idx(0x08, new int[] {2, 28, 28}, new byte[2 * 28 * 28]);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.parse(cut, "train-images"));
        assertTrue(e.getMessage().contains("train-images") && e.getMessage().contains("truncated")
                && e.getMessage().contains(String.valueOf(full.length)), e.getMessage());
        var h = assertThrows(IllegalArgumentException.class, () -> Idx.parse(java.util.Arrays.copyOf(full, 10), "x"));
        assertTrue(h.getMessage().contains("header"), h.getMessage());
        var m = assertThrows(IllegalArgumentException.class, () -> Idx.parse(new byte[] {0, 0}, "x"));
        assertTrue(m.getMessage().contains("magic"), m.getMessage());
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] f = idx(0x08, new int[] {2}, new byte[] {1, 2, 3});
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.parse(f, "x"));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void badMagicNamesTheBytesAndSuggestsGzip() throws IOException {
        byte[] gz = gzip(idx(0x08, new int[] {1}, new byte[] {1}));
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.parse(gz, "labels.gz"));
        assertTrue(e.getMessage().contains("bad magic number 0x1f8b") && e.getMessage().contains("gzipped"), e.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> Idx.parse(idx(0x0A, new int[] {1}, new byte[] {1}), "x"));
        assertTrue(t.getMessage().contains("type code 0x0a"), t.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> Idx.parse(new byte[] {0, 0, 8, 0}, "x"));
        assertTrue(r.getMessage().contains("0 dimensions"), r.getMessage());
    }

    @Test
    void hostileDimensionsAreRefusedWithoutAllocating() {
        // 2^31-1 x 2^31-1 elements in a 20-byte file: must fail on the header, not by running out of memory.
        var e = assertThrows(IllegalArgumentException.class,
                () -> Idx.parse(idx(0x08, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, 1}, new byte[0]), "x"));
        assertTrue(e.getMessage().contains("more elements than one Java array"), e.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> Idx.parse(idx(0x08, new int[] {-5}, new byte[0]), "x"));
        assertTrue(n.getMessage().contains("negative dimension -5"), n.getMessage());
        // Fits in an array, but far more than the 12 bytes present.
        var big = assertThrows(IllegalArgumentException.class, () -> Idx.parse(idx(0x0E, new int[] {100_000_000}, new byte[0]), "x"));
        assertTrue(big.getMessage().contains("needs exactly 800000008"), big.getMessage());
    }
}
