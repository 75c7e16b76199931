package io.jkeras.backend.cpu;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Epilogue;
import io.jkeras.backend.ReduceOp;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/**
 * The CPU backend's fast float32 kernels: broadcasting without index arrays, reductions and softmax
 * straight on the float arrays, and the fused dense, activation-gradient and crossentropy kernels.
 * Work above {@link #PARALLEL_ELEMENTS} is cut into fixed chunks on the {@link Parallel} pool; each
 * output element is computed by the same operations in the same order whatever the split, so the
 * results are the same bits as the simple kernels of {@link CpuBackend} and from run to run.
 */
final class FloatKernels {
    private FloatKernels() {}

    private static final FloatLoops LOOPS = FloatLoops.INSTANCE;
    /** Below this many output elements a kernel runs on the calling thread alone. */
    static final int PARALLEL_ELEMENTS = 1 << 17;
    /** Elements per parallel chunk (elementwise kernels). */
    private static final int GRAIN = 1 << 15;

    /** The {@link FloatLoops} opcode of a binary op, or -1 for ops these kernels leave to the general path. */
    static int opcode(BinaryOp op) {
        return switch (op) {
            case ADD -> FloatLoops.ADD;
            case SUB -> FloatLoops.SUB;
            case MUL -> FloatLoops.MUL;
            case DIV -> FloatLoops.DIV;
            case MAXIMUM -> FloatLoops.MAX;
            case MINIMUM -> FloatLoops.MIN;
            default -> -1;
        };
    }

    /** Runs {@code body} over {@code [0, n)}: on this thread when small, else in fixed chunks of {@code grain}. */
    static void forRange(int n, int grain, long work, Parallel.IntRangeBody body) {
        if (work < PARALLEL_ELEMENTS || Parallel.parallelism() == 1) body.run(0, n);
        else Parallel.parallelFor(n, grain, body);
    }

    // ------------------------------------------------------------------ binary with broadcasting

    /**
     * {@code a op b} broadcast to {@code out} for the layouts that need no index arrays: equal
     * shapes, a scalar, a row vector repeated over leading axes, or a column (last axis 1) repeated
     * along the last axis, on either side. Null for any other layout.
     */
    static Tensor binary(BinaryOp bop, Tensor a, Tensor b, Shape out) {
        int op = opcode(bop);
        if (op < 0) return null;
        float[] x = a.floats(), y = b.floats();
        int n = out.intSize();
        int last = out.rank() == 0 ? 1 : out.dim(-1);
        float[] o = new float[n];
        if (n == 0) return Tensor.wrap(o, out);
        boolean fullA = x.length == n, fullB = y.length == n;
        if (fullA && fullB) {
            forRange(n, GRAIN, n, (s, e) -> LOOPS.binary(op, x, s, y, s, o, s, e - s));
        } else if (fullA && y.length == 1) {
            float v = y[0];
            forRange(n, GRAIN, n, (s, e) -> LOOPS.binaryScalar(op, x, s, v, false, o, s, e - s));
        } else if (fullB && x.length == 1) {
            float v = x[0];
            forRange(n, GRAIN, n, (s, e) -> LOOPS.binaryScalar(op, y, s, v, true, o, s, e - s));
        } else if (fullA && isRow(b.shape(), out)) {
            int m = y.length;
            forRows(n / m, m, (r0, r1) -> { for (int r = r0; r < r1; r++) LOOPS.binary(op, x, r * m, y, 0, o, r * m, m); });
        } else if (fullB && isRow(a.shape(), out)) {
            int m = x.length;
            forRows(n / m, m, (r0, r1) -> { for (int r = r0; r < r1; r++) LOOPS.binary(op, x, 0, y, r * m, o, r * m, m); });
        } else if (fullA && isColumn(b.shape(), out)) {
            forRows(n / last, last, (r0, r1) -> { for (int r = r0; r < r1; r++) LOOPS.binaryScalar(op, x, r * last, y[r], false, o, r * last, last); });
        } else if (fullB && isColumn(a.shape(), out)) {
            forRows(n / last, last, (r0, r1) -> { for (int r = r0; r < r1; r++) LOOPS.binaryScalar(op, y, r * last, x[r], true, o, r * last, last); });
        } else {
            return null;
        }
        return Tensor.wrap(o, out);
    }

    /** Rows of {@code len} elements, split in fixed groups of rows when the whole is large. */
    private static void forRows(int rows, int len, Parallel.IntRangeBody body) {
        forRange(rows, Math.max(1, GRAIN / Math.max(1, len)), (long) rows * len, body);
    }

    /** True when {@code s} (left-padded with 1s) is 1 on every axis of {@code out} but a non-empty trailing block it matches. */
    static boolean isRow(Shape s, Shape out) {
        int r = out.rank(), rs = s.rank();
        if (rs > r) return false;
        int start = 0;
        while (start < rs && s.dim(start) == 1) start++;
        if (start == rs) return false;   // all ones: a scalar, handled elsewhere
        for (int i = start; i < rs; i++) if (s.dim(i) != out.dim(r - rs + i)) return false;
        return true;
    }

    /** True when {@code s} (left-padded with 1s) equals {@code out} except for a last axis of 1 where {@code out}'s is larger. */
    static boolean isColumn(Shape s, Shape out) {
        int r = out.rank(), rs = s.rank();
        if (r == 0 || rs > r || rs == 0 || s.dim(rs - 1) != 1) return false;
        for (int i = 0; i < r - 1; i++) {
            int si = i - (r - rs);
            int d = si < 0 ? 1 : s.dim(si);
            if (d != out.dim(i)) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ unary, where

    static float[] relu(float[] x) {
        float[] o = new float[x.length];
        forRange(x.length, GRAIN, x.length, (s, e) -> LOOPS.relu(x, o, s, e));
        return o;
    }

    /** {@code cond ? a : b} when all three have the output's size (no broadcasting). */
    static float[] where(boolean[] c, float[] a, float[] b) {
        int n = c.length;
        float[] o = new float[n];
        forRange(n, GRAIN, n, (s, e) -> { for (int i = s; i < e; i++) o[i] = c[i] ? a[i] : b[i]; });
        return o;
    }

    // ------------------------------------------------------------------ reductions

    /**
     * SUM, MEAN, MAX, MIN or PROD of float32 over trailing or leading axes, accumulated in double in
     * the same order as the general kernel (so the same bits); null for other axis sets.
     *
     * @param count the number of reduced elements per output
     */
    static double[] reduce(ReduceOp op, float[] v, int outN, int count, boolean trailing, boolean leading) {
        double init = switch (op) {
            case SUM, MEAN -> 0.0;
            case PROD -> 1.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            default -> throw new AssertionError(op);
        };
        double[] acc = new double[outN];
        int n = v.length;
        if (n == 0) {
            java.util.Arrays.fill(acc, init);
        } else if (trailing) {
            int block = count;
            forRange(outN, Math.max(1, GRAIN / Math.max(1, block)), n, (o0, o1) -> {
                for (int o = o0; o < o1; o++) {
                    int base = o * block;
                    double s = init;
                    switch (op) {
                        case SUM, MEAN -> { for (int j = 0; j < block; j++) s += v[base + j]; }
                        case PROD -> { for (int j = 0; j < block; j++) s *= v[base + j]; }
                        default -> { for (int j = 0; j < block; j++) s = combine(op, s, v[base + j]); }
                    }
                    acc[o] = s;
                }
            });
        } else if (leading) {
            // column reductions: split the columns, each column summed top to bottom
            forRange(outN, Math.max(64, GRAIN / Math.max(1, count)), n, (j0, j1) -> {
                java.util.Arrays.fill(acc, j0, j1, init);
                for (int base = 0; base < n; base += outN) {
                    switch (op) {
                        case SUM, MEAN -> { for (int j = j0; j < j1; j++) acc[j] += v[base + j]; }
                        case PROD -> { for (int j = j0; j < j1; j++) acc[j] *= v[base + j]; }
                        default -> { for (int j = j0; j < j1; j++) acc[j] = combine(op, acc[j], v[base + j]); }
                    }
                }
            });
        } else {
            return null;
        }
        if (op == ReduceOp.MEAN) for (int i = 0; i < outN; i++) acc[i] /= count;
        return acc;
    }

    private static double combine(ReduceOp op, double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.NaN;
        return op == ReduceOp.MAX ? Math.max(a, b) : Math.min(a, b);
    }

    /** Doubles narrowed to float32. */
    static float[] narrow(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    // ------------------------------------------------------------------ softmax

    /** Softmax (or log-softmax) over the last axis of rows of {@code len}, in double per row as the general kernel. */
    static float[] softmaxRows(float[] v, int len, boolean log) {
        int n = v.length;
        float[] o = new float[n];
        if (len == 0) return o;
        forTranscendentalRows(n / len, len, (r0, r1) -> {
            double[] e = new double[len];
            for (int r = r0; r < r1; r++) softmaxRow(v, o, r * len, len, log, e);
        });
        return o;
    }

    /**
     * How many cheap elementwise operations one {@code exp} or {@code tanh} is worth, for deciding
     * when a row kernel that takes one per element pays for a second thread.
     */
    private static final int TRANSCENDENTAL_COST = 16;

    /** {@link #forRows} for kernels that take a transcendental function per element (softmax, sigmoid, tanh). */
    private static void forTranscendentalRows(int rows, int len, Parallel.IntRangeBody body) {
        long cost = (long) Math.max(1, len) * TRANSCENDENTAL_COST;
        forRange(rows, (int) Math.max(1, GRAIN / cost), rows * cost, body);
    }

    /**
     * Softmax of one row (in place when {@code v == o}), in double: {@code exp(v - max)} is taken once
     * per element into {@code e} (at least {@code len} long) and reused for the quotient.
     */
    private static void softmaxRow(float[] v, float[] o, int base, int len, boolean log, double[] e) {
        double mx = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) mx = Math.max(mx, v[base + j]);
        double s = 0;
        if (log) {
            for (int j = 0; j < len; j++) s += Math.exp(v[base + j] - mx);
            double ls = Math.log(s);
            for (int j = 0; j < len; j++) o[base + j] = (float) (v[base + j] - mx - ls);
        } else {
            for (int j = 0; j < len; j++) {
                double ej = Math.exp(v[base + j] - mx);
                e[j] = ej;
                s += ej;
            }
            for (int j = 0; j < len; j++) o[base + j] = (float) (e[j] / s);
        }
    }

    // ------------------------------------------------------------------ fused kernels

    /**
     * {@code act(x @ kernel + bias)}: one GEMM, then bias and activation row by row while the rows are
     * in cache. {@code x} may be a view ({@link Tensor#sliceRows}): the GEMM reads it in place.
     */
    static Tensor dense(Tensor x, Tensor kernel, Tensor bias, Epilogue act) {
        int in = kernel.dim(0), units = kernel.dim(1);
        Shape outShape = x.shape().withDim(-1, units);
        int rows = in == 0 ? x.shape().withDim(-1, 1).intSize() : x.size() / in;
        float[] o = new float[rows * units];
        if (rows > 0 && units > 0) {
            Gemm.sgemm(false, false, rows, units, in, (float[]) x.storage(), x.storageOffset(), in, kernel.floats(), 0, units, o, 0, units, false);
            float[] b = bias == null ? null : bias.floats();
            Parallel.IntRangeBody rowsBody = (r0, r1) -> {
                double[] e = act == Epilogue.SOFTMAX ? new double[units] : null;
                for (int r = r0; r < r1; r++) epilogue(o, r * units, units, b, act, e);
            };
            if (act == Epilogue.LINEAR || act == Epilogue.RELU) forRows(rows, units, rowsBody);
            else forTranscendentalRows(rows, units, rowsBody);
        }
        return Tensor.wrap(o, outShape);
    }

    private static void epilogue(float[] o, int off, int n, float[] b, Epilogue act, double[] e) {
        switch (act) {
            case LINEAR -> { if (b != null) LOOPS.biasAct(o, off, b, n, false); }
            case RELU -> {
                if (b != null) LOOPS.biasAct(o, off, b, n, true);
                else LOOPS.relu(o, o, off, off + n);
            }
            case SIGMOID -> {
                if (b != null) LOOPS.biasAct(o, off, b, n, false);
                for (int j = off; j < off + n; j++) o[j] = (float) CpuBackend.sigmoid(o[j]);
            }
            case TANH -> {
                if (b != null) LOOPS.biasAct(o, off, b, n, false);
                for (int j = off; j < off + n; j++) o[j] = (float) Math.tanh(o[j]);
            }
            case SOFTMAX -> {
                if (b != null) LOOPS.biasAct(o, off, b, n, false);
                softmaxRow(o, o, off, n, false, e);
            }
        }
    }

    /**
     * The backward of {@link #dense} in one kernel, from its output {@code out} and upstream {@code g}:
     * {@code dz = act'(out) * g}, then {@code dx = dz kernel^T}, {@code dk = x^T dz} and
     * {@code db = column sums of dz}, each only when asked for. The products and sums are the calls the
     * composed gradient makes (same GEMM shapes and flags, the same double-accumulated column sums), so
     * the results are the same bits. When both products are needed and each is small enough to run on
     * one thread, {@code dk} runs on a pool thread while this thread computes {@code dx} and {@code db}.
     * {@code x} may be a row view. All operands float32, none empty.
     */
    static Tensor[] denseGrad(Tensor x, Tensor kernel, boolean hasBias, Epilogue act, Tensor out, Tensor g,
                              boolean needX, boolean needK, boolean needB) {
        int in = kernel.dim(0), units = kernel.dim(1);
        int rows = out.size() / units;
        float[] dz = activationGrad(act, out.floats(), g.floats(), units);
        float[] xs = needK ? (float[]) x.storage() : null;
        int xOff = x.storageOffset();
        float[] k = kernel.floats();
        long macs = (long) rows * in * units;
        Parallel.Task<float[]> dkTask = null;
        float[] dk = null;
        if (needK) {
            if (needX && macs < Gemm.PARALLEL_MACS && macs >= FORK_MACS) {
                dkTask = Parallel.fork(() -> kernelGrad(xs, xOff, dz, rows, in, units));
            } else {
                dk = kernelGrad(xs, xOff, dz, rows, in, units);
            }
        }
        Tensor dx = null;
        if (needX) {
            float[] d = new float[rows * in];
            Gemm.sgemm(false, true, rows, in, units, dz, 0, units, k, 0, units, d, 0, in, false);
            dx = Tensor.wrap(d, x.shape());
        }
        Tensor db = hasBias && needB ? Tensor.wrap(narrow(reduce(ReduceOp.SUM, dz, units, rows, false, true)), units) : null;
        if (dkTask != null) dk = dkTask.join();
        return new Tensor[] {dx, dk == null ? null : Tensor.wrap(dk, in, units), db};
    }

    /**
     * Products of fewer multiply-adds than this (a few microseconds) are not worth handing to another
     * thread in {@link #denseGrad}: waking it costs about as much.
     */
    static final long FORK_MACS = 1L << 18;

    /** {@code x^T dz}: the kernel's gradient, {@code in x units}. */
    private static float[] kernelGrad(float[] x, int xOff, float[] dz, int rows, int in, int units) {
        float[] dk = new float[in * units];
        Gemm.sgemm(true, false, in, units, rows, x, xOff, in, dz, 0, units, dk, 0, units, false);
        return dk;
    }

    /** The gradient with respect to an activation's input from its output {@code y} and upstream {@code g}. */
    static float[] activationGrad(Epilogue act, float[] y, float[] g, int last) {
        int n = y.length;
        float[] o = new float[n];
        switch (act) {
            case LINEAR -> System.arraycopy(g, 0, o, 0, n);
            case RELU -> forRange(n, GRAIN, n, (s, e) -> LOOPS.reluGrad(y, g, o, s, e));
            case SIGMOID -> forRange(n, GRAIN, n, (s, e) -> { for (int i = s; i < e; i++) o[i] = g[i] * (y[i] * (1f - y[i])); });
            case TANH -> forRange(n, GRAIN, n, (s, e) -> { for (int i = s; i < e; i++) o[i] = g[i] * (1f - y[i] * y[i]); });
            case SOFTMAX -> {
                if (last == 0) break;
                forRows(n / last, last, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int base = r * last;
                        double dot = 0;
                        for (int j = 0; j < last; j++) dot += g[base + j] * y[base + j];
                        float d = (float) dot;
                        for (int j = 0; j < last; j++) o[base + j] = y[base + j] * (g[base + j] - d);
                    }
                });
            }
        }
        return o;
    }

    /** Per-row {@code -sum(t log(clip(p / sum p)))}, with the float32 roundings of the composed ops. */
    static float[] categoricalCrossentropy(float[] t, float[] p, int last, double eps) {
        int rows = last == 0 ? 0 : p.length / last;
        float lo = (float) eps, hi = (float) (1 - eps);
        float[] out = new float[rows];
        forRows(rows, last, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = r * last;
                double sd = 0;
                for (int j = 0; j < last; j++) sd += p[base + j];
                float s = (float) sd;
                double acc = 0;
                for (int j = 0; j < last; j++) {
                    float c = clip(p[base + j] / s, lo, hi);
                    acc += t[base + j] * (float) Math.log(c);
                }
                out[r] = -(float) acc;
            }
        });
        return out;
    }

    /** The gradient of {@link #categoricalCrossentropy} with respect to {@code p}, per-row upstream {@code g}. */
    static float[] categoricalCrossentropyGrad(float[] t, float[] p, float[] g, int last, double eps) {
        int rows = last == 0 ? 0 : p.length / last;
        float lo = (float) eps, hi = (float) (1 - eps);
        float[] o = new float[p.length];
        forRows(rows, last, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = r * last;
                double sd = 0;
                for (int j = 0; j < last; j++) sd += p[base + j];
                float s = (float) sd, gr = g[r];
                double dot = 0;
                for (int j = 0; j < last; j++) {
                    float q = p[base + j] / s;
                    float dq = q >= lo && q <= hi ? -((t[base + j] * gr) / clip(q, lo, hi)) : 0f;
                    o[base + j] = dq;
                    dot += dq * q;
                }
                float d = (float) dot;
                for (int j = 0; j < last; j++) o[base + j] = (o[base + j] - d) / s;
            }
        });
        return o;
    }

    /** Per-row {@code mean((t - p)^2)}, with the float32 roundings of the composed ops (square in float, sum in double). */
    static float[] meanSquaredError(float[] t, float[] p, int last) {
        int rows = last == 0 ? p.length : p.length / last;
        float[] out = new float[rows];
        forRows(rows, Math.max(1, last), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = r * last;
                double acc = 0;
                for (int j = 0; j < last; j++) {
                    float d = t[base + j] - p[base + j];
                    acc += d * d;
                }
                out[r] = (float) (acc / last);
            }
        });
        return out;
    }

    /** The gradient of {@link #meanSquaredError} with respect to {@code p}: {@code -((g / n) * ((t - p) * 2))}. */
    static float[] meanSquaredErrorGrad(float[] t, float[] p, float[] g, int last) {
        float[] o = new float[p.length];
        if (last == 0) return o;
        float inv = (float) (1.0 / last);
        int rows = p.length / last;
        forRows(rows, last, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = r * last;
                float scaled = g[r] * inv;
                for (int j = 0; j < last; j++) o[base + j] = -(scaled * ((t[base + j] - p[base + j]) * 2f));
            }
        });
        return o;
    }

    /** {@code min(max(v, lo), hi)} with NaN kept, as the MAXIMUM and MINIMUM kernels. */
    private static float clip(float v, float lo, float hi) {
        if (Float.isNaN(v)) return v;
        return Math.min(Math.max(v, lo), hi);
    }
}
