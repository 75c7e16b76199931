package io.jkeras.backend.cpu;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

/**
 * Fused batch normalization in training mode, float32 and float64: statistics, normalization and
 * the backward pass each in one or two sweeps over the data instead of a chain of elementwise ops.
 * The tensor is seen as {@code [outer, C, inner]} around the feature axis ({@code inner = 1} for
 * channels last). Sums accumulate in double over fixed blocks of rows, reduced in block order, so
 * results do not depend on the thread count.
 */
public final class NormKernels {
    private NormKernels() {}

    /** Rows of {@code C * inner} values per parallel block (fixed by the sizes only). */
    private static int grain(int c, int inner) { return Math.max(1, (1 << 14) / Math.max(1, c * inner)); }

    /**
     * Forward pass: {@code {y, mean, variance}} with the batch mean and biased variance per feature
     * (in {@code x}'s dtype) and {@code y = (x - mean) * rsqrt(variance + eps) * gamma + beta};
     * {@code gamma}/{@code beta} may be null (1 and 0).
     */
    public static Tensor[] batchNormTrain(Tensor x, Tensor gamma, Tensor beta, int axis, double eps) {
        final int c = x.dim(axis), outer = prod(x, 0, axis), inner = prod(x, axis + 1, x.rank());
        double[] g = gamma == null ? null : gamma.toDoubleArray(), b = beta == null ? null : beta.toDoubleArray();
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? x.floats() : null;
        double[] xd = f32 ? null : x.doubles();
        long count = (long) outer * inner;
        double[] mean = sums(xf, xd, null, null, null, outer, c, inner);
        for (int k = 0; k < c; k++) mean[k] /= Math.max(1, count);
        double[] var = sums(xf, xd, null, null, mean, outer, c, inner);
        for (int k = 0; k < c; k++) var[k] /= Math.max(1, count);
        double[] scale = new double[c], shift = new double[c];
        for (int k = 0; k < c; k++) {
            double inv = 1 / Math.sqrt(var[k] + eps);
            scale[k] = g == null ? inv : inv * g[k];
            shift[k] = (b == null ? 0 : b[k]) - mean[k] * scale[k];
        }
        Object y = Tensor.allocate(x.dtype(), x.size());
        int gr = grain(c, inner);
        Parallel.parallelFor(outer, gr, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                for (int k = 0; k < c; k++) {
                    int base = (o * c + k) * inner;
                    if (f32) {
                        float[] yy = (float[]) y;
                        float s = (float) scale[k], t = (float) shift[k];
                        for (int i = 0; i < inner; i++) yy[base + i] = xf[base + i] * s + t;
                    } else {
                        double[] yy = (double[]) y;
                        for (int i = 0; i < inner; i++) yy[base + i] = xd[base + i] * scale[k] + shift[k];
                    }
                }
            }
        });
        return new Tensor[] {Tensor.wrap(y, x.shape()), vector(mean, x.dtype()), vector(var, x.dtype())};
    }

    /**
     * Backward pass of {@link #batchNormTrain}: {@code {dx, dgamma, dbeta}} for upstream {@code dy},
     * given the batch {@code mean} and {@code variance} of the forward pass.
     */
    public static Tensor[] batchNormTrainBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor variance, int axis, double eps) {
        final int c = x.dim(axis), outer = prod(x, 0, axis), inner = prod(x, axis + 1, x.rank());
        double[] m = mean.toDoubleArray(), v = variance.toDoubleArray(), g = gamma == null ? null : gamma.toDoubleArray();
        double[] invstd = new double[c];
        for (int k = 0; k < c; k++) invstd[k] = 1 / Math.sqrt(v[k] + eps);
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? x.floats() : null, gf = f32 ? dy.floats() : null;
        double[] xd = f32 ? null : x.doubles(), gd = f32 ? null : dy.doubles();
        double[] dbeta = sums(gf, gd, null, null, null, outer, c, inner);
        // sum(dy * xhat) = invstd * sum(dy * (x - mean))
        double[] dgamma = sums(gf, gd, xf, xd, m, outer, c, inner);
        for (int k = 0; k < c; k++) dgamma[k] *= invstd[k];
        long count = (long) outer * inner;
        double[] a = new double[c], bm = new double[c], cx = new double[c];
        for (int k = 0; k < c; k++) {
            double scale = (g == null ? 1 : g[k]) * invstd[k];
            // dx = scale * (dy - dbeta/N - xhat * dgamma/N), xhat = (x - mean) * invstd
            a[k] = scale;
            cx[k] = scale * invstd[k] * dgamma[k] / count;
            bm[k] = scale * dbeta[k] / count - cx[k] * m[k];
        }
        Object dx = Tensor.allocate(x.dtype(), x.size());
        Parallel.parallelFor(outer, grain(c, inner), (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                for (int k = 0; k < c; k++) {
                    int base = (o * c + k) * inner;
                    if (f32) {
                        float[] d = (float[]) dx;
                        float ak = (float) a[k], ck = (float) cx[k], bk = (float) bm[k];
                        for (int i = 0; i < inner; i++) d[base + i] = ak * gf[base + i] - ck * xf[base + i] - bk;
                    } else {
                        double[] d = (double[]) dx;
                        for (int i = 0; i < inner; i++) d[base + i] = a[k] * gd[base + i] - cx[k] * xd[base + i] - bm[k];
                    }
                }
            }
        });
        return new Tensor[] {Tensor.wrap(dx, x.shape()), vector(dgamma, x.dtype()), vector(dbeta, x.dtype())};
    }

    /**
     * Per-feature sums over {@code [outer, C, inner]} of {@code u} (float or double), times
     * {@code (w - center)} when {@code w} is given, or of {@code (u - center)^2} when only a center is given.
     */
    private static double[] sums(float[] uf, double[] ud, float[] wf, double[] wd, double[] center, int outer, int c, int inner) {
        int gr = grain(c, inner);
        int blocks = (outer + gr - 1) / gr;
        double[][] partial = new double[Math.max(1, blocks)][c];
        boolean weighted = wf != null || wd != null;
        Parallel.parallelFor(outer, gr, (o0, o1) -> {
            double[] acc = partial[o0 / gr];
            for (int o = o0; o < o1; o++) {
                for (int k = 0; k < c; k++) {
                    int base = (o * c + k) * inner;
                    double s = 0;
                    if (weighted) {
                        double mk = center[k];
                        if (uf != null) for (int i = 0; i < inner; i++) s += uf[base + i] * (wf[base + i] - mk);
                        else for (int i = 0; i < inner; i++) s += ud[base + i] * (wd[base + i] - mk);
                    } else if (center != null) {
                        double mk = center[k];
                        if (uf != null) for (int i = 0; i < inner; i++) { double d = uf[base + i] - mk; s += d * d; }
                        else for (int i = 0; i < inner; i++) { double d = ud[base + i] - mk; s += d * d; }
                    } else {
                        if (uf != null) for (int i = 0; i < inner; i++) s += uf[base + i];
                        else for (int i = 0; i < inner; i++) s += ud[base + i];
                    }
                    acc[k] += s;
                }
            }
        });
        double[] out = new double[c];
        for (double[] p : partial) for (int k = 0; k < c; k++) out[k] += p[k];
        return out;
    }

    private static int prod(Tensor x, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= x.dim(i);
        return p;
    }

    private static Tensor vector(double[] v, DType dtype) {
        if (dtype == DType.FLOAT64) return Tensor.wrap(v.clone(), io.jkeras.tensor.Shape.of(v.length));
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(f, io.jkeras.tensor.Shape.of(v.length));
    }
}
