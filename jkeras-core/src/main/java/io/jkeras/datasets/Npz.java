package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Just enough of NumPy's {@code .npz} (a zip of {@code .npy} files) to read Keras's dataset files,
 * such as {@code mnist.npz}. Integer arrays become int32 tensors (int64 values must fit), floats
 * keep their width. Fortran-ordered arrays and object arrays are refused; nothing is unpickled.
 */
final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npz() {}

    /**
     * Reads the arrays {@code names} (without the ".npy" suffix) from the npz file.
     *
     * @param maxEntryBytes bound on one array's uncompressed size
     */
    static Map<String, Tensor> read(Path file, Set<String> names, long maxEntryBytes) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : readEntries(file, names, maxEntryBytes).entrySet())
            out.put(e.getKey(), parseNpy(e.getValue(), file + "!" + e.getKey() + ".npy"));
        return out;
    }

    /** The raw {@code .npy} bytes of the arrays {@code names}, unparsed (for the object arrays {@link Reuters} reads). */
    static Map<String, byte[]> readEntries(Path file, Set<String> names, long maxEntryBytes) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String name : names) {
                ZipEntry e = zip.getEntry(name + ".npy");
                if (e == null) throw new IOException(file + " has no array '" + name + "' (no entry " + name + ".npy)");
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = Idx.readBounded(in, maxEntryBytes, file + "!" + e.getName());
                }
                out.put(name, bytes);
            }
        }
        return out;
    }

    /**
     * A {@code .npy} header: the dtype string as written ({@code "<i8"}, {@code "|O"}), the order,
     * the shape, and where the data starts.
     */
    record Header(String descr, boolean fortranOrder, int[] shape, long count, int dataStart) {}

    /** Parses one {@code .npy} file's header (format versions 1, 2 and 3) without looking at the dtype. */
    static Header header(byte[] b, String source) throws IOException {
        if (b.length < 10) throw new IOException(source + " is truncated: not a .npy file");
        for (int i = 0; i < MAGIC.length; i++)
            if (b[i] != MAGIC[i]) throw new IOException(source + " does not start with the .npy magic \\x93NUMPY");
        int major = b[6] & 0xFF;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int dataStart;
        if (major == 1) { headerLen = bb.getShort(8) & 0xFFFF; dataStart = 10; }
        else if (major == 2 || major == 3) {
            if (b.length < 12) throw new IOException(source + " is truncated");
            headerLen = bb.getInt(8) & 0xFFFFFFFFL; dataStart = 12;
        } else throw new IOException(source + " has .npy format version " + major + "; versions 1 to 3 are supported");
        if (dataStart + headerLen > b.length) throw new IOException(source + " is truncated inside its header");
        String header = new String(b, dataStart, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        dataStart += (int) headerLen;

        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IOException(source + " has a .npy header without descr, fortran_order and shape: " + header.strip());
        String descr = d.group(1);
        List<Integer> dimList = new ArrayList<>();
        long count = 1;
        for (String part : s.group(1).split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            long v;
            try { v = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p); }
            catch (NumberFormatException e) { throw new IOException(source + " has a bad shape entry '" + p + "'"); }
            if (v < 0 || v > Integer.MAX_VALUE) throw new IOException(source + " has a bad dimension " + v);
            count *= v;
            if (count > Idx.MAX_BYTES) throw new IOException(source + " has too many elements for one Java array");
            dimList.add((int) v);
        }
        int[] dims = dimList.stream().mapToInt(Integer::intValue).toArray();
        return new Header(descr, f.group(1).equals("True"), dims, count, dataStart);
    }

    /** Parses one {@code .npy} file's bytes (format versions 1, 2 and 3). */
    static Tensor parseNpy(byte[] b, String source) throws IOException {
        Header h = header(b, source);
        String descr = h.descr();
        if (h.fortranOrder()) throw new IOException(source + " is Fortran-ordered; only C-ordered arrays are supported");
        if (descr.equals("|O")) throw new IOException(source + " has unsupported dtype '|O' (an object array, stored as a pickle); "
                + "only the Reuters loader reads those, through its restricted reader");
        int[] dims = h.shape();
        long count = h.count();
        int dataStart = h.dataStart();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        String shapeText = java.util.Arrays.toString(dims);
        char order = descr.isEmpty() ? '?' : descr.charAt(0);
        String kind = descr.length() > 1 ? descr.substring(1) : "";
        if (order == '>' && !kind.equals("u1") && !kind.equals("i1") && !kind.equals("b1"))
            throw new IOException(source + " is big-endian ('" + descr + "'); only little-endian arrays are supported");
        if (order != '<' && order != '|' && order != '>') throw new IOException(source + " has unsupported dtype '" + descr + "'");
        int elem = switch (kind) {
            case "u1", "i1", "b1" -> 1;
            case "u2", "i2" -> 2;
            case "i4", "u4", "f4" -> 4;
            case "i8", "f8" -> 8;
            default -> throw new IOException(source + " has unsupported dtype '" + descr + "'; supported: u1, i1, b1, u2, i2, i4, u4, i8, f4, f8");
        };
        long need = dataStart + count * elem;
        if (b.length != need) throw new IOException(source + " has " + b.length + " bytes; its header (" + descr
                + ", shape " + shapeText + ") needs " + need);
        int n = (int) count;
        ByteBuffer data = bb.position(dataStart).slice().order(ByteOrder.LITTLE_ENDIAN);
        Shape shape = Shape.of(dims);
        switch (kind) {
            case "f4" -> { float[] a = new float[n]; data.asFloatBuffer().get(a); return Tensor.wrap(a, shape); }
            case "f8" -> { double[] a = new double[n]; data.asDoubleBuffer().get(a); return Tensor.wrap(a, shape); }
            default -> {
                int[] a = new int[n];
                switch (kind) {
                    case "u1", "b1" -> { for (int i = 0; i < n; i++) a[i] = data.get(i) & 0xFF; }
                    case "i1" -> { for (int i = 0; i < n; i++) a[i] = data.get(i); }
                    case "u2" -> { for (int i = 0; i < n; i++) a[i] = data.getShort(2 * i) & 0xFFFF; }
                    case "i2" -> { for (int i = 0; i < n; i++) a[i] = data.getShort(2 * i); }
                    case "i4" -> data.asIntBuffer().get(a);
                    default -> {   // u4, i8: values must fit int32
                        for (int i = 0; i < n; i++) {
                            long v = kind.equals("u4") ? data.getInt(4 * i) & 0xFFFFFFFFL : data.getLong(8 * i);
                            if (v != (int) v) throw new IOException(source + " has value " + v + " at index " + i + ", outside int32");
                            a[i] = (int) v;
                        }
                    }
                }
                return Tensor.wrap(a, shape);
            }
        }
    }
}
