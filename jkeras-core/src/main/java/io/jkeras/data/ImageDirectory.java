package io.jkeras.data;

import io.jkeras.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Images in class subfolders as a dataset of batches (Keras's
 * {@code keras.utils.image_dataset_from_directory}).
 *
 * <pre>{@code
 * // photos/cat/*.jpg, photos/dog/*.png ...
 * ImageDirectory dir = ImageDirectory.of(Path.of("photos")).imageSize(180, 180).batchSize(32)
 *         .validationSplit(0.2).seed(1337);
 * Dataset<Sample> train = dir.training(), val = dir.validation();
 * List<String> classes = dir.classNames();   // ["cat", "dog"]
 * }</pre>
 *
 * <p>As in Keras: classes are the subfolder names in alphanumeric order (or {@link #classNames(String...)}),
 * files are {@code .bmp .gif .jpeg .jpg .png} found recursively in each class folder, listed in
 * sorted order; with {@code shuffle} (the default) the list is shuffled once with the seed, the
 * last {@code validationSplit} fraction of it is the validation subset, and the training batches
 * are also reshuffled each epoch. Images are decoded on each pass (in parallel, order kept), converted to
 * {@code colorMode} and resized to {@code imageSize} with bilinear interpolation (half-pixel
 * centers, as {@code tf.image.resize}), as float32 values in [0, 255], shape
 * {@code (batch, height, width, channels)}. Labels: {@link LabelMode#INT} int32 class indices
 * (the default), {@link LabelMode#CATEGORICAL} one-hot float32, {@link LabelMode#BINARY} float32
 * 0/1 of shape {@code (batch, 1)} for two classes, {@link LabelMode#NONE} no targets. Only the
 * file list is kept in memory. The shuffled order differs from Keras's (which uses NumPy's
 * generator); a given seed is reproducible within jkeras.
 */
public final class ImageDirectory {
    /** How labels are encoded (Keras's {@code label_mode}). */
    public enum LabelMode { INT, CATEGORICAL, BINARY, NONE }

    /** Channels of the decoded images (Keras's {@code color_mode}). */
    public enum ColorMode {
        GRAYSCALE(1), RGB(3), RGBA(4);
        final int channels;
        ColorMode(int c) { channels = c; }
    }

    static final List<String> EXTENSIONS = List.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");

    private final Path directory;
    private LabelMode labelMode = LabelMode.INT;
    private List<String> classNames;
    private ColorMode colorMode = ColorMode.RGB;
    private int batchSize = 32;
    private int height = 256, width = 256;
    private boolean shuffle = true;
    private Long seed;
    private double validationSplit = 0;
    private boolean verbose = true;

    private DirectorySplit listing; // computed on first use

    private ImageDirectory(Path directory) { this.directory = Objects.requireNonNull(directory, "directory"); }

    /** The folder whose subfolders are the classes. */
    public static ImageDirectory of(Path directory) { return new ImageDirectory(directory); }

    public ImageDirectory labelMode(LabelMode m) { labelMode = Objects.requireNonNull(m); listing = null; return this; }

    /** The classes in this order; must be exactly the subfolder names. */
    public ImageDirectory classNames(String... names) { classNames = List.of(names); listing = null; return this; }

    public ImageDirectory colorMode(ColorMode m) { colorMode = Objects.requireNonNull(m); return this; }

    /** Images per batch (default 32); 0 for unbatched single images. */
    public ImageDirectory batchSize(int b) {
        if (b < 0) throw new IllegalArgumentException("batch_size must be >= 0 (0 for no batching), received " + b);
        batchSize = b;
        return this;
    }

    /** The size images are resized to (default 256 x 256). */
    public ImageDirectory imageSize(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("image_size must be positive, received (" + height + ", " + width + ")");
        this.height = height;
        this.width = width;
        return this;
    }

    public ImageDirectory shuffle(boolean s) { shuffle = s; listing = null; return this; }

    public ImageDirectory seed(long s) { seed = s; listing = null; return this; }

    /** The fraction of files held out as the validation subset. */
    public ImageDirectory validationSplit(double f) {
        if (f < 0 || f >= 1) throw new IllegalArgumentException("validation_split must be in [0, 1), received " + f);
        validationSplit = f;
        listing = null;
        return this;
    }

    /** Whether to print Keras's "Found N files belonging to K classes." lines (default true). */
    public ImageDirectory verbose(boolean v) { verbose = v; return this; }

    private DirectorySplit listing() {
        if (listing == null) listing = DirectorySplit.list(directory, "image", classNames, labelMode == LabelMode.BINARY,
                ImageDirectory::isImage, shuffle, seed, verbose);
        return listing;
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** The class names, index i being label i. */
    public List<String> classNames() { return listing().classes(); }

    /** The image files of the training subset, in dataset order (before per-epoch reshuffling). */
    public List<Path> trainingFiles() { return listing().trainingFiles(validationSplit); }

    /** The image files of the validation subset. */
    public List<Path> validationFiles() { return listing().validationFiles(validationSplit); }


    /** Every image (ignores the validation split). */
    public Dataset<Sample> all() {
        DirectorySplit l = listing();
        return build(l, 0, l.files().size(), shuffle);
    }

    /** The training subset (all images when there is no validation split), reshuffled each epoch when shuffling. */
    public Dataset<Sample> training() {
        DirectorySplit l = listing();
        return build(l, 0, l.trainingEnd(validationSplit, verbose), shuffle);
    }

    /** The validation subset (the last {@code validationSplit} of the shuffled list), in a fixed order. */
    public Dataset<Sample> validation() {
        DirectorySplit l = listing();
        return build(l, l.validationStart(validationSplit, verbose), l.files().size(), false);
    }

    private Dataset<Sample> build(DirectorySplit l, int from, int to, boolean reshuffle) {
        if (to <= from) throw new IllegalArgumentException("No images in " + directory + (from > 0 ? " for the validation subset" : "")
                + ". Allowed formats: " + EXTENSIONS);
        int h = height, w = width, k = l.classes().size();
        ColorMode cm = colorMode;
        LabelMode lm = labelMode;
        Dataset<Integer> ds = l.indices(from, to, reshuffle, batchSize);
        Dataset<Sample> samples = ds.map(i -> {
            Tensor img = load(l.files().get(i), cm, h, w);
            int label = l.labels()[i];
            return switch (lm) {
                case NONE -> Sample.inputs(img);
                case INT -> Sample.of(img, Tensor.scalar(label, io.jkeras.tensor.DType.INT32));
                case BINARY -> Sample.of(img, Tensor.of(new float[] {label}));
                case CATEGORICAL -> {
                    float[] oh = new float[k];
                    oh[label] = 1;
                    yield Sample.of(img, Tensor.of(oh));
                }
            };
        }, Dataset.AUTOTUNE);
        return batchSize == 0 ? samples : samples.batch(batchSize);
    }

    /** Decodes an image file to float32 {@code (height, width, channels)} in [0, 255]. */
    public static Tensor load(Path file, ColorMode mode, int height, int width) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read image " + file + ": " + e.getMessage(), e);
        }
        if (img == null) throw new IllegalArgumentException("Could not decode image " + file + "; supported formats: " + EXTENSIONS);
        int ih = img.getHeight(), iw = img.getWidth(), c = mode.channels;
        float[] src = new float[ih * iw * c];
        boolean alpha = img.getColorModel().hasAlpha();
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                int argb = img.getRGB(x, y);
                int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF, a = alpha ? (argb >>> 24) : 255;
                int o = (y * iw + x) * c;
                switch (mode) {
                    case GRAYSCALE -> src[o] = isGray(img) ? r : (float) Math.rint(0.299 * r + 0.587 * g + 0.114 * b);
                    case RGB -> { src[o] = r; src[o + 1] = g; src[o + 2] = b; }
                    case RGBA -> { src[o] = r; src[o + 1] = g; src[o + 2] = b; src[o + 3] = a; }
                }
            }
        }
        float[] out = ih == height && iw == width ? src : resizeBilinear(src, ih, iw, c, height, width);
        return Tensor.wrap(out, height, width, c);
    }

    private static boolean isGray(BufferedImage img) { return img.getType() == BufferedImage.TYPE_BYTE_GRAY; }

    /** Bilinear resize with half-pixel centers and edge clamping (tf.image.resize, antialias off). */
    static float[] resizeBilinear(float[] src, int ih, int iw, int c, int oh, int ow) {
        float[] dst = new float[oh * ow * c];
        double sy = (double) ih / oh, sx = (double) iw / ow;
        for (int y = 0; y < oh; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) Math.floor(fy), ih - 1), y1 = Math.min(y0 + 1, ih - 1);
            double dy = fy - y0;
            for (int x = 0; x < ow; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) Math.floor(fx), iw - 1), x1 = Math.min(x0 + 1, iw - 1);
                double dx = fx - x0;
                for (int k = 0; k < c; k++) {
                    double top = src[(y0 * iw + x0) * c + k] * (1 - dx) + src[(y0 * iw + x1) * c + k] * dx;
                    double bot = src[(y1 * iw + x0) * c + k] * (1 - dx) + src[(y1 * iw + x1) * c + k] * dx;
                    dst[(y * ow + x) * c + k] = (float) (top * (1 - dy) + bot * dy);
                }
            }
        }
        return dst;
    }
}
