package io.jkeras.backend.cpu;

import io.jkeras.backend.ConvGeometry;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;

/**
 * Convolution kernels on channels-last arrays, float32 and float64: im2col into a reused scratch
 * buffer, then one GEMM per batch chunk and group ({@link Gemm}). A 1x1 convolution with stride 1
 * multiplies the input directly. Every spatial rank is run as 3-d (see {@link ConvGeometry#to3d()}).
 *
 * <p>Shapes: input {@code [N, in..., C]}, kernel {@code [k..., C/groups, F]} (Keras's layout),
 * output {@code [N, out..., F]}. Group {@code g} reads input channels {@code [g*C/groups, (g+1)*C/groups)}
 * and writes output channels {@code [g*F/groups, (g+1)*F/groups)}.
 *
 * <p>The three kernels are the forward pass and its two adjoints; a transposed convolution is
 * {@link #backpropInput} run forward.
 */
public final class ConvKernels {
    private ConvKernels() {}

    /** Largest im2col buffer (elements) before the batch is cut into chunks. */
    private static final int CHUNK_ELEMS = 1 << 22;

    private static final ThreadLocal<float[]> F_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<double[]> D_SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    /** {@code conv(x, w) + bias}; {@code bias} may be null. */
    public static Tensor conv(Tensor x, Tensor w, Tensor bias, ConvGeometry geometry, int groups) {
        ConvGeometry g = geometry.to3d();
        int n = x.dim(0), c = x.dim(-1), f = w.dim(-1);
        Shape outShape = batchShape(n, geometry.out(), f);
        if (x.dtype() == DType.FLOAT32) {
            float[] y = new float[outShape.intSize()];
            forwardF(x.floats(), w.floats(), bias == null ? null : bias.floats(), y, n, c, f, g, groups);
            return Tensor.wrap(y, outShape);
        }
        double[] y = new double[outShape.intSize()];
        forwardD(x.doubles(), w.doubles(), bias == null ? null : bias.doubles(), y, n, c, f, g, groups);
        return Tensor.wrap(y, outShape);
    }

    /** The adjoint of {@link #conv} in {@code x}: {@code dy [N, out..., F]} back to {@code xShape}. */
    public static Tensor backpropInput(Tensor dy, Tensor w, Shape xShape, ConvGeometry geometry, int groups) {
        ConvGeometry g = geometry.to3d();
        int n = xShape.dim(0), c = xShape.dim(-1), f = w.dim(-1);
        if (dy.dtype() == DType.FLOAT32) {
            float[] dx = new float[xShape.intSize()];
            backpropInputF(dy.floats(), w.floats(), dx, n, c, f, g, groups);
            return Tensor.wrap(dx, xShape);
        }
        double[] dx = new double[xShape.intSize()];
        backpropInputD(dy.doubles(), w.doubles(), dx, n, c, f, g, groups);
        return Tensor.wrap(dx, xShape);
    }

    /** The adjoint of {@link #conv} in the kernel: {@code sum over batch and cells of patch(x) (x) dy}, shaped {@code kernelShape}. */
    public static Tensor backpropFilter(Tensor x, Tensor dy, Shape kernelShape, ConvGeometry geometry, int groups) {
        ConvGeometry g = geometry.to3d();
        int n = x.dim(0), c = x.dim(-1), f = kernelShape.dim(-1);
        if (x.dtype() == DType.FLOAT32) {
            float[] dw = new float[kernelShape.intSize()];
            backpropFilterF(x.floats(), dy.floats(), dw, n, c, f, g, groups);
            return Tensor.wrap(dw, kernelShape);
        }
        double[] dw = new double[kernelShape.intSize()];
        backpropFilterD(x.doubles(), dy.doubles(), dw, n, c, f, g, groups);
        return Tensor.wrap(dw, kernelShape);
    }

    static Shape batchShape(int n, int[] spatial, int channels) {
        int[] d = new int[spatial.length + 2];
        d[0] = n;
        System.arraycopy(spatial, 0, d, 1, spatial.length);
        d[d.length - 1] = channels;
        return Shape.of(d);
    }

    /** 1x1 window, stride 1, no padding: the input is its own im2col matrix. */
    private static boolean pointwise(ConvGeometry g) {
        for (int i = 0; i < 3; i++) {
            if (g.kernel()[i] != 1 || g.strides()[i] != 1 || g.padBefore()[i] != 0 || g.in()[i] != g.out()[i]) return false;
        }
        return true;
    }

    private static int chunk(int n, long rowElems) {
        return (int) Math.max(1, Math.min(n, CHUNK_ELEMS / Math.max(1, rowElems)));
    }

    private static float[] scratchF(int size) {
        float[] s = F_SCRATCH.get();
        if (s.length < size) { s = new float[size]; F_SCRATCH.set(s); }
        return s;
    }

    private static double[] scratchD(int size) {
        double[] s = D_SCRATCH.get();
        if (s.length < size) { s = new double[size]; D_SCRATCH.set(s); }
        return s;
    }

    // ================================================================ float32

    static void forwardF(float[] x, float[] w, float[] bias, float[] y, int n, int c, int f, ConvGeometry g, int groups) {
        int cg = c / groups, fg = f / groups, p = g.outSize(), kc = g.kernelSize() * cg;
        boolean acc = bias != null;
        if (acc) for (int r = 0, rows = n * p; r < rows; r++) System.arraycopy(bias, 0, y, r * f, f);
        if (pointwise(g)) {
            for (int gi = 0; gi < groups; gi++)
                Gemm.sgemm(false, false, n * p, fg, cg, x, gi * cg, c, w, gi * fg, f, y, gi * fg, f, acc);
            return;
        }
        int nb = chunk(n, (long) p * kc);
        float[] cols = scratchF(nb * p * kc);
        for (int n0 = 0; n0 < n; n0 += nb) {
            int m = Math.min(nb, n - n0);
            for (int gi = 0; gi < groups; gi++) {
                im2colF(x, n0, m, c, gi * cg, cg, g, cols);
                Gemm.sgemm(false, false, m * p, fg, kc, cols, 0, kc, w, gi * fg, f, y, n0 * p * f + gi * fg, f, acc);
            }
        }
    }

    static void backpropInputF(float[] dy, float[] w, float[] dx, int n, int c, int f, ConvGeometry g, int groups) {
        int cg = c / groups, fg = f / groups, p = g.outSize(), kc = g.kernelSize() * cg;
        if (pointwise(g)) {
            for (int gi = 0; gi < groups; gi++)
                Gemm.sgemm(false, true, n * p, cg, fg, dy, gi * fg, f, w, gi * fg, f, dx, gi * cg, c, false);
            return;
        }
        int nb = chunk(n, (long) p * kc);
        float[] cols = scratchF(nb * p * kc);
        for (int n0 = 0; n0 < n; n0 += nb) {
            int m = Math.min(nb, n - n0);
            for (int gi = 0; gi < groups; gi++) {
                Gemm.sgemm(false, true, m * p, kc, fg, dy, n0 * p * f + gi * fg, f, w, gi * fg, f, cols, 0, kc, false);
                col2imF(cols, n0, m, c, gi * cg, cg, g, dx);
            }
        }
    }

    static void backpropFilterF(float[] x, float[] dy, float[] dw, int n, int c, int f, ConvGeometry g, int groups) {
        int cg = c / groups, fg = f / groups, p = g.outSize(), kc = g.kernelSize() * cg;
        if (pointwise(g)) {
            for (int gi = 0; gi < groups; gi++)
                Gemm.sgemm(true, false, cg, fg, n * p, x, gi * cg, c, dy, gi * fg, f, dw, gi * fg, f, false);
            return;
        }
        int nb = chunk(n, (long) p * kc);
        float[] cols = scratchF(nb * p * kc);
        for (int n0 = 0; n0 < n; n0 += nb) {
            int m = Math.min(nb, n - n0);
            for (int gi = 0; gi < groups; gi++) {
                im2colF(x, n0, m, c, gi * cg, cg, g, cols);
                Gemm.sgemm(true, false, kc, fg, m * p, cols, 0, kc, dy, n0 * p * f + gi * fg, f, dw, gi * fg, f, true);
            }
        }
    }


    /** im2col of samples {@code [n0, n0+m)} into {@code cols}, one sample per parallel task. */
    static void im2colF(float[] x, int n0, int m, int c, int cOff, int cg, ConvGeometry g, float[] cols) {
        int rowBlock = g.outSize() * g.kernelSize() * cg;
        Parallel.parallelFor(m, 1, (s, e) -> im2colFRange(x, n0 + s, e - s, c, cOff, cg, g, cols, s * rowBlock));
    }

    /** col2im of samples {@code [n0, n0+m)}: each sample adds into its own part of {@code x}, so samples run in parallel. */
    static void col2imF(float[] cols, int n0, int m, int c, int cOff, int cg, ConvGeometry g, float[] x) {
        int rowBlock = g.outSize() * g.kernelSize() * cg;
        Parallel.parallelFor(m, 1, (s, e) -> col2imFRange(cols, s * rowBlock, n0 + s, e - s, c, cOff, cg, g, x));
    }

    static void im2colD(double[] x, int n0, int m, int c, int cOff, int cg, ConvGeometry g, double[] cols) {
        int rowBlock = g.outSize() * g.kernelSize() * cg;
        Parallel.parallelFor(m, 1, (s, e) -> im2colDRange(x, n0 + s, e - s, c, cOff, cg, g, cols, s * rowBlock));
    }

    static void col2imD(double[] cols, int n0, int m, int c, int cOff, int cg, ConvGeometry g, double[] x) {
        int rowBlock = g.outSize() * g.kernelSize() * cg;
        Parallel.parallelFor(m, 1, (s, e) -> col2imDRange(cols, s * rowBlock, n0 + s, e - s, c, cOff, cg, g, x));
    }

    /** Rows of {@code cols} are the windows of samples {@code [n0, n0+m)}; columns are (taps, channels {@code [cOff, cOff+cg)}). */
    static void im2colFRange(float[] x, int n0, int m, int c, int cOff, int cg, ConvGeometry g, float[] cols, int q0) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), d = g.dilation(), pb = g.padBefore();
        int sample = in[0] * in[1] * in[2] * c;
        int q = q0;
        for (int b = n0; b < n0 + m; b++) {
            int xb = b * sample + cOff;
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++) {
                        for (int kd = 0; kd < k[0]; kd++) {
                            int id = od * s[0] + kd * d[0] - pb[0];
                            boolean okd = id >= 0 && id < in[0];
                            for (int kh = 0; kh < k[1]; kh++) {
                                int ih = oh * s[1] + kh * d[1] - pb[1];
                                boolean ok = okd && ih >= 0 && ih < in[1];
                                int rowBase = xb + (id * in[1] + ih) * in[2] * c;
                                for (int kw = 0; kw < k[2]; kw++, q += cg) {
                                    int iw = ow * s[2] + kw * d[2] - pb[2];
                                    if (ok && iw >= 0 && iw < in[2]) {
                                        int src = rowBase + iw * c;
                                        if (cg == 1) cols[q] = x[src];
                                        else System.arraycopy(x, src, cols, q, cg);
                                    } else if (cg == 1) {
                                        cols[q] = 0f;
                                    } else {
                                        Arrays.fill(cols, q, q + cg, 0f);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds each row of {@code cols} back onto the input cells it was read from (the adjoint of im2col). */
    static void col2imFRange(float[] cols, int q0, int n0, int m, int c, int cOff, int cg, ConvGeometry g, float[] x) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), d = g.dilation(), pb = g.padBefore();
        int sample = in[0] * in[1] * in[2] * c;
        int q = q0;
        for (int b = n0; b < n0 + m; b++) {
            int xb = b * sample + cOff;
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++) {
                        for (int kd = 0; kd < k[0]; kd++) {
                            int id = od * s[0] + kd * d[0] - pb[0];
                            boolean okd = id >= 0 && id < in[0];
                            for (int kh = 0; kh < k[1]; kh++) {
                                int ih = oh * s[1] + kh * d[1] - pb[1];
                                boolean ok = okd && ih >= 0 && ih < in[1];
                                int rowBase = xb + (id * in[1] + ih) * in[2] * c;
                                for (int kw = 0; kw < k[2]; kw++, q += cg) {
                                    int iw = ow * s[2] + kw * d[2] - pb[2];
                                    if (ok && iw >= 0 && iw < in[2]) {
                                        int dst = rowBase + iw * c;
                                        for (int j = 0; j < cg; j++) x[dst + j] += cols[q + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // ================================================================ float64 (same algorithm)

    static void forwardD(double[] x, double[] w, double[] bias, double[] y, int n, int c, int f, ConvGeometry g, int groups) {
        int cg = c / groups, fg = f / groups, p = g.outSize(), kc = g.kernelSize() * cg;
        boolean acc = bias != null;
        if (acc) for (int r = 0, rows = n * p; r < rows; r++) System.arraycopy(bias, 0, y, r * f, f);
        if (pointwise(g)) {
            for (int gi = 0; gi < groups; gi++)
                Gemm.dgemm(false, false, n * p, fg, cg, x, gi * cg, c, w, gi * fg, f, y, gi * fg, f, acc);
            return;
        }
        int nb = chunk(n, (long) p * kc);
        double[] cols = scratchD(nb * p * kc);
        for (int n0 = 0; n0 < n; n0 += nb) {
            int m = Math.min(nb, n - n0);
            for (int gi = 0; gi < groups; gi++) {
                im2colD(x, n0, m, c, gi * cg, cg, g, cols);
                Gemm.dgemm(false, false, m * p, fg, kc, cols, 0, kc, w, gi * fg, f, y, n0 * p * f + gi * fg, f, acc);
            }
        }
    }

    static void backpropInputD(double[] dy, double[] w, double[] dx, int n, int c, int f, ConvGeometry g, int groups) {
        int cg = c / groups, fg = f / groups, p = g.outSize(), kc = g.kernelSize() * cg;
        if (pointwise(g)) {
            for (int gi = 0; gi < groups; gi++)
                Gemm.dgemm(false, true, n * p, cg, fg, dy, gi * fg, f, w, gi * fg, f, dx, gi * cg, c, false);
            return;
        }
        int nb = chunk(n, (long) p * kc);
        double[] cols = scratchD(nb * p * kc);
        for (int n0 = 0; n0 < n; n0 += nb) {
            int m = Math.min(nb, n - n0);
            for (int gi = 0; gi < groups; gi++) {
                Gemm.dgemm(false, true, m * p, kc, fg, dy, n0 * p * f + gi * fg, f, w, gi * fg, f, cols, 0, kc, false);
                col2imD(cols, n0, m, c, gi * cg, cg, g, dx);
            }
        }
    }

    static void backpropFilterD(double[] x, double[] dy, double[] dw, int n, int c, int f, ConvGeometry g, int groups) {
        int cg = c / groups, fg = f / groups, p = g.outSize(), kc = g.kernelSize() * cg;
        if (pointwise(g)) {
            for (int gi = 0; gi < groups; gi++)
                Gemm.dgemm(true, false, cg, fg, n * p, x, gi * cg, c, dy, gi * fg, f, dw, gi * fg, f, false);
            return;
        }
        int nb = chunk(n, (long) p * kc);
        double[] cols = scratchD(nb * p * kc);
        for (int n0 = 0; n0 < n; n0 += nb) {
            int m = Math.min(nb, n - n0);
            for (int gi = 0; gi < groups; gi++) {
                im2colD(x, n0, m, c, gi * cg, cg, g, cols);
                Gemm.dgemm(true, false, kc, fg, m * p, cols, 0, kc, dy, n0 * p * f + gi * fg, f, dw, gi * fg, f, true);
            }
        }
    }

    static void im2colDRange(double[] x, int n0, int m, int c, int cOff, int cg, ConvGeometry g, double[] cols, int q0) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), d = g.dilation(), pb = g.padBefore();
        int sample = in[0] * in[1] * in[2] * c;
        int q = q0;
        for (int b = n0; b < n0 + m; b++) {
            int xb = b * sample + cOff;
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++) {
                        for (int kd = 0; kd < k[0]; kd++) {
                            int id = od * s[0] + kd * d[0] - pb[0];
                            boolean okd = id >= 0 && id < in[0];
                            for (int kh = 0; kh < k[1]; kh++) {
                                int ih = oh * s[1] + kh * d[1] - pb[1];
                                boolean ok = okd && ih >= 0 && ih < in[1];
                                int rowBase = xb + (id * in[1] + ih) * in[2] * c;
                                for (int kw = 0; kw < k[2]; kw++, q += cg) {
                                    int iw = ow * s[2] + kw * d[2] - pb[2];
                                    if (ok && iw >= 0 && iw < in[2]) System.arraycopy(x, rowBase + iw * c, cols, q, cg);
                                    else Arrays.fill(cols, q, q + cg, 0.0);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static void col2imDRange(double[] cols, int q0, int n0, int m, int c, int cOff, int cg, ConvGeometry g, double[] x) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), d = g.dilation(), pb = g.padBefore();
        int sample = in[0] * in[1] * in[2] * c;
        int q = q0;
        for (int b = n0; b < n0 + m; b++) {
            int xb = b * sample + cOff;
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++) {
                        for (int kd = 0; kd < k[0]; kd++) {
                            int id = od * s[0] + kd * d[0] - pb[0];
                            boolean okd = id >= 0 && id < in[0];
                            for (int kh = 0; kh < k[1]; kh++) {
                                int ih = oh * s[1] + kh * d[1] - pb[1];
                                boolean ok = okd && ih >= 0 && ih < in[1];
                                int rowBase = xb + (id * in[1] + ih) * in[2] * c;
                                for (int kw = 0; kw < k[2]; kw++, q += cg) {
                                    int iw = ow * s[2] + kw * d[2] - pb[2];
                                    if (ok && iw >= 0 && iw < in[2]) {
                                        int dst = rowBase + iw * c;
                                        for (int j = 0; j < cg; j++) x[dst + j] += cols[q + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
