package io.jkeras.callbacks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent reader of TensorBoard event files for the tests: TFRecord framing (little-endian
 * u64 length, masked CRC32C of the length, data, masked CRC32C of the data, with a bitwise CRC32C
 * of its own, not the JDK's) and a generic protocol-buffer decoder, with the field numbers of
 * TensorFlow's event.proto, summary.proto, graph.proto, node_def.proto and attr_value.proto.
 */
final class EventFileReader {
    private EventFileReader() {}

    /** A decoded message: field number to the values seen, in order (Long for varint/fixed64, Integer for fixed32, byte[] for LEN). */
    static final class Msg {
        final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

        List<Object> all(int f) { return fields.getOrDefault(f, List.of()); }
        boolean has(int f) { return fields.containsKey(f); }
        long varint(int f) { return (Long) all(f).get(0); }
        double dbl(int f) { return Double.longBitsToDouble((Long) all(f).get(0)); }
        float flt(int f) { return Float.intBitsToFloat((Integer) all(f).get(0)); }
        byte[] bytes(int f) { return (byte[]) all(f).get(0); }
        String str(int f) { return new String(bytes(f), StandardCharsets.UTF_8); }
        Msg msg(int f) { return decode(bytes(f)); }
        List<Msg> msgs(int f) { return all(f).stream().map(o -> decode((byte[]) o)).toList(); }
        List<String> strs(int f) { return all(f).stream().map(o -> new String((byte[]) o, StandardCharsets.UTF_8)).toList(); }
        double[] packedDoubles(int f) {
            ByteBuffer b = ByteBuffer.wrap(bytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[b.remaining() / 8];
            for (int i = 0; i < out.length; i++) out[i] = b.getDouble();
            return out;
        }
    }

    static Msg decode(byte[] data) {
        Msg m = new Msg();
        int[] pos = {0};
        while (pos[0] < data.length) {
            long key = readVarint(data, pos);
            int field = (int) (key >>> 3), wire = (int) (key & 7);
            Object v = switch (wire) {
                case 0 -> readVarint(data, pos);
                case 1 -> { long x = ByteBuffer.wrap(data, pos[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong(); pos[0] += 8; yield x; }
                case 5 -> { int x = ByteBuffer.wrap(data, pos[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt(); pos[0] += 4; yield x; }
                case 2 -> {
                    int n = (int) readVarint(data, pos);
                    byte[] b = java.util.Arrays.copyOfRange(data, pos[0], pos[0] + n);
                    pos[0] += n;
                    yield b;
                }
                default -> throw new IllegalStateException("unexpected wire type " + wire);
            };
            m.fields.computeIfAbsent(field, k -> new ArrayList<>()).add(v);
        }
        return m;
    }

    private static long readVarint(byte[] d, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = d[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
    }

    /** Bitwise CRC32C (Castagnoli, reflected polynomial 0x82F63B78). */
    static int crc32c(byte[] data, int off, int len) {
        int crc = 0xFFFFFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xFF;
            for (int k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
        }
        return ~crc;
    }

    static int masked(int crc) { return ((crc >>> 15) | (crc << 17)) + 0xa282ead8; }

    /** Every Event in the file, each record's two checksums verified. */
    static List<Msg> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<Msg> events = new ArrayList<>();
        while (b.hasRemaining()) {
            int start = b.position();
            long len = b.getLong();
            int lenCrc = b.getInt();
            if (lenCrc != masked(crc32c(all, start, 8))) throw new IllegalStateException("bad length checksum at " + start);
            byte[] data = new byte[(int) len];
            b.get(data);
            int dataCrc = b.getInt();
            if (dataCrc != masked(crc32c(data, 0, data.length))) throw new IllegalStateException("bad data checksum at " + start);
            events.add(decode(data));
        }
        return events;
    }

    /** A scalar or histogram summary value with its event's step. */
    record Value(long step, String tag, Msg value) {}

    /** All summary values (Event.summary = 5, Summary.value = 1). */
    static List<Value> values(List<Msg> events) {
        List<Value> out = new ArrayList<>();
        for (Msg e : events) {
            if (!e.has(5)) continue;
            long step = e.has(2) ? e.varint(2) : 0;
            for (Msg v : e.msg(5).msgs(1)) out.add(new Value(step, v.str(1), v));
        }
        return out;
    }

    /** The single event file in {@code dir}. */
    static Path only(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().contains("tfevents")).toList();
            if (files.size() != 1) throw new IllegalStateException("expected one event file in " + dir + ", found " + files);
            return files.get(0);
        }
    }
}
