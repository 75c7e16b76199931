package io.jkeras.callbacks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protocol-buffer wire-format writes that TensorBoard event files need (varints,
 * fixed 32/64-bit fields, length-delimited fields), so jkeras writes them without a protobuf
 * dependency.
 */
final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static final int VARINT = 0, I64 = 1, LEN = 2, I32 = 5;

    private void tag(int field, int wire) { varint(((long) field << 3) | wire); }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    Proto int64(int field, long v) { tag(field, VARINT); varint(v); return this; }

    Proto bool(int field, boolean v) { tag(field, VARINT); varint(v ? 1 : 0); return this; }

    Proto dbl(int field, double v) { tag(field, I64); fixed64(Double.doubleToRawLongBits(v)); return this; }

    Proto flt(int field, float v) {
        tag(field, I32);
        int b = Float.floatToRawIntBits(v);
        for (int i = 0; i < 4; i++) out.write(b >>> (8 * i));
        return this;
    }

    private void fixed64(long b) { for (int i = 0; i < 8; i++) out.write((int) (b >>> (8 * i))); }

    Proto bytes(int field, byte[] v) { tag(field, LEN); varint(v.length); out.writeBytes(v); return this; }

    Proto string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

    Proto message(int field, Proto m) { return bytes(field, m.toByteArray()); }

    /** A packed repeated double field. */
    Proto packedDoubles(int field, double[] vs) {
        tag(field, LEN);
        varint(8L * vs.length);
        for (double v : vs) fixed64(Double.doubleToRawLongBits(v));
        return this;
    }

    byte[] toByteArray() { return out.toByteArray(); }
}
