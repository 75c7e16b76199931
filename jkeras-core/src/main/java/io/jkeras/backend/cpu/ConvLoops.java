package io.jkeras.backend.cpu;

/**
 * The inner loops of the direct convolution kernels, used where a window holds so few values (a
 * first layer on 1 or 3 channels) that an im2col matrix would cost more to write than its GEMM
 * costs to run. Both loops walk {@code npix} output pixels of one output row whose windows start
 * {@code pixStride} input floats apart. A window is a list of {@code taps} entries (one per tap and
 * channel): entry {@code t} of the pixel at {@code base} reads {@code x[base + xoff[t]]} and meets
 * the kernel row of {@code f} filters at {@code w[wrow[t]]}. Listing only some entries leaves out
 * padded cells.
 *
 * <p>Two implementations, picked at start-up like the GEMM kernel: {@link PanamaConvLoops} (Vector
 * API) and {@link ScalarConvLoops} (plain Java, the reference).
 */
interface ConvLoops {
    /** The loops in use: Vector API ones when {@code jdk.incubator.vector} is enabled and links. */
    ConvLoops INSTANCE = load();

    /**
     * Forward: {@code y[o + i*f + j] = act(bias[j] + sum over t of x[base + i*pixStride + xoff[t]] * w[wrow[t] + j])}
     * for pixels {@code i < npix}, filters {@code j < f}; {@code bias} may be null, {@code act} is relu when {@code relu}.
     */
    void forwardRow(float[] x, int base, int pixStride, int npix, int[] xoff, int[] wrow, int taps,
                    float[] w, int f, float[] bias, boolean relu, float[] y, int o);

    /**
     * Kernel gradient: {@code dw[wrow[t] + j] += sum over i < npix of x[base + i*pixStride + xoff[t]] * dy[o + i*f + j]}.
     */
    void filterRow(float[] x, int base, int pixStride, int npix, int[] xoff, int[] wrow, int taps,
                   float[] dy, int o, int f, float[] dw);

    /**
     * One row of a relu layer's gradient: {@code dz[i*f + j] = (y == null || y[o + i*f + j] > 0) ? g[o + i*f + j] : 0}
     * for {@code i < npix, j < f}, and {@code db[j] += dz[i*f + j]} (in order of {@code i}) when {@code db} is not null.
     */
    void reluGradRow(float[] g, float[] y, int o, int npix, int f, float[] dz, float[] db);

    /**
     * The max-pooling gradient of one window that shares no cell with another: for each window cell
     * {@code q} and channel {@code j < c}, {@code dx[base + rel[q] + j] = arg[o + j] == base + rel[q] + j ? g[o + j] : 0}.
     */
    void maxPoolGradWindow(float[] g, int[] arg, int o, int c, int base, int[] rel, float[] dx);

    /**
     * One max-pooling window's values: {@code y[o + j]} is {@code x[base + rel[0] + j]}, replaced by a
     * later cell {@code x[base + rel[q] + j]} only where that is strictly greater (NaN never replaces).
     */
    void maxWindowValues(float[] x, int base, int[] rel, float[] y, int o, int c);

    private static ConvLoops load() {
        if (!Boolean.parseBoolean(System.getProperty("jkeras.gemm.vector", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return new ScalarConvLoops();
        try {
            return new PanamaConvLoops();
        } catch (LinkageError | RuntimeException e) {
            return new ScalarConvLoops();
        }
    }
}
