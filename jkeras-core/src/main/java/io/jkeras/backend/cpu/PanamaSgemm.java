package io.jkeras.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API float32 GEMM kernel: a packed B panel shared by all threads, and a register tile
 * of 6 rows by 2 vectors.
 *
 * <p>A call first packs B (all of k, for a band of columns) into slivers of {@code NR} columns,
 * k-major and zero-padded, grouped in blocks of {@code KC} steps of k by {@code NC} columns (one
 * block, 512 KiB with 512-bit vectors, stays in L2). Work items are then (row chunk, column block)
 * pairs, taken by the pool's threads in any order: for each block of k, each group of {@code MR}
 * rows of A is packed into a sliver (6 KiB, in L1) and multiplied by every B sliver of the block
 * with the micro-kernel, which keeps its 12 accumulators in vector registers for the whole block of
 * k and touches C once. The blocks of k are cut from k alone, so every element of C is summed in the
 * same order whatever the split.
 *
 * <p>Edge tiles are computed into a scratch tile and copied, so the micro-kernel has no masks (masked
 * tails make C2 spill or box the accumulators); a last sliver of at most one vector of columns uses
 * a one-vector kernel instead of a padded two-vector one.
 *
 * <p>Loaded only when {@code jdk.incubator.vector} is enabled; see {@link GemmKernels}.
 */
final class PanamaSgemm implements SgemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;
    /** Longest block of k: an A sliver is MR*KC floats (6 KiB), well inside L1. */
    private static final int KC = 256;
    /** Columns per block of the panel: KC*NC floats (512 KiB with 512-bit vectors) sit in L2. */
    private static final int NC = 16 * NR;
    /** Most rows per work item. */
    private static final int MC = 16 * MR;
    /** Most floats in the packed panel; wider B is done in bands of columns. */
    private static final int MAX_PANEL = 1 << 22;
    /** Panels with fewer floats than this are packed by the calling thread alone. */
    private static final int PARALLEL_PACK = 1 << 16;

    /**
     * Index vectors for the in-register transpose: stage b swaps bit b of the row number with bit b
     * of the lane number, pairing rows r and r | 2^b with two-vector selects.
     */
    private static final FloatVector[] LOW = new FloatVector[4], HIGH = new FloatVector[4];

    static {
        for (int bit = 0; bit < 4 && (1 << bit) < L; bit++) {
            float[] lo = new float[L], hi = new float[L];
            for (int lane = 0; lane < L; lane++) {
                boolean set = (lane >> bit & 1) == 1;
                lo[lane] = set ? L + (lane ^ (1 << bit)) : lane;
                hi[lane] = set ? L + lane : lane | (1 << bit);
            }
            LOW[bit] = FloatVector.fromArray(S, lo, 0);
            HIGH[bit] = FloatVector.fromArray(S, hi, 0);
        }
    }

    private PanamaSgemm() {}

    /** The kernel, or null where the preferred vector shape is too narrow to pay off. */
    static PanamaSgemm createOrNull() {
        return L >= 4 ? new PanamaSgemm() : null;
    }

    @Override public String name() { return "panama-" + S.vectorBitSize() + "bit-" + MR + "x" + NR; }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate, int threads) {
        int kStep = Grid.ceilDiv(k, Grid.ceilDiv(k, KC));
        int band = Math.max(NC, MAX_PANEL / k / NC * NC);
        float[] panel = Scratch.floats(Scratch.Slot.PANEL, k * roundUp(Math.min(n, band), NR));
        try {
            for (int n0 = 0; n0 < n; n0 += band) {
                int nb = Math.min(band, n - n0);
                packPanel(transB, b, bOff, ldb, k, kStep, n0, nb, panel, threads);
                int jcBlocks = Grid.ceilDiv(nb, NC);
                int mc = MC;
                if (threads > 1) {
                    // about four items per thread, so a slow thread does not hold up the rest
                    int chunks = Math.max(1, 4 * threads / jcBlocks);
                    mc = Math.min(MC, roundUp(Grid.ceilDiv(m, chunks), MR));
                }
                int rowChunks = Grid.ceilDiv(m, mc);
                int band0 = n0, mcf = mc;
                Parallel.IntRangeBody body = (start, end) -> {
                    float[] sl = Scratch.floats(Scratch.Slot.SLIVER, MR * kStep + MR * NR);
                    try {
                        for (int item = start; item < end; item++) {
                            int jc = item / rowChunks * NC, i0 = item % rowChunks * mcf;
                            computeItem(transA, i0, Math.min(m, i0 + mcf), jc, Math.min(NC, nb - jc), k, kStep,
                                    a, aOff, lda, panel, c, cOff + band0, ldc, accumulate, sl);
                        }
                    } finally {
                        Scratch.release(Scratch.Slot.SLIVER, sl);
                    }
                };
                if (threads > 1) Parallel.parallelFor(rowChunks * jcBlocks, 1, body);
                else body.run(0, rowChunks * jcBlocks);
            }
        } finally {
            Scratch.release(Scratch.Slot.PANEL, panel);
        }
    }

    /** Padded width of a column block of the panel: full slivers, then one of L or NR columns. */
    private static int paddedWidth(int ncb) {
        int rem = ncb % NR;
        return ncb - rem + (rem == 0 ? 0 : rem <= L ? L : NR);
    }

    /**
     * Packs B[:, n0:n0+nb]. Layout: column block jc at jc*k, its k-block pc at +pc*paddedWidth,
     * the sliver at column jr at +jr*kc, element (p, j) at +p*w+j, with w = NR (or L for a last
     * narrow sliver).
     */
    private static void packPanel(boolean transB, float[] b, int bOff, int ldb, int k, int kStep, int n0, int nb,
                                  float[] panel, int threads) {
        int slivers = Grid.ceilDiv(nb, NR);
        Parallel.IntRangeBody body = (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                int col = s * NR, jc = col / NC * NC, jr = col - jc;
                int ncb = Math.min(NC, nb - jc), wp = paddedWidth(ncb);
                int nr = Math.min(NR, ncb - jr), w = nr <= L ? L : NR;
                for (int pc = 0; pc < k; pc += kStep) {
                    int kc = Math.min(kStep, k - pc);
                    packSliver(transB, b, bOff, ldb, pc, kc, n0 + col, nr, w, panel, jc * k + pc * wp + jr * kc);
                }
            }
        };
        long size = (long) k * nb;
        if (threads > 1 && size >= PARALLEL_PACK) {
            Parallel.parallelFor(slivers, Math.max(1, PARALLEL_PACK / 4 / (k * NR)), body);
        } else {
            body.run(0, slivers);
        }
    }

    /** Packs B[pc:pc+kc, col:col+nr] into dst at d, row p at d + p*w, zero-padded to w columns. */
    private static void packSliver(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int col, int nr,
                                   int w, float[] dst, int d) {
        if (!transB) {
            int src = bOff + pc * ldb + col;
            if (nr == NR) {
                for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                    FloatVector.fromArray(S, b, src).intoArray(dst, d);
                    FloatVector.fromArray(S, b, src + L).intoArray(dst, d + L);
                }
            } else if (nr == L) {
                for (int p = 0; p < kc; p++, src += ldb, d += w) FloatVector.fromArray(S, b, src).intoArray(dst, d);
            } else {
                for (int p = 0; p < kc; p++, src += ldb, d += w) {
                    System.arraycopy(b, src, dst, d, nr);
                    java.util.Arrays.fill(dst, d + nr, d + w, 0f);
                }
            }
        } else {
            // B(p, j) = b[bOff + j*ldb + p]: transpose L x L blocks in registers where the sliver
            // is full, then walk p outside so the writes are sequential
            int src = bOff + col * ldb + pc;
            int p = 0;
            if (nr == w && (L == 16 || L == 8)) {
                for (; p + L <= kc; p += L) {
                    for (int h = 0; h < w; h += L) {
                        if (L == 16) transpose16(b, src + h * ldb + p, ldb, dst, d + p * w + h, w);
                        else transpose8(b, src + h * ldb + p, ldb, dst, d + p * w + h, w);
                    }
                }
            }
            for (d += p * w; p < kc; p++, d += w) {
                int s = src + p;
                for (int j = 0; j < nr; j++, s += ldb) dst[d + j] = b[s];
                for (int j = nr; j < w; j++) dst[d + j] = 0f;
            }
        }
    }

    /** Transposes a 16x16 block: row r at src[so + r*lds], written as row q at dst[d + q*ldd]. */
    private static void transpose16(float[] src, int so, int lds, float[] dst, int d, int ldd) {
        FloatVector v0 = FloatVector.fromArray(S, src, so + 0);
        FloatVector v1 = FloatVector.fromArray(S, src, so + lds);
        FloatVector v2 = FloatVector.fromArray(S, src, so + 2 * lds);
        FloatVector v3 = FloatVector.fromArray(S, src, so + 3 * lds);
        FloatVector v4 = FloatVector.fromArray(S, src, so + 4 * lds);
        FloatVector v5 = FloatVector.fromArray(S, src, so + 5 * lds);
        FloatVector v6 = FloatVector.fromArray(S, src, so + 6 * lds);
        FloatVector v7 = FloatVector.fromArray(S, src, so + 7 * lds);
        FloatVector v8 = FloatVector.fromArray(S, src, so + 8 * lds);
        FloatVector v9 = FloatVector.fromArray(S, src, so + 9 * lds);
        FloatVector v10 = FloatVector.fromArray(S, src, so + 10 * lds);
        FloatVector v11 = FloatVector.fromArray(S, src, so + 11 * lds);
        FloatVector v12 = FloatVector.fromArray(S, src, so + 12 * lds);
        FloatVector v13 = FloatVector.fromArray(S, src, so + 13 * lds);
        FloatVector v14 = FloatVector.fromArray(S, src, so + 14 * lds);
        FloatVector v15 = FloatVector.fromArray(S, src, so + 15 * lds);
        FloatVector t;
        t = LOW[0].selectFrom(v0, v1);
        v1 = HIGH[0].selectFrom(v0, v1);
        v0 = t;
        t = LOW[0].selectFrom(v2, v3);
        v3 = HIGH[0].selectFrom(v2, v3);
        v2 = t;
        t = LOW[0].selectFrom(v4, v5);
        v5 = HIGH[0].selectFrom(v4, v5);
        v4 = t;
        t = LOW[0].selectFrom(v6, v7);
        v7 = HIGH[0].selectFrom(v6, v7);
        v6 = t;
        t = LOW[0].selectFrom(v8, v9);
        v9 = HIGH[0].selectFrom(v8, v9);
        v8 = t;
        t = LOW[0].selectFrom(v10, v11);
        v11 = HIGH[0].selectFrom(v10, v11);
        v10 = t;
        t = LOW[0].selectFrom(v12, v13);
        v13 = HIGH[0].selectFrom(v12, v13);
        v12 = t;
        t = LOW[0].selectFrom(v14, v15);
        v15 = HIGH[0].selectFrom(v14, v15);
        v14 = t;
        t = LOW[1].selectFrom(v0, v2);
        v2 = HIGH[1].selectFrom(v0, v2);
        v0 = t;
        t = LOW[1].selectFrom(v1, v3);
        v3 = HIGH[1].selectFrom(v1, v3);
        v1 = t;
        t = LOW[1].selectFrom(v4, v6);
        v6 = HIGH[1].selectFrom(v4, v6);
        v4 = t;
        t = LOW[1].selectFrom(v5, v7);
        v7 = HIGH[1].selectFrom(v5, v7);
        v5 = t;
        t = LOW[1].selectFrom(v8, v10);
        v10 = HIGH[1].selectFrom(v8, v10);
        v8 = t;
        t = LOW[1].selectFrom(v9, v11);
        v11 = HIGH[1].selectFrom(v9, v11);
        v9 = t;
        t = LOW[1].selectFrom(v12, v14);
        v14 = HIGH[1].selectFrom(v12, v14);
        v12 = t;
        t = LOW[1].selectFrom(v13, v15);
        v15 = HIGH[1].selectFrom(v13, v15);
        v13 = t;
        t = LOW[2].selectFrom(v0, v4);
        v4 = HIGH[2].selectFrom(v0, v4);
        v0 = t;
        t = LOW[2].selectFrom(v1, v5);
        v5 = HIGH[2].selectFrom(v1, v5);
        v1 = t;
        t = LOW[2].selectFrom(v2, v6);
        v6 = HIGH[2].selectFrom(v2, v6);
        v2 = t;
        t = LOW[2].selectFrom(v3, v7);
        v7 = HIGH[2].selectFrom(v3, v7);
        v3 = t;
        t = LOW[2].selectFrom(v8, v12);
        v12 = HIGH[2].selectFrom(v8, v12);
        v8 = t;
        t = LOW[2].selectFrom(v9, v13);
        v13 = HIGH[2].selectFrom(v9, v13);
        v9 = t;
        t = LOW[2].selectFrom(v10, v14);
        v14 = HIGH[2].selectFrom(v10, v14);
        v10 = t;
        t = LOW[2].selectFrom(v11, v15);
        v15 = HIGH[2].selectFrom(v11, v15);
        v11 = t;
        t = LOW[3].selectFrom(v0, v8);
        v8 = HIGH[3].selectFrom(v0, v8);
        v0 = t;
        t = LOW[3].selectFrom(v1, v9);
        v9 = HIGH[3].selectFrom(v1, v9);
        v1 = t;
        t = LOW[3].selectFrom(v2, v10);
        v10 = HIGH[3].selectFrom(v2, v10);
        v2 = t;
        t = LOW[3].selectFrom(v3, v11);
        v11 = HIGH[3].selectFrom(v3, v11);
        v3 = t;
        t = LOW[3].selectFrom(v4, v12);
        v12 = HIGH[3].selectFrom(v4, v12);
        v4 = t;
        t = LOW[3].selectFrom(v5, v13);
        v13 = HIGH[3].selectFrom(v5, v13);
        v5 = t;
        t = LOW[3].selectFrom(v6, v14);
        v14 = HIGH[3].selectFrom(v6, v14);
        v6 = t;
        t = LOW[3].selectFrom(v7, v15);
        v15 = HIGH[3].selectFrom(v7, v15);
        v7 = t;
        v0.intoArray(dst, d + 0);
        v1.intoArray(dst, d + ldd);
        v2.intoArray(dst, d + 2 * ldd);
        v3.intoArray(dst, d + 3 * ldd);
        v4.intoArray(dst, d + 4 * ldd);
        v5.intoArray(dst, d + 5 * ldd);
        v6.intoArray(dst, d + 6 * ldd);
        v7.intoArray(dst, d + 7 * ldd);
        v8.intoArray(dst, d + 8 * ldd);
        v9.intoArray(dst, d + 9 * ldd);
        v10.intoArray(dst, d + 10 * ldd);
        v11.intoArray(dst, d + 11 * ldd);
        v12.intoArray(dst, d + 12 * ldd);
        v13.intoArray(dst, d + 13 * ldd);
        v14.intoArray(dst, d + 14 * ldd);
        v15.intoArray(dst, d + 15 * ldd);
    }

    /** Transposes a 8x8 block: row r at src[so + r*lds], written as row q at dst[d + q*ldd]. */
    private static void transpose8(float[] src, int so, int lds, float[] dst, int d, int ldd) {
        FloatVector v0 = FloatVector.fromArray(S, src, so + 0);
        FloatVector v1 = FloatVector.fromArray(S, src, so + lds);
        FloatVector v2 = FloatVector.fromArray(S, src, so + 2 * lds);
        FloatVector v3 = FloatVector.fromArray(S, src, so + 3 * lds);
        FloatVector v4 = FloatVector.fromArray(S, src, so + 4 * lds);
        FloatVector v5 = FloatVector.fromArray(S, src, so + 5 * lds);
        FloatVector v6 = FloatVector.fromArray(S, src, so + 6 * lds);
        FloatVector v7 = FloatVector.fromArray(S, src, so + 7 * lds);
        FloatVector t;
        t = LOW[0].selectFrom(v0, v1);
        v1 = HIGH[0].selectFrom(v0, v1);
        v0 = t;
        t = LOW[0].selectFrom(v2, v3);
        v3 = HIGH[0].selectFrom(v2, v3);
        v2 = t;
        t = LOW[0].selectFrom(v4, v5);
        v5 = HIGH[0].selectFrom(v4, v5);
        v4 = t;
        t = LOW[0].selectFrom(v6, v7);
        v7 = HIGH[0].selectFrom(v6, v7);
        v6 = t;
        t = LOW[1].selectFrom(v0, v2);
        v2 = HIGH[1].selectFrom(v0, v2);
        v0 = t;
        t = LOW[1].selectFrom(v1, v3);
        v3 = HIGH[1].selectFrom(v1, v3);
        v1 = t;
        t = LOW[1].selectFrom(v4, v6);
        v6 = HIGH[1].selectFrom(v4, v6);
        v4 = t;
        t = LOW[1].selectFrom(v5, v7);
        v7 = HIGH[1].selectFrom(v5, v7);
        v5 = t;
        t = LOW[2].selectFrom(v0, v4);
        v4 = HIGH[2].selectFrom(v0, v4);
        v0 = t;
        t = LOW[2].selectFrom(v1, v5);
        v5 = HIGH[2].selectFrom(v1, v5);
        v1 = t;
        t = LOW[2].selectFrom(v2, v6);
        v6 = HIGH[2].selectFrom(v2, v6);
        v2 = t;
        t = LOW[2].selectFrom(v3, v7);
        v7 = HIGH[2].selectFrom(v3, v7);
        v3 = t;
        v0.intoArray(dst, d + 0);
        v1.intoArray(dst, d + ldd);
        v2.intoArray(dst, d + 2 * ldd);
        v3.intoArray(dst, d + 3 * ldd);
        v4.intoArray(dst, d + 4 * ldd);
        v5.intoArray(dst, d + 5 * ldd);
        v6.intoArray(dst, d + 6 * ldd);
        v7.intoArray(dst, d + 7 * ldd);
    }

    /** Rows [i0, i1) by columns [jc, jc+ncb) of the band, all of k. */
    private static void computeItem(boolean transA, int i0, int i1, int jc, int ncb, int k, int kStep,
                                    float[] a, int aOff, int lda, float[] panel, float[] c, int cOff, int ldc,
                                    boolean accumulate, float[] sl) {
        int wp = paddedWidth(ncb);
        int tile = MR * kStep;
        for (int pc = 0; pc < k; pc += kStep) {
            int kc = Math.min(kStep, k - pc);
            boolean first = !accumulate && pc == 0;
            int bBase = jc * k + pc * wp;
            for (int i = i0; i < i1; i += MR) {
                int mr = Math.min(MR, i1 - i);
                packA(transA, a, aOff, lda, i, mr, pc, kc, sl);
                int cRow = cOff + i * ldc + jc;
                for (int jr = 0; jr < ncb; jr += NR) {
                    int nr = Math.min(NR, ncb - jr);
                    int bo = bBase + jr * kc;
                    if (nr > L) {
                        if (mr == MR && nr == NR) {
                            kernel(kc, sl, panel, bo, c, cRow + jr, ldc, first);
                        } else {
                            kernel(kc, sl, panel, bo, sl, tile, NR, true);
                            mergeTile(sl, tile, mr, nr, c, cRow + jr, ldc, first);
                        }
                    } else if (mr == MR && nr == L) {
                        narrowKernel(kc, sl, panel, bo, c, cRow + jr, ldc, first);
                    } else {
                        narrowKernel(kc, sl, panel, bo, sl, tile, NR, true);
                        mergeTile(sl, tile, mr, nr, c, cRow + jr, ldc, first);
                    }
                }
            }
        }
    }

    /** Packs rows [i, i+mr) of A[:, pc:pc+kc] into dst as one sliver: step p at p*MR, zero-padded to MR rows. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int i, int mr, int pc, int kc,
                              float[] dst) {
        if (!transA) {
            for (int r = 0; r < mr; r++) {
                int src = aOff + (i + r) * lda + pc;
                for (int p = 0; p < kc; p++) dst[p * MR + r] = a[src + p];
            }
            for (int r = mr; r < MR; r++) {
                for (int p = 0; p < kc; p++) dst[p * MR + r] = 0f;
            }
        } else {
            int src = aOff + pc * lda + i;
            for (int p = 0; p < kc; p++, src += lda) {
                int o = p * MR;
                for (int r = 0; r < mr; r++) dst[o + r] = a[src + r];
                for (int r = mr; r < MR; r++) dst[o + r] = 0f;
            }
        }
    }

    /**
     * The register tile: C[0:6, 0:NR] (=|+=) Asliver(6 x kc) * Bsliver(kc x NR), the A sliver at
     * the start of {@code ap}. Twelve accumulators live in registers; one broadcast of A and two
     * vector loads of B feed two FMAs per row and step. The stores are written out by hand: passing
     * vectors to a helper that C2 does not inline would box them.
     */
    private static void kernel(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc, boolean first) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        if (!first) {
            c00 = c00.add(FloatVector.fromArray(S, c, co));
            c01 = c01.add(FloatVector.fromArray(S, c, co + L));
            c10 = c10.add(FloatVector.fromArray(S, c, co + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, co + ldc + L));
            c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
            c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
            c40 = c40.add(FloatVector.fromArray(S, c, co + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
            c50 = c50.add(FloatVector.fromArray(S, c, co + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
    }

    /** C[0:6, 0:L] (=|+=) Asliver(6 x kc) * Bsliver(kc x L): the kernel for a last narrow sliver. */
    private static void narrowKernel(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc,
                                     boolean first) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S), c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + p * L);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
        }
        if (!first) {
            c0 = c0.add(FloatVector.fromArray(S, c, co));
            c1 = c1.add(FloatVector.fromArray(S, c, co + ldc));
            c2 = c2.add(FloatVector.fromArray(S, c, co + 2 * ldc));
            c3 = c3.add(FloatVector.fromArray(S, c, co + 3 * ldc));
            c4 = c4.add(FloatVector.fromArray(S, c, co + 4 * ldc));
            c5 = c5.add(FloatVector.fromArray(S, c, co + 5 * ldc));
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
        c4.intoArray(c, co + 4 * ldc);
        c5.intoArray(c, co + 5 * ldc);
    }

    private static void mergeTile(float[] tile, int t, int mr, int nr, float[] c, int co, int ldc, boolean first) {
        for (int r = 0; r < mr; r++, t += NR, co += ldc) {
            if (first) System.arraycopy(tile, t, c, co, nr);
            else for (int j = 0; j < nr; j++) c[co + j] += tile[t + j];
        }
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }
}
