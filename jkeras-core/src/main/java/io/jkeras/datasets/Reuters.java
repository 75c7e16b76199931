package io.jkeras.datasets;

import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Reuters newswire topic dataset as Keras's {@code keras.datasets.reuters} gives it: 11,228
 * newswires as lists of word indices (most frequent word = 1, shifted by {@code index_from}),
 * labelled with one of 46 topics ({@link #getLabelNames()}).
 *
 * <pre>{@code
 * Reuters.Data d = Reuters.loadData(10000, 0, null);                 // keep the 10,000 most frequent words
 * Tensor x = Utils.padSequences(d.xTrain(), 200);                    // int32 (8982, 200)
 * Tensor y = Utils.toCategorical(d.yTrain(), 46);
 * }</pre>
 *
 * <p>This reads Keras's own {@code reuters.npz} and follows Keras's {@code load_data} step for
 * step, so the result is Keras's, newswire for newswire: the shuffle with NumPy's
 * {@code RandomState(seed)} (reimplemented in {@link NumpyRandom}), then {@code start_char} and the
 * {@code index_from} shift, then newswires of {@code maxlen} or more indices dropped, then indices
 * outside {@code [skip_top, num_words)} replaced by {@code oov_char} (or dropped when it is null),
 * then the first {@code int(n * (1 - test_split))} for training. As in Keras, without
 * {@code num_words} the bound is the largest index, which is exclusive.
 *
 * <p>The file stores the ragged sequences as a NumPy object array, which NumPy can only write as
 * a Python pickle; jkeras reads it with {@link RestrictedPickle}, which accepts nothing but
 * NumPy's array reconstruction and never runs code from the file.
 *
 * <p>Where the files come from, in order: {@code <root>/reuters/} (root as in
 * {@link Datasets#cacheRoot()}, by default {@code ~/.jkeras/datasets}); Keras's web copy
 * ({@value #WEB_URL}), checked against Keras's hash and then kept in the cache; otherwise a
 * {@link DatasetUnavailableException} saying where to put the file.
 */
public final class Reuters {
    /** Keras's file. */
    public static final String WEB_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters.npz";
    /** sha256 of Keras's {@code reuters.npz}, as Keras checks it. */
    public static final String WEB_SHA256 = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916";
    /** Keras's word index. */
    public static final String WORD_INDEX_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters_word_index.json";
    /** md5 of Keras's {@code reuters_word_index.json}, as Keras checks it. */
    public static final String WORD_INDEX_MD5 = "4d44cc38712099c9e383dc6e5f11a921";

    static final String DIR = "reuters", NPZ = "reuters.npz", WORD_INDEX = "reuters_word_index.json";
    private static final long MAX_ENTRY_BYTES = 256L << 20;
    private static final long MAX_VALUES = 64L << 20;

    private static final List<String> LABELS = List.of("cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing",
            "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx",
            "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi",
            "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog",
            "lead");

    private Reuters() {}

    /**
     * Newswires as lists of word indices and their topics (int32, 0..45). The lists have different
     * lengths and jkeras tensors are rectangular, so they are Java arrays; {@code Utils.padSequences}
     * makes a tensor of them.
     */
    public record Data(List<int[]> xTrain, Tensor yTrain, List<int[]> xTest, Tensor yTest) {
        public Data {
            xTrain = List.copyOf(xTrain);
            xTest = List.copyOf(xTest);
            Objects.requireNonNull(yTrain, "yTrain");
            Objects.requireNonNull(yTest, "yTest");
        }

        @Override public String toString() {
            return "Data[xTrain=" + xTrain.size() + " newswires, yTrain=" + yTrain.shape() + ", xTest=" + xTest.size()
                    + " newswires, yTest=" + yTest.shape() + "]";
        }
    }

    /** Keras's {@code load_data()} with its defaults: every word, no length limit, test split 0.2, seed 113, start 1, OOV 2, index_from 3. */
    public static Data loadData() { return loadData(null, 0, null); }

    /** Keras's {@code load_data(num_words, skip_top, maxlen)} with the other defaults. */
    public static Data loadData(Integer numWords, int skipTop, Integer maxlen) {
        return loadData(numWords, skipTop, maxlen, 0.2, 113, 1, 2, 3);
    }

    /** Keras's {@code load_data} with every argument, from the cache or the web. */
    public static Data loadData(Integer numWords, int skipTop, Integer maxlen, double testSplit, long seed, Integer startChar,
                                Integer oovChar, int indexFrom) {
        return loadData(locate(Datasets.cacheRoot(), NPZ, true), numWords, skipTop, maxlen, testSplit, seed, startChar, oovChar, indexFrom);
    }

    /**
     * Keras's {@code load_data} on a {@code reuters.npz} you name.
     *
     * @param npz       Keras's file, or a folder holding {@code reuters.npz}
     * @param numWords  keep indices below this (after the shift); null or 0 keeps all but the largest, as in Keras
     * @param skipTop   indices below this become {@code oovChar} too (Keras applies it to the shifted indices)
     * @param maxlen    drop newswires with this many or more indices (the start index counted); null or 0 keeps all
     * @param testSplit the fraction for the test set, in [0, 1]
     * @param seed      the seed of NumPy's {@code RandomState} shuffle, in [0, 2^32)
     * @param startChar the first index of every newswire; null for none
     * @param oovChar   the index of out-of-range words; null drops them
     * @param indexFrom the shift of the word ranks (Keras's default 3: 0 padding, 1 start, 2 OOV)
     */
    public static Data loadData(Path npz, Integer numWords, int skipTop, Integer maxlen, double testSplit, long seed, Integer startChar,
                                Integer oovChar, int indexFrom) {
        if (!(testSplit >= 0 && testSplit <= 1)) throw new IllegalArgumentException("reuters: test_split must be in [0, 1], received " + testSplit);
        if (indexFrom < 0) throw new IllegalArgumentException("reuters: index_from must be >= 0, received " + indexFrom);
        Path f = Files.isDirectory(npz) ? npz.resolve(NPZ) : npz;
        if (!Files.isRegularFile(f)) throw new DatasetUnavailableException(missing(f.toAbsolutePath().getParent(), NPZ, WEB_URL));
        Raw raw;
        try {
            raw = read(f);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + f + ": " + e.getMessage(), e);
        }
        return build(raw.x(), raw.y(), numWords, skipTop, maxlen, testSplit, seed, startChar, oovChar, indexFrom);
    }

    /** Keras's {@code get_word_index()}: word to rank (1 = most frequent), before the {@code index_from} shift. */
    public static Map<String, Integer> getWordIndex() { return getWordIndex(locate(Datasets.cacheRoot(), WORD_INDEX, true)); }

    /** {@link #getWordIndex()} from a {@code reuters_word_index.json} (or a folder holding it) you name. */
    public static Map<String, Integer> getWordIndex(Path json) {
        Path f = Files.isDirectory(json) ? json.resolve(WORD_INDEX) : json;
        if (!Files.isRegularFile(f)) throw new DatasetUnavailableException(missing(f.toAbsolutePath().getParent(), WORD_INDEX, WORD_INDEX_URL));
        Object root;
        try {
            if (Files.size(f) > 64L << 20) throw new IllegalArgumentException(f + " is larger than 64 MB; not Keras's reuters_word_index.json");
            root = Json.parse(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + f + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(f.toString())) throw e;
            throw new IllegalArgumentException(f + " is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!(root instanceof Map<?, ?> m)) throw new IllegalArgumentException(f + " should hold a JSON object of word to index");
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof Number n) || n.doubleValue() != n.intValue())
                throw new IllegalArgumentException(f + ": the index of '" + e.getKey() + "' is not an integer");
            out.put((String) e.getKey(), n.intValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Keras's {@code get_label_names()}: the 46 topic names, label {@code i} at index {@code i}. */
    public static List<String> getLabelNames() { return LABELS; }

    // ------------------------------------------------------------------ reading the file

    record Raw(List<int[]> x, int[] y) {}

    static Raw read(Path f) throws IOException {
        Map<String, byte[]> e = Npz.readEntries(f, new java.util.LinkedHashSet<>(List.of("x", "y")), MAX_ENTRY_BYTES);
        String xs = f + "!x.npy", ys = f + "!y.npy";
        List<int[]> x = sequences(e.get("x"), xs);
        int[] y = labels(e.get("y"), ys);
        if (y.length != x.size()) throw new IOException(f + " has " + x.size() + " newswires in x but " + y.length + " labels in y");
        return new Raw(x, y);
    }

    /** x: a 1-D object array whose elements are lists (or 1-D integer arrays) of int32 values. */
    static List<int[]> sequences(byte[] npy, String source) throws IOException {
        Npz.Header h = Npz.header(npy, source);
        if (!h.descr().equals("|O") || h.shape().length != 1)
            throw new IOException(source + " should be a 1-D object array (dtype '|O') of word-index lists, found dtype '" + h.descr()
                    + "' and shape " + Arrays.toString(h.shape()));
        RestrictedPickle.NdArray a = RestrictedPickle.readArray(npy, h.dataStart(), source, MAX_VALUES);
        if (!a.dtype().equals("O") || !Arrays.equals(a.shape(), h.shape()))
            throw new IOException(source + ": the pickled array (" + a + ") does not match the header (shape " + Arrays.toString(h.shape()) + ")");
        List<int[]> out = new ArrayList<>(a.elements().size());
        for (int i = 0; i < a.elements().size(); i++) {
            Object el = a.elements().get(i);
            List<?> items;
            if (el instanceof List<?> l) items = l;
            else if (el instanceof RestrictedPickle.NdArray n && n.shape().length == 1 && !n.dtype().equals("O")) items = n.elements();
            else throw new IOException(source + ": element " + i + " is " + RestrictedPickle.kind(el) + ", not a list of word indices");
            int[] s = new int[items.size()];
            for (int k = 0; k < s.length; k++) {
                if (!(items.get(k) instanceof Long v) || v != (int) (long) v)
                    throw new IOException(source + ": element " + i + " holds " + RestrictedPickle.kind(items.get(k)) + " at position " + k
                            + ", not an int32 word index");
                s[k] = (int) (long) v;
            }
            out.add(s);
        }
        return out;
    }

    /** y: a 1-D integer array (or, in case, an object array of integers). */
    static int[] labels(byte[] npy, String source) throws IOException {
        Npz.Header h = Npz.header(npy, source);
        if (h.shape().length != 1) throw new IOException(source + " should be 1-D, found shape " + Arrays.toString(h.shape()));
        if (!h.descr().equals("|O")) return Npz.parseNpy(npy, source).toIntArray();
        RestrictedPickle.NdArray a = RestrictedPickle.readArray(npy, h.dataStart(), source, MAX_VALUES);
        int[] y = new int[a.elements().size()];
        for (int i = 0; i < y.length; i++) {
            if (!(a.elements().get(i) instanceof Long v) || v != (int) (long) v)
                throw new IOException(source + ": label " + i + " is " + RestrictedPickle.kind(a.elements().get(i)) + ", not an int32");
            y[i] = (int) (long) v;
        }
        return y;
    }

    // ------------------------------------------------------------------ Keras's load_data

    static Data build(List<int[]> x0, int[] y0, Integer numWords, int skipTop, Integer maxlen, double testSplit, long seed,
                      Integer startChar, Integer oovChar, int indexFrom) {
        int n = x0.size();
        int[] p = new NumpyRandom(seed).permutation(n);
        List<int[]> xs = new ArrayList<>(n);
        int[] ys = new int[n];
        int off = startChar == null ? 0 : 1;
        for (int i = 0; i < n; i++) {
            int[] src = x0.get(p[i]);
            int[] s = new int[src.length + off];
            if (startChar != null) s[0] = startChar;
            for (int k = 0; k < src.length; k++) s[off + k] = src[k] + indexFrom;
            xs.add(s);
            ys[i] = y0[p[i]];
        }
        if (maxlen != null && maxlen != 0) {   // Keras's remove_long_seq: keep len(x) < maxlen
            List<int[]> kx = new ArrayList<>();
            int k = 0;
            for (int i = 0; i < xs.size(); i++) if (xs.get(i).length < maxlen) { kx.add(xs.get(i)); ys[k++] = ys[i]; }
            xs = kx;
            ys = Arrays.copyOf(ys, k);
        }
        int limit;
        if (numWords != null && numWords != 0) limit = numWords;
        else {
            limit = Integer.MIN_VALUE;
            for (int[] s : xs) for (int v : s) limit = Math.max(limit, v);
        }
        for (int i = 0; i < xs.size(); i++) {
            int[] s = xs.get(i), t = new int[s.length];
            int k = 0;
            for (int w : s) {
                if (skipTop <= w && w < limit) t[k++] = w;
                else if (oovChar != null) t[k++] = oovChar;
            }
            xs.set(i, k == t.length ? t : Arrays.copyOf(t, k));
        }
        int idx = (int) (xs.size() * (1 - testSplit));
        int[] yTr = Arrays.copyOfRange(ys, 0, idx), yTe = Arrays.copyOfRange(ys, idx, ys.length);
        return new Data(xs.subList(0, idx), Tensor.of(yTr, yTr.length), xs.subList(idx, xs.size()), Tensor.of(yTe, yTe.length));
    }

    // ------------------------------------------------------------------ where the files come from

    /** {@code <root>/reuters/<file>}, downloading Keras's copy (hash-checked) into it when {@code useWeb} and it is absent. */
    static Path locate(Path root, String file, boolean useWeb) {
        Path dir = root.resolve(DIR), target = dir.resolve(file);
        if (Files.isRegularFile(target)) return target;
        String url = file.equals(NPZ) ? WEB_URL : WORD_INDEX_URL;
        if (!useWeb) throw new DatasetUnavailableException(missing(dir, file, url));
        try {
            byte[] data = Fetch.download(URI.create(url), MAX_ENTRY_BYTES);
            String got = file.equals(NPZ) ? Fetch.sha256(data) : Fetch.md5(data);
            String want = file.equals(NPZ) ? WEB_SHA256 : WORD_INDEX_MD5;
            if (!got.equalsIgnoreCase(want)) throw new Fetch.SourceFailed(file + " from " + url + " has hash " + got + ", expected " + want
                    + ": refusing it");
            Fetch.writeAtomically(dir, file, data);
            return target;
        } catch (Fetch.SourceFailed e) {
            throw new DatasetUnavailableException(missing(dir, file, url) + "\n(The download failed: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DatasetUnavailableException("Reuters: could not write " + target + ": " + e.getMessage(), e);
        }
    }

    private static String missing(Path dir, String file, String url) {
        String d = dir == null ? "." : dir.toAbsolutePath().toString();
        return "Reuters: " + file + " was not found in " + d + ". It is in no package registry jkeras can use. "
                + "On a machine with internet access run:\n  mkdir -p \"" + d + "\" && curl -fLo \"" + d + "/" + file + "\" " + url
                + "\nthen copy the file there, or pass its path to Reuters." + (file.equals(NPZ) ? "loadData(Path, ...)" : "getWordIndex(Path)")
                + ". The cache root is set with -D" + Datasets.DIR_PROPERTY + " or $" + Datasets.DIR_ENV + ".";
    }

    /** {@code --fetch}: fills the cache and prints where; exits 1 with the reason when it cannot. */
    public static void main(String[] args) {
        try {
            System.out.println("Reuters is in " + locate(Datasets.cacheRoot(), NPZ, true).toAbsolutePath());
            System.out.println("Its word index is in " + locate(Datasets.cacheRoot(), WORD_INDEX, true).toAbsolutePath());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
