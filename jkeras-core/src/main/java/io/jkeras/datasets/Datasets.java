package io.jkeras.datasets;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.nio.file.Path;

/**
 * Where datasets are cached, and the small conversions every image example needs.
 *
 * <pre>{@code
 * Mnist.Data d = Mnist.loadData();
 * Tensor xTrain = Datasets.toFloatImages(d.xTrain(), true);   // (60000, 784) float32 in [0, 1]
 * Tensor yTrain = Utils.toCategorical(d.yTrain(), 10);        // io.jkeras.utils.Utils
 * }</pre>
 */
public final class Datasets {
    /** System property naming the cache root. */
    public static final String DIR_PROPERTY = "jkeras.datasets.dir";
    /** Environment variable naming the cache root, used when the property is not set. */
    public static final String DIR_ENV = "JKERAS_DATASETS_DIR";

    private Datasets() {}

    /**
     * The cache root: the system property {@value #DIR_PROPERTY}, else the environment variable
     * {@value #DIR_ENV}, else {@code ~/.jkeras/datasets}. Each dataset has a folder below it
     * ({@code mnist/}, {@code fashion-mnist/}).
     */
    public static Path cacheRoot() {
        String p = System.getProperty(DIR_PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv(DIR_ENV);
        if (p != null && !p.isBlank()) return Path.of(p);
        return Path.of(System.getProperty("user.home"), ".jkeras", "datasets");
    }

    /**
     * Pixel values 0..255 as float32 in [0, 1] ({@code x.astype("float32") / 255} in Keras
     * examples). With {@code flatten}, each image becomes one row: (n, 28, 28) gives (n, 784);
     * without it the shape is kept.
     *
     * @throws IllegalArgumentException when {@code x} has rank 0, or {@code flatten} is asked of a rank-1 tensor
     */
    public static Tensor toFloatImages(Tensor x, boolean flatten) {
        if (x.rank() < 1 || (flatten && x.rank() < 2)) throw new IllegalArgumentException("toFloatImages expects images of shape (n, ...)"
                + (flatten ? " with at least 2 axes to flatten" : "") + ", got shape " + x.shape());
        int n = x.size();
        float[] out = new float[n];
        if (x.array() instanceof int[] a) {
            for (int i = 0; i < n; i++) out[i] = a[i] / 255f;
        } else {
            for (int i = 0; i < n; i++) out[i] = (float) (x.getFlat(i) / 255.0);
        }
        Shape shape = flatten ? Shape.of(x.dim(0), n == 0 ? (int) x.shape().sub(1, x.rank()).size() : n / x.dim(0)) : x.shape();
        return Tensor.wrap(out, shape);
    }
}
