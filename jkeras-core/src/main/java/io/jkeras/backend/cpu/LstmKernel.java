package io.jkeras.backend.cpu;

/**
 * A whole LSTM sequence in one kernel, forward and backward through time, on float32 arrays, with
 * Keras's gate order (input, forget, cell, output), sigmoid gates and tanh activations.
 *
 * <p>The recurrence runs as one parallel loop over fixed slices of batch rows (rows never
 * interact): each slice walks every timestep on its own, so there is no synchronisation per step.
 * Rows that are masked at a step keep their state (Keras's masking): their gate gradients are zero
 * and the state gradients pass straight through.
 *
 * <p>Two implementations. Where the Vector API is enabled and the units fill whole vectors, {@link
 * PanamaLstm} multiplies each block of 4 rows {@code [x_t, h_prev, 1]} by {@code [kernel; recurrent;
 * bias]} packed once per call and applies the cell update to the register tile's result while it
 * is in L1; its backward pass does the same with the recurrent kernel transposed, and forms the
 * weight gradients with one GEMM over all steps. Its large arrays come from a small pool and go
 * back to it after the backward pass (see Pool). Elsewhere a plain-Java path multiplies the
 * inputs of all steps in one GEMM, then runs a GEMM per step and slice with scalar gate math in
 * double precision. Both give results that repeat bit for bit: summation orders depend on the
 * shapes only (the vector path's do not even depend on the slicing).
 *
 * <p>Layouts: {@code x} is {@code (B, T, F)} row-major; all per-step arrays are in iteration order
 * ({@code (T, B, ...)}; with {@code backwards} iteration {@code i} reads timestep {@code T-1-i}).
 */
public final class LstmKernel {
    private LstmKernel() {}

    /** Whether the Vector API kernel ({@link PanamaLstm}) is loaded; {@code jkeras.gemm.vector=false} turns it off. */
    private static final boolean VECTOR = loadVector();

    /** Tests set it to run the plain-Java path where the vector one would run. */
    static volatile boolean forceGeneral;

    private static boolean loadVector() {
        if (!Boolean.parseBoolean(System.getProperty("jkeras.gemm.vector", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return PanamaLstm.L >= 4;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** True when {@code u} units run on the vector kernel (else the plain-Java one). */
    static boolean vectorPath(int u) {
        return VECTOR && !forceGeneral && PanamaLstm.supports(u);
    }

    /** What the forward pass keeps for the backward pass, and the op's output. */
    public static final class Saved {
        final int b, t, f, u;
        final boolean backwards, allSteps;
        // the inputs, to run the forward pass again if the pooled arrays below were handed back
        final float[] x, h0, c0, kernel, rec, bias;
        final boolean[] keep;   // (T, B) in iteration order, or null (no mask)
        final float[] out;      // (2, T, B, U) when allSteps, else (2, B, U)
        final boolean vector;   // which path ran: the fields below differ
        // vector path: rows [x_t, h_prev, 1] of every product (T, B, F+U+1), activated gates (T, B, 4U)
        // interleaved, the c after each step at cs[cBase + i*B*U]; all pooled except cs when allSteps
        float[] rows, gates, cs;
        int cBase;
        boolean released;
        // plain path: x in iteration order (T, B, F), gates (T, B, 4U), tanh(c) (T, B, U), states (2, T, B, U)
        float[] xs, tanhC, hc;

        Saved(int b, int t, int f, int u, boolean backwards, boolean allSteps, float[] x, float[] h0, float[] c0, float[] kernel, float[] rec,
              float[] bias, boolean[] keep, float[] out, boolean vector) {
            this.b = b; this.t = t; this.f = f; this.u = u; this.backwards = backwards; this.allSteps = allSteps;
            this.x = x; this.h0 = h0; this.c0 = c0; this.kernel = kernel; this.rec = rec; this.bias = bias; this.keep = keep;
            this.out = out; this.vector = vector;
        }

        /** The op's output: the states after every step {@code (2, T, B, U)}, or after the last one {@code (2, B, U)}. */
        public float[] output() { return out; }
    }

    /**
     * Large per-call arrays of the vector path (the saved rows, gates and cell states, the gate
     * gradients), handed back once the backward pass is done and handed out again to the next call
     * of the same size. A training step of the benchmark's LSTM allocated about 20 MB in them; the
     * young generation of a small heap could not hold them, so every step copied them into the old
     * generation and the collector took about as long as the kernels. Arrays come back with stale
     * contents: every user writes all of an array before reading it.
     */
    private static final class Pool {
        private static final int KEEP_PER_SIZE = 4;
        private static final long KEEP_FLOATS = 1L << 24;
        private static final int KEEP_LARGEST = 1 << 23;
        private static final java.util.HashMap<Integer, java.util.ArrayDeque<float[]>> FREE = new java.util.HashMap<>();
        private static long kept;

        static synchronized float[] take(int n) {
            java.util.ArrayDeque<float[]> q = FREE.get(n);
            float[] a = q == null ? null : q.poll();
            if (a == null) return new float[n];
            kept -= n;
            return a;
        }

        static synchronized void give(float[] a) {
            if (a == null || a.length > KEEP_LARGEST || kept + a.length > KEEP_FLOATS) return;
            java.util.ArrayDeque<float[]> q = FREE.computeIfAbsent(a.length, n -> new java.util.ArrayDeque<>());
            if (q.size() >= KEEP_PER_SIZE) return;
            q.push(a);
            kept += a.length;
        }
    }

    /** The gradients of the inputs of {@link #forward}; {@code dx}, {@code dh0} and {@code dc0} are null when not asked for. */
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
     * size alone, never on the thread count or timing; on the vector path no row's arithmetic
     * depends on the cut at all. The plain path keeps slices of at least 32 rows, since each of its
     * per-step products repacks R. The vector path packs once per call, so its slices can be small
     * (8 rows or more, whole register tiles, at most 32 slices): the threads take slices as they
     * come free, and on a busy machine a thread that loses its core holds up less work.
     */
    static int sliceRows(int b, boolean vector) {
        if (!vector) return Math.max(32, (b + MAX_SLICES - 1) / MAX_SLICES);
        int rows = Math.max(8, (b + 2 * MAX_SLICES - 1) / (2 * MAX_SLICES));
        return (rows + PanamaLstm.MR - 1) / PanamaLstm.MR * PanamaLstm.MR;
    }

    private static final int MAX_SLICES = 16;

    /**
     * Runs the sequence and keeps what the backward pass needs.
     *
     * @param x        (B, T, F)
     * @param h0       (B, U)
     * @param c0       (B, U)
     * @param kernel   (F, 4U)
     * @param rec      (U, 4U)
     * @param bias     (4U) or null
     * @param mask     (B, T), true where a step counts, or null
     * @param allSteps whether the output holds the states after every step, {@code (2, T, B, U)},
     *                 or after the last step only, {@code (2, B, U)}
     */
    public static Saved forward(int b, int t, int f, int u, float[] x, float[] h0, float[] c0, float[] kernel, float[] rec, float[] bias,
                                boolean[] mask, boolean backwards, boolean allSteps) {
        return forwardSaved(b, t, f, u, x, h0, c0, kernel, rec, bias, keep(b, t, mask, backwards), backwards, allSteps);
    }

    private static Saved forwardSaved(int b, int t, int f, int u, float[] x, float[] h0, float[] c0, float[] kernel, float[] rec, float[] bias,
                                      boolean[] keep, boolean backwards, boolean allSteps) {
        int bu = b * u;
        if (!vectorPath(u)) {
            Saved s = generalForward(b, t, f, u, x, h0, c0, kernel, rec, bias, keep, backwards, allSteps);
            return s;
        }
        float[] gates = Pool.take(t * b * 4 * u), rows = Pool.take(t * b * (f + u + 1));
        Saved s;
        if (allSteps) {
            float[] hc = new float[2 * t * bu];
            vectorForward(b, t, f, u, x, backwards, h0, c0, kernel, rec, bias, keep, hc, 0, bu, hc, t * bu, bu, gates, rows);
            s = new Saved(b, t, f, u, backwards, true, x, h0, c0, kernel, rec, bias, keep, hc, true);
            s.cs = hc;
            s.cBase = t * bu;
        } else {
            float[] fin = new float[2 * bu], cs = Pool.take(t * bu);
            vectorForward(b, t, f, u, x, backwards, h0, c0, kernel, rec, bias, keep, fin, 0, 0, cs, 0, bu, gates, rows);
            System.arraycopy(cs, (t - 1) * bu, fin, bu, bu);
            s = new Saved(b, t, f, u, backwards, false, x, h0, c0, kernel, rec, bias, keep, fin, true);
            s.cs = cs;
        }
        s.gates = gates;
        s.rows = rows;
        return s;
    }

    /**
     * Runs the sequence without keeping anything for a gradient (inference).
     *
     * @param allSteps true for the states after every step, packed {@code (2, T, B, U)}; false for
     *                 those after the last step only, {@code (2, B, U)}
     * @return the states; see {@link #forward} for the arguments
     */
    public static float[] run(int b, int t, int f, int u, float[] x, float[] h0, float[] c0, float[] kernel, float[] rec, float[] bias,
                              boolean[] mask, boolean backwards, boolean allSteps) {
        boolean[] keep = keep(b, t, mask, backwards);
        int bu = b * u;
        if (!vectorPath(u)) return generalForward(b, t, f, u, x, h0, c0, kernel, rec, bias, keep, backwards, allSteps).out;
        if (allSteps) {
            float[] hc = new float[2 * t * bu];
            vectorForward(b, t, f, u, x, backwards, h0, c0, kernel, rec, bias, keep, hc, 0, bu, hc, t * bu, bu, null, null);
            return hc;
        }
        float[] fin = new float[2 * bu];
        vectorForward(b, t, f, u, x, backwards, h0, c0, kernel, rec, bias, keep, fin, 0, 0, fin, bu, 0, null, null);
        return fin;
    }

    /** The mask in iteration order {@code (T, B)}, or null. */
    private static boolean[] keep(int b, int t, boolean[] mask, boolean backwards) {
        if (mask == null) return null;
        boolean[] keep = new boolean[t * b];
        for (int i = 0; i < t; i++) {
            int ti = backwards ? t - 1 - i : i;
            for (int r = 0; r < b; r++) keep[i * b + r] = mask[r * t + ti];
        }
        return keep;
    }

    /**
     * The vector forward pass. The h after step {@code i} goes to {@code hArr[hBase + i*hStep]} and
     * the c to {@code cArr[cBase + i*cStep]} (a step of 0 updates the state in place); activated
     * gates go to {@code gates} and the multiplied rows {@code [x_t, h_prev, 1]} to {@code rows} when
     * given (for the backward pass).
     */
    private static void vectorForward(int b, int t, int f, int u, float[] x, boolean backwards, float[] h0, float[] c0,
                                      float[] kernel, float[] rec, float[] bias, boolean[] keep,
                                      float[] hArr, int hBase, int hStep, float[] cArr, int cBase, int cStep, float[] gates, float[] rows) {
        int k = f + u + 1, g4 = 4 * u, mr4 = PanamaLstm.MR;
        float[] w = PanamaLstm.packForward(f, u, kernel, rec, bias);
        Parallel.parallelFor(b, sliceRows(b, true), (r0, r1) -> {
            float[] scratchA = rows == null ? new float[mr4 * k] : null;
            float[] zs = gates == null ? new float[mr4 * g4] : null;
            for (int i = 0; i < t; i++) {
                int ti = backwards ? t - 1 - i : i;
                float[] hp = i == 0 ? h0 : hArr, cp = i == 0 ? c0 : cArr;
                int hpOff = i == 0 ? 0 : hBase + (i - 1) * hStep, cpOff = i == 0 ? 0 : cBase + (i - 1) * cStep;
                int hoOff = hBase + i * hStep, coOff = cBase + i * cStep;
                for (int r = r0; r < r1; r += mr4) {
                    int mr = Math.min(mr4, r1 - r);
                    float[] a = rows == null ? scratchA : rows;
                    int a0 = rows == null ? 0 : (i * b + r) * k;
                    for (int m = 0; m < mr; m++) {
                        int ao = a0 + m * k;
                        System.arraycopy(x, ((r + m) * t + ti) * f, a, ao, f);
                        System.arraycopy(hp, hpOff + (r + m) * u, a, ao + f, u);
                        a[ao + f + u] = 1f;
                    }
                    float[] z = gates == null ? zs : gates;
                    int z0 = gates == null ? 0 : (i * b + r) * g4;
                    PanamaLstm.forwardProduct(mr, k, u, w, a, a0, z, z0);
                    for (int m = 0; m < mr; m++) {
                        int row = (r + m) * u;
                        PanamaLstm.cell(u, z, z0 + m * g4, cp, cpOff + row, hp, hpOff + row, hArr, hoOff + row, cArr, coOff + row,
                                keep == null || keep[i * b + r + m]);
                    }
                }
            }
        });
    }

    /**
     * Back-propagates the gradient of the states through the sequence.
     *
     * @param dStates   the gradient of the packed states: {@code (2, T, B, U)}, or {@code (2, B, U)}
     *                  when {@code finalOnly} (only the states after the last step were used)
     * @param needX     whether to compute {@code dx}
     * @param needState whether to compute {@code dh0} and {@code dc0}
     */
    public static Grads backward(Saved s, float[] dStates, boolean finalOnly, float[] kernel, float[] rec, boolean withBias,
                                 boolean needX, boolean needState) {
        if (finalOnly == s.allSteps) throw new IllegalArgumentException("lstm backward: the state gradient must match the forward pass's output ("
                + (s.allSteps ? "all steps" : "last step only") + ")");
        if (!s.vector) {
            float[] full = dStates;
            if (finalOnly) {
                int bu = s.b * s.u, tb = s.t * bu;
                full = new float[2 * tb];
                System.arraycopy(dStates, 0, full, (s.t - 1) * bu, bu);
                System.arraycopy(dStates, bu, full, tb + (s.t - 1) * bu, bu);
            }
            return generalBackward(s, full, kernel, rec, withBias, needX, needState);
        }
        return vectorBackward(s, dStates, finalOnly, kernel, rec, withBias, needX, needState);
    }

    private static Grads vectorBackward(Saved saved, float[] dS, boolean finalOnly, float[] kernel, float[] rec, boolean withBias,
                                        boolean needX, boolean needState) {
        // a second gradient of one forward pass (a persistent tape) finds its arrays handed back: run it again
        Saved s = saved.released ? forwardSaved(saved.b, saved.t, saved.f, saved.u, saved.x, saved.h0, saved.c0, saved.kernel, saved.rec,
                saved.bias, saved.keep, saved.backwards, saved.allSteps) : saved;
        int b = s.b, t = s.t, f = s.f, u = s.u, g4 = 4 * u, bu = b * u, cBase = s.cBase, mr4 = PanamaLstm.MR;
        float[] cs = s.cs;
        float[] rt = PanamaLstm.packBackward(u, rec);
        float[] dz = Pool.take(t * b * g4);
        float[] dh = new float[bu], dc = new float[bu];
        float[] carry = s.keep == null ? null : new float[bu];
        Parallel.parallelFor(b, sliceRows(b, true), (r0, r1) -> {
            float[] tanhC = new float[u];
            for (int i = t - 1; i >= 0; i--) {
                float[] cp = i == 0 ? s.c0 : cs;
                int cpOff = i == 0 ? 0 : cBase + (i - 1) * bu;
                float[] sh = dS, sc = dS;
                int shOff, scOff;
                if (finalOnly) {
                    if (i != t - 1) sh = sc = null;
                    shOff = 0; scOff = bu;
                } else {
                    shOff = i * bu; scOff = t * bu + i * bu;
                }
                for (int r = r0; r < r1; r += mr4) {
                    int mr = Math.min(mr4, r1 - r);
                    for (int m = 0; m < mr; m++) {
                        int row = r + m, ru = row * u;
                        PanamaLstm.cellGrad(u, s.gates, (i * b + row) * g4, cs, cBase + i * bu + ru, cp, cpOff + ru,
                                sh, shOff + ru, sc, scOff + ru, dh, ru, dc, ru, carry, ru, dz, (i * b + row) * g4,
                                s.keep == null || s.keep[i * b + row], tanhC);
                    }
                    if (i > 0 || needState) PanamaLstm.backwardProduct(mr, u, rt, dz, (i * b + r) * g4, dh, r * u);
                }
            }
        });
        float[] dh0 = null, dc0 = null;
        if (needState) {
            dh0 = dh;
            if (carry != null) for (int k = 0; k < bu; k++) dh0[k] += carry[k];
            dc0 = dc;
        }
        // the weight gradients in one product over all steps, [x_t, h_prev, 1]^T dz, in the
        // interleaved column order, then put back in Keras's
        int k = f + u + 1;
        float[] dW = new float[k * g4];
        Gemm.sgemm(true, false, k, g4, t * b, s.rows, 0, k, dz, 0, g4, dW, 0, g4, false);
        float[] dWk = PanamaLstm.deinterleave(dW, k, u);
        float[] dK = java.util.Arrays.copyOfRange(dWk, 0, f * g4);
        float[] dR = java.util.Arrays.copyOfRange(dWk, f * g4, (f + u) * g4);
        float[] dB = withBias ? java.util.Arrays.copyOfRange(dWk, (f + u) * g4, k * g4) : null;
        float[] dx = null;
        if (needX) {
            // dz @ kernel^T, with the kernel transposed here (rows in the interleaved order): a
            // product with transposed B and few columns would take dot products whose lane
            // reduction is not in a fixed order
            float[] kT = new float[g4 * f];
            for (int kk = 0; kk < g4; kk++) {
                int col = PanamaLstm.kerasColumn(u, kk);
                for (int p = 0; p < f; p++) kT[kk * f + p] = kernel[p * g4 + col];
            }
            float[] dxs = new float[t * b * f];
            Gemm.sgemm(false, false, t * b, f, g4, dz, 0, g4, kT, 0, f, dxs, 0, f, false);
            dx = new float[b * t * f];
            for (int i = 0; i < t; i++) {
                int ti = s.backwards ? t - 1 - i : i;
                for (int r = 0; r < b; r++) System.arraycopy(dxs, (i * b + r) * f, dx, (r * t + ti) * f, f);
            }
        }
        Pool.give(dz);
        s.released = true;
        Pool.give(s.gates);
        Pool.give(s.rows);
        if (!s.allSteps) Pool.give(s.cs);
        s.gates = s.rows = s.cs = null;
        return new Grads(dx, dh0, dc0, dK, dR, dB);
    }

    // ------------------------------------------------------------------ plain-Java path

    /** The forward pass with a GEMM per step and slice and scalar gate math, in Keras's column order. */
    private static Saved generalForward(int b, int t, int f, int u, float[] x, float[] h0, float[] c0, float[] kernel, float[] rec, float[] bias,
                                        boolean[] keep, boolean backwards, boolean allSteps) {
        int g4 = 4 * u;
        float[] xs = new float[t * b * f];
        for (int i = 0; i < t; i++) {
            int ti = backwards ? t - 1 - i : i;
            for (int r = 0; r < b; r++) System.arraycopy(x, (r * t + ti) * f, xs, (i * b + r) * f, f);
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
        Parallel.parallelFor(b, sliceRows(b, false), (r0, r1) -> {
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
        float[] out = hc;
        if (!allSteps) {
            int bu = b * u;
            out = new float[2 * bu];
            System.arraycopy(hc, (t - 1) * bu, out, 0, bu);
            System.arraycopy(hc, t * bu + (t - 1) * bu, out, bu, bu);
        }
        Saved s = new Saved(b, t, f, u, backwards, allSteps, x, h0, c0, kernel, rec, bias, keep, out, false);
        s.xs = xs;
        s.gates = z;
        s.tanhC = tanhC;
        s.hc = hc;
        return s;
    }

    /** The backward pass of {@link #generalForward}, from the full {@code (2, T, B, U)} state gradient. */
    private static Grads generalBackward(Saved s, float[] dStates, float[] kernel, float[] rec, boolean withBias, boolean needX, boolean needState) {
        int b = s.b, t = s.t, f = s.f, u = s.u, g4 = 4 * u;
        int cBase = t * b * u;
        float[] dz = new float[t * b * g4];
        float[] dh = new float[b * u], dc = new float[b * u];
        float[] carryH = new float[b * u];
        // R^T and kernel^T made here, so that the products below take no transposed B: the small
        // GEMM path forms those as dot products with a lane reduction whose order is not fixed
        // (the interpreter and C2 differ), so results would not repeat bit for bit
        float[] recT = transpose(rec, u, g4);
        // as in the forward pass, each slice of rows walks back through every step on its own
        Parallel.parallelFor(b, sliceRows(b, false), (r0, r1) -> {
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
                Gemm.sgemm(false, false, rows, u, g4, dz, zOff + r0 * g4, g4, recT, 0, u, dh, r0 * u, u, false);
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
        float[] dx = null;
        if (needX) {
            float[] dxs = new float[t * b * f];
            Gemm.sgemm(false, false, t * b, f, g4, dz, 0, g4, transpose(kernel, f, g4), 0, f, dxs, 0, f, false);
            dx = new float[b * t * f];
            for (int i = 0; i < t; i++) {
                int ti = s.backwards ? t - 1 - i : i;
                for (int r = 0; r < b; r++) System.arraycopy(dxs, (i * b + r) * f, dx, (r * t + ti) * f, f);
            }
        }
        return new Grads(dx, needState ? dh : null, needState ? dc : null, dK, dR, dB);
    }

    /** The transpose of a row-major {@code (rows, cols)} matrix. */
    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        return t;
    }
}
