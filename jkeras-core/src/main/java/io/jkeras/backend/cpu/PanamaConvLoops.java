package io.jkeras.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvLoops} on the Vector API. The forward loop keeps a tile of 8 (or 4) pixels by 2
 * vectors of filters in registers, each kernel row loaded once for the tile; the kernel-gradient
 * loop keeps 4 window entries by 2 vectors of filters in registers over the whole run of pixels,
 * each gradient row loaded once for the 4 entries. Filters past the last full vector take scalar
 * loops.
 */
final class PanamaConvLoops implements ConvLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Ints of the same lane count, for argmax indices. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final IntVector IOTA = IntVector.zero(I).addIndex(1);

    @Override public void forwardRow(float[] x, int base, int pixStride, int npix, int[] xoff, int[] wrow, int taps,
                                     float[] w, int f, float[] bias, boolean relu, float[] y, int o) {
        int i = 0;
        for (; i + 8 <= npix && f >= 2 * L; i += 8, base += 8 * pixStride, o += 8 * f) {
            int j = 0;
            for (; j + 2 * L <= f; j += 2 * L) forward8x2(x, base, pixStride, xoff, wrow, taps, w, f, j, bias, relu, y, o);
            for (; j + L <= f; j += L) {
                forward4x1(x, base, pixStride, xoff, wrow, taps, w, f, j, bias, relu, y, o);
                forward4x1(x, base + 4 * pixStride, pixStride, xoff, wrow, taps, w, f, j, bias, relu, y, o + 4 * f);
            }
            if (j < f) for (int p = 0; p < 8; p++) scalarCols(x, base + p * pixStride, xoff, wrow, taps, w, f, j, bias, relu, y, o + p * f);
        }
        for (; i + 4 <= npix; i += 4, base += 4 * pixStride, o += 4 * f) {
            int j = 0;
            for (; j + 2 * L <= f; j += 2 * L) forward4x2(x, base, pixStride, xoff, wrow, taps, w, f, j, bias, relu, y, o);
            for (; j + L <= f; j += L) forward4x1(x, base, pixStride, xoff, wrow, taps, w, f, j, bias, relu, y, o);
            if (j < f) for (int p = 0; p < 4; p++) scalarCols(x, base + p * pixStride, xoff, wrow, taps, w, f, j, bias, relu, y, o + p * f);
        }
        for (; i < npix; i++, base += pixStride, o += f) {
            int j = 0;
            for (; j + L <= f; j += L) forward1x1(x, base, xoff, wrow, taps, w, f, j, bias, relu, y, o);
            if (j < f) scalarCols(x, base, xoff, wrow, taps, w, f, j, bias, relu, y, o);
        }
    }

    private static void forward4x2(float[] x, int base, int ps, int[] xoff, int[] wrow, int taps,
                                   float[] w, int f, int j, float[] bias, boolean relu, float[] y, int o) {
        FloatVector b0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
        FloatVector b1 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j + L);
        FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        for (int t = 0; t < taps; t++) {
            int xs = base + xoff[t], wr = wrow[t] + j;
            FloatVector w0 = FloatVector.fromArray(S, w, wr), w1 = FloatVector.fromArray(S, w, wr + L);
            FloatVector v0 = FloatVector.broadcast(S, x[xs]);
            FloatVector v1 = FloatVector.broadcast(S, x[xs + ps]);
            FloatVector v2 = FloatVector.broadcast(S, x[xs + 2 * ps]);
            FloatVector v3 = FloatVector.broadcast(S, x[xs + 3 * ps]);
            a00 = w0.fma(v0, a00); a01 = w1.fma(v0, a01);
            a10 = w0.fma(v1, a10); a11 = w1.fma(v1, a11);
            a20 = w0.fma(v2, a20); a21 = w1.fma(v2, a21);
            a30 = w0.fma(v3, a30); a31 = w1.fma(v3, a31);
        }
        if (relu) {
            FloatVector z = FloatVector.zero(S);
            a00 = a00.max(z); a01 = a01.max(z); a10 = a10.max(z); a11 = a11.max(z);
            a20 = a20.max(z); a21 = a21.max(z); a30 = a30.max(z); a31 = a31.max(z);
        }
        int o0 = o + j;
        a00.intoArray(y, o0); a01.intoArray(y, o0 + L);
        a10.intoArray(y, o0 + f); a11.intoArray(y, o0 + f + L);
        a20.intoArray(y, o0 + 2 * f); a21.intoArray(y, o0 + 2 * f + L);
        a30.intoArray(y, o0 + 3 * f); a31.intoArray(y, o0 + 3 * f + L);
    }

    /** 8 pixels by 2 vectors of filters: 16 accumulators, each kernel row loaded once for the 8 pixels. */
    private static void forward8x2(float[] x, int base, int ps, int[] xoff, int[] wrow, int taps,
                                   float[] w, int f, int j, float[] bias, boolean relu, float[] y, int o) {
        FloatVector b0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
        FloatVector b1 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j + L);
        FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        FloatVector a40 = b0, a41 = b1, a50 = b0, a51 = b1, a60 = b0, a61 = b1, a70 = b0, a71 = b1;
        for (int t = 0; t < taps; t++) {
            int xs = base + xoff[t], wr = wrow[t] + j;
            FloatVector w0 = FloatVector.fromArray(S, w, wr), w1 = FloatVector.fromArray(S, w, wr + L);
            int xi = xs;
            FloatVector v = FloatVector.broadcast(S, x[xi]);
            a00 = w0.fma(v, a00); a01 = w1.fma(v, a01);
            v = FloatVector.broadcast(S, x[xi + ps]);
            a10 = w0.fma(v, a10); a11 = w1.fma(v, a11);
            v = FloatVector.broadcast(S, x[xi + 2 * ps]);
            a20 = w0.fma(v, a20); a21 = w1.fma(v, a21);
            v = FloatVector.broadcast(S, x[xi + 3 * ps]);
            a30 = w0.fma(v, a30); a31 = w1.fma(v, a31);
            v = FloatVector.broadcast(S, x[xi + 4 * ps]);
            a40 = w0.fma(v, a40); a41 = w1.fma(v, a41);
            v = FloatVector.broadcast(S, x[xi + 5 * ps]);
            a50 = w0.fma(v, a50); a51 = w1.fma(v, a51);
            v = FloatVector.broadcast(S, x[xi + 6 * ps]);
            a60 = w0.fma(v, a60); a61 = w1.fma(v, a61);
            v = FloatVector.broadcast(S, x[xi + 7 * ps]);
            a70 = w0.fma(v, a70); a71 = w1.fma(v, a71);
        }
        if (relu) {
            FloatVector z = FloatVector.zero(S);
            a00 = a00.max(z); a01 = a01.max(z); a10 = a10.max(z); a11 = a11.max(z);
            a20 = a20.max(z); a21 = a21.max(z); a30 = a30.max(z); a31 = a31.max(z);
            a40 = a40.max(z); a41 = a41.max(z); a50 = a50.max(z); a51 = a51.max(z);
            a60 = a60.max(z); a61 = a61.max(z); a70 = a70.max(z); a71 = a71.max(z);
        }
        int o0 = o + j;
        a00.intoArray(y, o0); a01.intoArray(y, o0 + L); o0 += f;
        a10.intoArray(y, o0); a11.intoArray(y, o0 + L); o0 += f;
        a20.intoArray(y, o0); a21.intoArray(y, o0 + L); o0 += f;
        a30.intoArray(y, o0); a31.intoArray(y, o0 + L); o0 += f;
        a40.intoArray(y, o0); a41.intoArray(y, o0 + L); o0 += f;
        a50.intoArray(y, o0); a51.intoArray(y, o0 + L); o0 += f;
        a60.intoArray(y, o0); a61.intoArray(y, o0 + L); o0 += f;
        a70.intoArray(y, o0); a71.intoArray(y, o0 + L);
    }

    private static void forward4x1(float[] x, int base, int ps, int[] xoff, int[] wrow, int taps,
                                   float[] w, int f, int j, float[] bias, boolean relu, float[] y, int o) {
        FloatVector b0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
        FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0;
        for (int t = 0; t < taps; t++) {
            int xs = base + xoff[t], wr = wrow[t] + j;
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            a0 = w0.fma(FloatVector.broadcast(S, x[xs]), a0);
            a1 = w0.fma(FloatVector.broadcast(S, x[xs + ps]), a1);
            a2 = w0.fma(FloatVector.broadcast(S, x[xs + 2 * ps]), a2);
            a3 = w0.fma(FloatVector.broadcast(S, x[xs + 3 * ps]), a3);
        }
        if (relu) {
            FloatVector z = FloatVector.zero(S);
            a0 = a0.max(z); a1 = a1.max(z); a2 = a2.max(z); a3 = a3.max(z);
        }
        a0.intoArray(y, o + j); a1.intoArray(y, o + f + j); a2.intoArray(y, o + 2 * f + j); a3.intoArray(y, o + 3 * f + j);
    }

    private static void forward1x1(float[] x, int base, int[] xoff, int[] wrow, int taps,
                                   float[] w, int f, int j, float[] bias, boolean relu, float[] y, int o) {
        FloatVector a = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
        for (int t = 0; t < taps; t++) {
            int xs = base + xoff[t], wr = wrow[t] + j;
            a = FloatVector.fromArray(S, w, wr).fma(FloatVector.broadcast(S, x[xs]), a);
        }
        if (relu) a = a.max(FloatVector.zero(S));
        a.intoArray(y, o + j);
    }

    /** Filters {@code [j0, f)} of one pixel, scalar. */
    private static void scalarCols(float[] x, int base, int[] xoff, int[] wrow, int taps,
                                   float[] w, int f, int j0, float[] bias, boolean relu, float[] y, int o) {
        for (int j = j0; j < f; j++) {
            float s = bias == null ? 0f : bias[j];
            for (int t = 0; t < taps; t++) {
                s += x[base + xoff[t]] * w[wrow[t] + j];
            }
            y[o + j] = relu ? Math.max(s, 0f) : s;
        }
    }

    /** Entries {@code t0..t0+3} by 2 vectors of filters: 8 sums kept in registers over the run of pixels. */
    private static void filter4x2(float[] x, int base, int ps, int npix, int[] xoff, int[] wrow, int t0,
                                  float[] dy, int o, int f, int j, float[] dw) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int x0 = base + xoff[t0], x1 = base + xoff[t0 + 1], x2 = base + xoff[t0 + 2], x3 = base + xoff[t0 + 3];
        for (int i = 0, oi = o + j, xi = 0; i < npix; i++, oi += f, xi += ps) {
            FloatVector d0 = FloatVector.fromArray(S, dy, oi), d1 = FloatVector.fromArray(S, dy, oi + L);
            FloatVector v = FloatVector.broadcast(S, x[x0 + xi]);
            a00 = d0.fma(v, a00); a01 = d1.fma(v, a01);
            v = FloatVector.broadcast(S, x[x1 + xi]);
            a10 = d0.fma(v, a10); a11 = d1.fma(v, a11);
            v = FloatVector.broadcast(S, x[x2 + xi]);
            a20 = d0.fma(v, a20); a21 = d1.fma(v, a21);
            v = FloatVector.broadcast(S, x[x3 + xi]);
            a30 = d0.fma(v, a30); a31 = d1.fma(v, a31);
        }
        int w0 = wrow[t0] + j, w1 = wrow[t0 + 1] + j, w2 = wrow[t0 + 2] + j, w3 = wrow[t0 + 3] + j;
        FloatVector.fromArray(S, dw, w0).add(a00).intoArray(dw, w0);
        FloatVector.fromArray(S, dw, w0 + L).add(a01).intoArray(dw, w0 + L);
        FloatVector.fromArray(S, dw, w1).add(a10).intoArray(dw, w1);
        FloatVector.fromArray(S, dw, w1 + L).add(a11).intoArray(dw, w1 + L);
        FloatVector.fromArray(S, dw, w2).add(a20).intoArray(dw, w2);
        FloatVector.fromArray(S, dw, w2 + L).add(a21).intoArray(dw, w2 + L);
        FloatVector.fromArray(S, dw, w3).add(a30).intoArray(dw, w3);
        FloatVector.fromArray(S, dw, w3 + L).add(a31).intoArray(dw, w3 + L);
    }

    @Override public void filterRow(float[] x, int base, int pixStride, int npix, int[] xoff, int[] wrow, int taps,
                                    float[] dy, int o, int f, float[] dw) {
        int j = 0;
        for (; j + 2 * L <= f; j += 2 * L) {
            int t = 0;
            for (; t + 4 <= taps; t += 4) filter4x2(x, base, pixStride, npix, xoff, wrow, t, dy, o, f, j, dw);
            for (; t < taps; t++) {
                int xs = base + xoff[t], wr = wrow[t] + j;
                FloatVector e0 = FloatVector.zero(S), e1 = FloatVector.zero(S), d0 = e0, d1 = e0;
                int xi = xs, oi = o + j, i = 0;
                for (; i + 2 <= npix; i += 2, xi += 2 * pixStride, oi += 2 * f) {
                    FloatVector v = FloatVector.broadcast(S, x[xi]), u = FloatVector.broadcast(S, x[xi + pixStride]);
                    e0 = FloatVector.fromArray(S, dy, oi).fma(v, e0);
                    e1 = FloatVector.fromArray(S, dy, oi + L).fma(v, e1);
                    d0 = FloatVector.fromArray(S, dy, oi + f).fma(u, d0);
                    d1 = FloatVector.fromArray(S, dy, oi + f + L).fma(u, d1);
                }
                if (i < npix) {
                    FloatVector v = FloatVector.broadcast(S, x[xi]);
                    e0 = FloatVector.fromArray(S, dy, oi).fma(v, e0);
                    e1 = FloatVector.fromArray(S, dy, oi + L).fma(v, e1);
                }
                FloatVector.fromArray(S, dw, wr).add(e0.add(d0)).intoArray(dw, wr);
                FloatVector.fromArray(S, dw, wr + L).add(e1.add(d1)).intoArray(dw, wr + L);
            }
        }
        for (; j + L <= f; j += L) {
            for (int t = 0; t < taps; t++) {
                int xs = base + xoff[t], wr = wrow[t] + j;
                FloatVector e0 = FloatVector.zero(S), d0 = e0;
                int xi = xs, oi = o + j, i = 0;
                for (; i + 2 <= npix; i += 2, xi += 2 * pixStride, oi += 2 * f) {
                    e0 = FloatVector.fromArray(S, dy, oi).fma(FloatVector.broadcast(S, x[xi]), e0);
                    d0 = FloatVector.fromArray(S, dy, oi + f).fma(FloatVector.broadcast(S, x[xi + pixStride]), d0);
                }
                if (i < npix) e0 = FloatVector.fromArray(S, dy, oi).fma(FloatVector.broadcast(S, x[xi]), e0);
                FloatVector.fromArray(S, dw, wr).add(e0.add(d0)).intoArray(dw, wr);
            }
        }
        if (j < f) {
            for (int t = 0; t < taps; t++) {
                int xs = base + xoff[t], wr = wrow[t];
                for (int jj = j; jj < f; jj++) {
                    float s = 0f;
                    for (int i = 0, xi = xs, oi = o + jj; i < npix; i++, xi += pixStride, oi += f) s += x[xi] * dy[oi];
                    dw[wr + jj] += s;
                }
            }
        }
    }

    @Override public void maxPoolGradWindow(float[] g, int[] arg, int o, int c, int base, int[] rel, float[] dx) {
        int j = 0;
        FloatVector zero = FloatVector.zero(S);
        for (; j + L <= c; j += L) {
            FloatVector gv = FloatVector.fromArray(S, g, o + j);
            IntVector av = IntVector.fromArray(I, arg, o + j);
            for (int r : rel) {
                int cell = base + r + j;
                VectorMask<Float> hit = av.compare(VectorOperators.EQ, IOTA.add(cell)).cast(S);
                zero.blend(gv, hit).intoArray(dx, cell);
            }
        }
        for (; j < c; j++) {
            for (int r : rel) {
                int cell = base + r + j;
                dx[cell] = arg[o + j] == cell ? g[o + j] : 0f;
            }
        }
    }

    @Override public void reluGradRow(float[] g, float[] y, int o, int npix, int f, float[] dz, float[] db) {
        FloatVector zero = FloatVector.zero(S);
        int bound = f - f % L;
        for (int i = 0, q = 0; i < npix; i++) {
            int j = 0;
            for (; j < bound; j += L, q += L) {
                FloatVector v = FloatVector.fromArray(S, g, o + q);
                if (y != null) v = zero.blend(v, FloatVector.fromArray(S, y, o + q).compare(VectorOperators.GT, 0f));
                v.intoArray(dz, q);
                if (db != null) FloatVector.fromArray(S, db, j).add(v).intoArray(db, j);
            }
            for (; j < f; j++, q++) {
                float v = y == null || y[o + q] > 0 ? g[o + q] : 0f;
                dz[q] = v;
                if (db != null) db[j] += v;
            }
        }
    }

    @Override public void maxWindowValues(float[] x, int base, int[] rel, float[] y, int o, int c) {
        int j = 0;
        for (; j + L <= c; j += L) {
            FloatVector m = FloatVector.fromArray(S, x, base + rel[0] + j);
            for (int q = 1; q < rel.length; q++) {
                FloatVector v = FloatVector.fromArray(S, x, base + rel[q] + j);
                m = m.blend(v, v.compare(VectorOperators.GT, m));   // false for NaN: the earlier cell stays
            }
            m.intoArray(y, o + j);
        }
        for (; j < c; j++) {
            float m = x[base + rel[0] + j];
            for (int q = 1; q < rel.length; q++) {
                float v = x[base + rel[q] + j];
                if (v > m) m = v;
            }
            y[o + j] = m;
        }
    }
}
