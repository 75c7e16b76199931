package io.jkeras.backend.cpu;

/**
 * The optimizers' update loops on float32 storage, for the CPU backend, cut into fixed chunks on the
 * {@link Parallel} pool for large variables. Every loop is elementwise, so the result is the same
 * bits as one pass over the whole array, whatever the split.
 *
 * <p>The loops are plain Java: C2 vectorises them, and they are bound by memory traffic (four arrays
 * read, three written), so a Vector API twin measured no faster; splitting a large variable across
 * cores is what pays (each core streams its part through its own caches).
 *
 * <pre>{@code
 * OptimizerLoops.adam(w, g, m, v, alpha, 0.1f, 0.001f, 1e-7f);
 * }</pre>
 */
public final class OptimizerLoops {
    private OptimizerLoops() {}

    /** Variables with at least this many elements are updated in parallel chunks. */
    static final int PARALLEL_ELEMENTS = 1 << 16;
    /** Elements per parallel chunk. */
    static final int GRAIN = 1 << 14;

    /**
     * Adam's update of {@code w} in place from gradient {@code g}, with momentum {@code m} and velocity
     * {@code v} (updated too), Keras 3's formula with each operation rounded to float in this order:
     * {@code m += (g - m) * omb1; v += (g*g - v) * omb2; w -= m * alpha / (sqrt(v) + eps)}. All four
     * arrays have one length.
     *
     * @param alpha the step size after bias correction, {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t)}
     * @param omb1  {@code 1 - beta_1}
     * @param omb2  {@code 1 - beta_2}
     */
    public static void adam(float[] w, float[] g, float[] m, float[] v, float alpha, float omb1, float omb2, float eps) {
        int n = w.length;
        if (g.length != n || m.length != n || v.length != n) throw new IllegalArgumentException("adam: the weights, gradient, momentum "
                + "and velocity must have one length, received " + n + ", " + g.length + ", " + m.length + " and " + v.length);
        if (n < PARALLEL_ELEMENTS || Parallel.parallelism() == 1) adam(w, g, m, v, alpha, omb1, omb2, eps, 0, n);
        else Parallel.parallelFor(n, GRAIN, (s, e) -> adam(w, g, m, v, alpha, omb1, omb2, eps, s, e));
    }

    /** {@link #adam} over {@code [from, to)}. */
    static void adam(float[] w, float[] g, float[] m, float[] v, float alpha, float omb1, float omb2, float eps, int from, int to) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * omb1;
            float vi = v[i] + (gi * gi - v[i]) * omb2;
            m[i] = mi;
            v[i] = vi;
            w[i] -= mi * alpha / ((float) Math.sqrt(vi) + eps);
        }
    }
}
