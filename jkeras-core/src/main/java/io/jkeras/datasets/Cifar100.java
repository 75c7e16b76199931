package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * CIFAR-100: 50,000 training and 10,000 test colour images of 32x32 pixels in 100 fine classes
 * grouped into 20 coarse ones (Keras's {@code keras.datasets.cifar100}).
 *
 * <p>CIFAR-100 is in no package registry, so jkeras never downloads it: provide the <em>binary
 * version</em>, {@value #ARCHIVE} from {@value #WEB_URL}, as the archive or unpacked (the folder
 * {@value #FOLDER} with {@code train.bin} and {@code test.bin}; each record is a coarse label byte, a
 * fine label byte and 3,072 pixel bytes, the red, green and blue planes in turn). Keras reads the
 * Python (pickle) version instead; jkeras does not unpickle files.
 *
 * <pre>{@code
 * Mnist.Data d = Cifar100.loadData(Path.of("Downloads/cifar-100-binary.tar.gz"), "fine");
 * }</pre>
 *
 * <p>As in Keras, images are channels-last {@code (n, 32, 32, 3)} and labels {@code (n, 1)}; both
 * int32 (Keras has uint8).
 */
public final class Cifar100 {
    public static final String FOLDER = "cifar-100-binary";
    public static final String ARCHIVE = "cifar-100-binary.tar.gz";
    public static final String WEB_URL = "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz";
    static final int SIDE = 32, PIXELS = SIDE * SIDE * 3, RECORD = 2 + PIXELS;
    private static final long MAX_FILE_BYTES = 200L << 20;

    private Cifar100() {}

    /** Fine labels from the cache root ({@link Datasets#cacheRoot()}): its folder {@value #FOLDER} or the archive there. */
    public static Mnist.Data loadData() { return loadData("fine"); }

    /** From the cache root, with {@code labelMode} "fine" (0..99) or "coarse" (0..19). */
    public static Mnist.Data loadData(String labelMode) { return loadData(Datasets.cacheRoot(), labelMode); }

    /**
     * From {@code path}: the archive {@value #ARCHIVE}, the folder {@value #FOLDER}, or a folder holding either.
     *
     * @throws DatasetUnavailableException when the files are not there (the message says what to put where)
     */
    public static Mnist.Data loadData(Path path, String labelMode) {
        if (!labelMode.equals("fine") && !labelMode.equals("coarse")) throw new IllegalArgumentException(
                "`label_mode` must be one of `\"fine\"`, `\"coarse\"`. Received: label_mode=" + labelMode + ".");
        boolean fine = labelMode.equals("fine");
        try {
            byte[] train, test;
            Path dir = Files.isDirectory(path.resolve(FOLDER)) ? path.resolve(FOLDER) : path;
            if (Files.isRegularFile(path)) {
                if (path.getFileName().toString().contains("python")) throw new DatasetUnavailableException(path
                        + " looks like the Python (pickle) version of CIFAR-100; jkeras reads the binary version. " + missing(path.toAbsolutePath().getParent()));
                Map<String, byte[]> e = fromArchive(path);
                train = e.get(FOLDER + "/train.bin");
                test = e.get(FOLDER + "/test.bin");
                if (train == null || test == null) throw new IllegalArgumentException(path + " lacks " + FOLDER + "/train.bin or "
                        + FOLDER + "/test.bin; expected " + ARCHIVE + " (" + WEB_URL + ")");
            } else if (Files.isRegularFile(dir.resolve("train.bin")) && Files.isRegularFile(dir.resolve("test.bin"))) {
                train = Files.readAllBytes(dir.resolve("train.bin"));
                test = Files.readAllBytes(dir.resolve("test.bin"));
            } else if (Files.isRegularFile(path.resolve(ARCHIVE))) {
                return loadData(path.resolve(ARCHIVE), labelMode);
            } else {
                throw new DatasetUnavailableException(missing(path));
            }
            Tensor[] tr = decode(train, "train.bin", fine), te = decode(test, "test.bin", fine);
            return new Mnist.Data(tr[0], tr[1], te[0], te[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read CIFAR-100 from " + path + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, byte[]> fromArchive(Path archive) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            return Tar.readFiles(in, Set.of(FOLDER + "/train.bin", FOLDER + "/test.bin"), MAX_FILE_BYTES);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(archive + " is not a gzip file (" + e.getMessage() + "); expected " + ARCHIVE, e);
        }
    }

    static String missing(Path where) {
        String dir = where == null ? "." : where.toAbsolutePath().toString();
        return "CIFAR-100 was not found in " + dir + ". It is in no package registry, so jkeras cannot fetch it. Download the binary version, "
                + ARCHIVE + " (" + WEB_URL + ", 161 MB), and put the archive in " + dir + " or unpack it there so that " + dir + "/" + FOLDER
                + "/ holds train.bin and test.bin; or pass the path to Cifar100.loadData(Path, labelMode). Cifar100.loadData() looks in the "
                + "cache root " + Datasets.cacheRoot().toAbsolutePath() + " (set it with -D" + Datasets.DIR_PROPERTY + " or $" + Datasets.DIR_ENV
                + "). For example:\n  mkdir -p \"" + Datasets.cacheRoot().toAbsolutePath() + "\" && curl -fL " + WEB_URL + " | tar xz -C \""
                + Datasets.cacheRoot().toAbsolutePath() + "\"";
    }

    /** Images (n, 32, 32, 3) and labels (n, 1), int32, from one binary file. */
    static Tensor[] decode(byte[] d, String name, boolean fine) {
        if (d.length == 0 || d.length % RECORD != 0) throw new IllegalArgumentException("CIFAR-100 file " + name + " has " + d.length
                + " bytes, not a whole number of " + RECORD + "-byte records (coarse label, fine label, 32x32x3 pixels); is it the binary version?");
        int n = d.length / RECORD, plane = SIDE * SIDE;
        int[] x = new int[Math.multiplyExact(n, PIXELS)], y = new int[n];
        for (int i = 0; i < n; i++) {
            int off = i * RECORD;
            int coarse = d[off] & 0xFF, fl = d[off + 1] & 0xFF;
            if (coarse > 19 || fl > 99) throw new IllegalArgumentException("CIFAR-100 file " + name + ": record " + i + " has labels (coarse "
                    + coarse + ", fine " + fl + "), outside 0..19 / 0..99; is it CIFAR-10 or another format?");
            y[i] = fine ? fl : coarse;
            for (int p = 0; p < plane; p++) for (int c = 0; c < 3; c++) x[i * PIXELS + p * 3 + c] = d[off + 2 + c * plane + p] & 0xFF;
        }
        return new Tensor[] {Tensor.wrap(x, Shape.of(n, SIDE, SIDE, 3)), Tensor.wrap(y, Shape.of(n, 1))};
    }
}
