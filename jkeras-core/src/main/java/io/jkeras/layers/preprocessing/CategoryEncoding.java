package io.jkeras.layers.preprocessing;

import io.jkeras.layers.Layer;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Encodes integer indices as one-hot, multi-hot or count vectors (Keras's
 * {@code keras.layers.CategoryEncoding}).
 *
 * <pre>{@code
 * new CategoryEncoding(4, "one_hot").apply(Tensor.of(new int[] {3, 2, 0, 1}, 4));          // (4, 4) identity rows
 * new CategoryEncoding(4, "multi_hot").apply(Tensor.of(new int[] {0, 1, 0, 0}, 2, 2));     // [[1,1,0,0],[1,0,0,0]]
 * }</pre>
 *
 * {@code one_hot} adds an axis of size {@code num_tokens} (replacing a last axis of size 1);
 * {@code multi_hot} and {@code count} fold the last axis into one vector per row. Indices must lie
 * in {@code [0, num_tokens)}. Output float32.
 */
public class CategoryEncoding extends Layer {
    private final int numTokens;
    private final String outputMode;

    /** @param outputMode "one_hot", "multi_hot" (Keras's default) or "count" */
    public CategoryEncoding(int numTokens, String outputMode) {
        super(null);
        if (numTokens < 1) throw new IllegalArgumentException("CategoryEncoding: num_tokens must be >= 1, received " + numTokens);
        this.numTokens = numTokens;
        this.outputMode = Encoding.checkMode(outputMode, "CategoryEncoding", "one_hot", "multi_hot", "count");
    }

    /** Multi-hot, Keras's default mode. */
    public CategoryEncoding(int numTokens) { this(numTokens, "multi_hot"); }

    @Override public CategoryEncoding name(String n) { super.name(n); return this; }

    @Override protected Tensor call(Tensor x, boolean training) {
        return Encoding.encode(Encoding.intValues(x, "CategoryEncoding \"" + name() + "\""), x.shape(), numTokens, outputMode, null,
                "CategoryEncoding \"" + name() + "\"");
    }

    /**
     * Count mode with a weight per input entry (Keras's {@code count_weights}): each index adds its
     * weight instead of 1.
     */
    public Tensor apply(Tensor x, Tensor countWeights) {
        if (!outputMode.equals("count")) throw new IllegalArgumentException("CategoryEncoding: count_weights only apply with output_mode \"count\"");
        if (!countWeights.shape().equals(x.shape())) throw new IllegalArgumentException("CategoryEncoding: count_weights must have the input's shape "
                + x.shape() + ", received " + countWeights.shape());
        int[] ids = Encoding.intValues(x, "CategoryEncoding \"" + name() + "\"");
        Tensor ones = Encoding.encode(ids, x.shape(), numTokens, "count", null, "CategoryEncoding \"" + name() + "\"");
        double[] w = countWeights.toDoubleArray();
        int per = x.rank() == 0 ? 1 : x.dim(-1);
        float[] out = new float[ones.size()];
        for (int i = 0; i < ids.length; i++) out[(i / Math.max(per, 1)) * numTokens + ids[i]] += (float) w[i];
        return Tensor.wrap(out, ones.shape());
    }

    @Override public Shape computeOutputShape(Shape in) {
        int[] d = in.toArray();
        if (outputMode.equals("one_hot")) {
            if (d.length >= 2 && d[d.length - 1] == 1) d = java.util.Arrays.copyOf(d, d.length - 1);
            int[] o = java.util.Arrays.copyOf(d, d.length + 1);
            o[d.length] = numTokens;
            return Shape.of(o);
        }
        if (d.length <= 1) return Shape.of(numTokens);
        d[d.length - 1] = numTokens;
        return Shape.of(d);
    }

    @Override protected DType outputDType() { return DType.FLOAT32; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("num_tokens", numTokens);
        c.put("output_mode", outputMode);
        c.put("sparse", false);
        return c;
    }
}
