package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * CIFAR-10: 50,000 training and 10,000 test colour images of 32x32 pixels in ten classes (Keras's
 * {@code keras.datasets.cifar10}). Labels: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog,
 * 6 frog, 7 horse, 8 ship, 9 truck.
 *
 * <p>CIFAR-10 is in no package registry, so jkeras never downloads it: the user provides the
 * <em>binary version</em> from <a href="https://www.cs.toronto.edu/~kriz/cifar.html">the CIFAR
 * page</a>, either the archive {@code cifar-10-binary.tar.gz} or its unpacked folder
 * {@code cifar-10-batches-bin} (files {@code data_batch_1.bin} ... {@code data_batch_5.bin} and
 * {@code test_batch.bin}; each record is one label byte and 3,072 pixel bytes, the red, green and
 * blue 32x32 planes in turn). Keras reads the Python (pickle) version instead; jkeras does not
 * unpickle files.
 *
 * <pre>{@code
 * Mnist.Data d = Cifar10.loadData(Path.of("Downloads/cifar-10-binary.tar.gz"));
 * Mnist.Data d2 = Cifar10.loadData();   // from <cache root>/cifar-10-batches-bin or <cache root>/cifar-10-binary.tar.gz
 * Tensor x = Datasets.toFloatImages(d.xTrain(), false);   // (50000, 32, 32, 3) float32 in [0, 1]
 * }</pre>
 *
 * <p>As in Keras, images come channels-last, {@code (n, 32, 32, 3)}, and labels have shape
 * {@code (n, 1)}; both are int32 (Keras has uint8), so the training images take about 600 MB.
 */
public final class Cifar10 {
    /** The folder of the unpacked binary version. */
    public static final String FOLDER = "cifar-10-batches-bin";
    /** The binary version's archive. */
    public static final String ARCHIVE = "cifar-10-binary.tar.gz";
    /** Where the binary version can be downloaded (on a machine with internet access). */
    public static final String WEB_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    static final int SIDE = 32, CHANNELS = 3, PIXELS = SIDE * SIDE * CHANNELS, RECORD = 1 + PIXELS;
    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";
    /** Bound on one batch file: the real ones hold 10,000 records (30.7 MB). */
    private static final long MAX_FILE_BYTES = 64L << 20;

    private Cifar10() {}

    /**
     * Loads CIFAR-10 from the jkeras cache root ({@link Datasets#cacheRoot()}): its folder
     * {@value #FOLDER}, or the archive {@value #ARCHIVE} there.
     *
     * @throws DatasetUnavailableException when neither is there; the message says where to put them
     */
    public static Mnist.Data loadData() {
        Path root = Datasets.cacheRoot();
        if (Files.isDirectory(root.resolve(FOLDER)) || Files.isRegularFile(root.resolve(ARCHIVE))) return loadData(root);
        throw new DatasetUnavailableException(missing(root));
    }

    /**
     * Loads CIFAR-10 from {@code path}: the archive {@value #ARCHIVE} itself, the folder
     * {@value #FOLDER} (holding the six {@code .bin} files), or a folder that holds either of them.
     *
     * @throws DatasetUnavailableException when the files are not there (the message says what to put where)
     * @throws IllegalArgumentException    when a file is not in CIFAR-10's binary format
     */
    public static Mnist.Data loadData(Path path) {
        try {
            if (Files.isRegularFile(path)) {
                String name = path.getFileName().toString();
                if (name.contains("python") || name.contains("matlab")) throw new DatasetUnavailableException(path + " looks like the "
                        + (name.contains("python") ? "Python (pickle)" : "MATLAB") + " version of CIFAR-10; jkeras reads the binary version. "
                        + missing(path.toAbsolutePath().getParent()));
                return fromArchive(path);
            }
            if (Files.isDirectory(path)) {
                if (Files.isRegularFile(path.resolve(TEST_FILE))) return fromFolder(path);
                if (Files.isDirectory(path.resolve(FOLDER))) return fromFolder(path.resolve(FOLDER));
                if (Files.isRegularFile(path.resolve(ARCHIVE))) return fromArchive(path.resolve(ARCHIVE));
                if (Files.isDirectory(path.resolve("cifar-10-batches-py")) || Files.isRegularFile(path.resolve("data_batch_1"))) {
                    throw new DatasetUnavailableException(path + " holds the Python (pickle) version of CIFAR-10; jkeras reads the binary version. "
                            + missing(path));
                }
            }
            throw new DatasetUnavailableException(missing(path));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read CIFAR-10 from " + path + ": " + e.getMessage(), e);
        }
    }

    private static String missing(Path where) {
        String dir = where == null ? "." : where.toAbsolutePath().toString();
        return "CIFAR-10 was not found in " + dir + ". CIFAR-10 is in no package registry, so jkeras cannot fetch it. Download the binary version, "
                + ARCHIVE + " (" + WEB_URL + ", 162 MB), and either put the archive in " + dir + ", or unpack it there so that " + dir
                + "/" + FOLDER + "/ holds " + String.join(", ", TRAIN_FILES) + " and " + TEST_FILE + "; or pass the path to Cifar10.loadData(Path). "
                + "Cifar10.loadData() looks in the cache root " + Datasets.cacheRoot().toAbsolutePath() + " (set it with -D" + Datasets.DIR_PROPERTY
                + " or $" + Datasets.DIR_ENV + "). For example:\n"
                + "  mkdir -p \"" + Datasets.cacheRoot().toAbsolutePath() + "\" && curl -fL " + WEB_URL + " | tar xz -C \"" + Datasets.cacheRoot().toAbsolutePath() + "\"";
    }

    private static Mnist.Data fromFolder(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> absent = new ArrayList<>();
        for (String f : all()) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) { absent.add(f); continue; }
            long size = Files.size(p);
            if (size > MAX_FILE_BYTES) throw new IllegalArgumentException("CIFAR-10 file " + p + " has " + size + " bytes, more than a batch file can"
                    + " (10,000 records of " + RECORD + " bytes)");
            files.put(f, Files.readAllBytes(p));
        }
        if (!absent.isEmpty()) throw new DatasetUnavailableException("CIFAR-10 folder " + dir.toAbsolutePath() + " lacks " + absent + ". " + missing(dir.getParent()));
        return decode(files, dir.toString());
    }

    private static Mnist.Data fromArchive(Path archive) throws IOException {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String f : all()) wanted.put(FOLDER + "/" + f, f);
        Map<String, byte[]> entries;
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            entries = Tar.readFiles(in, wanted.keySet(), MAX_FILE_BYTES);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(archive + " is not a gzip file (" + e.getMessage() + "); expected " + ARCHIVE + ", the binary version of CIFAR-10", e);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> absent = new ArrayList<>();
        for (Map.Entry<String, String> w : wanted.entrySet()) {
            byte[] b = entries.get(w.getKey());
            if (b == null) absent.add(w.getKey()); else files.put(w.getValue(), b);
        }
        if (!absent.isEmpty()) throw new IllegalArgumentException("CIFAR-10 archive " + archive + " lacks " + absent
                + "; expected " + ARCHIVE + ", the binary version of CIFAR-10 (" + WEB_URL + ")");
        return decode(files, archive.toString());
    }

    private static List<String> all() {
        List<String> l = new ArrayList<>(TRAIN_FILES);
        l.add(TEST_FILE);
        return l;
    }

    private static Mnist.Data decode(Map<String, byte[]> files, String source) {
        List<byte[]> train = new ArrayList<>();
        for (String f : TRAIN_FILES) train.add(files.get(f));
        Tensor[] tr = decode(train, TRAIN_FILES, source);
        Tensor[] te = decode(List.of(files.get(TEST_FILE)), List.of(TEST_FILE), source);
        return new Mnist.Data(tr[0], tr[1], te[0], te[1]);
    }

    /** Records of several batch files, in order: images (n, 32, 32, 3) and labels (n, 1), int32. */
    static Tensor[] decode(List<byte[]> batches, List<String> names, String source) {
        int n = 0;
        for (int b = 0; b < batches.size(); b++) {
            int len = batches.get(b).length;
            if (len == 0 || len % RECORD != 0) throw new IllegalArgumentException("CIFAR-10 file " + names.get(b) + " in " + source + " has " + len
                    + " bytes, which is not a whole number of " + RECORD + "-byte records (1 label byte + 32x32x3 pixel bytes); is it the binary version?");
            n += len / RECORD;
        }
        int[] x = new int[Math.multiplyExact(n, PIXELS)];
        int[] y = new int[n];
        int plane = SIDE * SIDE, i = 0;
        for (int b = 0; b < batches.size(); b++) {
            byte[] d = batches.get(b);
            for (int r = 0; r < d.length / RECORD; r++, i++) {
                int off = r * RECORD;
                int label = d[off] & 0xFF;
                if (label > 9) throw new IllegalArgumentException("CIFAR-10 file " + names.get(b) + " in " + source + ": record " + r + " has label "
                        + label + ", outside 0..9; is it CIFAR-100 or another format?");
                y[i] = label;
                int base = i * PIXELS;
                // planar R, G, B in the file -> interleaved (row, col, channel)
                for (int p = 0; p < plane; p++) {
                    for (int c = 0; c < CHANNELS; c++) x[base + p * CHANNELS + c] = d[off + 1 + c * plane + p] & 0xFF;
                }
            }
        }
        return new Tensor[] {Tensor.wrap(x, Shape.of(n, SIDE, SIDE, CHANNELS)), Tensor.wrap(y, Shape.of(n, 1))};
    }
}
