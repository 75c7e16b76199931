package io.jkeras.layers.preprocessing;

import io.jkeras.layers.Layer;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps integer tokens to contiguous indices (Keras's {@code keras.layers.IntegerLookup}).
 *
 * <pre>{@code
 * IntegerLookup lookup = new IntegerLookup().vocabulary(List.of(12L, 36L, 1138L, 42L));
 * Tensor ids = lookup.apply(Tensor.of(new int[] {12, 1138, 42, 42, 1000, 36}, 6));   // [1, 3, 4, 4, 0, 2]
 * }</pre>
 *
 * Index layout as in Keras: a {@code mask_token} (int mode) takes index 0, then the
 * {@code num_oov_indices} OOV slots (default 1, token -1), then the vocabulary; several OOV
 * slots are chosen by {@code floorMod(token, num_oov_indices)}, as Keras does.
 * Output: int32 indices of the input's shape, or float32 vectors for {@code one_hot},
 * {@code multi_hot}, {@code count}, {@code tf_idf}; with {@code invert(true)}, indices back to
 * tokens (int64).
 */
public class IntegerLookup extends Layer {
    private Integer maxTokens;
    private int numOovIndices = 1;
    private Long maskToken;
    private long oovToken = -1;
    private String outputMode = "int";
    private boolean padToMaxTokens;
    private boolean invert;
    private Vocabulary<Long> vocab;

    public IntegerLookup() { super(null); }

    private void checkOpen(String what) {
        if (vocab != null) throw new IllegalStateException("IntegerLookup \"" + name() + "\": set " + what + " before the vocabulary (or adapt)");
    }

    public IntegerLookup maxTokens(Integer n) { checkOpen("max_tokens"); maxTokens = n; return this; }
    public IntegerLookup numOovIndices(int n) { checkOpen("num_oov_indices"); numOovIndices = n; return this; }
    public IntegerLookup maskToken(Long t) { checkOpen("mask_token"); maskToken = t; return this; }
    public IntegerLookup oovToken(long t) { checkOpen("oov_token"); oovToken = t; return this; }
    /** "int" (default), "one_hot", "multi_hot", "count" or "tf_idf". */
    public IntegerLookup outputMode(String m) {
        checkOpen("output_mode");
        outputMode = Encoding.checkMode(m, "IntegerLookup", "int", "one_hot", "multi_hot", "count", "tf_idf");
        return this;
    }
    public IntegerLookup padToMaxTokens(boolean b) { checkOpen("pad_to_max_tokens"); padToMaxTokens = b; return this; }
    /** With invert, the layer maps indices back to tokens (int mode only). */
    public IntegerLookup invert(boolean b) { checkOpen("invert"); invert = b; return this; }
    @Override public IntegerLookup name(String n) { super.name(n); return this; }

    private Vocabulary<Long> vocab() {
        if (vocab == null) {
            if (invert && !outputMode.equals("int")) throw new IllegalArgumentException("IntegerLookup: invert=true only works with output_mode \"int\"");
            vocab = new Vocabulary<>("IntegerLookup \"" + name() + "\"", maxTokens, numOovIndices, maskToken, oovToken, outputMode, padToMaxTokens,
                    Long::compare, (t, n) -> (int) Math.floorMod(t, (long) n));
        }
        return vocab;
    }

    /** Sets the vocabulary (tokens in index order; leading special tokens are accepted). */
    public IntegerLookup vocabulary(List<Long> tokens) { vocab().set(tokens, null); return this; }

    /** Sets the vocabulary and, for tf_idf, one idf weight per token. */
    public IntegerLookup vocabulary(List<Long> tokens, double[] idfWeights) { vocab().set(tokens, idfWeights); return this; }

    /**
     * Learns the vocabulary from an integer tensor (Keras's {@code adapt}): each row (first axis)
     * is one document for the idf weights.
     */
    public IntegerLookup adapt(Tensor data) {
        long[] v = data.toLongArray();
        int rows = data.rank() == 0 ? 1 : data.dim(0);
        int per = rows == 0 ? 0 : v.length / rows;
        List<List<Long>> docs = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<Long> d = new ArrayList<>(per);
            for (int k = 0; k < per; k++) d.add(v[r * per + k]);
            docs.add(d);
        }
        vocab().adapt(docs);
        return this;
    }

    /** Keras's {@code get_vocabulary()}: the mask token (int mode), the OOV token(s), then the tokens. */
    public List<Long> getVocabulary() { return vocab().get(true); }

    /** Keras's {@code vocabulary_size()}. */
    public int vocabularySize() { return vocab().size(); }

    /** The idf weights per output index (tf_idf mode), or null. */
    public double[] idfWeights() { return vocab().idf(); }

    @Override protected Tensor call(Tensor x, boolean training) {
        Vocabulary<Long> v = vocab();
        v.checkReady();
        if (x.dtype().isFloating()) throw new IllegalArgumentException("IntegerLookup \"" + name() + "\" expects an integer tensor, received "
                + x.dtype().kerasName() + "; cast it first");
        long[] a = x.toLongArray();
        if (invert) {
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                if (a[i] < 0 || a[i] >= v.size()) throw new IllegalArgumentException("IntegerLookup \"" + name() + "\" (invert): index " + a[i]
                        + " is outside the vocabulary [0, " + v.size() + ")");
                out[i] = v.token((int) a[i]);
            }
            return Tensor.wrap(out, x.shape());
        }
        int[] ids = new int[a.length];
        for (int i = 0; i < a.length; i++) ids[i] = v.lookup(a[i]);
        if (v.intMode()) return Tensor.wrap(ids, x.shape());
        return Encoding.encode(ids, x.shape(), v.depth(), outputMode, v.idf(), "IntegerLookup \"" + name() + "\"");
    }

    @Override public Shape computeOutputShape(Shape in) {
        if (outputMode.equals("int")) return in;
        int depth = vocab().depth();
        int[] d = in.toArray();
        if (outputMode.equals("one_hot")) {
            if (d.length >= 2 && d[d.length - 1] == 1) d = java.util.Arrays.copyOf(d, d.length - 1);
            int[] o = java.util.Arrays.copyOf(d, d.length + 1);
            o[d.length] = depth;
            return Shape.of(o);
        }
        if (d.length <= 1) return Shape.of(depth);
        d[d.length - 1] = depth;
        return Shape.of(d);
    }

    @Override protected DType outputDType() {
        return outputMode.equals("int") ? (invert ? DType.INT64 : DType.INT32) : DType.FLOAT32;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("max_tokens", maxTokens);
        c.put("num_oov_indices", numOovIndices);
        c.put("mask_token", maskToken);
        c.put("oov_token", oovToken);
        c.put("invert", invert);
        c.put("output_mode", outputMode);
        c.put("pad_to_max_tokens", padToMaxTokens);
        c.put("vocabulary_dtype", "int64");
        // the vocabulary travels in the config, as Keras's does for a vocabulary given as a list
        if (vocab != null && vocab.isReady()) {
            c.put("vocabulary", vocab.get(false));
            double[] idf = vocab.tokenIdf();
            c.put("idf_weights", idf == null ? null : java.util.Arrays.stream(idf).boxed().toList());
        }
        return c;
    }
}
