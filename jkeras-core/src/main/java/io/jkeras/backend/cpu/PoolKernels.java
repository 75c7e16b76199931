package io.jkeras.backend.cpu;

import io.jkeras.backend.ConvGeometry;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/**
 * Max and average pooling on channels-last arrays ({@code [N, in..., C]} to {@code [N, out..., C]}),
 * float32 and float64, every spatial rank run as 3-d. Padded cells never take part: a max ignores
 * them and an average divides by the number of real cells in its window (Keras's 'same' rule).
 */
public final class PoolKernels {
    private PoolKernels() {}

    /** Max pooling: the values, and for each the flat index (int32) of the input cell it came from (the first on ties). */
    public static Tensor[] maxPool(Tensor x, ConvGeometry geometry) {
        ConvGeometry g = geometry.to3d();
        int n = x.dim(0), c = x.dim(-1);
        Shape outShape = ConvKernels.batchShape(n, geometry.out(), c);
        int size = outShape.intSize();
        int[] arg = new int[size];
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), pb = g.padBefore();
        int sample = in[0] * in[1] * in[2] * c;
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? x.floats() : null, yf = f32 ? new float[size] : null;
        double[] xd = f32 ? null : x.doubles(), yd = f32 ? null : new double[size];
        int outCells = out[0] * out[1] * out[2];
        if (windowsInBounds(in, out, k, s, pb)) {
            maxInBounds(xf, xd, yf, yd, arg, n, c, in, out, k, s);
            return new Tensor[] {Tensor.wrap(f32 ? yf : yd, outShape), Tensor.wrap(arg, outShape)};
        }
        Parallel.parallelFor(n, 1, (b0, b1) -> {
        int o = b0 * outCells * c;
        for (int b = b0; b < b1; b++) {
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++, o += c) {
                        boolean first = true;
                        for (int kd = 0; kd < k[0]; kd++) {
                            int id = od * s[0] + kd - pb[0];
                            if (id < 0 || id >= in[0]) continue;
                            for (int kh = 0; kh < k[1]; kh++) {
                                int ih = oh * s[1] + kh - pb[1];
                                if (ih < 0 || ih >= in[1]) continue;
                                for (int kw = 0; kw < k[2]; kw++) {
                                    int iw = ow * s[2] + kw - pb[2];
                                    if (iw < 0 || iw >= in[2]) continue;
                                    int src = b * sample + ((id * in[1] + ih) * in[2] + iw) * c;
                                    if (first) {
                                        if (f32) System.arraycopy(xf, src, yf, o, c);
                                        else System.arraycopy(xd, src, yd, o, c);
                                        for (int j = 0; j < c; j++) arg[o + j] = src + j;
                                        first = false;
                                    } else if (f32) {
                                        for (int j = 0; j < c; j++) {
                                            float v = xf[src + j];
                                            if (v > yf[o + j]) { yf[o + j] = v; arg[o + j] = src + j; }
                                        }
                                    } else {
                                        for (int j = 0; j < c; j++) {
                                            double v = xd[src + j];
                                            if (v > yd[o + j]) { yd[o + j] = v; arg[o + j] = src + j; }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        });
        return new Tensor[] {Tensor.wrap(f32 ? yf : yd, outShape), Tensor.wrap(arg, outShape)};
    }

    /**
     * The values of {@link #maxPool} without the argmax (inference): the same cells in the same order
     * with the same strict {@code >}, so the same values, NaN included.
     */
    public static Tensor maxPoolValues(Tensor x, ConvGeometry geometry) {
        ConvGeometry g = geometry.to3d();
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), pb = g.padBefore();
        if (x.dtype() != DType.FLOAT32 || !windowsInBounds(in, out, k, s, pb)) return maxPool(x, geometry)[0];
        int n = x.dim(0), c = x.dim(-1);
        Shape outShape = ConvKernels.batchShape(n, geometry.out(), c);
        int[] rel = new int[k[0] * k[1] * k[2]];
        int q = 0;
        for (int kd = 0; kd < k[0]; kd++)
            for (int kh = 0; kh < k[1]; kh++)
                for (int kw = 0; kw < k[2]; kw++) rel[q++] = ((kd * in[1] + kh) * in[2] + kw) * c;
        int sample = in[0] * in[1] * in[2] * c, outCells = out[0] * out[1] * out[2];
        float[] xf = x.floats(), y = new float[outShape.intSize()];
        ConvLoops loops = ConvLoops.INSTANCE;
        Parallel.parallelFor(n, 1, (b0, b1) -> {
            int o = b0 * outCells * c;
            for (int b = b0; b < b1; b++)
                for (int od = 0; od < out[0]; od++)
                    for (int oh = 0; oh < out[1]; oh++) {
                        int row = b * sample + ((od * s[0] * in[1] + oh * s[1]) * in[2]) * c;
                        for (int ow = 0; ow < out[2]; ow++, o += c) loops.maxWindowValues(xf, row + ow * s[2] * c, rel, y, o, c);
                    }
        });
        return Tensor.wrap(y, outShape);
    }

    /** True when no window touches padding: nothing before the input and the last window ends inside it. */
    private static boolean windowsInBounds(int[] in, int[] out, int[] k, int[] s, int[] pb) {
        for (int a = 0; a < 3; a++) {
            if (pb[a] != 0 || (long) (out[a] - 1) * s[a] + k[a] > in[a]) return false;
        }
        return true;
    }

    /**
     * The common case ('valid', or 'same' that needs no padding, e.g. pool 2 stride 2 on an even
     * size): every window lies inside the input, so each output pixel is one sweep over its window
     * cells with the channels innermost and contiguous, values and argmax together. The cells are
     * visited in the general path's order with the same strict {@code >}, so ties and NaN resolve
     * the same (the first cell wins). Samples run in parallel, one fixed chunk per sample.
     */
    private static void maxInBounds(float[] xf, double[] xd, float[] yf, double[] yd, int[] arg,
                                    int n, int c, int[] in, int[] out, int[] k, int[] s) {
        int[] rel = new int[k[0] * k[1] * k[2]];
        int q = 0;
        for (int kd = 0; kd < k[0]; kd++)
            for (int kh = 0; kh < k[1]; kh++)
                for (int kw = 0; kw < k[2]; kw++) rel[q++] = ((kd * in[1] + kh) * in[2] + kw) * c;
        int sample = in[0] * in[1] * in[2] * c, outCells = out[0] * out[1] * out[2];
        FloatLoops loops = FloatLoops.INSTANCE;
        Parallel.parallelFor(n, 1, (b0, b1) -> {
            int o = b0 * outCells * c;
            for (int b = b0; b < b1; b++) {
                for (int od = 0; od < out[0]; od++) {
                    for (int oh = 0; oh < out[1]; oh++) {
                        int row = b * sample + ((od * s[0] * in[1] + oh * s[1]) * in[2]) * c;
                        for (int ow = 0; ow < out[2]; ow++, o += c) {
                            int base = row + ow * s[2] * c;
                            if (xf != null) loops.maxWindow(xf, base, rel, yf, arg, o, c);
                            else maxWindow(xd, base, rel, yd, arg, o, c);
                        }
                    }
                }
            }
        });
    }

    /** The float64 twin of {@link FloatLoops#maxWindow} (scalar; float64 pooling is rare). */
    private static void maxWindow(double[] x, int base, int[] rel, double[] y, int[] arg, int o, int c) {
        for (int j = 0; j < c; j++) {
            int best = base + rel[0] + j;
            double m = x[best];
            for (int q = 1; q < rel.length; q++) {
                int at = base + rel[q] + j;
                double v = x[at];
                if (v > m) { m = v; best = at; }
            }
            y[o + j] = m;
            arg[o + j] = best;
        }
    }

    /** Adds each {@code dy} entry onto the input cell {@code argmax} names (the adjoint of gathering there). */
    public static Tensor maxPoolBackprop(Tensor dy, Tensor argmax, Shape xShape) {
        int[] arg = argmax.ints();
        int n = xShape.dim(0), per = n == 0 ? 0 : arg.length / n;
        // the cells of sample b only receive from sample b's outputs, so samples run in parallel
        if (dy.dtype() == DType.FLOAT32) {
            float[] g = dy.floats(), dx = new float[xShape.intSize()];
            Parallel.parallelFor(n, 1, (b0, b1) -> { for (int i = b0 * per; i < b1 * per; i++) dx[arg[i]] += g[i]; });
            return Tensor.wrap(dx, xShape);
        }
        double[] g = dy.doubles(), dx = new double[xShape.intSize()];
        Parallel.parallelFor(n, 1, (b0, b1) -> { for (int i = b0 * per; i < b1 * per; i++) dx[arg[i]] += g[i]; });
        return Tensor.wrap(dx, xShape);
    }

    /**
     * {@link #maxPoolBackprop(Tensor, Tensor, Shape)} knowing the windows: where they do not overlap
     * and lie inside the input (pool 2 stride 2, the common case), each window's cells are written
     * once, the gradient where the argmax points and 0 elsewhere, in contiguous vector stores instead
     * of a scatter into the zeroed input (the same values: no cell is shared by two windows).
     */
    public static Tensor maxPoolBackprop(Tensor dy, Tensor argmax, Shape xShape, ConvGeometry geometry) {
        ConvGeometry g = geometry.to3d();
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), pb = g.padBefore();
        boolean disjoint = true;
        for (int a = 0; a < 3; a++) disjoint &= k[a] <= s[a];
        if (dy.dtype() != DType.FLOAT32 || !disjoint || !windowsInBounds(in, out, k, s, pb)) return maxPoolBackprop(dy, argmax, xShape);
        int n = xShape.dim(0), c = xShape.dim(-1);
        int[] rel = new int[k[0] * k[1] * k[2]];
        int q = 0;
        for (int kd = 0; kd < k[0]; kd++)
            for (int kh = 0; kh < k[1]; kh++)
                for (int kw = 0; kw < k[2]; kw++) rel[q++] = ((kd * in[1] + kh) * in[2] + kw) * c;
        int sample = in[0] * in[1] * in[2] * c, outCells = out[0] * out[1] * out[2];
        float[] gf = dy.floats(), dx = new float[xShape.intSize()];
        int[] arg = argmax.ints();
        ConvLoops loops = ConvLoops.INSTANCE;
        Parallel.parallelFor(n, 1, (b0, b1) -> {
            int o = b0 * outCells * c;
            for (int b = b0; b < b1; b++)
                for (int od = 0; od < out[0]; od++)
                    for (int oh = 0; oh < out[1]; oh++) {
                        int row = b * sample + ((od * s[0] * in[1] + oh * s[1]) * in[2]) * c;
                        for (int ow = 0; ow < out[2]; ow++, o += c) loops.maxPoolGradWindow(gf, arg, o, c, row + ow * s[2] * c, rel, dx);
                    }
        });
        return Tensor.wrap(dx, xShape);
    }

    /** Average pooling over the real (unpadded) cells of each window. */
    public static Tensor avgPool(Tensor x, ConvGeometry geometry) {
        return avg(x, null, geometry, false);
    }

    /** The adjoint of {@link #avgPool}: each {@code dy} entry spread evenly over its window's real cells. */
    public static Tensor avgPoolBackprop(Tensor dy, Shape xShape, ConvGeometry geometry) {
        return avg(dy, xShape, geometry, true);
    }

    private static Tensor avg(Tensor t, Shape xShape, ConvGeometry geometry, boolean backward) {
        ConvGeometry g = geometry.to3d();
        int n = t.dim(0), c = t.dim(-1);
        Shape outShape = ConvKernels.batchShape(n, geometry.out(), c);
        Shape inShape = backward ? xShape : t.shape();
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), pb = g.padBefore();
        int sample = in[0] * in[1] * in[2] * c;
        boolean f32 = t.dtype() == DType.FLOAT32;
        float[] tf = f32 ? t.floats() : null;
        double[] td = f32 ? null : t.doubles();
        Object result = Tensor.allocate(t.dtype(), (backward ? inShape : outShape).intSize());
        float[] rf = f32 ? (float[]) result : null;
        double[] rd = f32 ? null : (double[]) result;
        int outCells = out[0] * out[1] * out[2];
        Parallel.parallelFor(n, 1, (b0, b1) -> {
        float[] accF = new float[c];
        double[] accD = new double[c];
        int o = b0 * outCells * c;
        for (int b = b0; b < b1; b++) {
            for (int od = 0; od < out[0]; od++) {
                int d0 = Math.max(0, od * s[0] - pb[0]), d1 = Math.min(in[0], od * s[0] - pb[0] + k[0]);
                for (int oh = 0; oh < out[1]; oh++) {
                    int h0 = Math.max(0, oh * s[1] - pb[1]), h1 = Math.min(in[1], oh * s[1] - pb[1] + k[1]);
                    for (int ow = 0; ow < out[2]; ow++, o += c) {
                        int w0 = Math.max(0, ow * s[2] - pb[2]), w1 = Math.min(in[2], ow * s[2] - pb[2] + k[2]);
                        int count = (d1 - d0) * (h1 - h0) * (w1 - w0);
                        if (count <= 0) continue;
                        if (!backward) {
                            if (f32) java.util.Arrays.fill(accF, 0f); else java.util.Arrays.fill(accD, 0.0);
                        }
                        for (int id = d0; id < d1; id++) {
                            for (int ih = h0; ih < h1; ih++) {
                                for (int iw = w0; iw < w1; iw++) {
                                    int cell = b * sample + ((id * in[1] + ih) * in[2] + iw) * c;
                                    if (backward) {
                                        if (f32) for (int j = 0; j < c; j++) rf[cell + j] += tf[o + j] / count;
                                        else for (int j = 0; j < c; j++) rd[cell + j] += td[o + j] / count;
                                    } else if (f32) {
                                        for (int j = 0; j < c; j++) accF[j] += tf[cell + j];
                                    } else {
                                        for (int j = 0; j < c; j++) accD[j] += td[cell + j];
                                    }
                                }
                            }
                        }
                        if (!backward) {
                            if (f32) for (int j = 0; j < c; j++) rf[o + j] = accF[j] / count;
                            else for (int j = 0; j < c; j++) rd[o + j] = accD[j] / count;
                        }
                    }
                }
            }
        }
        });
        return Tensor.wrap(result, backward ? inShape : outShape);
    }
}
