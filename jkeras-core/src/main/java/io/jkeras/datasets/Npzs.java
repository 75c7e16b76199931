package io.jkeras.datasets;

import io.jkeras.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Reading the {@code x} / {@code y} arrays of Keras's regression npz files as float64. */
final class Npzs {
    private Npzs() {}

    /** {x (n*features), y (n)} from an npz with {@code x} of shape (n, features) and {@code y} of shape (n). */
    static double[][] xy(Path npz, int features, String source) throws IOException {
        Map<String, Tensor> a = Npz.read(npz, Set.of("x", "y"), 1L << 30);
        Tensor x = a.get("x"), y = a.get("y");
        if (x.rank() != 2 || x.dim(1) != features || y.rank() != 1 || y.dim(0) != x.dim(0)) throw new IllegalArgumentException(source
                + ": expected x of shape (n, " + features + ") and y of shape (n,), found x " + x.shape() + " and y " + y.shape());
        return new double[][] {x.toDoubleArray(), y.toDoubleArray()};
    }
}
