package io.jkeras.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * California housing (1990 census, 20,640 districts, 8 features, the median house value in dollars
 * as the target; Keras's {@code keras.datasets.california_housing}).
 *
 * <p>This data is in none of the package registries jkeras can use, so it is never fetched: put
 * Keras's {@code california_housing.npz} ({@value #WEB_URL}) in {@code <root>/california-housing/}
 * (see {@link Datasets#cacheRoot()}) or pass its path. The split is Keras's, row for row (NumPy's
 * {@code RandomState(seed)} shuffle, reimplemented).
 *
 * <pre>{@code
 * Mnist.Data d = CaliforniaHousing.loadData(Path.of("california_housing.npz"), "large", 0.2, 113);
 * }</pre>
 */
public final class CaliforniaHousing {
    /** Keras's file. */
    public static final String WEB_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/california_housing.npz";
    /** sha256 of Keras's file (the hash Keras checks); a file with another hash is still read, with a warning. */
    public static final String WEB_SHA256 = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f";
    static final String DIR = "california-housing", NPZ = "california_housing.npz";
    private static final int F = 8;

    private CaliforniaHousing() {}

    /** Keras's defaults ({@code version="large"}, {@code testSplit=0.2}, {@code seed=113}) from the cache. */
    public static Mnist.Data loadData() { return loadData("large", 0.2, 113); }

    /**
     * From the cache folder {@code <root>/california-housing/}.
     *
     * @param version "large" (20,640 rows) or "small" (the first 600, Keras's stand-in for Boston housing)
     * @throws DatasetUnavailableException when the file is not there; the message says where to put it
     */
    public static Mnist.Data loadData(String version, double testSplit, long seed) {
        Path dir = Datasets.cacheRoot().resolve(DIR);
        if (!Files.isRegularFile(dir.resolve(NPZ))) throw new DatasetUnavailableException(missing(dir));
        return loadData(dir.resolve(NPZ), version, testSplit, seed);
    }

    /** From Keras's {@code california_housing.npz} at {@code file} (or in the folder {@code file}). */
    public static Mnist.Data loadData(Path file, String version, double testSplit, long seed) {
        if (!version.equals("large") && !version.equals("small")) throw new IllegalArgumentException(
                "Argument `version` must be one of 'small', 'large'. Received: version=" + version);
        Path f = Files.isDirectory(file) ? file.resolve(NPZ) : file;
        if (!Files.isRegularFile(f)) throw new DatasetUnavailableException(missing(Files.isDirectory(file) ? file : file.toAbsolutePath().getParent()));
        if (!Fetch.sha256(f).equals(WEB_SHA256)) System.err.println("California housing: " + f + " is not Keras's file (sha256 differs); reading it anyway");
        double[][] xy;
        try {
            xy = Npzs.xy(f, F, f.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + f + ": " + e.getMessage(), e);
        }
        double[] x = xy[0], y = xy[1];
        if (version.equals("small") && y.length > 600) {
            x = java.util.Arrays.copyOf(x, 600 * F);
            y = java.util.Arrays.copyOf(y, 600);
        }
        return NumpyRandom.shuffleSplit(x, y, F, testSplit, seed);
    }

    private static String missing(Path dir) {
        String d = dir == null ? "." : dir.toAbsolutePath().toString();
        return "California housing was not found: expected " + d + "/" + NPZ + ". It is in no package registry jkeras can use, so it is "
                + "not fetched automatically. On a machine with internet access run:\n  mkdir -p \"" + d + "\" && curl -fLo \"" + d + "/" + NPZ
                + "\" " + WEB_URL + "\nor pass the file to CaliforniaHousing.loadData(Path, ...). The cache root is set with -D"
                + Datasets.DIR_PROPERTY + " or $" + Datasets.DIR_ENV + ".";
    }
}
