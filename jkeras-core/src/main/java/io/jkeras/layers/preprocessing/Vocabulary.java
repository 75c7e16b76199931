package io.jkeras.layers.preprocessing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The index of a lookup layer (Keras's {@code IndexLookup}): an optional mask token at 0 (in "int"
 * mode only), then {@code numOovIndices} out-of-vocabulary slots, then the vocabulary. Learned by
 * {@link #adapt} the way Keras does it: tokens by descending count, ties broken by descending
 * token, cut to {@code maxTokens}; with tf_idf, {@code log(1 + documents / (1 + documentCount))}
 * per token and the mean of those for the OOV slots.
 */
final class Vocabulary<T> {
    final String layer;
    final Integer maxTokens;
    final int numOovIndices;
    final T maskToken, oovToken;
    final String outputMode;
    final boolean padToMaxTokens;
    private final Comparator<T> order;
    private final OovBucket<T> oovBucket;

    /** The OOV slot (0..n-1) of a token when there are n > 1 slots. */
    interface OovBucket<T> { int of(T token, int n); }

    private List<T> tokens = List.of();        // learned or given, without the special tokens
    private Map<T, Integer> index = Map.of();
    private double[] idf;                      // per output index, tf_idf only

    Vocabulary(String layer, Integer maxTokens, int numOovIndices, T maskToken, T oovToken, String outputMode, boolean padToMaxTokens,
               Comparator<T> order, OovBucket<T> oovBucket) {
        if (maxTokens != null && maxTokens <= 1) throw new IllegalArgumentException(layer + ": max_tokens must be > 1 (or null), received " + maxTokens);
        if (numOovIndices < 0) throw new IllegalArgumentException(layer + ": num_oov_indices must be >= 0, received " + numOovIndices);
        if (padToMaxTokens && maxTokens == null) throw new IllegalArgumentException(layer + ": pad_to_max_tokens=true needs max_tokens");
        this.layer = layer;
        this.maxTokens = maxTokens;
        this.numOovIndices = numOovIndices;
        this.maskToken = maskToken;
        this.oovToken = oovToken;
        this.outputMode = outputMode;
        this.padToMaxTokens = padToMaxTokens;
        this.order = order;
        this.oovBucket = oovBucket;
    }

    boolean intMode() { return outputMode.equals("int"); }

    int oovStart() { return maskToken != null && intMode() ? 1 : 0; }

    int tokenStart() { return oovStart() + numOovIndices; }

    /** Keras's {@code vocabulary_size()}: the special slots plus the tokens. */
    int size() { return tokenStart() + tokens.size(); }

    /** The width of a counting output: the size, or max_tokens with pad_to_max_tokens. */
    int depth() { return padToMaxTokens ? maxTokens : size(); }

    /** Keras's {@code get_vocabulary()}: the mask token (int mode), the OOV token(s), then the tokens. */
    List<T> get(boolean includeSpecial) {
        List<T> out = new ArrayList<>();
        if (includeSpecial) {
            if (oovStart() == 1) out.add(maskToken);
            for (int i = 0; i < numOovIndices; i++) out.add(oovToken);
        }
        out.addAll(tokens);
        return out;
    }

    double[] idf() { return idf == null ? null : idf.clone(); }

    /**
     * Sets the vocabulary (Keras's {@code set_vocabulary}). Leading special tokens in the layer's
     * own order are accepted and skipped, as Keras does; anywhere else they are an error, as are
     * repeated tokens. {@code idfWeights} (tf_idf only) has one weight per given token.
     */
    void set(List<T> vocab, double[] idfWeights) {
        Objects.requireNonNull(vocab, "vocabulary");
        List<T> v = new ArrayList<>(vocab);
        int skip = 0;
        if (oovStart() == 1 && !v.isEmpty() && Objects.equals(v.get(0), maskToken)) skip = 1;
        int oovs = 0;
        while (numOovIndices > 0 && oovs < numOovIndices && skip + oovs < v.size() && Objects.equals(v.get(skip + oovs), oovToken)) oovs++;
        if (oovs > 0 && oovs != numOovIndices) throw new IllegalArgumentException(layer + ": the vocabulary starts with " + oovs
                + " OOV token(s) but num_oov_indices=" + numOovIndices + "; give all or none of them");
        skip += oovs;
        List<T> rest = v.subList(skip, v.size());
        Map<T, Integer> idx = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            T t = rest.get(i);
            if (t == null) throw new IllegalArgumentException(layer + ": the vocabulary has a null token at position " + (skip + i));
            if (maskToken != null && t.equals(maskToken)) throw new IllegalArgumentException(layer + ": the mask token " + quote(maskToken)
                    + " appears at position " + (skip + i) + " of the vocabulary; it may only come first (it has index 0)");
            if (numOovIndices > 0 && t.equals(oovToken)) throw new IllegalArgumentException(layer + ": the OOV token " + quote(oovToken)
                    + " appears at position " + (skip + i) + " of the vocabulary; it may only come at the start (after the mask token)");
            if (idx.put(t, tokenStart() + i) != null) throw new IllegalArgumentException(layer + ": the vocabulary repeats the token "
                    + quote(t) + "; every token must be unique");
        }
        if (maxTokens != null && tokenStart() + rest.size() > maxTokens) throw new IllegalArgumentException(layer + ": the vocabulary has "
                + (tokenStart() + rest.size()) + " entries with the special tokens, more than max_tokens=" + maxTokens);
        if (outputMode.equals("tf_idf")) {
            if (idfWeights == null) throw new IllegalArgumentException(layer + ": output_mode \"tf_idf\" needs idf_weights with the vocabulary (or call adapt)");
            if (idfWeights.length != vocab.size() && idfWeights.length != rest.size()) throw new IllegalArgumentException(layer
                    + ": idf_weights has " + idfWeights.length + " entries but the vocabulary has " + rest.size() + " tokens");
            double[] w = idfWeights.length == rest.size() ? idfWeights : java.util.Arrays.copyOfRange(idfWeights, skip, idfWeights.length);
            setIdf(w);
        } else if (idfWeights != null) {
            throw new IllegalArgumentException(layer + ": idf_weights only apply with output_mode \"tf_idf\", not \"" + outputMode + "\"");
        }
        this.tokens = List.copyOf(rest);
        this.index = idx;
        this.ready = true;
    }

    /** idf per output index: the OOV slots get the mean of the tokens' weights, pad slots 0. */
    private void setIdf(double[] tokenIdf) {
        int start = tokenStart();
        int width = padToMaxTokens ? maxTokens : start + tokenIdf.length;
        double[] w = new double[width];
        double mean = 0;
        for (double d : tokenIdf) mean += d;
        mean = tokenIdf.length == 0 ? 0 : mean / tokenIdf.length;
        for (int i = 0; i < start; i++) w[i] = mean;
        System.arraycopy(tokenIdf, 0, w, start, tokenIdf.length);
        this.idf = w;
    }

    /** Learns the vocabulary from documents (each a list of tokens), as {@link Vocabulary} describes. */
    void adapt(Iterable<? extends List<T>> documents) {
        Map<T, long[]> counts = new HashMap<>();   // {count, documents}
        long docs = 0;
        for (List<T> doc : documents) {
            docs++;
            java.util.Set<T> seen = outputMode.equals("tf_idf") ? new java.util.HashSet<>() : null;
            for (T t : doc) {
                if (t == null || t.equals(maskToken) || (numOovIndices > 0 && t.equals(oovToken))) continue;
                long[] c = counts.computeIfAbsent(t, k -> new long[2]);
                c[0]++;
                if (seen != null && seen.add(t)) c[1]++;
            }
        }
        List<Map.Entry<T, long[]>> entries = new ArrayList<>(counts.entrySet());
        // numpy's lexsort((tokens, counts))[::-1]: count descending, then token descending
        entries.sort(Comparator.<Map.Entry<T, long[]>>comparingLong(e -> e.getValue()[0]).reversed()
                .thenComparing(Map.Entry::getKey, Collections.reverseOrder(order)));
        int keep = maxTokens == null ? entries.size() : Math.min(entries.size(), Math.max(0, maxTokens - tokenStart()));
        List<T> learned = new ArrayList<>(keep);
        double[] w = new double[keep];
        for (int i = 0; i < keep; i++) {
            learned.add(entries.get(i).getKey());
            w[i] = Math.log(1 + (double) docs / (1 + entries.get(i).getValue()[1]));
        }
        idf = null;
        set(learned, outputMode.equals("tf_idf") ? w : null);
    }

    /**
     * The index of a token: its vocabulary index, else an OOV slot (chosen by the layer's
     * {@link OovBucket} when there are several), index 0 for the mask token in int mode and
     * {@link Encoding#DROPPED} outside it.
     */
    int lookup(T t) {
        if (maskToken != null && maskToken.equals(t)) return intMode() ? 0 : Encoding.DROPPED;
        Integer i = index.get(t);
        if (i != null) return i;
        if (numOovIndices == 0) throw new IllegalArgumentException(layer + ": the input has the token " + quote(t)
                + ", which is not in the vocabulary, and num_oov_indices=0; add it to the vocabulary or allow OOV indices");
        if (numOovIndices == 1) return oovStart();
        return oovStart() + oovBucket.of(t, numOovIndices);
    }

    /** The token of an index (invert): the mask token, the OOV token for the OOV slots, else the vocabulary entry. */
    T token(int i) {
        if (i < 0 || i >= size()) throw new IllegalArgumentException(layer + ": index " + i + " is outside the vocabulary [0, " + size() + ")");
        if (i < oovStart()) return maskToken;
        if (i < tokenStart()) return oovToken;
        return tokens.get(i - tokenStart());
    }

    private boolean ready;

    /** True once a vocabulary was set or adapted. */
    boolean isReady() { return ready; }

    /** The idf weights of the tokens alone (no special slots), or null. */
    double[] tokenIdf() { return idf == null ? null : java.util.Arrays.copyOfRange(idf, tokenStart(), tokenStart() + tokens.size()); }

    void checkReady() {
        if (!ready) throw new IllegalStateException(layer + " has no vocabulary yet: pass one to the constructor, call setVocabulary, "
                + "or call adapt(data) first");
    }

    static String quote(Object t) { return t instanceof String ? "\"" + t + "\"" : String.valueOf(t); }
}
