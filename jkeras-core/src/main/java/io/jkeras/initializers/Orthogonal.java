package io.jkeras.initializers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * A (semi-)orthogonal matrix times {@code gain} (Keras {@code Orthogonal(gain=1.0, seed=None)}).
 * The shape is viewed as a matrix {@code (prod(shape[:-1]), shape[-1])}; a normal random matrix of
 * shape {@code (max(rows, cols), min(rows, cols))} is factored {@code Q R}, {@code Q}'s columns are
 * multiplied by the signs of {@code R}'s diagonal (making the result uniformly distributed), and
 * {@code Q} is transposed when there are fewer rows than columns. The result has orthonormal
 * columns ({@code W^T W = gain^2 I}) or, when wider than tall, orthonormal rows.
 */
public class Orthogonal extends RandomInitializer {
    private final double gain;

    /** Keras defaults: gain 1, unseeded. */
    public Orthogonal() { this(1.0, null); }

    public Orthogonal(double gain) { this(gain, null); }

    public Orthogonal(double gain, long seed) { this(gain, Long.valueOf(seed)); }

    /** @param seed {@code null} to draw the seed from the global generator */
    public Orthogonal(double gain, Long seed) {
        super(seed);
        this.gain = gain;
    }

    public double gain() { return gain; }

    @Override public Tensor generate(Shape shape, DType dtype) {
        checkFloating(shape, dtype);
        if (shape.rank() < 2) throw new IllegalArgumentException("The tensor to initialize must be at least two-dimensional. "
                + "Received: shape=" + shape + " of rank " + shape.rank() + ".");
        long rowsL = shape.size() / shape.dim(-1);
        int cols = shape.dim(-1);
        if (rowsL * cols > Integer.MAX_VALUE) throw new IllegalArgumentException("Orthogonal: shape " + shape + " is too large");
        int rows = (int) rowsL;
        int m = Math.max(rows, cols), n = Math.min(rows, cols);
        double[] a = Ops.randomNormal(Shape.of(m, n), 0.0, 1.0, DType.FLOAT64, streamSeed()).toDoubleArray();
        double[] q = householderQ(a, m, n);
        double[] out = new double[rows * cols];
        if (rows >= cols) {
            for (int i = 0; i < m * n; i++) out[i] = gain * q[i];
        } else {
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) out[j * m + i] = gain * q[i * n + j];
        }
        Tensor t = Tensor.wrap(out, shape);
        return dtype == DType.FLOAT64 ? t : Ops.cast(t, dtype);
    }

    /**
     * The thin {@code Q} (m x n, m >= n, row-major) of {@code a = Q R} by Householder reflections,
     * with each column multiplied by the sign of {@code R}'s diagonal entry, as Keras does.
     */
    static double[] householderQ(double[] a0, int m, int n) {
        double[] a = a0.clone();
        double[][] vs = new double[n][];
        double[] rDiag = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) norm = Math.hypot(norm, a[i * n + k]);
            double alpha = a[k * n + k] > 0 ? -norm : norm;   // R[k][k]; the sign avoids cancellation
            double[] v = new double[m - k];
            for (int i = k; i < m; i++) v[i - k] = a[i * n + k];
            v[0] -= alpha;
            double vv = 0;
            for (double x : v) vv += x * x;
            rDiag[k] = alpha;
            if (vv == 0) { vs[k] = null; continue; }   // column already reduced: H = I
            vs[k] = v;
            for (int j = k; j < n; j++) {             // A := (I - 2 v v^T / v^T v) A
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i - k] * a[i * n + j];
                double f = 2 * dot / vv;
                for (int i = k; i < m; i++) a[i * n + j] -= f * v[i - k];
            }
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity
        double[] q = new double[m * n];
        for (int j = 0; j < n; j++) q[j * n + j] = 1;
        for (int k = n - 1; k >= 0; k--) {
            double[] v = vs[k];
            if (v == null) continue;
            double vv = 0;
            for (double x : v) vv += x * x;
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i - k] * q[i * n + j];
                double f = 2 * dot / vv;
                for (int i = k; i < m; i++) q[i * n + j] -= f * v[i - k];
            }
        }
        for (int j = 0; j < n; j++) {
            double s = Math.signum(rDiag[j]);
            for (int i = 0; i < m; i++) q[i * n + j] *= s;
        }
        return q;
    }

    @Override public String className() { return "Orthogonal"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = super.getConfig();
        m.put("gain", gain);
        return m;
    }
}
