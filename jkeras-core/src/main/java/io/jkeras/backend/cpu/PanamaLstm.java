package io.jkeras.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API half of {@link LstmKernel}: register-tiled products for the per-step recurrence
 * with the gate math applied right after each row block's product, while it is in L1.
 *
 * <p><b>Layouts.</b> The gate columns are interleaved by groups of {@code L} units (one vector):
 * group {@code j} holds the input, forget, cell and output gate columns of units
 * {@code jL .. jL+L-1} side by side, so one tile of four vectors per row holds all four gates of
 * {@code L} units and the cell update needs nothing from another tile. The forward weights
 * {@code [kernel; recurrent]} ({@code (F+U) x 4U}) are packed once per call into one panel per
 * group ({@code (F+U) x 4L}, read in order by the micro-kernel); the backward pass packs the
 * recurrent kernel transposed ({@code 4U x U}, rows in the interleaved gate order) in panels of up
 * to four groups of output units. Pre-activations, activated gates and gate gradients use the
 * interleaved order throughout; {@link LstmKernel} turns the weight gradients back into Keras's.
 *
 * <p><b>Numbers.</b> sigmoid and tanh are computed in float32 from one exponential each (range
 * reduction by {@code ln 2}, a Taylor polynomial, the exponent put in by bit operations; tanh
 * through {@code e^y - 1}, which keeps its relative accuracy near zero); relative errors are a few
 * float ulps. Only adds, multiplies, fused multiply-adds, divisions and bit operations are used
 * (no lane masks, no lane reductions), so the interpreter, C1 and C2 give the same bits, and every
 * row is computed in the same order whatever the row block or slice it falls in.
 *
 * <p>Loaded only when {@code jdk.incubator.vector} is enabled (see {@link LstmKernel}).
 */
final class PanamaLstm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows per register tile. */
    static final int MR = 4;
    /** Groups of output units per backward register tile. */
    private static final int NB = 4;

    private PanamaLstm() {}

    /** True when the vector kernel can run {@code u} units: whole vectors of units, vectors of 4 lanes or more. */
    static boolean supports(int u) {
        return L >= 4 && u % L == 0;
    }

    /** Column {@code q*U + j*L + l} of Keras's layout in the interleaved layout. */
    static int interleavedColumn(int u, int col) {
        int q = col / u, unit = col % u;
        return (unit / L * 4 + q) * L + unit % L;
    }

    /** Keras's column of interleaved column {@code kk}. */
    static int kerasColumn(int u, int kk) {
        int j = kk / (4 * L), q = kk / L % 4, l = kk % L;
        return q * u + j * L + l;
    }

    /**
     * {@code [kernel; rec; bias]} ({@code (F+U+1) x 4U}; zeros for a null bias) packed as one panel
     * per group of units: {@code w[((j*(F+U+1) + p)*4 + q)*L + l]}. The rows it multiplies are
     * {@code [x_t, h_prev, 1]}, so the bias comes with the product.
     */
    static float[] packForward(int f, int u, float[] kernel, float[] rec, float[] bias) {
        int k = f + u + 1, groups = u / L, g4 = 4 * u;
        float[] w = new float[k * g4];
        for (int j = 0; j < groups; j++) {
            for (int p = 0; p < k; p++) {
                float[] src = p < f ? kernel : p < f + u ? rec : bias;
                if (src == null) continue;
                int row = (p < f ? p : p < f + u ? p - f : 0) * g4;
                int dst = (j * k + p) * 4 * L;
                for (int q = 0; q < 4; q++) System.arraycopy(src, row + q * u + j * L, w, dst + q * L, L);
            }
        }
        return w;
    }

    /** A {@code (rows, 4U)} row-major matrix in Keras's column order, with its columns interleaved. */
    static float[] interleave(float[] a, int rows, int u) {
        int g4 = 4 * u;
        float[] out = new float[rows * g4];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < u / L; j++) {
                for (int q = 0; q < 4; q++) System.arraycopy(a, r * g4 + q * u + j * L, out, r * g4 + (j * 4 + q) * L, L);
            }
        }
        return out;
    }

    /** The inverse of {@link #interleave}. */
    static float[] deinterleave(float[] a, int rows, int u) {
        int g4 = 4 * u;
        float[] out = new float[rows * g4];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < u / L; j++) {
                for (int q = 0; q < 4; q++) System.arraycopy(a, r * g4 + (j * 4 + q) * L, out, r * g4 + q * u + j * L, L);
            }
        }
        return out;
    }

    /**
     * The recurrent kernel transposed, rows in the interleaved gate order, in panels of up to
     * {@link #NB} groups of output units: the panel of groups {@code [g0, g0+nb)} starts at
     * {@code g0*4U*L} and holds, for each row {@code kk}, {@code nb*L} consecutive units.
     */
    static float[] packBackward(int u, float[] rec) {
        int g4 = 4 * u, groups = u / L, full = groups / NB * NB;
        float[] rt = new float[g4 * u];
        for (int g = 0; g < groups; ) {
            int nb = g < full ? NB : 1, base = g * g4 * L, width = nb * L;
            for (int kk = 0; kk < g4; kk++) {
                int col = kerasColumn(u, kk);
                for (int v = 0; v < width; v++) rt[base + kk * width + v] = rec[(g * L + v) * g4 + col];
            }
            g += nb;
        }
        return rt;
    }

    // ------------------------------------------------------------------ vector math
    // C2 keeps vectors in registers only within one compiled method: a vector passed to a call that
    // is not inlined is boxed, and these methods are big enough in nodes for inlining to give up. So
    // the math works array to array, with the exponential written out in each loop that needs it.

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final float LOG2E = 1.44269504f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;
    /** ln 2 in two parts; the first has few enough bits that n * LN2_HI is exact. */
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -0.693359375f), MINUS_LN2_LO = FloatVector.broadcast(S, 2.12194440e-4f);
    /** 1/k! for the Taylor polynomial of e^r, |r| <= ln2 / 2 (its remainder is below 6e-9). */
    private static final FloatVector E2 = FloatVector.broadcast(S, 0.5f), E3 = FloatVector.broadcast(S, 1f / 6f),
            E4 = FloatVector.broadcast(S, 1f / 24f), E5 = FloatVector.broadcast(S, 1f / 120f);
    private static final float E6 = 1f / 720f, E7 = 1f / 5040f, E8 = 1f / 40320f;
    private static final FloatVector E6V = FloatVector.broadcast(S, E6), TWO = FloatVector.broadcast(S, 2f);

    /**
     * Activates one row of pre-activations in place ({@code 4U} floats, interleaved): sigmoid for
     * the input, forget and output gates ({@code 1 / (1 + e^-z)}), tanh for the cell gate.
     */
    static void activate(int u, float[] z, int z0) {
        for (int go = z0, end = z0 + 4 * u; go < end; go += 4 * L) {
            for (int q = 0; q < 4; q++) {
                if (q == 2) continue;
                int o = go + q * L;
                FloatVector x = FloatVector.fromArray(S, z, o).neg().max(-87f).min(88f);
                // e = exp(x): x = n ln2 + r, e^r by its Taylor polynomial, 2^n put into the exponent bits
                FloatVector t = x.fma(LOG2E, ROUND);
                FloatVector n = t.sub(ROUND);
                FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, x));
                FloatVector p = r.fma(E7, E6).fma(r, E5).fma(r, E4).fma(r, E3).fma(r, E2).fma(r, ONE).fma(r, ONE);
                FloatVector e = p.mul(t.reinterpretAsInts().add(127 - ROUND_BITS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
                ONE.div(ONE.add(e)).intoArray(z, o);
            }
            tanh(z, go + 2 * L, z, go + 2 * L, L);
        }
    }

    /**
     * {@code dst[d0 + j] = tanh(src[s0 + j])} for {@code j < n}, {@code n} a multiple of the vector
     * length (src and dst may be the same), as {@code -m / (2 + m)} with {@code m = e^(-2x) - 1}.
     * {@code e^y - 1} is formed as {@code 2^n (e^r - 1) + (2^n - 1)} with {@code e^r - 1 = r + r^2 P(r)},
     * so it keeps its relative accuracy near 0: the quotient needs neither a separate series for
     * small |x| nor a sign fix, and is exactly ±1 where |x| is large.
     */
    static void tanh(float[] src, int s0, float[] dst, int d0, int n) {
        for (int j = 0; j < n; j += L) {
            FloatVector x = FloatVector.fromArray(S, src, s0 + j).mul(-2f).max(-87f).min(88f);
            FloatVector t = x.fma(LOG2E, ROUND);
            FloatVector nn = t.sub(ROUND);
            FloatVector r = nn.fma(MINUS_LN2_LO, nn.fma(MINUS_LN2_HI, x));
            // (e^r - 1 - r) / r^2 = 1/2! + r/3! + ... + r^6/8!
            FloatVector p = r.fma(E8, E7).fma(r, E6V).fma(r, E5).fma(r, E4).fma(r, E3).fma(r, E2);
            FloatVector q = r.mul(r).fma(p, r);
            FloatVector scale = t.reinterpretAsInts().add(127 - ROUND_BITS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector m = q.fma(scale, scale.sub(ONE));
            m.neg().div(m.add(TWO)).intoArray(dst, d0 + j);
        }
    }

    // ------------------------------------------------------------------ forward

    /**
     * z rows {@code [0, mr)} (stride 4U, interleaved) = a rows @ w, where {@code a} holds {@code mr}
     * consecutive rows of {@code [x_t, h_prev, 1]} ({@code k = F+U+1} floats each) from {@code a0}
     * and {@code w} comes from {@link #packForward}.
     */
    static void forwardProduct(int mr, int k, int u, float[] w, float[] a, int a0, float[] z, int z0) {
        int g4 = 4 * u, step = 4 * L;
        for (int j = 0; j < u / L; j++) {
            if (mr == MR) tile4(k, w, j * k * step, a, a0, k, z, z0 + j * step, g4);
            else for (int m = 0; m < mr; m++) tile1(k, w, j * k * step, a, a0 + m * k, z, z0 + m * g4 + j * step);
        }
    }

    /**
     * The register tile of both passes: {@code MR} rows by four vectors,
     * {@code out[o0 + m*ldo + q*L + l] = sum over p < k of a[a0 + m*lda + p] * w[wo + p*4L + q*L + l]}.
     * One method serves the forward and the backward product, so C2 compiles it once.
     */
    private static void tile4(int k, float[] w, int wo, float[] a, int a0, int lda, float[] out, int o0, int ldo) {
        int step = 4 * L;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < k; p++, wo += step) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wo + 2 * L), w3 = FloatVector.fromArray(S, w, wo + 3 * L);
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            c00 = v.fma(w0, c00); c01 = v.fma(w1, c01); c02 = v.fma(w2, c02); c03 = v.fma(w3, c03);
            v = FloatVector.broadcast(S, a[a1 + p]);
            c10 = v.fma(w0, c10); c11 = v.fma(w1, c11); c12 = v.fma(w2, c12); c13 = v.fma(w3, c13);
            v = FloatVector.broadcast(S, a[a2 + p]);
            c20 = v.fma(w0, c20); c21 = v.fma(w1, c21); c22 = v.fma(w2, c22); c23 = v.fma(w3, c23);
            v = FloatVector.broadcast(S, a[a3 + p]);
            c30 = v.fma(w0, c30); c31 = v.fma(w1, c31); c32 = v.fma(w2, c32); c33 = v.fma(w3, c33);
        }
        int o = o0;
        c00.intoArray(out, o); c01.intoArray(out, o + L); c02.intoArray(out, o + 2 * L); c03.intoArray(out, o + 3 * L);
        o += ldo;
        c10.intoArray(out, o); c11.intoArray(out, o + L); c12.intoArray(out, o + 2 * L); c13.intoArray(out, o + 3 * L);
        o += ldo;
        c20.intoArray(out, o); c21.intoArray(out, o + L); c22.intoArray(out, o + 2 * L); c23.intoArray(out, o + 3 * L);
        o += ldo;
        c30.intoArray(out, o); c31.intoArray(out, o + L); c32.intoArray(out, o + 2 * L); c33.intoArray(out, o + 3 * L);
    }

    /** {@link #tile4} for one row. */
    private static void tile1(int k, float[] w, int wo, float[] a, int a0, float[] out, int o0) {
        int step = 4 * L;
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++, wo += step) {
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            c0 = v.fma(FloatVector.fromArray(S, w, wo), c0);
            c1 = v.fma(FloatVector.fromArray(S, w, wo + L), c1);
            c2 = v.fma(FloatVector.fromArray(S, w, wo + 2 * L), c2);
            c3 = v.fma(FloatVector.fromArray(S, w, wo + 3 * L), c3);
        }
        c0.intoArray(out, o0); c1.intoArray(out, o0 + L); c2.intoArray(out, o0 + 2 * L); c3.intoArray(out, o0 + 3 * L);
    }

    /**
     * The cell update of one row: z (4U pre-activations, interleaved) becomes the activated gates in
     * place; {@code c = f*cPrev + i*g}, {@code h = o*tanh(c)}. {@code hPrev}/{@code cPrev} may be the
     * same arrays and offsets as {@code hOut}/{@code cOut} (updated in place); a row that is masked at
     * this step copies the previous state instead.
     */
    static void cell(int u, float[] z, int z0, float[] cPrev, int cp0, float[] hPrev, int hp0, float[] hOut, int ho0, float[] cOut, int co0, boolean on) {
        if (!on) {
            if (hOut != hPrev || ho0 != hp0) System.arraycopy(hPrev, hp0, hOut, ho0, u);
            if (cOut != cPrev || co0 != cp0) System.arraycopy(cPrev, cp0, cOut, co0, u);
            return;
        }
        activate(u, z, z0);
        for (int j = 0, go = z0; j < u; j += L, go += 4 * L) {
            FloatVector ig = FloatVector.fromArray(S, z, go), fg = FloatVector.fromArray(S, z, go + L), gg = FloatVector.fromArray(S, z, go + 2 * L);
            fg.fma(FloatVector.fromArray(S, cPrev, cp0 + j), ig.mul(gg)).intoArray(cOut, co0 + j);
        }
        tanh(cOut, co0, hOut, ho0, u);
        for (int j = 0, go = z0; j < u; j += L, go += 4 * L) {
            FloatVector.fromArray(S, z, go + 3 * L).mul(FloatVector.fromArray(S, hOut, ho0 + j)).intoArray(hOut, ho0 + j);
        }
    }

    // ------------------------------------------------------------------ backward

    /** dh rows {@code [0, mr)} (stride U) = dz rows (stride 4U, interleaved) @ R^T, with {@code rt} from {@link #packBackward}. */
    static void backwardProduct(int mr, int u, float[] rt, float[] dz, int d0, float[] dh, int h0) {
        int groups = u / L, g4 = 4 * u;
        int full = groups / NB * NB;
        for (int g0 = 0; g0 < full; g0 += NB) {
            if (mr == MR) tile4(g4, rt, g0 * g4 * L, dz, d0, g4, dh, h0 + g0 * L, u);
            else for (int m = 0; m < mr; m++) tile1(g4, rt, g0 * g4 * L, dz, d0 + m * g4, dh, h0 + m * u + g0 * L);
        }
        for (int g = full; g < groups; g++) {
            for (int m = 0; m < mr; m++) backward1x1(u, rt, g, dz, d0 + m * g4, dh, h0 + m * u);
        }
    }

    private static void backward1x1(int u, float[] rt, int g, float[] dz, int d0, float[] dh, int h0) {
        int g4 = 4 * u;
        // two accumulators over alternate rows of k (fixed order, so the same bits every time)
        FloatVector c0 = FloatVector.zero(S), c1 = c0;
        int wo = g * g4 * L, kk = 0;
        for (; kk + 1 < g4; kk += 2, wo += 2 * L) {
            c0 = FloatVector.broadcast(S, dz[d0 + kk]).fma(FloatVector.fromArray(S, rt, wo), c0);
            c1 = FloatVector.broadcast(S, dz[d0 + kk + 1]).fma(FloatVector.fromArray(S, rt, wo + L), c1);
        }
        c0.add(c1).intoArray(dh, h0 + g * L);
    }

    /**
     * The gate gradients of one row at one step, from the gradients reaching its h ({@code gh}) and
     * c ({@code gc}): {@code dz} (interleaved) from the saved gates {@code gates} and states; then
     * {@code dc} becomes the gradient reaching the previous c. {@code dh} holds the gradient
     * reaching h from the next step (to which {@code dsH} adds the state's own gradient, when
     * given); {@code carry}, when not null, is the part of it that skipped a masked step. A row
     * masked at this step gets zero gate gradients and passes its state gradients straight through.
     * {@code tanhC} is scratch of {@code U} floats.
     */
    static void cellGrad(int u, float[] gates, int g0, float[] c, int c0, float[] cPrev, int cp0,
                         float[] dsH, int sh0, float[] dsC, int sc0, float[] dh, int dh0, float[] dc, int dc0,
                         float[] carry, int ca0, float[] dz, int dz0, boolean on, float[] tanhC) {
        FloatVector one = ONE;
        if (on) tanh(c, c0, tanhC, 0, u);
        for (int j = 0, go = g0, zo = dz0; j < u; j += L, go += 4 * L, zo += 4 * L) {
            FloatVector gh = FloatVector.fromArray(S, dh, dh0 + j);
            if (carry != null) gh = gh.add(FloatVector.fromArray(S, carry, ca0 + j));
            FloatVector gc = FloatVector.fromArray(S, dc, dc0 + j);
            if (dsH != null) {
                gh = gh.add(FloatVector.fromArray(S, dsH, sh0 + j));
                gc = gc.add(FloatVector.fromArray(S, dsC, sc0 + j));
            }
            if (!on) {
                gh.intoArray(carry, ca0 + j);
                gc.intoArray(dc, dc0 + j);
                FloatVector zero = FloatVector.zero(S);
                zero.intoArray(dz, zo); zero.intoArray(dz, zo + L); zero.intoArray(dz, zo + 2 * L); zero.intoArray(dz, zo + 3 * L);
                continue;
            }
            FloatVector ig = FloatVector.fromArray(S, gates, go), fg = FloatVector.fromArray(S, gates, go + L);
            FloatVector gg = FloatVector.fromArray(S, gates, go + 2 * L), og = FloatVector.fromArray(S, gates, go + 3 * L);
            FloatVector tc = FloatVector.fromArray(S, tanhC, j);
            gc = gh.mul(og).mul(one.sub(tc.mul(tc))).add(gc);
            gc.mul(gg).mul(ig.mul(one.sub(ig))).intoArray(dz, zo);
            gc.mul(FloatVector.fromArray(S, cPrev, cp0 + j)).mul(fg.mul(one.sub(fg))).intoArray(dz, zo + L);
            gc.mul(ig).mul(one.sub(gg.mul(gg))).intoArray(dz, zo + 2 * L);
            gh.mul(tc).mul(og.mul(one.sub(og))).intoArray(dz, zo + 3 * L);
            gc.mul(fg).intoArray(dc, dc0 + j);
            if (carry != null) FloatVector.zero(S).intoArray(carry, ca0 + j);
        }
    }
}
