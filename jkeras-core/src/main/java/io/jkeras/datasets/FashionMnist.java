package io.jkeras.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fashion-MNIST (Zalando): 60,000 training and 10,000 test images of 28x28 grey pixels showing ten
 * kinds of clothing (Keras's {@code keras.datasets.fashion_mnist}). Labels: 0 T-shirt/top,
 * 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot.
 *
 * <pre>{@code
 * Mnist.Data d = FashionMnist.loadData();     // same layout as MNIST
 * }</pre>
 *
 * <p>Where the data comes from, in order (one log line says which): the cache
 * {@code <root>/fashion-mnist/} (see {@link Datasets#cacheRoot()}); the files of the installed
 * Debian package {@code dataset-fashion-mnist} in {@code /usr/share/datasets/fashion-mnist}; that
 * package fetched with {@code apt-get download} (pinned by sha256) and unpacked with
 * {@code dpkg-deb}; the gzipped IDX files from Keras's web source. Every fetched file's
 * uncompressed content is checked against a pinned MD5 before it enters the cache.
 */
public final class FashionMnist {
    /** The Debian package that carries Fashion-MNIST. */
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";
    /** sha256 of {@code dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb}. */
    public static final String DEBIAN_SHA256 = "39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0";
    /** Where the installed Debian package puts the files. */
    public static final Path INSTALLED_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Where Keras downloads Fashion-MNIST from (the four file names are appended). */
    public static final String WEB_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    private static final String DEB_PREFIX = "usr/share/datasets/fashion-mnist/";

    static final IdxDataset SPEC = new IdxDataset("Fashion-MNIST", "fashion-mnist",
            List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
            // MD5s of the uncompressed IDX content (the .gz files differ between distributors).
            List.of("f4a8712d7a061bf5bd6d2ca38dc4d50a", "9018921c3c673c538a1fc5bad174d6f9",
                    "8181f5470baa50b63fa0f6fddb340f0a", "15d484375f8d13e6eb1aabb0c3f46965"),
            28, 28, 10, null,
            """
            To provide them, run one of:
              sudo apt-get install dataset-fashion-mnist      (Debian/Ubuntu; installs /usr/share/datasets/fashion-mnist)
              cd "$(mktemp -d)" && apt-get download dataset-fashion-mnist && dpkg-deb -x dataset-fashion-mnist_*.deb . \\
                && mkdir -p "DIR" && cp usr/share/datasets/fashion-mnist/*-ubyte.gz "DIR/"
              for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do \\
                curl -fLo "DIR/$f.gz" https://storage.googleapis.com/tensorflow/tf-keras-datasets/$f.gz; done""");

    private FashionMnist() {}

    /**
     * Loads Fashion-MNIST, fetching it into the cache on first use (see the class comment).
     *
     * @throws DatasetUnavailableException when no source works; its message says how to provide the files
     */
    public static Mnist.Data loadData() {
        return SPEC.load(Datasets.cacheRoot(), List.of(new IdxDataset.Location(INSTALLED_DIR, "the installed Debian package " + DEBIAN_PACKAGE)),
                List.of(debianSource(), webSource()));
    }

    /** Loads Fashion-MNIST from {@code dir} only: the four IDX files, each plain or with {@code .gz}. */
    public static Mnist.Data loadData(Path dir) {
        return SPEC.loadFrom(dir);
    }

    /** Loads with the cache under {@code root}, the given folders and sources only (for tests). */
    static Mnist.Data load(Path root, List<IdxDataset.Location> locations, List<IdxDataset.Source> sources) {
        return SPEC.load(root, locations, sources);
    }

    static IdxDataset.Source debianSource() {
        return new IdxDataset.Source() {
            @Override public String describe() { return "Debian package " + DEBIAN_PACKAGE + " (apt-get download)"; }

            @Override public Map<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed {
                Path deb = Fetch.aptDownload(DEBIAN_PACKAGE, DEBIAN_SHA256, tmp);
                Set<String> wanted = Set.copyOf(SPEC.files().stream().map(f -> DEB_PREFIX + f + ".gz").toList());
                return IdxDataset.rename(Fetch.debFiles(deb, tmp, wanted, IdxDataset.MAX_FILE_BYTES), DEB_PREFIX);
            }
        };
    }

    static IdxDataset.Source webSource() {
        return new IdxDataset.Source() {
            @Override public String describe() { return WEB_BASE + "{train,t10k}-*-ubyte.gz"; }

            @Override public Map<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed {
                Map<String, byte[]> out = new LinkedHashMap<>();
                for (String f : SPEC.files()) out.put(f + ".gz", Fetch.download(URI.create(WEB_BASE + f + ".gz"), IdxDataset.MAX_FILE_BYTES));
                return out;
            }
        };
    }

    /** {@code --fetch}: makes sure the data is available (fetching into the cache if needed) and says where it is. */
    public static void main(String[] args) {
        if (args.length != 1 || !args[0].equals("--fetch")) {
            System.err.println("Usage: java io.jkeras.datasets.FashionMnist --fetch   (fills " + SPEC.cacheDir(Datasets.cacheRoot()) + ")");
            System.exit(2);
        }
        try {
            System.out.println("Fashion-MNIST loaded: " + loadData());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
