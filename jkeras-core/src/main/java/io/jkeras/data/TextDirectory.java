package io.jkeras.data;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Text files in class subfolders as a dataset of {@link TextSample} batches (Keras's
 * {@code keras.utils.text_dataset_from_directory}).
 *
 * <pre>{@code
 * // reviews/neg/*.txt, reviews/pos/*.txt
 * TextDirectory dir = TextDirectory.of(Path.of("reviews")).batchSize(32).validationSplit(0.2).seed(1337);
 * Dataset<TextSample> train = dir.training(), val = dir.validation();
 * List<String> classes = dir.classNames();           // ["neg", "pos"]
 * Dataset<Sample> ready = train.map(b -> b.toSample(vectorizer::apply));
 * }</pre>
 *
 * <p>As in Keras: classes are the subfolder names in alphanumeric order (or
 * {@link #classNames(String...)}), files are the {@code .txt} files found recursively in each class
 * folder in sorted order; with {@code shuffle} (the default) the list is shuffled once with the
 * seed, the last {@code validationSplit} fraction is the validation subset, and training batches
 * are reshuffled each epoch. Texts are read as UTF-8 on each pass (malformed bytes become U+FFFD),
 * so only the file list stays in memory; {@link #maxLength(int)} truncates each text to at most
 * that many UTF-8 bytes, as Keras's {@code max_length} does, without splitting a character. Labels:
 * {@link LabelMode#INT} int32 class indices (default), {@link LabelMode#CATEGORICAL} one-hot
 * float32, {@link LabelMode#BINARY} float32 0/1 of shape {@code (batch, 1)} for two classes,
 * {@link LabelMode#NONE} none ({@link TextSample#labels()} is null). The shuffled order differs
 * from Keras's (NumPy's generator); a seed is reproducible within jkeras.
 */
public final class TextDirectory {
    /** How labels are encoded (Keras's {@code label_mode}). */
    public enum LabelMode { INT, CATEGORICAL, BINARY, NONE }

    private final Path directory;
    private LabelMode labelMode = LabelMode.INT;
    private List<String> classNames;
    private int batchSize = 32;
    private int maxLength = -1;
    private boolean shuffle = true;
    private Long seed;
    private double validationSplit = 0;
    private boolean verbose = true;
    private DirectorySplit listing;

    private TextDirectory(Path directory) { this.directory = Objects.requireNonNull(directory, "directory"); }

    /** The folder whose subfolders are the classes. */
    public static TextDirectory of(Path directory) { return new TextDirectory(directory); }

    public TextDirectory labelMode(LabelMode m) { labelMode = Objects.requireNonNull(m); listing = null; return this; }

    /** The classes in this order; must be exactly the subfolder names. */
    public TextDirectory classNames(String... names) { classNames = List.of(names); listing = null; return this; }

    /** Texts per batch (default 32); 0 for unbatched single texts (Keras's {@code batch_size=None}). */
    public TextDirectory batchSize(int b) {
        if (b < 0) throw new IllegalArgumentException("batch_size must be >= 0 (0 for no batching), received " + b);
        batchSize = b;
        return this;
    }

    /** Truncates each text to at most {@code n} UTF-8 bytes (Keras's {@code max_length}); default: no limit. */
    public TextDirectory maxLength(int n) {
        if (n <= 0) throw new IllegalArgumentException("max_length must be a positive integer, received " + n);
        maxLength = n;
        return this;
    }

    public TextDirectory shuffle(boolean s) { shuffle = s; listing = null; return this; }

    public TextDirectory seed(long s) { seed = s; listing = null; return this; }

    /** The fraction of files held out as the validation subset. */
    public TextDirectory validationSplit(double f) {
        if (f < 0 || f >= 1) throw new IllegalArgumentException("validation_split must be in [0, 1), received " + f);
        validationSplit = f;
        listing = null;
        return this;
    }

    /** Whether to print Keras's "Found N files belonging to K classes." lines (default true). */
    public TextDirectory verbose(boolean v) { verbose = v; return this; }

    private DirectorySplit listing() {
        if (listing == null) listing = DirectorySplit.list(directory, "text", classNames, labelMode == LabelMode.BINARY,
                p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt"), shuffle, seed, verbose);
        return listing;
    }

    /** The class names, index i being label i. */
    public List<String> classNames() { return listing().classes(); }

    /** The files of the training subset, in dataset order (before per-epoch reshuffling). */
    public List<Path> trainingFiles() { return listing().trainingFiles(validationSplit); }

    /** The files of the validation subset. */
    public List<Path> validationFiles() { return listing().validationFiles(validationSplit); }


    /** Every text (ignores the validation split). */
    public Dataset<TextSample> all() {
        DirectorySplit l = listing();
        return build(l, 0, l.files().size(), shuffle);
    }

    /** The training subset (all texts when there is no validation split), reshuffled each epoch when shuffling. */
    public Dataset<TextSample> training() {
        DirectorySplit l = listing();
        return build(l, 0, l.trainingEnd(validationSplit, verbose), shuffle);
    }

    /** The validation subset (the last {@code validationSplit} of the shuffled list), in a fixed order. */
    public Dataset<TextSample> validation() {
        DirectorySplit l = listing();
        return build(l, l.validationStart(validationSplit, verbose), l.files().size(), false);
    }

    private Dataset<TextSample> build(DirectorySplit l, int from, int to, boolean reshuffle) {
        if (to <= from) throw new IllegalArgumentException("No text files in " + directory + (from > 0 ? " for the validation subset" : "")
                + ". Allowed format: .txt, in one subfolder per class");
        int k = l.classes().size(), max = maxLength;
        LabelMode lm = labelMode;
        Dataset<Integer> ds = l.indices(from, to, reshuffle, batchSize);
        Dataset<TextSample> samples = ds.map(i -> {
            String text = read(l.files().get(i), max);
            int label = l.labels()[i];
            Tensor y = switch (lm) {
                case NONE -> null;
                case INT -> Tensor.scalar(label, DType.INT32);
                case BINARY -> Tensor.of(new float[] {label});
                case CATEGORICAL -> {
                    float[] oh = new float[k];
                    oh[label] = 1;
                    yield Tensor.of(oh);
                }
            };
            return TextSample.of(text, y);
        }, Dataset.AUTOTUNE);
        return batchSize == 0 ? samples : samples.batch(batchSize);
    }

    /** Reads a file as UTF-8 (malformed input replaced), truncated to {@code maxBytes} bytes without splitting a character (-1: all). */
    static String read(Path file, int maxBytes) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read text file " + file + ": " + e.getMessage(), e);
        }
        int n = b.length;
        if (maxBytes >= 0 && n > maxBytes) {
            n = maxBytes;
            // b[n] is the first byte cut off; if it continues a character (10xxxxxx), cut before that character's lead byte
            while (n > 0 && (b[n] & 0xC0) == 0x80) n--;
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer cb = dec.decode(ByteBuffer.wrap(b, 0, n));
            return cb.toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(e);   // cannot happen with REPLACE
        }
    }
}
