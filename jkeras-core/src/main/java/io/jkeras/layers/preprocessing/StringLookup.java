package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps string tokens to integer indices (Keras's {@code keras.layers.StringLookup}). jkeras tensors
 * have no string dtype, so the strings come in as Java arrays and the indices go out as an int32
 * tensor; {@link #invert} maps indices back to strings.
 *
 * <pre>{@code
 * StringLookup lookup = new StringLookup().vocabulary(List.of("a", "b", "c", "d"));
 * Tensor ids = lookup.apply(new String[][] {{"a", "c", "d"}, {"d", "z", "b"}});   // [[1, 3, 4], [4, 0, 2]]
 * }</pre>
 *
 * Index layout as in Keras: with a {@code mask_token} (int mode) it takes index 0, then the
 * {@code num_oov_indices} out-of-vocabulary slots (default 1, token {@code "[UNK]"}), then the
 * vocabulary. With several OOV slots a token goes to {@code fingerprint64(utf8) % num_oov_indices},
 * the hash TensorFlow uses. Output modes: {@code int} (default), {@code one_hot},
 * {@code multi_hot}, {@code count}, {@code tf_idf} (float32 vectors of the vocabulary size).
 */
public final class StringLookup {
    private Integer maxTokens;
    private int numOovIndices = 1;
    private String maskToken;
    private String oovToken = "[UNK]";
    private String outputMode = "int";
    private boolean padToMaxTokens;
    private boolean invert;
    private String name = "string_lookup";
    private Vocabulary<String> vocab;

    public StringLookup() {}

    private void checkOpen(String what) {
        if (vocab != null) throw new IllegalStateException("StringLookup: set " + what + " before the vocabulary (or adapt)");
    }

    public StringLookup maxTokens(Integer n) { checkOpen("max_tokens"); maxTokens = n; return this; }
    public StringLookup numOovIndices(int n) { checkOpen("num_oov_indices"); numOovIndices = n; return this; }
    public StringLookup maskToken(String t) { checkOpen("mask_token"); maskToken = t; return this; }
    public StringLookup oovToken(String t) { checkOpen("oov_token"); oovToken = java.util.Objects.requireNonNull(t, "oov_token"); return this; }
    /** "int" (default), "one_hot", "multi_hot", "count" or "tf_idf". */
    public StringLookup outputMode(String m) {
        checkOpen("output_mode");
        outputMode = Encoding.checkMode(m, "StringLookup", "int", "one_hot", "multi_hot", "count", "tf_idf");
        return this;
    }
    public StringLookup padToMaxTokens(boolean b) { checkOpen("pad_to_max_tokens"); padToMaxTokens = b; return this; }
    /** With invert, {@link #invert(Tensor)} maps indices back to tokens (int mode only, as in Keras). */
    public StringLookup invert(boolean b) { checkOpen("invert"); invert = b; return this; }
    public StringLookup name(String n) { name = n; return this; }
    public String name() { return name; }

    Vocabulary<String> vocab() {
        if (vocab == null) {
            if (invert && !outputMode.equals("int")) throw new IllegalArgumentException("StringLookup: invert=true only works with output_mode \"int\", not \""
                    + outputMode + "\"");
            vocab = new Vocabulary<>("StringLookup \"" + name + "\"", maxTokens, numOovIndices, maskToken, oovToken, outputMode, padToMaxTokens,
                    StringLookup::compareUtf8, StringLookup::oovBucket);
        }
        return vocab;
    }

    /** Sets the vocabulary (tokens in index order; leading special tokens are accepted). */
    public StringLookup vocabulary(List<String> tokens) { vocab().set(tokens, null); return this; }

    /** Sets the vocabulary and, for tf_idf, one idf weight per token. */
    public StringLookup vocabulary(List<String> tokens, double[] idfWeights) { vocab().set(tokens, idfWeights); return this; }

    /** Learns the vocabulary from token lists, one per document (Keras's {@code adapt}). */
    public StringLookup adapt(List<? extends List<String>> documents) { vocab().adapt(documents); return this; }

    /** Learns the vocabulary from rows of tokens. */
    public StringLookup adapt(String[][] documents) {
        List<List<String>> docs = new ArrayList<>();
        for (String[] d : documents) docs.add(Arrays.asList(d));
        return adapt(docs);
    }

    /** Keras's {@code get_vocabulary()}: the mask token (int mode), the OOV token(s), then the tokens. */
    public List<String> getVocabulary() { return vocab().get(true); }

    /** Keras's {@code vocabulary_size()}. */
    public int vocabularySize() { return vocab().size(); }

    /** The idf weights per output index (tf_idf mode), or null. */
    public double[] idfWeights() { return vocab().idf(); }

    /** The index of one token. */
    public int index(String token) { vocab().checkReady(); return vocab().lookup(token); }

    /** Looks up a rank-1 batch of tokens: int mode gives int32 (n), the other modes one vector per token (one_hot) or one for all. */
    public Tensor apply(String[] tokens) { return apply(tokens, Shape.of(tokens.length)); }

    /** Looks up a batch of rows of equal length: int mode gives int32 (batch, length). */
    public Tensor apply(String[][] rows) {
        int n = rows.length, len = n == 0 ? 0 : rows[0].length;
        String[] flat = new String[n * len];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != len) throw new IllegalArgumentException("StringLookup: row " + i + " has " + rows[i].length
                    + " tokens but row 0 has " + len + "; rows must have equal length (pad them, e.g. with the mask token)");
            System.arraycopy(rows[i], 0, flat, i * len, len);
        }
        return apply(flat, Shape.of(n, len));
    }

    Tensor apply(String[] flat, Shape shape) {
        if (invert) throw new IllegalStateException("StringLookup \"" + name + "\" has invert=true: it maps indices to tokens; call invert(Tensor)");
        Vocabulary<String> v = vocab();
        v.checkReady();
        int[] ids = new int[flat.length];
        for (int i = 0; i < flat.length; i++) ids[i] = v.lookup(flat[i]);
        if (v.intMode()) return Tensor.wrap(ids, shape);
        return Encoding.encode(ids, shape, v.depth(), outputMode, v.idf(), "StringLookup \"" + name + "\"");
    }

    /** Maps indices back to tokens (row-major; needs invert=true, as Keras's inverse layer). */
    public String[] invert(Tensor ids) {
        if (!invert) throw new IllegalStateException("StringLookup \"" + name + "\" maps tokens to indices; build one with invert(true) "
                + "and the same vocabulary to map indices back");
        Vocabulary<String> v = vocab();
        v.checkReady();
        int[] a = Encoding.intValues(ids, "StringLookup \"" + name + "\"");
        String[] out = new String[a.length];
        for (int i = 0; i < a.length; i++) out[i] = v.token(a[i]);
        return out;
    }

    /** Keras's config. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("max_tokens", maxTokens);
        c.put("num_oov_indices", numOovIndices);
        c.put("mask_token", maskToken);
        c.put("oov_token", oovToken);
        c.put("invert", invert);
        c.put("output_mode", outputMode);
        c.put("pad_to_max_tokens", padToMaxTokens);
        return c;
    }

    /** TensorFlow's {@code to_hash_bucket_fast}: FarmHash Fingerprint64 of the UTF-8 bytes modulo n. */
    static int oovBucket(String s, int n) {
        return (int) Long.remainderUnsigned(StringHashes.fingerprint64(s.getBytes(StandardCharsets.UTF_8)), n);
    }

    /** Orders strings as their UTF-8 bytes compare (numpy's order for byte strings). */
    static int compareUtf8(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
