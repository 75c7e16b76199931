package io.jkeras.backend.cpu;

/**
 * Per-thread scratch arrays for packing, borrowed and given back so that a kernel called again on
 * the same thread (nested, or from a task that runs while this one waits) never shares one. Each
 * {@link Slot} keeps one array per thread, so a big packed panel and a small tile do not evict each
 * other.
 */
final class Scratch {
    /** Arrays larger than this (in elements) are not kept between calls. */
    private static final int KEEP_LIMIT = 1 << 23;

    /** What a scratch array is for; one cached array per slot and thread. */
    enum Slot {
        /** A packed panel of B (large, one per GEMM call). */
        PANEL,
        /** A packed sliver of A plus an edge tile (small, one per task). */
        SLIVER;

        private final ThreadLocal<float[]> floats = new ThreadLocal<>();
        private final ThreadLocal<double[]> doubles = new ThreadLocal<>();
        private final ThreadLocal<float[][]> floatRows = new ThreadLocal<>();
        private final ThreadLocal<double[][]> doubleRows = new ThreadLocal<>();
    }

    private Scratch() {}

    /** A float array of at least {@code size} elements, with arbitrary contents. */
    static float[] floats(Slot slot, int size) {
        float[] f = slot.floats.get();
        if (f == null || f.length < size) return new float[size];
        slot.floats.set(null);
        return f;
    }

    /** Gives an array from {@link #floats} back to this thread's slot. */
    static void release(Slot slot, float[] f) {
        if (f.length <= KEEP_LIMIT) {
            float[] held = slot.floats.get();
            if (held == null || held.length < f.length) slot.floats.set(f);
        }
    }

    /** A double array of at least {@code size} elements, with arbitrary contents. */
    static double[] doubles(Slot slot, int size) {
        double[] d = slot.doubles.get();
        if (d == null || d.length < size) return new double[size];
        slot.doubles.set(null);
        return d;
    }

    /** Gives an array from {@link #doubles} back to this thread's slot. */
    static void release(Slot slot, double[] d) {
        if (d.length <= KEEP_LIMIT) {
            double[] held = slot.doubles.get();
            if (held == null || held.length < d.length) slot.doubles.set(d);
        }
    }

    /**
     * {@code rows} separate float arrays of at least {@code cols} elements each (more rows may
     * follow). Separate arrays let C2 vectorize loops that read several rows at the same index.
     */
    static float[][] floatRows(Slot slot, int rows, int cols) {
        float[][] f = slot.floatRows.get();
        if (f == null || f.length < rows || f[0].length < cols) return new float[rows][cols];
        slot.floatRows.set(null);
        return f;
    }

    /** Gives arrays from {@link #floatRows} back to this thread's slot. */
    static void release(Slot slot, float[][] f) {
        if ((long) f.length * f[0].length <= KEEP_LIMIT) slot.floatRows.set(f);
    }

    /** {@code rows} separate double arrays of at least {@code cols} elements each. */
    static double[][] doubleRows(Slot slot, int rows, int cols) {
        double[][] d = slot.doubleRows.get();
        if (d == null || d.length < rows || d[0].length < cols) return new double[rows][cols];
        slot.doubleRows.set(null);
        return d;
    }

    /** Gives arrays from {@link #doubleRows} back to this thread's slot. */
    static void release(Slot slot, double[][] d) {
        if ((long) d.length * d[0].length <= KEEP_LIMIT) slot.doubleRows.set(d);
    }
}
