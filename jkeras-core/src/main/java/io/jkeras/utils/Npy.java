package io.jkeras.utils;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes NumPy's {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <pre>{@code
 * Tensor x = Npy.read(Path.of("x_0.npy"));
 * Npy.write(Path.of("out.npy"), Ops.softmax(x, -1));
 * }</pre>
 *
 * <p>Reading accepts little- and big-endian {@code float32/64}, {@code int32/64} and {@code bool}
 * arrays as they are, and converts the types a {@link Tensor} does not have: {@code float16} to
 * float32; {@code int8, int16, uint8, uint16} to int32; {@code uint32, uint64} to int64 (a uint64
 * value above {@code Long.MAX_VALUE} is refused). Fortran-ordered arrays are transposed into C
 * order. Structured, complex, string and object arrays are refused: a file is never unpickled.
 *
 * <p>Files are treated as untrusted: the header is at most {@value #MAX_HEADER_BYTES} bytes and
 * parsed as a literal, and the shape is checked against the file's size before any array is
 * allocated. Every problem surfaces as a {@link FormatException} that names the file and the
 * reason. Writing goes to a temporary file in the same folder that is then moved into place, so a
 * reader never sees half a file.
 */
public final class Npy {
    /** The largest header this reader accepts, in bytes. NumPy's own limit is 10,000 by default. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK = 1 << 20;

    private Npy() {}

    /** A file that is not a {@code .npy} file this reader supports; the message says why. */
    public static final class FormatException extends IOException {
        public FormatException(String message) { super(message); }
    }

    // ================================================================ reading

    /** Reads a {@code .npy} file. */
    public static Tensor read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(new ChannelSource(ch), path.toString());
        }
    }

    /** Reads a {@code .npy} file held in memory (e.g. an entry of an {@code .npz} archive). */
    public static Tensor read(byte[] bytes) throws FormatException {
        try {
            return read(new ArraySource(bytes), "the .npy bytes");
        } catch (FormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("reading from memory cannot fail with I/O", e);
        }
    }

    /** Random access to the bytes of one file. */
    private interface Source {
        long size() throws IOException;

        /** Fills {@code dst} from {@code position}; the caller has checked that the bytes exist. */
        void readFully(long position, ByteBuffer dst) throws IOException;
    }

    private record ChannelSource(FileChannel ch) implements Source {
        @Override public long size() throws IOException { return ch.size(); }

        @Override public void readFully(long position, ByteBuffer dst) throws IOException {
            long p = position;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, p);
                if (n < 0) throw new EOFException("The file ended early (was it changed while being read?)");
                p += n;
            }
        }
    }

    private record ArraySource(byte[] bytes) implements Source {
        @Override public long size() { return bytes.length; }

        @Override public void readFully(long position, ByteBuffer dst) {
            dst.put(bytes, (int) position, dst.remaining());
        }
    }

    /** What the header says: element type, order and shape. */
    private record Header(Element element, boolean fortranOrder, int[] shape, long count, long dataOffset) {}

    /** A stored element type: its kind ('f', 'i', 'u', 'b'), size in bytes and byte order. */
    private record Element(char kind, int size, ByteOrder order, String descr) {
        DType target() {
            return switch (kind) {
                case 'f' -> size == 8 ? DType.FLOAT64 : DType.FLOAT32;
                case 'b' -> DType.BOOL;
                case 'i' -> size == 8 ? DType.INT64 : DType.INT32;
                case 'u' -> size >= 4 ? DType.INT64 : DType.INT32;
                default -> throw new AssertionError(kind);
            };
        }
    }

    private static Tensor read(Source src, String name) throws IOException {
        Header h = readHeader(src, name);
        long need = Math.multiplyExact(h.count, (long) h.element.size);
        long have = src.size() - h.dataOffset;
        if (have < need) throw new FormatException(name + " is truncated: its header declares shape " + shapeText(h.shape) + " of '"
                + h.element.descr + "', which needs " + need + " bytes of data, but only " + have + " follow the header");
        if (h.count > Integer.MAX_VALUE - 8) throw new FormatException(name + " holds " + h.count + " elements (shape "
                + shapeText(h.shape) + "), more than one Java array can hold (" + (Integer.MAX_VALUE - 8) + ")");
        int n = (int) h.count;
        DType target = h.element.target();
        Object out = Tensor.allocate(target, n);
        int per = CHUNK / h.element.size;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(need, (long) per * h.element.size)).order(h.element.order);
        long pos = h.dataOffset;
        for (int done = 0; done < n; ) {
            int k = Math.min(per, n - done);
            buf.clear().limit(k * h.element.size);
            src.readFully(pos, buf);
            buf.flip();
            decode(h.element, buf, out, done, k, name);
            done += k;
            pos += (long) k * h.element.size;
        }
        int[] shape = h.shape;
        if (!h.fortranOrder || shape.length < 2) return Tensor.wrap(out, Shape.of(shape));
        // Fortran order is C order of the reversed shape; reversing the axes again gives the array
        int r = shape.length;
        int[] reversed = new int[r];
        for (int i = 0; i < r; i++) reversed[i] = shape[r - 1 - i];
        return Ops.transpose(Tensor.wrap(out, Shape.of(reversed)));
    }

    private static void decode(Element e, ByteBuffer b, Object out, int off, int k, String name) throws FormatException {
        switch (e.kind) {
            case 'f' -> {
                if (e.size == 8) b.asDoubleBuffer().get((double[]) out, off, k);
                else if (e.size == 4) b.asFloatBuffer().get((float[]) out, off, k);
                else { float[] o = (float[]) out; for (int i = 0; i < k; i++) o[off + i] = Float.float16ToFloat(b.getShort()); }
            }
            case 'b' -> { boolean[] o = (boolean[]) out; for (int i = 0; i < k; i++) o[off + i] = b.get() != 0; }
            case 'i' -> {
                switch (e.size) {
                    case 8 -> b.asLongBuffer().get((long[]) out, off, k);
                    case 4 -> b.asIntBuffer().get((int[]) out, off, k);
                    case 2 -> { int[] o = (int[]) out; for (int i = 0; i < k; i++) o[off + i] = b.getShort(); }
                    default -> { int[] o = (int[]) out; for (int i = 0; i < k; i++) o[off + i] = b.get(); }
                }
            }
            case 'u' -> {
                switch (e.size) {
                    case 8 -> {
                        long[] o = (long[]) out;
                        for (int i = 0; i < k; i++) {
                            long v = b.getLong();
                            if (v < 0) throw new FormatException(name + ": uint64 element " + (off + i) + " is " + Long.toUnsignedString(v)
                                    + ", larger than int64 can hold; jkeras reads uint64 as int64");
                            o[off + i] = v;
                        }
                    }
                    case 4 -> { long[] o = (long[]) out; for (int i = 0; i < k; i++) o[off + i] = Integer.toUnsignedLong(b.getInt()); }
                    case 2 -> { int[] o = (int[]) out; for (int i = 0; i < k; i++) o[off + i] = Short.toUnsignedInt(b.getShort()); }
                    default -> { int[] o = (int[]) out; for (int i = 0; i < k; i++) o[off + i] = Byte.toUnsignedInt(b.get()); }
                }
            }
            default -> throw new AssertionError(e.kind);
        }
    }

    private static Header readHeader(Source src, String name) throws IOException {
        long size = src.size();
        if (size < 10) throw new FormatException(name + " is not a .npy file: it has " + size + " bytes, fewer than the 10 of the smallest header");
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        pre.limit((int) Math.min(12, size));
        src.readFully(0, pre);
        byte[] p = pre.array();
        for (int i = 0; i < MAGIC.length; i++) {
            if (p[i] != MAGIC[i]) throw new FormatException(name + " is not a .npy file: it does not start with the magic string \\x93NUMPY");
        }
        int major = p[6] & 0xff, minor = p[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) throw new FormatException(name + " has .npy format version " + major + "." + minor
                + "; this reader knows versions 1.0, 2.0 and 3.0");
        long headerLen;
        int preamble;
        if (major == 1) {
            headerLen = pre.getShort(8) & 0xffff;
            preamble = 10;
        } else {
            if (size < 12) throw new FormatException(name + " is truncated inside its header (" + size + " bytes)");
            headerLen = pre.getInt(8) & 0xffffffffL;
            preamble = 12;
        }
        if (headerLen > MAX_HEADER_BYTES) throw new FormatException(name + " declares a header of " + headerLen + " bytes; at most "
                + MAX_HEADER_BYTES + " are accepted (a real .npy header is a few hundred bytes)");
        if (preamble + headerLen > size) throw new FormatException(name + " is truncated: its header declares " + headerLen
                + " bytes but the file has only " + (size - preamble) + " after the preamble");
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        src.readFully(preamble, hb);
        String text = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            dict = new LiteralParser(text).parseDict();
        } catch (IllegalArgumentException e) {
            throw new FormatException(name + " has a malformed header (" + e.getMessage() + "): " + abbreviate(text));
        }
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) throw new FormatException(name
                + " has header keys " + dict.keySet() + "; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
        if (!(dict.get("descr") instanceof String descr)) throw new FormatException(name + " has descr " + dict.get("descr")
                + ": structured (record) arrays are not supported, only plain numeric and bool arrays");
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) throw new FormatException(name + ": 'fortran_order' must be True or False, got "
                + dict.get("fortran_order"));
        if (!(dict.get("shape") instanceof List<?> dims)) throw new FormatException(name + ": 'shape' must be a tuple of integers, got "
                + dict.get("shape"));
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0) throw new FormatException(name + ": shape " + dims + " must hold non-negative integers");
            if (d > Integer.MAX_VALUE) throw new FormatException(name + ": dimension " + d + " of shape " + dims + " is larger than "
                    + Integer.MAX_VALUE);
            shape[i] = (int) (long) d;
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw new FormatException(name + ": shape " + dims + " has more elements than fit in 64 bits");
            }
        }
        Element element = parseDescr(descr, name);
        try {
            Math.multiplyExact(count, (long) element.size);
        } catch (ArithmeticException e) {
            throw new FormatException(name + ": shape " + dims + " of '" + descr + "' needs more bytes than fit in 64 bits");
        }
        return new Header(element, fortran, shape, count, preamble + headerLen);
    }

    private static Element parseDescr(String descr, String name) throws FormatException {
        String unsupported = name + " holds dtype '" + descr + "', which jkeras does not read: supported are float16/32/64, "
                + "int8/16/32/64, uint8/16/32/64 and bool (e.g. '<f4', '>i8', '|b1')";
        if (descr.length() < 3) throw new FormatException(unsupported);
        char bo = descr.charAt(0), kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw new FormatException(unsupported);
        }
        ByteOrder order = switch (bo) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '|', '=' -> ByteOrder.nativeOrder();
            default -> throw new FormatException(unsupported);
        };
        boolean ok = switch (kind) {
            case 'f' -> size == 2 || size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        if (!ok) throw new FormatException(unsupported);
        return new Element(kind, size, order, descr);
    }

    private static String shapeText(int[] shape) { return Shape.of(shape).toString(); }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    /**
     * Parses the Python literal subset a .npy header uses: a dict with string keys whose values are
     * strings, True/False, integers, or tuples/lists of those. Nothing is evaluated.
     */
    private static final class LiteralParser {
        private final String s;
        private int i;
        private int depth;

        LiteralParser(String s) { this.s = s; }

        Map<String, Object> parseDict() {
            skip();
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            skip();
            while (peek() != '}') {
                Object k = value();
                if (!(k instanceof String key)) throw new IllegalArgumentException("dict key " + k + " is not a string");
                skip();
                expect(':');
                Object v = value();
                if (m.put(key, v) != null) throw new IllegalArgumentException("duplicate key '" + key + "'");
                skip();
                if (peek() == ',') { i++; skip(); } else if (peek() != '}') throw error("',' or '}'");
            }
            i++;
            skip();
            if (i != s.length()) throw new IllegalArgumentException("unexpected text after the dict at offset " + i);
            return m;
        }

        private Object value() {
            skip();
            char c = peek();
            if (c == '\'' || c == '"') return string(c);
            if (c == '(' || c == '[') return sequence(c == '(' ? ')' : ']');
            if (c == '-' || c == '+' || Character.isDigit(c)) return integer();
            if (s.startsWith("True", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("False", i)) { i += 5; return Boolean.FALSE; }
            throw error("a string, integer, True, False or tuple");
        }

        private String string(char quote) {
            int start = ++i;
            while (i < s.length() && s.charAt(i) != quote) {
                if (s.charAt(i) == '\\') throw new IllegalArgumentException("escape sequences in strings are not supported");
                i++;
            }
            if (i >= s.length()) throw new IllegalArgumentException("unterminated string");
            return s.substring(start, i++);
        }

        private List<Object> sequence(char close) {
            if (++depth > 4) throw new IllegalArgumentException("tuples nested more than 4 deep");
            i++;
            List<Object> out = new ArrayList<>();
            skip();
            while (peek() != close) {
                if (out.size() > 64) throw new IllegalArgumentException("more than 64 items in a tuple");
                out.add(value());
                skip();
                if (peek() == ',') { i++; skip(); } else if (peek() != close) throw error("',' or '" + close + "'");
            }
            i++;
            depth--;
            return out;
        }

        private Long integer() {
            int start = i;
            if (peek() == '-' || peek() == '+') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            while (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++;   // Python 2 longs: (3L, 4L)
            String t = s.substring(start, i).replace("L", "").replace("l", "");
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' is not an integer that fits 64 bits");
            }
        }

        private void skip() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        private char peek() {
            if (i >= s.length()) throw new IllegalArgumentException("the header ends early");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw error("'" + c + "'");
            i++;
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("expected " + expected + " at offset " + i + ", found '" + s.charAt(i) + "'");
        }
    }

    // ================================================================ writing

    /**
     * Writes {@code t} as a version 1.0 {@code .npy} file in C order, little-endian ({@code '<f4'},
     * {@code '<f8'}, {@code '<i4'}, {@code '<i8'} or {@code '|b1'}), replacing {@code path} atomically.
     */
    public static void write(Path path, Tensor t) throws IOException {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, ByteBuffer.wrap(header(t)));
                int n = t.size(), size = t.dtype().byteSize(), per = CHUNK / size;
                ByteBuffer buf = ByteBuffer.allocate(Math.max(size, Math.min(n, per) * size)).order(ByteOrder.LITTLE_ENDIAN);
                for (int done = 0; done < n; done += per) {
                    int k = Math.min(per, n - done);
                    buf.clear();
                    encode(t, done, k, buf);
                    buf.flip();
                    writeFully(ch, buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /** {@code t} as the bytes of a {@code .npy} file (see {@link #write}). */
    public static byte[] toBytes(Tensor t) {
        byte[] h = header(t);
        long total = h.length + (long) t.size() * t.dtype().byteSize();
        if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("A tensor of shape " + t.shape() + " (" + total
                + " bytes as .npy) does not fit in a byte array; use Npy.write(Path, Tensor)");
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(h);
        encode(t, 0, t.size(), buf);
        return buf.array();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static void encode(Tensor t, int off, int k, ByteBuffer b) {
        int start = b.position();
        switch (t.dtype()) {
            case FLOAT32 -> { b.asFloatBuffer().put(t.floats(), off, k); b.position(start + 4 * k); }
            case FLOAT64 -> { b.asDoubleBuffer().put(t.doubles(), off, k); b.position(start + 8 * k); }
            case INT32 -> { b.asIntBuffer().put(t.ints(), off, k); b.position(start + 4 * k); }
            case INT64 -> { b.asLongBuffer().put(t.longs(), off, k); b.position(start + 8 * k); }
            case BOOL -> { boolean[] v = t.booleans(); for (int i = 0; i < k; i++) b.put((byte) (v[off + i] ? 1 : 0)); }
        }
    }

    /** Magic, version 1.0, header length and the header dict padded with spaces to a multiple of 64 bytes. */
    private static byte[] header(Tensor t) {
        String descr = switch (t.dtype()) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case BOOL -> "|b1";
        };
        int[] d = t.shape().toArray();
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < d.length; i++) shape.append(i == 0 ? "" : ", ").append(d[i]);
        if (d.length == 1) shape.append(',');
        shape.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String text = dict + " ".repeat(total - unpadded) + "\n";
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) body.length).put(body);
        return b.array();
    }
}
