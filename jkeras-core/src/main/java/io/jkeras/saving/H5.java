package io.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Read access to an untrusted HDF5 file through jHDF, limited to what Keras files use: groups
 * reached by name (soft and external links are refused, as Keras refuses them), string attributes,
 * and numeric datasets whose declared size is checked against the file before they are read.
 * Every failure inside jHDF becomes a one-line {@link ModelFormatException} naming the file part.
 */
final class H5 implements AutoCloseable {
    /** Deepest group nesting walked; Keras files stay below 16. */
    static final int MAX_DEPTH = 64;
    /** Most objects (groups, datasets) walked in one file. */
    static final int MAX_NODES = 1_000_000;
    private static final int MAX_RANK = 32;

    private final HdfFile file;
    private final String source;
    private final long fileBytes;

    private H5(HdfFile file, String source, long fileBytes) {
        this.file = file;
        this.source = source;
        this.fileBytes = fileBytes;
    }

    static H5 open(byte[] bytes, String source) throws ModelFormatException {
        checkSignature(bytes.length >= 8 ? java.util.Arrays.copyOf(bytes, 8) : bytes, source);
        try {
            return checkedEnd(new H5(HdfFile.fromBytes(bytes), source, bytes.length));
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw corrupt(source, "", e);
        }
    }

    static H5 open(Path path, String source) throws ModelFormatException {
        long size;
        byte[] head = new byte[8];
        try (var in = java.nio.file.Files.newInputStream(path)) {
            size = java.nio.file.Files.size(path);
            int n = in.readNBytes(head, 0, 8);
            checkSignature(java.util.Arrays.copyOf(head, n), source);
        } catch (java.io.IOException e) {
            throw new ModelFormatException(source + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return checkedEnd(new H5(new HdfFile(path), source, size));
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw corrupt(source, "", e);
        }
    }

    /** Refuses a file shorter than the end address its superblock records (a truncated file). */
    private static H5 checkedEnd(H5 h5) throws ModelFormatException {
        long eof;
        try {
            eof = h5.file.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
        } catch (RuntimeException e) {
            h5.close();
            throw corrupt(h5.source, "", e);
        }
        if (eof > h5.fileBytes) {
            h5.close();
            throw new ModelFormatException(h5.source + ": truncated HDF5 file: it has " + h5.fileBytes + " bytes but its superblock says " + eof);
        }
        return h5;
    }

    private static void checkSignature(byte[] head, String source) throws ModelFormatException {
        byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        if (!java.util.Arrays.equals(head, sig)) throw new ModelFormatException(source + ": not an HDF5 file (bad signature)");
    }

    static ModelFormatException corrupt(String source, String path, Throwable e) {
        String msg = e.getMessage();
        Throwable c = e.getCause();
        while ((msg == null || msg.isBlank()) && c != null) { msg = c.getMessage(); c = c.getCause(); }
        if (e instanceof StackOverflowError) msg = "structure nested too deeply";
        if (e instanceof LinkageError) msg = "uses an HDF5 feature or filter jkeras does not support (" + e + ")";
        if (msg == null) msg = e.getClass().getSimpleName();
        if (msg.length() > 300) msg = msg.substring(0, 297) + "...";
        msg = msg.replace('\n', ' ');
        return new ModelFormatException(source + ": corrupted or unsupported HDF5 data" + (path.isEmpty() ? "" : " at '" + path + "'") + ": " + msg, e);
    }

    String source() { return source; }

    Group root() { return file; }

    // ------------------------------------------------------------------ navigation

    /** The child {@code name} of {@code g} if it is a group, null if absent; links and datasets are refused. */
    Group childGroup(Group g, String name) throws ModelFormatException {
        Node n = child(g, name);
        if (n == null) return null;
        if (!(n instanceof Group sub)) throw new ModelFormatException(source + ": '" + pathOf(g, name) + "' should be a group but is a dataset");
        return sub;
    }

    /** The group at a '/'-separated path below {@code g}, or null if a part is missing. */
    Group groupAt(Group g, String path) throws ModelFormatException {
        Group cur = g;
        for (String part : path.split("/")) {
            if (part.isEmpty()) throw new ModelFormatException(source + ": invalid path '" + path + "'");
            cur = childGroup(cur, part);
            if (cur == null) return null;
        }
        return cur;
    }

    /** The dataset at a '/'-separated path below {@code g}, or null if missing. */
    Dataset datasetAt(Group g, String path) throws ModelFormatException {
        int slash = path.lastIndexOf('/');
        Group parent = slash < 0 ? g : groupAt(g, path.substring(0, slash));
        if (parent == null) return null;
        String name = slash < 0 ? path : path.substring(slash + 1);
        Node n = child(parent, name);
        if (n == null) return null;
        if (!(n instanceof Dataset ds)) throw new ModelFormatException(source + ": '" + pathOf(parent, name) + "' should be a dataset but is a group");
        return ds;
    }

    /** The names of the children of {@code g}, in the file's order. */
    List<String> childNames(Group g) throws ModelFormatException {
        try {
            Map<String, Node> children = g.getChildren();
            if (children.size() > MAX_NODES) throw new ModelFormatException(source + ": group '" + g.getPath() + "' has " + children.size() + " children");
            return new ArrayList<>(children.keySet());
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw corrupt(source, safePath(g), e);
        }
    }

    private Node child(Group g, String name) throws ModelFormatException {
        Node n;
        try {
            n = g.getChild(name);
            if (n != null && n.isLink()) {
                throw new ModelFormatException(source + ": '" + pathOf(g, name) + "' is an HDF5 soft or external link; links are not allowed in model files");
            }
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw corrupt(source, pathOf(g, name), e);
        }
        return n;
    }

    private static String pathOf(Group g, String name) {
        String p = safePath(g);
        return p.endsWith("/") ? p + name : p + "/" + name;
    }

    private static String safePath(Group g) {
        try {
            return g.getPath();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------ attributes

    /**
     * A string or string-array attribute as a list (an empty array attribute gives an empty list);
     * null when absent. Keras 2 splits long lists into {@code name0}, {@code name1}, ...; those are
     * joined.
     */
    List<String> stringsAttribute(Node node, String name) throws ModelFormatException {
        try {
            Map<String, Attribute> attrs = node.getAttributes();
            if (attrs.containsKey(name)) return toStrings(attrs.get(name), node, name);
            if (!attrs.containsKey(name + "0")) return null;
            List<String> out = new ArrayList<>();
            for (int i = 0; attrs.containsKey(name + i); i++) out.addAll(toStrings(attrs.get(name + i), node, name + i));
            return out;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw corrupt(source, node.getPath() + "@" + name, e);
        }
    }

    /** A scalar string attribute, or null when absent. */
    String stringAttribute(Node node, String name) throws ModelFormatException {
        List<String> l = stringsAttribute(node, name);
        if (l == null) return null;
        if (l.size() != 1) throw new ModelFormatException(source + ": attribute '" + name + "' of '" + node.getPath() + "' should be one string, found " + l.size());
        return l.get(0);
    }

    private List<String> toStrings(Attribute a, Node node, String name) throws ModelFormatException {
        if (a.isEmpty()) return new ArrayList<>();
        Object d = a.getData();
        List<String> out = new ArrayList<>();
        if (d == null) return out;
        if (d instanceof String s) out.add(s);
        else if (d instanceof String[] arr) for (String s : arr) out.add(s);
        else if (d instanceof byte[] b) out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        else if (d.getClass().isArray() && java.lang.reflect.Array.getLength(d) == 0) return out;
        else throw new ModelFormatException(source + ": attribute '" + name + "' of '" + node.getPath() + "' should hold strings, found " + a.getJavaType().getSimpleName());
        return out;
    }

    // ------------------------------------------------------------------ datasets

    /** The dimensions of a numeric dataset, after checking its type and declared size. */
    int[] checkedShape(Dataset ds, String path, long maxBytes) throws ModelFormatException {
        try {
            if (ds.isCompound() || ds.isVariableLength()) throw new ModelFormatException(source + ": dataset '" + path + "' is not numeric");
            DataType t = ds.getDataType();
            if (!(t instanceof FloatingPoint) && !(t instanceof FixedPoint)) {
                throw new ModelFormatException(source + ": dataset '" + path + "' has type " + t.getClass().getSimpleName() + ", expected float or integer numbers");
            }
            if (t.getSize() > 8 || t.getSize() < 1) throw new ModelFormatException(source + ": dataset '" + path + "' has " + t.getSize() + "-byte elements");
            int[] dims = ds.isEmpty() ? new int[] {0} : ds.getDimensions();
            if (dims.length > MAX_RANK) throw new ModelFormatException(source + ": dataset '" + path + "' has rank " + dims.length);
            long n = 1;
            for (int d : dims) {
                if (d < 0) throw new ModelFormatException(source + ": dataset '" + path + "' has a negative dimension");
                n = Math.multiplyExact(n, d);
            }
            long bytes = Math.multiplyExact(n, t.getSize());
            if (bytes > maxBytes) throw new ModelFormatException(source + ": dataset '" + path + "' declares " + bytes + " bytes, more than the " + maxBytes + " allowed");
            if (n > Integer.MAX_VALUE - 8) throw new ModelFormatException(source + ": dataset '" + path + "' has " + n + " elements, more than a Java array holds");
            // a dataset cannot hold much more than the file (compression of real weights stays far below 1000x)
            if (bytes > (1L << 20) && bytes > 1000L * Math.max(fileBytes, 1)) {
                throw new ModelFormatException(source + ": dataset '" + path + "' declares " + bytes + " bytes in a file of " + fileBytes + " bytes; refusing a decompression bomb");
            }
            return dims;
        } catch (ArithmeticException e) {
            throw new ModelFormatException(source + ": dataset '" + path + "' declares a size that overflows");
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw corrupt(source, path, e);
        }
    }

    /** Reads a numeric dataset as a tensor (float32, float64, int32 or int64). */
    Tensor read(Dataset ds, String path, long maxBytes) throws ModelFormatException {
        int[] dims = checkedShape(ds, path, maxBytes);
        Object flat;
        try {
            flat = ds.isEmpty() ? new float[0] : ds.getDataFlat();
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw corrupt(source, path, e);
        }
        Object arr = switch (flat) {
            case float[] f -> f;
            case double[] d -> d;
            case int[] i -> i;
            case long[] l -> l;
            case short[] s -> { int[] o = new int[s.length]; for (int i = 0; i < s.length; i++) o[i] = s[i]; yield o; }
            case byte[] b -> { int[] o = new int[b.length]; for (int i = 0; i < b.length; i++) o[i] = b[i]; yield o; }
            case null, default -> throw new ModelFormatException(source + ": dataset '" + path + "' holds "
                    + (flat == null ? "nothing" : flat.getClass().getSimpleName()) + ", expected numbers");
        };
        Shape shape = dims.length == 0 ? Shape.SCALAR : Shape.of(dims);
        if (java.lang.reflect.Array.getLength(arr) != shape.size()) throw new ModelFormatException(source + ": dataset '" + path
                + "' holds " + java.lang.reflect.Array.getLength(arr) + " values but declares shape " + shape);
        return Tensor.wrap(arr, shape);
    }

    /**
     * The number of values in all numeric datasets (walking every group, refusing links, cycles and
     * absurd nesting), so that the loader can bound what a config may allocate.
     */
    long totalValues() throws ModelFormatException {
        long[] count = {0, 0};
        walk(file, 0, count);
        return count[0];
    }

    private void walk(Group g, int depth, long[] count) throws ModelFormatException {
        if (depth > MAX_DEPTH) throw new ModelFormatException(source + ": groups are nested more than " + MAX_DEPTH + " levels deep");
        for (String name : childNames(g)) {
            if (++count[1] > MAX_NODES) throw new ModelFormatException(source + ": more than " + MAX_NODES + " objects");
            Node n = child(g, name);
            if (n instanceof Group sub) walk(sub, depth + 1, count);
            else if (n instanceof Dataset ds) {
                try {
                    if (ds.isCompound() || ds.isVariableLength() || ds.isEmpty()) continue;
                    long c = 1;
                    for (int d : ds.getDimensions()) c = Math.multiplyExact(c, Math.max(d, 0));
                    count[0] = Math.addExact(count[0], c);
                } catch (ArithmeticException e) {
                    throw new ModelFormatException(source + ": dataset '" + pathOf(g, name) + "' declares a size that overflows");
                } catch (RuntimeException | StackOverflowError | LinkageError e) {
                    throw corrupt(source, pathOf(g, name), e);
                }
            }
        }
    }

    @Override public void close() {
        try {
            file.close();
        } catch (RuntimeException ignored) {
            // closing a corrupted file must not hide the error being reported
        }
    }
}
