package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns raw text into token indices or token-count vectors (Keras's
 * {@code keras.layers.TextVectorization}): standardize, split, optional n-grams, then a vocabulary
 * lookup. jkeras tensors have no string dtype, so the text comes in as a {@code List<String>} (one
 * string per sample) through {@link #apply(List)}; the result is an int32 or float32 tensor that a
 * model takes as its input.
 *
 * <pre>{@code
 * TextVectorization tv = new TextVectorization().maxTokens(5000).outputSequenceLength(200);
 * tv.adapt(trainTexts);                          // learns the vocabulary by frequency
 * Tensor x = tv.apply(trainTexts);               // int32 (n, 200), 0 = padding, 1 = [UNK]
 * List<String> vocab = tv.getVocabulary();       // ["", "[UNK]", "the", "a", ...]
 * }</pre>
 *
 * <p>Keras's steps, in order:
 * <ul>
 *   <li>standardize: {@code "lower_and_strip_punctuation"} (default), {@code "lower"},
 *       {@code "strip_punctuation"}, {@code "none"}, or a function. Lower-casing is ASCII only and
 *       stripping removes the 32 ASCII punctuation characters, as TensorFlow's ops do;</li>
 *   <li>split: {@code "whitespace"} (default; ASCII whitespace, empty pieces dropped),
 *       {@code "character"} (one token per Unicode code point), {@code "none"}, or a function;</li>
 *   <li>n-grams: {@code ngrams(n)} adds the 1..n-grams, {@code ngrams(new int[]{...})} the given
 *       widths, joined with a space;</li>
 *   <li>lookup: in {@code "int"} mode index 0 is padding ({@code ""}) and 1 is {@code "[UNK]"},
 *       then the vocabulary, most frequent first (ties: the larger token first); {@code max_tokens}
 *       counts those two. Sequences are padded with 0 or cut at the end to
 *       {@code output_sequence_length}, else to the longest in the batch. {@code "multi_hot"},
 *       {@code "count"} and {@code "tf_idf"} give one float32 vector per text, index 0 = [UNK].</li>
 * </ul>
 */
public final class TextVectorization {
    /** The characters Keras's default standardization strips: all ASCII punctuation. */
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private Integer maxTokens;
    private String standardizeName = "lower_and_strip_punctuation";
    private Function<String, String> standardize = TextVectorization::lowerAndStrip;
    private String splitName = "whitespace";
    private Function<String, List<String>> split = TextVectorization::splitWhitespace;
    private int[] ngrams;
    private String outputMode = "int";
    private Integer outputSequenceLength;
    private boolean padToMaxTokens;
    private String name = "text_vectorization";
    private Vocabulary<String> vocab;

    public TextVectorization() {}

    private void checkOpen(String what) {
        if (vocab != null) throw new IllegalStateException("TextVectorization: set " + what + " before the vocabulary (or adapt)");
    }

    /** The vocabulary's maximum size, the padding and OOV indices included; null for no limit. */
    public TextVectorization maxTokens(Integer n) { checkOpen("max_tokens"); maxTokens = n; return this; }

    /** {@code "lower_and_strip_punctuation"}, {@code "lower"}, {@code "strip_punctuation"} or {@code "none"} (null too). */
    public TextVectorization standardize(String mode) {
        String m = mode == null ? "none" : mode.toLowerCase(Locale.ROOT);
        standardize = switch (m) {
            case "lower_and_strip_punctuation" -> TextVectorization::lowerAndStrip;
            case "lower" -> TextVectorization::asciiLower;
            case "strip_punctuation" -> TextVectorization::stripPunctuation;
            case "none" -> s -> s;
            default -> throw new IllegalArgumentException("TextVectorization: unknown standardize \"" + mode
                    + "\"; expected lower_and_strip_punctuation, lower, strip_punctuation, none, or a function");
        };
        standardizeName = m.equals("none") ? null : m;
        return this;
    }

    /** A custom standardization (not serializable in the config). */
    public TextVectorization standardize(Function<String, String> fn) { standardize = fn; standardizeName = "custom"; return this; }

    /** {@code "whitespace"}, {@code "character"} or {@code "none"} (null too). */
    public TextVectorization split(String mode) {
        String m = mode == null ? "none" : mode.toLowerCase(Locale.ROOT);
        split = switch (m) {
            case "whitespace" -> TextVectorization::splitWhitespace;
            case "character" -> TextVectorization::splitCharacters;
            case "none" -> List::of;
            default -> throw new IllegalArgumentException("TextVectorization: unknown split \"" + mode
                    + "\"; expected whitespace, character, none, or a function");
        };
        splitName = m.equals("none") ? null : m;
        return this;
    }

    /** A custom split (not serializable in the config). */
    public TextVectorization split(Function<String, List<String>> fn) { split = fn; splitName = "custom"; return this; }

    /** Adds the 1- to n-grams (Keras's {@code ngrams=n}). */
    public TextVectorization ngrams(int n) {
        if (n < 1) throw new IllegalArgumentException("TextVectorization: ngrams must be >= 1, received " + n);
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = i + 1;
        ngrams = w;
        return this;
    }

    /** The n-gram widths to produce, in this order (Keras's {@code ngrams=(2, 3)}). */
    public TextVectorization ngrams(int[] widths) {
        for (int w : widths) if (w < 1) throw new IllegalArgumentException("TextVectorization: n-gram widths must be >= 1, received " + Arrays.toString(widths));
        ngrams = widths.clone();
        return this;
    }

    /** "int" (default), "multi_hot", "count" or "tf_idf". */
    public TextVectorization outputMode(String m) {
        checkOpen("output_mode");
        outputMode = Encoding.checkMode(m, "TextVectorization", "int", "multi_hot", "count", "tf_idf");
        return this;
    }

    /** In int mode, pads (with 0) or cuts every sequence to this length; null pads to the longest in the batch. */
    public TextVectorization outputSequenceLength(Integer n) {
        if (n != null && n < 1) throw new IllegalArgumentException("TextVectorization: output_sequence_length must be >= 1, received " + n);
        outputSequenceLength = n;
        return this;
    }

    /** In the counting modes, makes the vector max_tokens wide even when the vocabulary is smaller. */
    public TextVectorization padToMaxTokens(boolean b) { checkOpen("pad_to_max_tokens"); padToMaxTokens = b; return this; }

    public TextVectorization name(String n) { name = n; return this; }
    public String name() { return name; }

    private Vocabulary<String> vocab() {
        if (vocab == null) {
            if (outputSequenceLength != null && !outputMode.equals("int")) throw new IllegalArgumentException("TextVectorization: "
                    + "output_sequence_length only applies to output_mode \"int\", not \"" + outputMode + "\"");
            vocab = new Vocabulary<>("TextVectorization \"" + name + "\"", maxTokens, 1, "", "[UNK]", outputMode, padToMaxTokens,
                    StringLookup::compareUtf8, StringLookup::oovBucket);
        }
        return vocab;
    }

    /** Sets the vocabulary (leading "" and "[UNK]" accepted and skipped). */
    public TextVectorization vocabulary(List<String> tokens) { vocab().set(tokens, null); return this; }

    /** Sets the vocabulary and, for tf_idf, one idf weight per token. */
    public TextVectorization vocabulary(List<String> tokens, double[] idfWeights) { vocab().set(tokens, idfWeights); return this; }

    /** Learns the vocabulary (and idf weights) from texts, one document each. */
    public TextVectorization adapt(List<String> texts) {
        List<List<String>> docs = new ArrayList<>(texts.size());
        for (String t : texts) docs.add(tokens(t));
        vocab().adapt(docs);
        return this;
    }

    /** Keras's {@code get_vocabulary()}: in int mode {@code ["", "[UNK]", ...]}, otherwise {@code ["[UNK]", ...]}. */
    public List<String> getVocabulary() { return vocab().get(true); }

    /** Keras's {@code vocabulary_size()}. */
    public int vocabularySize() { return vocab().size(); }

    /** The idf weights per output index (tf_idf mode), or null. */
    public double[] idfWeights() { return vocab().idf(); }

    /** The tokens of one text after standardization, splitting and n-grams (before the lookup). */
    public List<String> tokens(String text) {
        String s = standardize.apply(text == null ? "" : text);
        List<String> t = split.apply(s);
        if (splitName == null) t = List.of(s);
        if (ngrams == null) return t;
        List<String> out = new ArrayList<>();
        for (int w : ngrams) for (int i = 0; i + w <= t.size(); i++) out.add(w == 1 ? t.get(i) : String.join(" ", t.subList(i, i + w)));
        return out;
    }

    /** Vectorizes texts: int32 (n, length) in int mode, float32 (n, depth) in the counting modes. */
    public Tensor apply(List<String> texts) {
        Vocabulary<String> v = vocab();
        v.checkReady();
        int n = texts.size();
        List<int[]> ids = new ArrayList<>(n);
        int longest = 0;
        for (String text : texts) {
            List<String> toks = tokens(text);
            int[] a = new int[toks.size()];
            for (int i = 0; i < a.length; i++) a[i] = v.lookup(toks.get(i));
            ids.add(a);
            longest = Math.max(longest, a.length);
        }
        if (outputMode.equals("int")) {
            int len = outputSequenceLength != null ? outputSequenceLength : longest;
            int[] out = new int[n * len];
            for (int r = 0; r < n; r++) {
                int[] a = ids.get(r);
                System.arraycopy(a, 0, out, r * len, Math.min(len, a.length));
            }
            return Tensor.wrap(out, Shape.of(n, len));
        }
        int depth = v.depth();
        float[] out = new float[n * depth];
        for (int r = 0; r < n; r++) {
            Tensor row = Encoding.encode(ids.get(r), Shape.of(ids.get(r).length), depth, outputMode, v.idf(), "TextVectorization \"" + name + "\"");
            System.arraycopy(row.floats(), 0, out, r * depth, depth);
        }
        return Tensor.wrap(out, Shape.of(n, depth));
    }

    /** Vectorizes the given texts. */
    public Tensor apply(String... texts) { return apply(Arrays.asList(texts)); }

    /** Keras's config. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("max_tokens", maxTokens);
        c.put("standardize", standardizeName);
        c.put("split", splitName);
        c.put("ngrams", ngrams == null ? null : Arrays.stream(ngrams).boxed().toList());
        c.put("output_mode", outputMode);
        c.put("output_sequence_length", outputSequenceLength);
        c.put("pad_to_max_tokens", padToMaxTokens);
        return c;
    }

    // ------------------------------------------------------------------ the standard steps

    static String asciiLower(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) if (c[i] >= 'A' && c[i] <= 'Z') c[i] += 'a' - 'A';
        return new String(c);
    }

    static String stripPunctuation(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 128 || PUNCTUATION.indexOf(ch) < 0) b.append(ch);
        }
        return b.toString();
    }

    static String lowerAndStrip(String s) { return stripPunctuation(asciiLower(s)); }

    static boolean asciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f'; }

    static List<String> splitWhitespace(String s) {
        List<String> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && asciiSpace(s.charAt(i))) i++;
            int start = i;
            while (i < n && !asciiSpace(s.charAt(i))) i++;
            if (i > start) out.add(s.substring(start, i));
        }
        return out;
    }

    static List<String> splitCharacters(String s) {
        List<String> out = new ArrayList<>(s.length());
        s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }
}
