package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of MNIST-like datasets (LeCun et al.), plain or gzipped.
 *
 * <p>An IDX file is a 4-byte magic number {@code 0x00 0x00 TYPE NDIM}, then {@code NDIM} big-endian
 * int32 dimensions, then the elements in row-major order, big-endian. Every header value is checked
 * against the file's length, so a truncated or hostile file gives a clear error instead of a wrong
 * tensor or an enormous allocation.
 *
 * <pre>{@code
 * Tensor labels = Idx.read(Path.of("train-labels-idx1-ubyte"));   // int32, shape (60000)
 * Tensor images = Idx.read(Path.of("train-images-idx3-ubyte.gz")); // int32, shape (60000, 28, 28)
 * }</pre>
 *
 * <p>Element types map as follows: unsigned byte (0x08), signed byte (0x09), short (0x0B) and int
 * (0x0C) become int32 tensors (unsigned bytes as 0..255); float (0x0D) becomes float32 and double
 * (0x0E) float64.
 */
public final class Idx {
    /** Type code of unsigned bytes, the only type MNIST and Fashion-MNIST use. */
    public static final int UBYTE = 0x08;

    /** Largest file (decompressed) this reader accepts: what one Java array can hold. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    private static final int MAX_RANK = 16;

    private Idx() {}

    /**
     * Reads an IDX file; gzipped files (recognised by their content, not their name) are
     * decompressed on the fly.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when the content is not a valid IDX file
     */
    public static Tensor read(Path file) {
        return parse(readMaybeGzipped(file, MAX_BYTES), file.toString());
    }

    /**
     * The type code (byte 2 of the magic number) of an IDX file's content, after checking that the
     * first two bytes are zero.
     */
    public static int typeCode(byte[] bytes, String source) {
        checkMagic(bytes, source);
        return bytes[2] & 0xFF;
    }

    /**
     * Parses the bytes of an (uncompressed) IDX file.
     *
     * @param source names the data in error messages (a path, an archive entry)
     * @throws IllegalArgumentException when the content is not a valid IDX file
     */
    public static Tensor parse(byte[] bytes, String source) {
        checkMagic(bytes, source);
        int type = bytes[2] & 0xFF;
        int rank = bytes[3] & 0xFF;
        int elemSize = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new IllegalArgumentException("IDX file " + source + " has unknown element type code 0x"
                    + hex(type) + "; valid codes are 0x08 (ubyte), 0x09 (byte), 0x0B (short), 0x0C (int), 0x0D (float), 0x0E (double)");
        };
        if (rank < 1 || rank > MAX_RANK) throw new IllegalArgumentException("IDX file " + source + " declares " + rank
                + " dimensions; expected 1 to " + MAX_RANK);
        long headerLen = 4L + 4L * rank;
        if (bytes.length < headerLen) throw new IllegalArgumentException("IDX file " + source + " is truncated: its header needs "
                + headerLen + " bytes for " + rank + " dimensions, the file has " + bytes.length);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = buf.getInt(4 + 4 * i);
            if (dims[i] < 0) throw new IllegalArgumentException("IDX file " + source + " declares a negative dimension "
                    + dims[i] + " (axis " + i + ")");
            count *= dims[i];
            if (count > MAX_BYTES) throw new IllegalArgumentException("IDX file " + source + " declares dimensions "
                    + Arrays.toString(Arrays.copyOf(dims, i + 1)) + "..., more elements than one Java array can hold");
        }
        long expected = headerLen + count * elemSize;
        if (bytes.length != expected) throw new IllegalArgumentException("IDX file " + source + " has " + bytes.length
                + " bytes but its header (type 0x" + hex(type) + ", shape " + Arrays.toString(dims) + ") needs exactly " + expected
                + (bytes.length < expected ? ": the file is truncated; fetch it again" : ": it has trailing bytes"));
        int n = (int) count, off = (int) headerLen;
        Shape shape = Shape.of(dims);
        return switch (type) {
            case 0x08 -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) out[i] = bytes[off + i] & 0xFF;
                yield Tensor.wrap(out, shape);
            }
            case 0x09 -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) out[i] = bytes[off + i];
                yield Tensor.wrap(out, shape);
            }
            case 0x0B -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) out[i] = buf.getShort(off + 2 * i);
                yield Tensor.wrap(out, shape);
            }
            case 0x0C -> {
                int[] out = new int[n];
                buf.position(off).asIntBuffer().get(out);
                yield Tensor.wrap(out, shape);
            }
            case 0x0D -> {
                float[] out = new float[n];
                buf.position(off).asFloatBuffer().get(out);
                yield Tensor.wrap(out, shape);
            }
            default -> {
                double[] out = new double[n];
                buf.position(off).asDoubleBuffer().get(out);
                yield Tensor.wrap(out, shape);
            }
        };
    }

    private static void checkMagic(byte[] bytes, String source) {
        if (bytes.length < 4) throw new IllegalArgumentException("IDX file " + source + " is truncated: " + bytes.length
                + " bytes, less than the 4-byte magic number");
        if (bytes[0] != 0 || bytes[1] != 0) throw new IllegalArgumentException("IDX file " + source
                + " has a bad magic number 0x" + hex(bytes[0] & 0xFF) + hex(bytes[1] & 0xFF) + hex(bytes[2] & 0xFF) + hex(bytes[3] & 0xFF)
                + ": an IDX file starts with two zero bytes (e.g. 0x00000803 for images, 0x00000801 for labels). "
                + "Is it still gzipped, or not an IDX file?");
    }

    /** The bytes of {@code file}, gunzipped when it starts with the gzip magic, at most {@code maxBytes}. */
    static byte[] readMaybeGzipped(Path file, long maxBytes) {
        try {
            long size = Files.size(file);
            byte[] head = new byte[2];
            try (InputStream in = Files.newInputStream(file)) {
                int n = in.readNBytes(head, 0, 2);
                if (n == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
                    try (InputStream gz = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                        return readBounded(gz, maxBytes, file + " (gunzipped)");
                    }
                }
            }
            if (size > maxBytes) throw new IllegalArgumentException("File " + file + " has " + size + " bytes, more than the "
                    + maxBytes + " this reader accepts");
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Gunzips {@code gz} in memory, refusing more than {@code maxBytes} of output. */
    static byte[] gunzip(byte[] gz, long maxBytes, String source) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
            return readBounded(in, maxBytes, source + " (gunzipped)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot gunzip " + source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole stream, failing clearly when it is longer than {@code maxBytes}. */
    static byte[] readBounded(InputStream in, long maxBytes, String source) throws IOException {
        int cap = (int) Math.min(maxBytes, MAX_BYTES);
        byte[] data = in.readNBytes(cap);
        if (data.length == cap && in.read() != -1)
            throw new IOException(source + " is larger than the " + cap + " bytes allowed for it");
        return data;
    }

    private static String hex(int b) { return String.format("%02x", b); }
}
