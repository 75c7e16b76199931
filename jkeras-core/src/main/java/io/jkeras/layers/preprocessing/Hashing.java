package io.jkeras.layers.preprocessing;

import io.jkeras.layers.Layer;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Hashes strings or integers into {@code numBins} bins (Keras's {@code keras.layers.Hashing}), with
 * Keras's exact bins: FarmHash Fingerprint64 of the UTF-8 bytes (integers hashed as their decimal
 * string), or SipHash-2-4 keyed by the {@code salt} when one is given, taken modulo the bins.
 *
 * <pre>{@code
 * Hashing h = new Hashing(3);
 * Tensor bins = h.apply(new String[] {"A", "B", "C", "D", "E"});   // int32 [1, 0, 1, 1, 2], as in Keras
 * Tensor ids = h.apply(Tensor.of(new int[] {7, 42}, 2));           // integer input
 * }</pre>
 *
 * With a {@code mask_value}, that value goes to bin 0 and the rest to bins 1..numBins-1. Output
 * modes: {@code int} (default), {@code one_hot}, {@code multi_hot}, {@code count}. Strings come in as
 * Java arrays, since jkeras tensors have no string dtype.
 */
public class Hashing extends Layer {
    private final int numBins;
    private String maskValue;
    private long[] salt;
    private String outputMode = "int";

    public Hashing(int numBins) {
        super(null);
        if (numBins < 1) throw new IllegalArgumentException("Hashing: num_bins must be >= 1, received " + numBins);
        this.numBins = numBins;
    }

    /** Inputs equal to this value go to bin 0 (compared as strings; an integer input as its decimal form). */
    public Hashing maskValue(String v) {
        if (v != null && numBins < 2) throw new IllegalArgumentException("Hashing: a mask_value needs num_bins >= 2, received " + numBins);
        maskValue = v;
        return this;
    }

    /** An integer mask value. */
    public Hashing maskValue(long v) { return maskValue(Long.toString(v)); }

    /** Keyed hashing (SipHash) with the key {@code (salt, salt)}, as Keras's integer salt. */
    public Hashing salt(long salt) { this.salt = new long[] {salt, salt}; return this; }

    /** Keyed hashing with a two-part key, as Keras's {@code salt=[k0, k1]}. */
    public Hashing salt(long k0, long k1) { this.salt = new long[] {k0, k1}; return this; }

    /** "int" (default), "one_hot", "multi_hot" or "count". */
    public Hashing outputMode(String m) { outputMode = Encoding.checkMode(m, "Hashing", "int", "one_hot", "multi_hot", "count"); return this; }

    @Override public Hashing name(String n) { super.name(n); return this; }

    public int numBins() { return numBins; }

    /** The bin of one string. */
    public int bin(String s) {
        if (maskValue != null && maskValue.equals(s)) return 0;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long h = salt == null ? StringHashes.fingerprint64(b) : StringHashes.sipHash24(salt[0], salt[1], b);
        return maskValue == null ? (int) Long.remainderUnsigned(h, numBins) : 1 + (int) Long.remainderUnsigned(h, numBins - 1);
    }

    /** Hashes a rank-1 batch of strings. */
    public Tensor apply(String[] values) { return finish(bins(values), Shape.of(values.length)); }

    /** Hashes rows of strings of equal length. */
    public Tensor apply(String[][] rows) {
        int n = rows.length, len = n == 0 ? 0 : rows[0].length;
        int[] out = new int[n * len];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != len) throw new IllegalArgumentException("Hashing: row " + i + " has " + rows[i].length
                    + " values but row 0 has " + len + "; rows must have equal length");
            System.arraycopy(bins(rows[i]), 0, out, i * len, len);
        }
        return finish(out, Shape.of(n, len));
    }

    private int[] bins(String[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = bin(v[i]);
        return out;
    }

    private Tensor finish(int[] bins, Shape shape) {
        if (outputMode.equals("int")) return Tensor.wrap(bins, shape);
        return Encoding.encode(bins, shape, numBins, outputMode, null, "Hashing \"" + name() + "\"");
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        if (x.dtype().isFloating() || x.dtype() == DType.BOOL) throw new IllegalArgumentException("Hashing \"" + name()
                + "\" hashes integers or strings; received a " + x.dtype().kerasName() + " tensor (cast it to int, or pass strings)");
        long[] v = x.toLongArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = bin(Long.toString(v[i]));
        return finish(out, x.shape());
    }

    @Override public Shape computeOutputShape(Shape in) {
        if (outputMode.equals("int")) return in;
        int[] d = in.toArray();
        if (outputMode.equals("one_hot")) {
            if (d.length >= 2 && d[d.length - 1] == 1) d = java.util.Arrays.copyOf(d, d.length - 1);
            int[] o = java.util.Arrays.copyOf(d, d.length + 1);
            o[d.length] = numBins;
            return Shape.of(o);
        }
        if (d.length <= 1) return Shape.of(numBins);
        d[d.length - 1] = numBins;
        return Shape.of(d);
    }

    @Override protected DType outputDType() { return outputMode.equals("int") ? DType.INT32 : DType.FLOAT32; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("num_bins", numBins);
        c.put("mask_value", maskValue);
        c.put("salt", salt == null ? null : java.util.List.of(salt[0], salt[1]));
        c.put("output_mode", outputMode);
        c.put("sparse", false);
        return c;
    }
}
