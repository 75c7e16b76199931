package io.jkeras.data;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Dataset#cache(Path)}: the first complete pass streams the elements into a temporary file
 * next to the cache file and renames it into place when the pass ends; later passes (and later
 * runs) stream from the file. A pass that stops early deletes its temporary file, so a cache file
 * only exists complete; its trailer (element count and an end marker) is checked before use.
 *
 * <p>File layout (big-endian, as {@link DataOutputStream} writes): magic {@code "JKDSCACHE1"},
 * then per element a tag byte (0 Tensor, 1 Sample, 2 List of Tensor, 3 TextSample) and its parts,
 * then the tag 0x7F, the element count (long) and the magic again. A tensor is its dtype name, its
 * rank and dims, then its values little-endian.
 */
final class DiskCache {
    private static final byte[] MAGIC = "JKDSCACHE1".getBytes(StandardCharsets.US_ASCII);
    private static final int TRAILER = 1 + 8 + 10;
    private static final byte T_TENSOR = 0, T_SAMPLE = 1, T_LIST = 2, T_TEXT = 3, T_END = 0x7F;

    private DiskCache() {}

    static <T> Dataset<T> cache(Dataset<T> up, Path file) {
        if (up.cardinality() == Dataset.INFINITE) throw new IllegalArgumentException("cache(" + file + ") of an infinite dataset would never "
                + "complete; cache before repeat(), e.g. ds.cache(file).repeat()");
        Path f = file.toAbsolutePath();
        if (Files.isDirectory(f)) throw new IllegalArgumentException("cache(" + file + "): that path is a folder; name a file, e.g. "
                + f.resolve("train.cache"));
        return Dataset.create(up.cardinality(), () -> isComplete(f) ? reader(f) : writer(up, f));
    }

    /** Whether {@code f} is a finished cache file: magic at the start, the end marker at the end. */
    static boolean isComplete(Path f) {
        if (!Files.isRegularFile(f)) return false;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long len = raf.length();
            if (len < MAGIC.length + TRAILER) return false;
            byte[] head = new byte[MAGIC.length], tail = new byte[TRAILER];
            raf.readFully(head);
            raf.seek(len - TRAILER);
            raf.readFully(tail);
            if (!java.util.Arrays.equals(head, MAGIC) || tail[0] != T_END) return false;
            return java.util.Arrays.equals(java.util.Arrays.copyOfRange(tail, 9, TRAILER), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- writing

    private static <T> DatasetIterator<T> writer(Dataset<T> up, Path f) {
        Path tmp = f.resolveSibling("." + f.getFileName() + "." + Long.toHexString(new SecureRandom().nextLong()) + ".partial");
        DataOutputStream out;
        try {
            if (f.getParent() != null) Files.createDirectories(f.getParent());
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
            out.write(MAGIC);
        } catch (IOException e) {
            throw new UncheckedIOException("cache: cannot write " + tmp + ": " + e.getMessage(), e);
        }
        DatasetIterator<T> in;
        try {
            in = up.iterator();
        } catch (RuntimeException e) {
            discard(out, tmp);
            throw e;
        }
        return new AbstractDatasetIterator<T>() {
            long count;
            boolean finished;

            @Override protected T computeNext() {
                if (in.hasNext()) {
                    T t = in.next();
                    try {
                        write(out, t);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cache: cannot write " + tmp + ": " + e.getMessage(), e);
                    }
                    count++;
                    return t;
                }
                try {
                    out.writeByte(T_END);
                    out.writeLong(count);
                    out.write(MAGIC);
                    out.close();
                    try {
                        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                    }
                    finished = true;
                } catch (IOException e) {
                    throw new UncheckedIOException("cache: cannot finish " + f + ": " + e.getMessage(), e);
                }
                return endOfData();
            }

            @Override protected void onClose() {
                try {
                    in.close();
                } finally {
                    if (!finished) discard(out, tmp);   // an interrupted pass leaves no cache behind
                }
            }
        };
    }

    private static void discard(DataOutputStream out, Path tmp) {
        try { out.close(); } catch (IOException ignored) { /* deleting it anyway */ }
        try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* a stray .partial file is never read */ }
    }

    private static void write(DataOutputStream out, Object e) throws IOException {
        switch (e) {
            case Tensor t -> { out.writeByte(T_TENSOR); writeTensor(out, t); }
            case Sample s -> {
                out.writeByte(T_SAMPLE);
                writeTensors(out, s.inputs());
                writeTensors(out, s.targets());
                out.writeBoolean(s.sampleWeight() != null);
                if (s.sampleWeight() != null) writeTensor(out, s.sampleWeight());
            }
            case TextSample ts -> {
                out.writeByte(T_TEXT);
                out.writeInt(ts.size());
                for (String s : ts.texts()) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(b.length);
                    out.write(b);
                }
                out.writeBoolean(ts.labels() != null);
                if (ts.labels() != null) writeTensor(out, ts.labels());
            }
            case List<?> l when l.stream().allMatch(o -> o instanceof Tensor) -> {
                out.writeByte(T_LIST);
                List<Tensor> ts = new ArrayList<>();
                for (Object o : l) ts.add((Tensor) o);
                writeTensors(out, ts);
            }
            default -> throw new IllegalArgumentException("cache(file) stores elements that are Tensor, Sample, TextSample or List<Tensor>; "
                    + "received " + e.getClass().getSimpleName() + ". Use cache() (in memory) for other element types, or map them first.");
        }
    }

    private static void writeTensors(DataOutputStream out, List<Tensor> ts) throws IOException {
        out.writeInt(ts.size());
        for (Tensor t : ts) writeTensor(out, t);
    }

    private static void writeTensor(DataOutputStream out, Tensor t) throws IOException {
        out.writeUTF(t.dtype().name());
        out.writeInt(t.rank());
        for (int d : t.shape().toArray()) out.writeInt(d);
        int n = t.size();
        ByteBuffer bb = ByteBuffer.allocate(n * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.array()) {
            case float[] a -> bb.asFloatBuffer().put(a);
            case double[] a -> bb.asDoubleBuffer().put(a);
            case int[] a -> bb.asIntBuffer().put(a);
            case long[] a -> bb.asLongBuffer().put(a);
            case boolean[] a -> { for (int i = 0; i < n; i++) bb.put(i, (byte) (a[i] ? 1 : 0)); }
            default -> throw new IllegalStateException("unexpected tensor storage " + t.array().getClass());
        }
        out.write(bb.array());
    }

    // ---------------------------------------------------------------- reading

    private static <T> DatasetIterator<T> reader(Path f) {
        DataInputStream in;
        try {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16));
            byte[] head = new byte[MAGIC.length];
            in.readFully(head);
        } catch (IOException e) {
            throw new UncheckedIOException("cache: cannot read " + f + ": " + e.getMessage(), e);
        }
        return new AbstractDatasetIterator<T>() {
            @SuppressWarnings("unchecked")
            @Override protected T computeNext() {
                try {
                    byte tag = in.readByte();
                    return tag == T_END ? endOfData() : (T) read(in, tag);
                } catch (EOFException e) {
                    throw new IllegalStateException("cache file " + f + " ends early; it was changed after it was written. Delete it to rebuild it.", e);
                } catch (IOException e) {
                    throw new UncheckedIOException("cache: cannot read " + f + ": " + e.getMessage(), e);
                }
            }

            @Override protected void onClose() {
                try { in.close(); } catch (IOException ignored) { /* read-only */ }
            }
        };
    }

    private static Object read(DataInputStream in, byte tag) throws IOException {
        return switch (tag) {
            case T_TENSOR -> readTensor(in);
            case T_SAMPLE -> {
                List<Tensor> x = readTensors(in), y = readTensors(in);
                yield new Sample(x, y, in.readBoolean() ? readTensor(in) : null);
            }
            case T_TEXT -> {
                int n = in.readInt();
                List<String> texts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    texts.add(new String(b, StandardCharsets.UTF_8));
                }
                yield new TextSample(texts, in.readBoolean() ? readTensor(in) : null);
            }
            case T_LIST -> List.copyOf(readTensors(in));
            default -> throw new IOException("unknown element tag " + tag + "; the file is not a jkeras cache or is damaged");
        };
    }

    private static List<Tensor> readTensors(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Tensor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(readTensor(in));
        return out;
    }

    private static Tensor readTensor(DataInputStream in) throws IOException {
        DType dt = DType.valueOf(in.readUTF());
        int rank = in.readInt();
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = in.readInt();
        Shape shape = Shape.of(dims);
        int n = shape.intSize();
        byte[] raw = new byte[n * dt.byteSize()];
        in.readFully(raw);
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        Object a = Tensor.allocate(dt, n);
        switch (a) {
            case float[] v -> bb.asFloatBuffer().get(v);
            case double[] v -> bb.asDoubleBuffer().get(v);
            case int[] v -> bb.asIntBuffer().get(v);
            case long[] v -> bb.asLongBuffer().get(v);
            case boolean[] v -> { for (int i = 0; i < n; i++) v[i] = raw[i] != 0; }
            default -> throw new IllegalStateException("unexpected storage " + a.getClass());
        }
        return Tensor.wrap(a, shape);
    }
}
