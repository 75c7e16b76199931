package io.jkeras.backend.cpu;

import io.jkeras.backend.ConvGeometry;
import io.jkeras.backend.Epilogue;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;

/**
 * Convolution kernels on channels-last arrays, float32 and float64. Every spatial rank is run as
 * 3-d (see {@link ConvGeometry#to3d()}).
 *
 * <p>float32: a window of at most {@link #DIRECT_MAX_WINDOW} values (a first layer on 1-3 channels)
 * takes direct loops ({@link ConvLoops}) with bias and relu in the output loop; otherwise the rows of
 * the im2col matrix (one per output pixel) are cut into chunks of about {@link #CHUNK_FLOATS}, each
 * one task that gathers its patches into a per-thread scratch, multiplies ({@link Gemm}) and, for the
 * input gradient, scatters back, all in one core's cache. A 1x1 convolution with stride 1 multiplies
 * the input directly. Kernel gradients are summed in a fixed number of partials in a fixed order, so
 * results do not depend on the number of threads. float64 (gradient checks) keeps the plain im2col
 * over batch chunks.
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

    /** Largest im2col buffer (elements) before the batch is cut into chunks (float64 path). */
    private static final int CHUNK_ELEMS = 1 << 22;
    /**
     * im2col floats per float32 task: a chunk of rows, its columns and the GEMM's packed panels stay
     * in one core's L2 (1 MiB here), so the patches are written and read back from cache.
     */
    static final int CHUNK_FLOATS = 1 << 17;
    /** Fewest rows per float32 chunk when one sample's patches alone exceed {@link #CHUNK_FLOATS}. */
    private static final int MIN_CHUNK_ROWS = 96;
    /** Most partial kernel gradients summed at the end of {@link #backpropFilterF} (fixed: the sum's order depends on shapes only). */
    private static final int FILTER_PARTS = 16;

    /**
     * Windows of at most this many values (taps x channels, one group) take the direct kernels of
     * {@link ConvLoops} instead of im2col + GEMM: a GEMM with so short a k is bound by writing and
     * reading its im2col matrix (a first layer on 1 or 3 channels).
     */
    static final int DIRECT_MAX_WINDOW = 32;

    private static final ThreadLocal<float[]> F_SCRATCH = new ThreadLocal<>();
    private static final ThreadLocal<double[]> D_SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    /** {@code conv(x, w) + bias}; {@code bias} may be null. */
    public static Tensor conv(Tensor x, Tensor w, Tensor bias, ConvGeometry geometry, int groups) {
        return conv(x, w, bias, Epilogue.LINEAR, geometry, groups);
    }

    /**
     * {@code act(conv(x, w) + bias)} in one pass; {@code bias} may be null and {@code act} is
     * {@link Epilogue#LINEAR} or {@link Epilogue#RELU}.
     */
    public static Tensor conv(Tensor x, Tensor w, Tensor bias, Epilogue act, ConvGeometry geometry, int groups) {
        if (act != Epilogue.LINEAR && act != Epilogue.RELU)
            throw new IllegalArgumentException("conv: the fused activation must be LINEAR or RELU, received " + act);
        boolean relu = act == Epilogue.RELU;
        ConvGeometry g = geometry.to3d();
        int n = x.dim(0), c = x.dim(-1), f = w.dim(-1);
        Shape outShape = batchShape(n, geometry.out(), f);
        if (x.dtype() == DType.FLOAT32) {
            float[] y = new float[outShape.intSize()];
            forwardF(x.floats(), w.floats(), bias == null ? null : bias.floats(), relu, y, n, c, f, g, groups);
            return Tensor.wrap(y, outShape);
        }
        double[] y = new double[outShape.intSize()];
        forwardD(x.doubles(), w.doubles(), bias == null ? null : bias.doubles(), y, n, c, f, g, groups);
        if (relu) for (int i = 0; i < y.length; i++) y[i] = Math.max(y[i], 0.0);
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

    /**
     * The kernel (and bias) gradient of {@code relu(conv(x, w) + bias)} from its output {@code y} and
     * the upstream gradient {@code g}, for a layer whose input needs no gradient (a first layer): the
     * relu mask and the bias sum are applied while the kernel gradient reads {@code g}, so the masked
     * gradient is never stored. {@code y} null means no activation. Returns {@code {dw, db}}, db null
     * unless {@code biasGrad}.
     */
    public static Tensor[] backpropFilterAct(Tensor x, Tensor g, Tensor y, Shape kernelShape, boolean biasGrad, ConvGeometry geometry, int groups) {
        ConvGeometry g3 = geometry.to3d();
        int n = x.dim(0), c = x.dim(-1), f = kernelShape.dim(-1);
        if (x.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32 && (y == null || y.dtype() == DType.FLOAT32)
                && !pointwise(g3) && direct(g3, c, groups)) {
            float[] dw = new float[kernelShape.intSize()], db = biasGrad ? new float[f] : null;
            filterDirectF(x.floats(), g.floats(), y == null ? null : y.floats(), dw, db, n, c, f, g3);
            return new Tensor[] {Tensor.wrap(dw, kernelShape), biasGrad ? Tensor.wrap(db, Shape.of(f)) : null};
        }
        // other shapes and dtypes: the mask, then the kernel gradient and the bias sum one after another
        Tensor dz = g;
        if (y != null) {
            Object m = Tensor.allocate(g.dtype(), g.size());
            if (g.dtype() == DType.FLOAT32) {
                float[] gf = g.floats(), yf = y.floats(), mf = (float[]) m;
                for (int i = 0; i < mf.length; i++) mf[i] = yf[i] > 0 ? gf[i] : 0f;
            } else {
                double[] gd = g.doubles(), yd = y.doubles(), md = (double[]) m;
                for (int i = 0; i < md.length; i++) md[i] = yd[i] > 0 ? gd[i] : 0.0;
            }
            dz = Tensor.wrap(m, g.shape());
        }
        Tensor dw = backpropFilter(x, dz, kernelShape, geometry, groups);
        if (!biasGrad) return new Tensor[] {dw, null};
        Object db = Tensor.allocate(g.dtype(), f);
        if (g.dtype() == DType.FLOAT32) {
            float[] d = dz.floats(), sum = (float[]) db;
            for (int i = 0; i < d.length; i++) sum[i % f] += d[i];
        } else {
            double[] d = dz.doubles(), sum = (double[]) db;
            for (int i = 0; i < d.length; i++) sum[i % f] += d[i];
        }
        return new Tensor[] {dw, Tensor.wrap(db, Shape.of(f))};
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

    /**
     * Output rows (pixels) per float32 chunk: whole samples while {@code p * kc} fits
     * {@link #CHUNK_FLOATS}, else a part of one sample. Depends on the shapes only.
     */
    static int chunkRows(int n, int p, int kc) {
        long per = (long) p * kc;
        if (per <= CHUNK_FLOATS) return p * (int) Math.min(n, CHUNK_FLOATS / Math.max(1, per));
        return Math.min(p, Math.max(MIN_CHUNK_ROWS, CHUNK_FLOATS / kc));
    }

    /** A float scratch array of at least {@code size} elements, borrowed from this thread (give it back with {@link #giveBack}). */
    private static float[] borrowF(int size) {
        float[] s = F_SCRATCH.get();
        if (s == null || s.length < size) return new float[size];
        F_SCRATCH.set(null);
        return s;
    }

    private static void giveBack(float[] s) {
        float[] held = F_SCRATCH.get();
        if (held == null || held.length < s.length) F_SCRATCH.set(s);
    }

    private static double[] scratchD(int size) {
        double[] s = D_SCRATCH.get();
        if (s.length < size) { s = new double[size]; D_SCRATCH.set(s); }
        return s;
    }

    // ================================================================ float32
    //
    // The rows of the im2col matrix (one per output pixel, samples one after another) are cut into
    // chunks that depend on the shapes only. Each chunk is one task: its patches are gathered into a
    // per-thread scratch that stays in cache, multiplied (the GEMM runs on the task's thread) and, in
    // the backward pass, scattered back, so the patches never go through memory and the threads never
    // wait on each other inside a chunk.

    static void forwardF(float[] x, float[] w, float[] bias, boolean relu, float[] y, int n, int c, int f, ConvGeometry g, int groups) {
        int cg = c / groups, fg = f / groups, p = g.outSize(), kc = g.kernelSize() * cg;
        int rows = n * p;
        if (rows == 0 || f == 0) return;
        boolean pw = pointwise(g);
        if (!pw && direct(g, c, groups)) {
            forwardDirectF(x, w, bias, relu, y, n, c, f, g);
            return;
        }
        int cr = pw ? Math.max(MIN_CHUNK_ROWS, CHUNK_FLOATS / Math.max(1, Math.max(c, f))) : chunkRows(n, p, kc);
        int chunks = Grid.ceilDiv(rows, cr);
        FloatLoops loops = FloatLoops.INSTANCE;
        Parallel.IntRangeBody body = (c0, c1) -> {
            float[] cols = pw ? null : borrowF(cr * kc);
            for (int ch = c0; ch < c1; ch++) {
                int r0 = ch * cr, r1 = Math.min(rows, r0 + cr), m = r1 - r0;
                for (int gi = 0; gi < groups; gi++) {
                    if (pw) {
                        Gemm.sgemm(false, false, m, fg, cg, x, r0 * c + gi * cg, c, w, gi * fg, f, y, r0 * f + gi * fg, f, false);
                    } else {
                        im2colRowsF(x, r0, r1, c, gi * cg, cg, g, cols);
                        Gemm.sgemm(false, false, m, fg, kc, cols, 0, kc, w, gi * fg, f, y, r0 * f + gi * fg, f, false);
                    }
                }
                if (bias != null) for (int r = r0; r < r1; r++) loops.biasAct(y, r * f, bias, f, relu);
                else if (relu) loops.relu(y, y, r0 * f, r1 * f);
            }
            if (cols != null) giveBack(cols);
        };
        runChunks(chunks, body);
    }

    /** Chunks in parallel when there are enough for every thread; otherwise one after another, each GEMM then parallel itself. */
    private static void runChunks(int chunks, Parallel.IntRangeBody body) {
        if (chunks >= 2 * Parallel.parallelism()) Parallel.parallelFor(chunks, 1, body);
        else body.run(0, chunks);
    }

    static void backpropInputF(float[] dy, float[] w, float[] dx, int n, int c, int f, ConvGeometry g, int groups) {
        int cg = c / groups, fg = f / groups, p = g.outSize(), kc = g.kernelSize() * cg;
        int rows = n * p;
        if (rows == 0 || c == 0) return;
        if (pointwise(g)) {
            int cr = Math.max(MIN_CHUNK_ROWS, CHUNK_FLOATS / Math.max(1, Math.max(c, f)));
            runChunks(Grid.ceilDiv(rows, cr), (c0, c1) -> {
                for (int ch = c0; ch < c1; ch++) {
                    int r0 = ch * cr, m = Math.min(rows, r0 + cr) - r0;
                    for (int gi = 0; gi < groups; gi++)
                        Gemm.sgemm(false, true, m, cg, fg, dy, r0 * f + gi * fg, f, w, gi * fg, f, dx, r0 * c + gi * cg, c, false);
                }
            });
            return;
        }
        int cr = chunkRows(n, p, kc);
        int chunks = Grid.ceilDiv(rows, cr);
        Parallel.IntRangeBody body = (c0, c1) -> {
            float[] cols = borrowF(cr * kc);
            for (int ch = c0; ch < c1; ch++) {
                int r0 = ch * cr, r1 = Math.min(rows, r0 + cr), m = r1 - r0;
                for (int gi = 0; gi < groups; gi++) {
                    Gemm.sgemm(false, true, m, kc, fg, dy, r0 * f + gi * fg, f, w, gi * fg, f, cols, 0, kc, false);
                    col2imRowsF(cols, r0, r1, c, gi * cg, cg, g, dx);
                }
            }
            giveBack(cols);
        };
        // chunks of whole samples write disjoint parts of dx; parts of one sample overlap, so they run in order
        if (cr % p == 0) runChunks(chunks, body);
        else body.run(0, chunks);
    }

    static void backpropFilterF(float[] x, float[] dy, float[] dw, int n, int c, int f, ConvGeometry g, int groups) {
        int cg = c / groups, fg = f / groups, p = g.outSize(), kc = g.kernelSize() * cg;
        int rows = n * p;
        if (rows == 0 || f == 0) return;
        boolean pw = pointwise(g);
        if (!pw && direct(g, c, groups)) {
            filterDirectF(x, dy, null, dw, null, n, c, f, g);
            return;
        }
        int cr = pw ? Math.max(MIN_CHUNK_ROWS, CHUNK_FLOATS / Math.max(1, Math.max(c, f))) : chunkRows(n, p, kc);
        int chunks = Grid.ceilDiv(rows, cr);
        // the chunks are summed into a fixed number of partial gradients, each over a fixed run of
        // chunks in order, then the partials in order: the same bits for any number of threads
        int parts = Math.min(chunks, FILTER_PARTS), size = kc * f;
        float[] partial = parts == 1 ? dw : new float[parts * size];
        Parallel.IntRangeBody body = (p0, p1) -> {
            float[] cols = pw ? null : borrowF(cr * kc);
            for (int part = p0; part < p1; part++) {
                int first = (int) ((long) chunks * part / parts), last = (int) ((long) chunks * (part + 1) / parts);
                int off = parts == 1 ? 0 : part * size;
                for (int ch = first; ch < last; ch++) {
                    int r0 = ch * cr, r1 = Math.min(rows, r0 + cr), m = r1 - r0;
                    boolean acc = ch > first;
                    for (int gi = 0; gi < groups; gi++) {
                        if (pw) {
                            Gemm.sgemm(true, false, cg, fg, m, x, r0 * c + gi * cg, c, dy, r0 * f + gi * fg, f, partial, off + gi * fg, f, acc);
                        } else {
                            im2colRowsF(x, r0, r1, c, gi * cg, cg, g, cols);
                            Gemm.sgemm(true, false, kc, fg, m, cols, 0, kc, dy, r0 * f + gi * fg, f, partial, off + gi * fg, f, acc);
                        }
                    }
                }
            }
            if (cols != null) giveBack(cols);
        };
        if (parts == 1) body.run(0, 1);
        else Parallel.parallelFor(parts, 1, body);
        if (parts > 1) {
            FloatLoops loops = FloatLoops.INSTANCE;
            System.arraycopy(partial, 0, dw, 0, size);
            for (int part = 1; part < parts; part++) loops.binary(FloatLoops.ADD, dw, 0, partial, part * size, dw, 0, size);
        }
    }

    // ---------------------------------------------------------------- direct kernels (small windows)

    static boolean direct(ConvGeometry g, int c, int groups) {
        return groups == 1 && (long) g.kernelSize() * c <= DIRECT_MAX_WINDOW;
    }

    static void forwardDirectF(float[] x, float[] w, float[] bias, boolean relu, float[] y, int n, int c, int f, ConvGeometry g) {
        long perSample = (long) g.outSize() * g.kernelSize() * c * f;
        int grain = (int) Math.max(1, Math.min(n, (1L << 18) / Math.max(1, perSample)));
        Parallel.parallelFor(n, grain, (b0, b1) -> directRows(true, x, w, bias, relu, y, null, b0, b1, c, f, g));
    }

    /**
     * The kernel gradient (and, when {@code db} is not null, the bias gradient) summed over a fixed
     * number of runs of samples, each into its own partial, then the partials in order: the same bits
     * for any number of threads. {@code mask} not null: {@code dy} is first masked with {@code mask > 0}
     * (a relu's gradient from its output), row by row in a scratch that stays in L1.
     */
    static void filterDirectF(float[] x, float[] dy, float[] mask, float[] dw, float[] db, int n, int c, int f, ConvGeometry g) {
        int parts = Math.max(1, Math.min(n, FILTER_PARTS)), size = dw.length, dbSize = db == null ? 0 : f;
        float[] partial = parts == 1 ? null : new float[parts * (size + dbSize)];
        Parallel.parallelFor(parts, 1, (p0, p1) -> {
            for (int part = p0; part < p1; part++) {
                int b0 = (int) ((long) n * part / parts), b1 = (int) ((long) n * (part + 1) / parts);
                float[] acc = parts == 1 ? dw : new float[size], accB = db == null ? null : parts == 1 ? db : new float[f];
                directFilterRows(x, dy, mask, acc, accB, b0, b1, c, f, g);
                if (parts == 1) continue;
                System.arraycopy(acc, 0, partial, part * (size + dbSize), size);
                if (accB != null) System.arraycopy(accB, 0, partial, part * (size + dbSize) + size, f);
            }
        });
        if (parts == 1) return;
        FloatLoops loops = FloatLoops.INSTANCE;
        System.arraycopy(partial, 0, dw, 0, size);
        if (db != null) System.arraycopy(partial, size, db, 0, f);
        for (int part = 1; part < parts; part++) {
            int off = part * (size + dbSize);
            loops.binary(FloatLoops.ADD, dw, 0, partial, off, dw, 0, size);
            if (db != null) loops.binary(FloatLoops.ADD, db, 0, partial, off + size, db, 0, f);
        }
    }

    /** {@link #directRows} for the kernel gradient, masking (and summing for the bias) each output row first when asked. */
    private static void directFilterRows(float[] x, float[] dy, float[] mask, float[] dw, float[] db, int b0, int b1, int c, int f, ConvGeometry g) {
        if (mask == null && db == null) {
            directRows(false, x, null, null, false, dy, dw, b0, b1, c, f, g);
            return;
        }
        int[] out = g.out();
        int rowLen = out[2] * f, rowsPerSample = out[0] * out[1];
        float[] rowBuf = new float[rowLen];
        ConvLoops loops = ConvLoops.INSTANCE;
        DirectPlan plan = new DirectPlan(g, c, f);
        for (int b = b0; b < b1; b++) {
            for (int r = 0; r < rowsPerSample; r++) {
                int o = (b * rowsPerSample + r) * rowLen;
                loops.reluGradRow(dy, mask, o, out[2], f, rowBuf, db);
                directRow(plan, false, x, null, null, false, rowBuf, -o, dw, b, r / out[1], r % out[1]);
            }
        }
    }

    /**
     * Walks the output rows of samples {@code [b0, b1)}; see {@link #directRow}. {@code forward}:
     * {@code y = act(conv + bias)}; else {@code dw += patches^T dy} ({@code y} then holds dy).
     */
    private static void directRows(boolean forward, float[] x, float[] w, float[] bias, boolean relu, float[] y, float[] dw,
                                   int b0, int b1, int c, int f, ConvGeometry g) {
        DirectPlan plan = new DirectPlan(g, c, f);
        int[] out = g.out();
        for (int b = b0; b < b1; b++)
            for (int od = 0; od < out[0]; od++)
                for (int oh = 0; oh < out[1]; oh++) directRow(plan, forward, x, w, bias, relu, y, 0, dw, b, od, oh);
    }

    /** The window entries of a direct convolution, worked out once per task. */
    private static final class DirectPlan {
        final ConvGeometry g;
        final int c, f, entries, sample, owLo, owHi, ps;
        /** One entry per (tap, channel): its offset in x from the window origin and its kernel row. */
        final int[] xoff, wrow, xoffPix, wrowPix;

        DirectPlan(ConvGeometry g, int c, int f) {
            int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), d = g.dilation(), pb = g.padBefore();
            this.g = g;
            this.c = c;
            this.f = f;
            entries = g.kernelSize() * c;
            sample = in[0] * in[1] * in[2] * c;
            xoff = new int[entries];
            wrow = new int[entries];
            xoffPix = new int[entries];
            wrowPix = new int[entries];
            for (int kd = 0, e = 0; kd < k[0]; kd++)
                for (int kh = 0; kh < k[1]; kh++)
                    for (int kw = 0; kw < k[2]; kw++)
                        for (int ci = 0; ci < c; ci++, e++) {
                            xoff[e] = ((kd * d[0] * in[1] + kh * d[1]) * in[2] + kw * d[2]) * c + ci;
                            wrow[e] = e * f;
                        }
            // output columns whose windows lie inside the input along the last axis
            int lo = pb[2] <= 0 ? 0 : (pb[2] + s[2] - 1) / s[2];
            int lastStart = in[2] - 1 - (k[2] - 1) * d[2] + pb[2];
            int hi = lastStart < 0 ? 0 : Math.min(out[2], lastStart / s[2] + 1);
            owLo = lo;
            owHi = Math.max(hi, lo);
            ps = s[2] * c;
        }
    }

    /**
     * One output row {@code (b, od, oh)}: the pixels whose windows lie inside the input go to the
     * loop as one run with every entry; a pixel whose window touches padding goes on its own with the
     * entries that fall inside. {@code y} (or dy) of the row starts at its offset in the whole output
     * plus {@code yShift}.
     */
    private static void directRow(DirectPlan plan, boolean forward, float[] x, float[] w, float[] bias, boolean relu, float[] y, int yShift,
                                  float[] dw, int b, int od, int oh) {
        ConvGeometry g = plan.g;
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), d = g.dilation(), pb = g.padBefore();
        int c = plan.c, f = plan.f, ps = plan.ps;
        ConvLoops loops = ConvLoops.INSTANCE;
        int id0 = od * s[0] - pb[0], ih0 = oh * s[1] - pb[1];
        boolean dIn = id0 >= 0 && id0 + (k[0] - 1) * d[0] < in[0];
        boolean hIn = ih0 >= 0 && ih0 + (k[1] - 1) * d[1] < in[1];
        int o = ((b * out[0] + od) * out[1] + oh) * out[2] * f + yShift;
        int rowBase = b * plan.sample + (id0 * in[1] + ih0) * in[2] * c - pb[2] * c;   // + ow * ps: the window origin
        int lo = 0, hi = 0;
        if (dIn && hIn && plan.owHi > plan.owLo) {
            lo = plan.owLo;
            hi = plan.owHi;
            if (forward) loops.forwardRow(x, rowBase + lo * ps, ps, hi - lo, plan.xoff, plan.wrow, plan.entries, w, f, bias, relu, y, o + lo * f);
            else loops.filterRow(x, rowBase + lo * ps, ps, hi - lo, plan.xoff, plan.wrow, plan.entries, y, o + lo * f, f, dw);
        }
        int[] xoffPix = plan.xoffPix, wrowPix = plan.wrowPix;
        for (int ow = 0; ow < out[2]; ow++) {
            if (ow == lo && hi > lo) { ow = hi - 1; continue; }
            int iw0 = ow * s[2] - pb[2], nt = 0;
            for (int kd = 0, e = 0; kd < k[0]; kd++) {
                int id = id0 + kd * d[0];
                for (int kh = 0; kh < k[1]; kh++) {
                    int ih = ih0 + kh * d[1];
                    boolean ok = id >= 0 && id < in[0] && ih >= 0 && ih < in[1];
                    for (int kw = 0; kw < k[2]; kw++, e += c) {
                        int iw = iw0 + kw * d[2];
                        if (!ok || iw < 0 || iw >= in[2]) continue;
                        for (int ci = 0; ci < c; ci++, nt++) { xoffPix[nt] = plan.xoff[e + ci]; wrowPix[nt] = plan.wrow[e + ci]; }
                    }
                }
            }
            if (forward) loops.forwardRow(x, rowBase + ow * ps, 0, 1, xoffPix, wrowPix, nt, w, f, bias, relu, y, o + ow * f);
            else loops.filterRow(x, rowBase + ow * ps, 0, 1, xoffPix, wrowPix, nt, y, o + ow * f, f, dw);
        }
    }

    /**
     * Writes rows {@code [r0, r1)} of the im2col matrix into {@code cols} (from index 0): row
     * {@code r = b * outSize + pixel} holds the window of that output pixel of sample {@code b},
     * taps in order, channels {@code [cOff, cOff+cg)} innermost; padded cells are 0. Where the
     * channels are all of the input's and the taps along the last axis are adjacent (no dilation),
     * a window row inside the input is one contiguous copy.
     */
    static void im2colRowsF(float[] x, int r0, int r1, int c, int cOff, int cg, ConvGeometry g, float[] cols) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), d = g.dilation(), pb = g.padBefore();
        int sample = in[0] * in[1] * in[2] * c, plane = out[1] * out[2], p = out[0] * plane;
        int run = k[2] * cg;
        boolean runs = cg == c && d[2] == 1;
        int b = r0 / p, rem = r0 - b * p, od = rem / plane, oh = rem % plane / out[2], ow = rem % out[2];
        int q = 0;
        for (int r = r0; r < r1; r++) {
            int xb = b * sample + cOff;
            int iw0 = ow * s[2] - pb[2];
            boolean wIn = iw0 >= 0 && iw0 + (k[2] - 1) * d[2] < in[2];
            for (int kd = 0; kd < k[0]; kd++) {
                int id = od * s[0] + kd * d[0] - pb[0];
                boolean okd = id >= 0 && id < in[0];
                for (int kh = 0; kh < k[1]; kh++) {
                    int ih = oh * s[1] + kh * d[1] - pb[1];
                    if (!okd || ih < 0 || ih >= in[1]) {
                        Arrays.fill(cols, q, q + run, 0f);
                        q += run;
                        continue;
                    }
                    int rowBase = xb + (id * in[1] + ih) * in[2] * c;
                    if (runs && wIn) {
                        System.arraycopy(x, rowBase + iw0 * c, cols, q, run);
                        q += run;
                        continue;
                    }
                    for (int kw = 0; kw < k[2]; kw++, q += cg) {
                        int iw = iw0 + kw * d[2];
                        if (iw >= 0 && iw < in[2]) {
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
            if (++ow == out[2]) { ow = 0; if (++oh == out[1]) { oh = 0; if (++od == out[0]) { od = 0; b++; } } }
        }
    }

    /** Adds rows {@code [r0, r1)} of {@code cols} (from index 0) back onto the input cells they were read from: the adjoint of {@link #im2colRowsF}. */
    static void col2imRowsF(float[] cols, int r0, int r1, int c, int cOff, int cg, ConvGeometry g, float[] x) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), d = g.dilation(), pb = g.padBefore();
        int sample = in[0] * in[1] * in[2] * c, plane = out[1] * out[2], p = out[0] * plane;
        int run = k[2] * cg;
        boolean runs = cg == c && d[2] == 1;
        FloatLoops loops = FloatLoops.INSTANCE;
        int b = r0 / p, rem = r0 - b * p, od = rem / plane, oh = rem % plane / out[2], ow = rem % out[2];
        int q = 0;
        for (int r = r0; r < r1; r++) {
            int xb = b * sample + cOff;
            int iw0 = ow * s[2] - pb[2];
            boolean wIn = iw0 >= 0 && iw0 + (k[2] - 1) * d[2] < in[2];
            for (int kd = 0; kd < k[0]; kd++) {
                int id = od * s[0] + kd * d[0] - pb[0];
                boolean okd = id >= 0 && id < in[0];
                for (int kh = 0; kh < k[1]; kh++) {
                    int ih = oh * s[1] + kh * d[1] - pb[1];
                    if (!okd || ih < 0 || ih >= in[1]) {
                        q += run;
                        continue;
                    }
                    int rowBase = xb + (id * in[1] + ih) * in[2] * c;
                    if (runs && wIn) {
                        int dst = rowBase + iw0 * c;
                        loops.binary(FloatLoops.ADD, x, dst, cols, q, x, dst, run);
                        q += run;
                        continue;
                    }
                    for (int kw = 0; kw < k[2]; kw++, q += cg) {
                        int iw = iw0 + kw * d[2];
                        if (iw >= 0 && iw < in[2]) {
                            int dst = rowBase + iw * c;
                            if (cg == 1) x[dst] += cols[q];
                            else loops.binary(FloatLoops.ADD, x, dst, cols, q, x, dst, cg);
                        }
                    }
                }
            }
            if (++ow == out[2]) { ow = 0; if (++oh == out[1]) { oh = 0; if (++od == out[0]) { od = 0; b++; } } }
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

    static void im2colD(double[] x, int n0, int m, int c, int cOff, int cg, ConvGeometry g, double[] cols) {
        int rowBlock = g.outSize() * g.kernelSize() * cg;
        Parallel.parallelFor(m, 1, (s, e) -> im2colDRange(x, n0 + s, e - s, c, cOff, cg, g, cols, s * rowBlock));
    }

    static void col2imD(double[] cols, int n0, int m, int c, int cOff, int cg, ConvGeometry g, double[] x) {
        int rowBlock = g.outSize() * g.kernelSize() * cg;
        Parallel.parallelFor(m, 1, (s, e) -> col2imDRange(cols, s * rowBlock, n0 + s, e - s, c, cOff, cg, g, x));
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
