package io.jkeras.backend.cpu;

/**
 * A whole LSTM sequence in one kernel, forward and backward through time, on float32 arrays, with
 * Keras's gate order (input, forget, cell, output), sigmoid gates and tanh activations.
 *
 * <p>The input projection of every timestep is one large GEMM ({@code (T*B, F) x (F, 4U)}). The
 * recurrence then runs as one parallel loop over fixed slices of batch rows (rows never interact):
 * each slice walks every timestep on its own, adding {@code h x R} for its rows with one small GEMM
 * and applying the gates in place, so there is no synchronisation per step. The backward pass does
 * the same in reverse, each slice keeping only its running {@code dh} and {@code dc}; the weight
 * gradients are formed at the end with three large GEMMs over all steps, so their summation order
 * does not depend on the slicing and every result repeats bit for bit. Rows that are
 * masked at a step keep their state (Keras's masking): their gate gradients are zero and the state
 * gradients pass straight through.
 *
 * <p>Layouts: {@code x} is {@code (B, T, F)} row-major; all per-step arrays are in iteration order
 * ({@code (T, B, ...)}; with {@code backwards} iteration {@code i} reads timestep {@code T-1-i}).
 */
public final class LstmKernel {
    private LstmKernel() {}

    /** What the forward pass keeps for the backward pass. */
    public static final class Saved {
        final int b, t, f, u;
        final boolean backwards;
        final float[] xs;       // (T, B, F) inputs in iteration order
        final float[] gates;    // (T, B, 4U) activated gates i, f, g, o
        final float[] tanhC;    // (T, B, U)
        final float[] h0, c0;   // (B, U)
        final float[] hc;       // (2, T, B, U): h after each step, then c after each step
        final boolean[] keep;   // (T, B) in iteration order, or null (no mask)

        Saved(int b, int t, int f, int u, boolean backwards, float[] xs, float[] gates, float[] tanhC, float[] h0, float[] c0, float[] hc, boolean[] keep) {
            this.b = b; this.t = t; this.f = f; this.u = u; this.backwards = backwards;
            this.xs = xs; this.gates = gates; this.tanhC = tanhC; this.h0 = h0; this.c0 = c0; this.hc = hc; this.keep = keep;
        }

        /** The packed states {@code (2, T, B, U)}: {@code [0]} the h after each step, {@code [1]} the c. */
        public float[] states() { return hc; }
    }

    /** The gradients of the inputs of {@link #forward}. */
    public record Grads(float[] dx, float[] dh0, float[] dc0, float[] dKernel, float[] dRecurrent, float[] dBias) {}

    private static float sigmoid(float z) { return (float) (1.0 / (1.0 + Math.exp(-z))); }

    /** tanh through one exp (faster than Math.tanh); absolute error ~1e-16 before rounding to float. */
    private static float tanh(float z) {
        double e = Math.exp(-2.0 * Math.abs(z));
        double t = (1.0 - e) / (1.0 + e);
        return (float) (z < 0 ? -t : t);
    }

    /**
     * Rows of the batch per slice. Each slice runs the whole sequence in one task of a single
     * parallel loop (per pass), so the steps cost no synchronisation. The cut depends on the batch
     * size alone, never on the thread count or timing, so results repeat bit for bit; slices keep
     * at least 32 rows: each per-step GEMM repacks R, and smaller slices would repack it more often.
     */
    static int sliceRows(int b) { return Math.max(SLICE_MIN_ROWS, (b + MAX_SLICES - 1) / MAX_SLICES); }

    private static final int SLICE_MIN_ROWS = 32;
    private static final int MAX_SLICES = 16;

    /**
     * Runs the sequence.
     *
     * @param x      (B, T, F)
     * @param h0     (B, U)
     * @param c0     (B, U)
     * @param kernel (F, 4U)
     * @param rec    (U, 4U)
     * @param bias   (4U) or null
     * @param mask   (B, T), true where a step counts, or null
     */
    public static Saved forward(int b, int t, int f, int u, float[] x, float[] h0, float[] c0, float[] kernel, float[] rec, float[] bias,
                                boolean[] mask, boolean backwards) {
        int g4 = 4 * u;
        float[] xs = new float[t * b * f];
        for (int i = 0; i < t; i++) {
            int ti = backwards ? t - 1 - i : i;
            for (int r = 0; r < b; r++) System.arraycopy(x, (r * t + ti) * f, xs, (i * b + r) * f, f);
        }
        boolean[] keep = null;
        if (mask != null) {
            keep = new boolean[t * b];
            for (int i = 0; i < t; i++) {
                int ti = backwards ? t - 1 - i : i;
                for (int r = 0; r < b; r++) keep[i * b + r] = mask[r * t + ti];
            }
        }
        float[] z = new float[t * b * g4];
        if (bias != null) for (int row = 0; row < t * b; row++) System.arraycopy(bias, 0, z, row * g4, g4);
        Gemm.sgemm(false, false, t * b, g4, f, xs, 0, f, kernel, 0, g4, z, 0, g4, bias != null);
        float[] tanhC = new float[t * b * u];
        float[] hc = new float[2 * t * b * u];
        int cBase = t * b * u;
        // One parallel region for the whole sequence: rows of the batch are independent, so each
        // slice of rows runs every timestep on its own (no synchronisation between steps).
        final boolean[] kept = keep;
        Parallel.parallelFor(b, sliceRows(b), (r0, r1) -> {
            int rows = r1 - r0;
            for (int i = 0; i < t; i++) {
                float[] hPrev = i == 0 ? h0 : hc;
                int hPrevOff = i == 0 ? 0 : (i - 1) * b * u;
                float[] cPrev = i == 0 ? c0 : hc;
                int cPrevOff = i == 0 ? 0 : cBase + (i - 1) * b * u;
                int zOff = i * b * g4;
                Gemm.sgemm(false, false, rows, g4, u, hPrev, hPrevOff + r0 * u, u, rec, 0, g4, z, zOff + r0 * g4, g4, true);
                for (int r = r0; r < r1; r++) {
                    int zr = zOff + r * g4, sr = i * b * u + r * u, pr = r * u;
                    boolean on = kept == null || kept[i * b + r];
                    for (int k = 0; k < u; k++) {
                        float ig = sigmoid(z[zr + k]);
                        float fg = sigmoid(z[zr + u + k]);
                        float gg = tanh(z[zr + 2 * u + k]);
                        float og = sigmoid(z[zr + 3 * u + k]);
                        z[zr + k] = ig;
                        z[zr + u + k] = fg;
                        z[zr + 2 * u + k] = gg;
                        z[zr + 3 * u + k] = og;
                        float cp = cPrev[cPrevOff + pr + k];
                        if (on) {
                            float c = fg * cp + ig * gg;
                            float tc = tanh(c);
                            tanhC[sr + k] = tc;
                            hc[cBase + sr + k] = c;
                            hc[sr + k] = og * tc;
                        } else {
                            hc[cBase + sr + k] = cp;
                            hc[sr + k] = hPrev[hPrevOff + pr + k];
                        }
                    }
                }
            }
        });
        return new Saved(b, t, f, u, backwards, xs, z, tanhC, h0, c0, hc, keep);
    }

    /**
     * Back-propagates {@code dStates} (the gradient of the packed {@code (2, T, B, U)} states)
     * through the sequence.
     */
    public static Grads backward(Saved s, float[] dStates, float[] kernel, float[] rec, boolean withBias) {
        int b = s.b, t = s.t, f = s.f, u = s.u, g4 = 4 * u;
        int cBase = t * b * u;
        float[] dz = new float[t * b * g4];
        float[] dh = new float[b * u], dc = new float[b * u];
        float[] carryH = new float[b * u];
        // as in the forward pass, each slice of rows walks back through every step on its own
        Parallel.parallelFor(b, sliceRows(b), (r0, r1) -> {
            int rows = r1 - r0;
            for (int i = t - 1; i >= 0; i--) {
                int zOff = i * b * g4;
                float[] cPrev = i == 0 ? s.c0 : s.hc;
                int cPrevBase = i == 0 ? 0 : cBase + (i - 1) * b * u;
                for (int r = r0; r < r1; r++) {
                    int zr = zOff + r * g4, sr = i * b * u + r * u, pr = r * u;
                    boolean on = s.keep == null || s.keep[i * b + r];
                    int cPrevOff = cPrevBase + pr;
                    for (int k = 0; k < u; k++) {
                        float gh = dStates[sr + k] + dh[pr + k];
                        float gc = dStates[cBase + sr + k] + dc[pr + k];
                        if (!on) {
                            carryH[pr + k] = gh;
                            dc[pr + k] = gc;
                            continue;
                        }
                        float ig = s.gates[zr + k], fg = s.gates[zr + u + k], gg = s.gates[zr + 2 * u + k], og = s.gates[zr + 3 * u + k];
                        float tc = s.tanhC[sr + k];
                        float dOut = gh * tc;
                        gc += gh * og * (1 - tc * tc);
                        dz[zr + k] = gc * gg * ig * (1 - ig);
                        dz[zr + u + k] = gc * cPrev[cPrevOff + k] * fg * (1 - fg);
                        dz[zr + 2 * u + k] = gc * ig * (1 - gg * gg);
                        dz[zr + 3 * u + k] = dOut * og * (1 - og);
                        dc[pr + k] = gc * fg;
                        carryH[pr + k] = 0;
                    }
                }
                // dh_{prev} = dz_i R^T for these rows, plus the gradient carried through masked rows (zero elsewhere)
                Gemm.sgemm(false, true, rows, u, g4, dz, zOff + r0 * g4, g4, rec, 0, g4, dh, r0 * u, u, false);
                if (s.keep != null) for (int k = r0 * u; k < r1 * u; k++) dh[k] += carryH[k];
            }
        });
        // weight gradients over all steps at once
        float[] dK = new float[f * g4];
        Gemm.sgemm(true, false, f, g4, t * b, s.xs, 0, f, dz, 0, g4, dK, 0, g4, false);
        float[] hPrev = new float[t * b * u];
        System.arraycopy(s.h0, 0, hPrev, 0, b * u);
        if (t > 1) System.arraycopy(s.hc, 0, hPrev, b * u, (t - 1) * b * u);
        float[] dR = new float[u * g4];
        Gemm.sgemm(true, false, u, g4, t * b, hPrev, 0, u, dz, 0, g4, dR, 0, g4, false);
        float[] dB = null;
        if (withBias) {
            dB = new float[g4];
            for (int row = 0; row < t * b; row++) {
                int o = row * g4;
                for (int k = 0; k < g4; k++) dB[k] += dz[o + k];
            }
        }
        float[] dxs = new float[t * b * f];
        Gemm.sgemm(false, true, t * b, f, g4, dz, 0, g4, kernel, 0, g4, dxs, 0, f, false);
        float[] dx = new float[b * t * f];
        for (int i = 0; i < t; i++) {
            int ti = s.backwards ? t - 1 - i : i;
            for (int r = 0; r < b; r++) System.arraycopy(dxs, (i * b + r) * f, dx, (r * t + ti) * f, f);
        }
        return new Grads(dx, dh, dc, dK, dR, dB);
    }
}
