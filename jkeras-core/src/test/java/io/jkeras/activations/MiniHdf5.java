package io.jkeras.activations;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only reader for the small HDF5 files h5py writes by default (superblock 0, groups as
 * symbol tables, version-1 object headers, contiguous or compact little-endian float32 datasets).
 * It is just enough to read weights out of a Keras {@code model.weights.h5}; the real reader
 * belongs in io.jkeras.saving. Anything else (chunked or filtered data, other superblocks) fails
 * with a clear message.
 */
public final class MiniHdf5 {
    /** A float32 dataset: its shape and values. */
    public record Dataset(int[] shape, float[] data) {}

    private final ByteBuffer buf;

    private MiniHdf5(byte[] bytes) { this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN); }

    public static MiniHdf5 open(Path p) throws IOException { return new MiniHdf5(Files.readAllBytes(p)); }

    public static MiniHdf5 of(byte[] bytes) { return new MiniHdf5(bytes); }

    /** Every float32 dataset in the file, by full path ("layers/dense/vars/0"), in name order. */
    public Map<String, Dataset> datasets() {
        byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        for (int i = 0; i < 8; i++) if (buf.get(i) != sig[i]) throw new IllegalStateException("not an HDF5 file");
        int version = buf.get(8);
        if (version != 0) throw new IllegalStateException("MiniHdf5 reads superblock version 0 only, found " + version);
        if (buf.get(13) != 8 || buf.get(14) != 8) throw new IllegalStateException("MiniHdf5 needs 8-byte offsets and lengths");
        // root group symbol table entry at 56: name offset, object header address, cache type, reserved, scratch
        long rootHeader = buf.getLong(56 + 8);
        Map<String, Dataset> out = new LinkedHashMap<>();
        walk(rootHeader, "", out);
        return out;
    }

    private void walk(long headerAddr, String path, Map<String, Dataset> out) {
        List<long[]> msgs = messages(headerAddr);   // {type, offset, size}
        long btree = -1, heap = -1;
        int[] shape = null;
        long dataAddr = -1, dataSize = -1;
        boolean isFloat32 = false;
        for (long[] m : msgs) {
            int type = (int) m[0];
            int o = (int) m[1];
            switch (type) {
                case 0x11 -> { btree = buf.getLong(o); heap = buf.getLong(o + 8); }
                case 0x01 -> shape = dataspace(o);
                case 0x03 -> {
                    int classAndVersion = buf.get(o) & 0xff;
                    int cls = classAndVersion & 0x0f;
                    int bits0 = buf.get(o + 1) & 0xff;
                    int size = buf.getInt(o + 4);
                    isFloat32 = cls == 1 && size == 4 && (bits0 & 1) == 0;
                }
                case 0x08 -> {
                    int v = buf.get(o);
                    if (v != 3) throw new IllegalStateException("MiniHdf5 reads layout message version 3 only, found " + v + " at " + path);
                    int cls = buf.get(o + 1);
                    if (cls == 0) { dataSize = buf.getShort(o + 2) & 0xffff; dataAddr = o + 4; }
                    else if (cls == 1) { dataAddr = buf.getLong(o + 2); dataSize = buf.getLong(o + 10); }
                    else throw new IllegalStateException("MiniHdf5 cannot read chunked dataset " + path);
                }
                case 0x0b -> throw new IllegalStateException("MiniHdf5 cannot read filtered (compressed) dataset " + path);
                default -> { }
            }
        }
        if (btree >= 0) {
            for (Map.Entry<String, Long> e : groupEntries(btree, heap).entrySet()) {
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "/" + e.getKey(), out);
            }
        } else if (shape != null && dataAddr >= 0) {
            if (!isFloat32) return;   // skip non-float32 data (none in a float32 model's weights)
            long n = 1;
            for (int d : shape) n *= d;
            float[] f = new float[(int) n];
            if (dataAddr != 0xffffffffffffffffL) {   // undefined address: never written (all zeros)
                if (dataSize < n * 4) throw new IllegalStateException("dataset " + path + " is shorter than its shape");
                for (int i = 0; i < n; i++) f[i] = buf.getFloat((int) dataAddr + 4 * i);
            }
            out.put(path, new Dataset(shape, f));
        }
    }

    private int[] dataspace(int o) {
        int version = buf.get(o);
        int rank = buf.get(o + 1) & 0xff;
        int start = version == 1 ? o + 8 : o + 4;
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = (int) buf.getLong(start + 8 * i);
        return s;
    }

    /** The messages of a version-1 object header, following continuation blocks. */
    private List<long[]> messages(long addr) {
        int a = (int) addr;
        if (buf.get(a) != 1) throw new IllegalStateException("MiniHdf5 reads version-1 object headers only (at " + addr + ")");
        int count = buf.getShort(a + 2) & 0xffff;
        int size = buf.getInt(a + 8);
        List<long[]> out = new ArrayList<>();
        List<long[]> blocks = new ArrayList<>();
        blocks.add(new long[] {a + 16, size});
        for (int b = 0; b < blocks.size() && out.size() < count; b++) {
            long p = blocks.get(b)[0], end = p + blocks.get(b)[1];
            while (p + 8 <= end && out.size() < count) {
                int type = buf.getShort((int) p) & 0xffff;
                int len = buf.getShort((int) p + 2) & 0xffff;
                long data = p + 8;
                if (type == 0x10) blocks.add(new long[] {buf.getLong((int) data), buf.getLong((int) data + 8)});
                out.add(new long[] {type, data, len});
                p = data + len;
            }
        }
        return out;
    }

    /** name -> object header address of a symbol-table group (B-tree version 1 + local heap). */
    private Map<String, Long> groupEntries(long btree, long heap) {
        int h = (int) heap;
        if (buf.get(h) != 'H' || buf.get(h + 1) != 'E') throw new IllegalStateException("bad local heap at " + heap);
        long heapData = buf.getLong(h + 24);
        Map<String, Long> out = new java.util.TreeMap<>();
        collect(btree, heapData, out);
        return out;
    }

    private void collect(long node, long heapData, Map<String, Long> out) {
        int n = (int) node;
        if (buf.get(n) == 'S' && buf.get(n + 1) == 'N') {   // SNOD: symbol table node
            int count = buf.getShort(n + 6) & 0xffff;
            for (int i = 0; i < count; i++) {
                int e = n + 8 + 40 * i;
                long nameOff = buf.getLong(e);
                long header = buf.getLong(e + 8);
                out.put(cString((int) (heapData + nameOff)), header);
            }
            return;
        }
        if (buf.get(n) != 'T' || buf.get(n + 1) != 'R') throw new IllegalStateException("bad B-tree node at " + node);
        int entries = buf.getShort(n + 6) & 0xffff;
        // keys (8 bytes) and children (8 bytes) interleave after the 24-byte node header
        for (int i = 0; i < entries; i++) {
            long child = buf.getLong(n + 24 + 8 + 16 * i);
            collect(child, heapData, out);
        }
    }

    private String cString(int at) {
        int e = at;
        while (buf.get(e) != 0) e++;
        byte[] b = new byte[e - at];
        buf.get(at, b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
