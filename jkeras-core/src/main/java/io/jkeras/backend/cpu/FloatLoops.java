package io.jkeras.backend.cpu;

/**
 * The float32 inner loops of the elementwise kernels, over an index range so that callers can split
 * the work into fixed chunks. Two implementations: {@link PanamaFloatLoops} (Vector API) and
 * {@link ScalarFloatLoops} (plain Java, the reference); {@link #INSTANCE} is picked at start-up as
 * the GEMM kernel is. Every loop is elementwise (no reduction across elements), so both give the
 * same bits.
 */
interface FloatLoops {
    /** The loops in use: Vector API ones when {@code jdk.incubator.vector} is enabled and links. */
    FloatLoops INSTANCE = load();

    /** Opcodes of {@link #binary}: {@code o = x op y}. */
    int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAX = 4, MIN = 5;

    String name();

    /** {@code o[oOff+i] = x[xOff+i] op y[yOff+i]} for {@code i < n}. */
    void binary(int op, float[] x, int xOff, float[] y, int yOff, float[] o, int oOff, int n);

    /** {@code o[oOff+i] = x[xOff+i] op s} ({@code swap}: {@code s op x[xOff+i]}). */
    void binaryScalar(int op, float[] x, int xOff, float s, boolean swap, float[] o, int oOff, int n);

    /** {@code o[i] = max(x[i], 0)} over {@code [from, to)}; NaN stays NaN. */
    void relu(float[] x, float[] o, int from, int to);

    /** {@code o[i] = y[i] > 0 ? g[i] : 0} over {@code [from, to)}: the gradient of relu from its output. */
    void reluGrad(float[] y, float[] g, float[] o, int from, int to);

    /** {@code c[off+j] = c[off+j] + b[j]} for {@code j < n}, then relu when {@code relu}. */
    void biasAct(float[] c, int off, float[] b, int n, boolean relu);

    /**
     * One max-pooling window over {@code c} contiguous channels: for each {@code j < c},
     * {@code y[o+j]} is the largest of {@code x[base+rel[q]+j]} over the window cells {@code q} in
     * order and {@code arg[o+j]} its flat index in {@code x}. The first cell seeds the maximum and a
     * later one replaces it only when strictly greater (ties and NaN keep the earlier cell).
     */
    void maxWindow(float[] x, int base, int[] rel, float[] y, int[] arg, int o, int c);

    private static FloatLoops load() {
        if (!Boolean.parseBoolean(System.getProperty("jkeras.gemm.vector", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return new ScalarFloatLoops();
        try {
            return new PanamaFloatLoops();
        } catch (LinkageError | RuntimeException e) {
            return new ScalarFloatLoops();
        }
    }
}
