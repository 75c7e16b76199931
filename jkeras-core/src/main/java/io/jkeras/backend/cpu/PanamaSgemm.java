package io.jkeras.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API float32 GEMM kernel: a packed B panel shared by all threads, and a register tile
 * of 6 rows by 4 vectors (64 columns with AVX-512; 6 by 2 vectors where there are only 16 vector
 * registers).
 *
 * <p>A call first packs B (all of k, for a band of columns) into slivers of {@code NR} columns,
 * k-major and zero-padded, grouped in blocks of {@code KC} steps of k by {@code NC} columns (one
 * block, 512 KiB with 512-bit vectors, stays in L2). Work items are then (row chunk, column block)
 * pairs, taken by the pool's threads in any order: for each block of k, each group of {@code MR}
 * rows of A is multiplied by every B sliver of the block with the micro-kernel, which keeps its 24
 * accumulators in vector registers for the whole block of k and touches C once. A is read in place
 * (six rows, or six adjacent columns when transposed; only a last group of fewer rows is packed), and
 * a 4-vector tile uses each value of A it reads for four FMAs, twice as many as a 2-vector tile: that
 * is what the skinny products of training (an MLP layer's 128 columns, a convolution's 64) are limited
 * by. The blocks of k are cut from k alone, so every element of C is summed in the same order
 * whatever the split.
 *
 * <p>Edge tiles are computed into a scratch tile and copied, so the micro-kernels have no masks (masked
 * tails make C2 spill or box the accumulators); a last sliver of a block is packed 1, 2 or 4 vectors
 * wide, whichever is the narrowest that holds it, and has a kernel of that width.
 *
 * <p>Loaded only when {@code jdk.incubator.vector} is enabled; see {@link GemmKernels}.
 */
final class PanamaSgemm implements SgemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;
    /** Columns of a 2-vector tile, the widest that fits 16 vector registers (AVX2). */
    private static final int W2 = 2 * L;
    /**
     * Columns of a full sliver: 4 vectors (a 6 x 4L tile of 24 accumulators) where there are 32 vector
     * registers (AVX-512), otherwise 2. The last sliver of a block is padded to 1, 2 or 4 vectors.
     */
    static final int NR = L >= 16 ? 4 * L : W2;
    /** Longest block of k: an A sliver is MR*KC floats (6 KiB), well inside L1. */
    private static final int KC = 256;
    /** Columns per block of the panel: KC*NC floats (512 KiB with 512-bit vectors) sit in L2. */
    private static final int NC = 32 * L;
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

    /** Padded width of a column block of the panel: full slivers, then one of L, 2L or NR columns. */
    private static int paddedWidth(int ncb) {
        int rem = ncb % NR;
        return ncb - rem + (rem == 0 ? 0 : widthOf(rem));
    }

    /** The packed width of a sliver of {@code nr <= NR} columns: 1, 2 or 4 vectors. */
    private static int widthOf(int nr) {
        return nr <= L ? L : nr <= W2 ? W2 : NR;
    }

    /**
     * Packs B[:, n0:n0+nb]. Layout: column block jc at jc*k, its k-block pc at +pc*paddedWidth,
     * the sliver at column jr at +jr*kc, element (p, j) at +p*w+j, with w = NR (or L or 2L for a last
     * narrower sliver).
     */
    private static void packPanel(boolean transB, float[] b, int bOff, int ldb, int k, int kStep, int n0, int nb,
                                  float[] panel, int threads) {
        int slivers = Grid.ceilDiv(nb, NR);
        Parallel.IntRangeBody body = (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                int col = s * NR, jc = col / NC * NC, jr = col - jc;
                int ncb = Math.min(NC, nb - jc), wp = paddedWidth(ncb);
                int nr = Math.min(NR, ncb - jr), w = widthOf(nr);
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
            if (nr == NR && NR == 4 * L) {
                for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                    FloatVector.fromArray(S, b, src).intoArray(dst, d);
                    FloatVector.fromArray(S, b, src + L).intoArray(dst, d + L);
                    FloatVector.fromArray(S, b, src + 2 * L).intoArray(dst, d + 2 * L);
                    FloatVector.fromArray(S, b, src + 3 * L).intoArray(dst, d + 3 * L);
                }
            } else if (nr == W2 && w == W2) {
                for (int p = 0; p < kc; p++, src += ldb, d += W2) {
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
                // six rows read A in place (six rows, or six adjacent columns of a transposed A): with a narrow
                // panel (the 128 columns of an MLP layer, the 10 of an output layer) packing A costs a large
                // part of the work it feeds. Only a last group of fewer rows is packed (zero-padded).
                boolean inPlace = mr == MR;
                if (!inPlace) packA(transA, a, aOff, lda, i, mr, pc, kc, sl);
                int cRow = cOff + i * ldc + jc;
                int ar = transA ? aOff + pc * lda + i : aOff + i * lda + pc;
                for (int jr = 0; jr < ncb; jr += NR) {
                    int nr = Math.min(NR, ncb - jr), w = widthOf(nr);
                    int bo = bBase + jr * kc;
                    // full tiles go straight to C; edge tiles through the scratch tile (row stride NR)
                    boolean full = inPlace && nr == w;
                    float[] dst = full ? c : sl;
                    int d = full ? cRow + jr : tile, ldd = full ? ldc : NR;
                    boolean f = !full || first;
                    if (inPlace) {
                        if (w > W2) {
                            if (!transA) kernel4Rows(kc, a, ar, lda, panel, bo, dst, d, ldd, f);
                            else kernel4Columns(kc, a, ar, lda, panel, bo, dst, d, ldd, f);
                        } else if (w > L) {
                            if (!transA) kernelRows(kc, a, ar, lda, panel, bo, dst, d, ldd, f);
                            else kernelColumns(kc, a, ar, lda, panel, bo, dst, d, ldd, f);
                        } else {
                            if (!transA) narrowKernelRows(kc, a, ar, lda, panel, bo, dst, d, ldd, f);
                            else narrowKernelColumns(kc, a, ar, lda, panel, bo, dst, d, ldd, f);
                        }
                    } else {
                        if (w > W2) kernel4(kc, sl, panel, bo, dst, d, ldd, f);
                        else if (w > L) kernel(kc, sl, panel, bo, dst, d, ldd, f);
                        else narrowKernel(kc, sl, panel, bo, dst, d, ldd, f);
                    }
                    if (!full) mergeTile(sl, tile, mr, nr, c, cRow + jr, ldc, first);
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
     * The 2-vector tile (the full tile where there are 16 vector registers, else for a last sliver of
     * at most 2L columns): C[0:6, 0:2L] (=|+=) Asliver(6 x kc) * Bsliver(kc x 2L), the A sliver at
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
            int bi = bo + p * W2;
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

    /**
     * {@link #kernel} with A read in place: rows {@code a0, a0 + lda, ...} of an untransposed A, step
     * p at {@code +p}. The same operations in the same order, so the same bits as the packed path.
     */
    private static void kernelRows(int kc, float[] a, int a0, int lda, float[] bp, int bo, float[] c, int co, int ldc, boolean first) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * W2;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[a4 + p]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[a5 + p]);
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

    /**
     * {@link #kernel} with a transposed A read in place: step p's six values are adjacent at
     * {@code a0 + p * lda}. The same operations in the same order, so the same bits as the packed path.
     */
    private static void kernelColumns(int kc, float[] a, int a0, int lda, float[] bp, int bo, float[] c, int co, int ldc, boolean first) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * W2;
            int ai = a0 + p * lda;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ai + 5]);
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

    /**
     * The register tile: C[0:6, 0:4L] (=|+=) Asliver(6 x kc) * Bsliver(kc x 4L), the A sliver at the start
     * of {@code ap}. Twenty-four accumulators live in registers (with the four B vectors and a broadcast,
     * 29 of AVX-512's 32); one broadcast of A and four vector loads of B feed four FMAs per row and step,
     * so each value of A read feeds twice the work of a 2-vector tile. The stores are written out by
     * hand: passing vectors to a helper that C2 does not inline would box them.
     */
    private static void kernel4(int kc, float[] ap, float[] bp, int bo, float[] c, int co, int ldc, boolean first) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            c03 = av.fma(b3, c03);
            av = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c12 = av.fma(b2, c12);
            c13 = av.fma(b3, c13);
            av = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c22 = av.fma(b2, c22);
            c23 = av.fma(b3, c23);
            av = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            c32 = av.fma(b2, c32);
            c33 = av.fma(b3, c33);
            av = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            c42 = av.fma(b2, c42);
            c43 = av.fma(b3, c43);
            av = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            c52 = av.fma(b2, c52);
            c53 = av.fma(b3, c53);
        }
        if (!first) {
            c00 = c00.add(FloatVector.fromArray(S, c, co));
            c01 = c01.add(FloatVector.fromArray(S, c, co + L));
            c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * L));
            c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * L));
            c10 = c10.add(FloatVector.fromArray(S, c, co + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, co + ldc + L));
            c12 = c12.add(FloatVector.fromArray(S, c, co + ldc + 2 * L));
            c13 = c13.add(FloatVector.fromArray(S, c, co + ldc + 3 * L));
            c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
            c22 = c22.add(FloatVector.fromArray(S, c, co + 2 * ldc + 2 * L));
            c23 = c23.add(FloatVector.fromArray(S, c, co + 2 * ldc + 3 * L));
            c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
            c32 = c32.add(FloatVector.fromArray(S, c, co + 3 * ldc + 2 * L));
            c33 = c33.add(FloatVector.fromArray(S, c, co + 3 * ldc + 3 * L));
            c40 = c40.add(FloatVector.fromArray(S, c, co + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
            c42 = c42.add(FloatVector.fromArray(S, c, co + 4 * ldc + 2 * L));
            c43 = c43.add(FloatVector.fromArray(S, c, co + 4 * ldc + 3 * L));
            c50 = c50.add(FloatVector.fromArray(S, c, co + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
            c52 = c52.add(FloatVector.fromArray(S, c, co + 5 * ldc + 2 * L));
            c53 = c53.add(FloatVector.fromArray(S, c, co + 5 * ldc + 3 * L));
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c12.intoArray(c, co + ldc + 2 * L);
        c13.intoArray(c, co + ldc + 3 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c23.intoArray(c, co + 2 * ldc + 3 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
        c33.intoArray(c, co + 3 * ldc + 3 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c42.intoArray(c, co + 4 * ldc + 2 * L);
        c43.intoArray(c, co + 4 * ldc + 3 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c52.intoArray(c, co + 5 * ldc + 2 * L);
        c53.intoArray(c, co + 5 * ldc + 3 * L);
    }

    /**
     * {@link #kernel4} with A read in place: rows {@code a0, a0 + lda, ...} of an untransposed A, step
     * p at {@code +p}. The same operations in the same order, so the same bits as the packed path.
     */
    private static void kernel4Rows(int kc, float[] a, int a0, int lda, float[] bp, int bo, float[] c, int co, int ldc, boolean first) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            c03 = av.fma(b3, c03);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c12 = av.fma(b2, c12);
            c13 = av.fma(b3, c13);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c22 = av.fma(b2, c22);
            c23 = av.fma(b3, c23);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            c32 = av.fma(b2, c32);
            c33 = av.fma(b3, c33);
            av = FloatVector.broadcast(S, a[a4 + p]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            c42 = av.fma(b2, c42);
            c43 = av.fma(b3, c43);
            av = FloatVector.broadcast(S, a[a5 + p]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            c52 = av.fma(b2, c52);
            c53 = av.fma(b3, c53);
        }
        if (!first) {
            c00 = c00.add(FloatVector.fromArray(S, c, co));
            c01 = c01.add(FloatVector.fromArray(S, c, co + L));
            c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * L));
            c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * L));
            c10 = c10.add(FloatVector.fromArray(S, c, co + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, co + ldc + L));
            c12 = c12.add(FloatVector.fromArray(S, c, co + ldc + 2 * L));
            c13 = c13.add(FloatVector.fromArray(S, c, co + ldc + 3 * L));
            c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
            c22 = c22.add(FloatVector.fromArray(S, c, co + 2 * ldc + 2 * L));
            c23 = c23.add(FloatVector.fromArray(S, c, co + 2 * ldc + 3 * L));
            c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
            c32 = c32.add(FloatVector.fromArray(S, c, co + 3 * ldc + 2 * L));
            c33 = c33.add(FloatVector.fromArray(S, c, co + 3 * ldc + 3 * L));
            c40 = c40.add(FloatVector.fromArray(S, c, co + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
            c42 = c42.add(FloatVector.fromArray(S, c, co + 4 * ldc + 2 * L));
            c43 = c43.add(FloatVector.fromArray(S, c, co + 4 * ldc + 3 * L));
            c50 = c50.add(FloatVector.fromArray(S, c, co + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
            c52 = c52.add(FloatVector.fromArray(S, c, co + 5 * ldc + 2 * L));
            c53 = c53.add(FloatVector.fromArray(S, c, co + 5 * ldc + 3 * L));
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c12.intoArray(c, co + ldc + 2 * L);
        c13.intoArray(c, co + ldc + 3 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c23.intoArray(c, co + 2 * ldc + 3 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
        c33.intoArray(c, co + 3 * ldc + 3 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c42.intoArray(c, co + 4 * ldc + 2 * L);
        c43.intoArray(c, co + 4 * ldc + 3 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c52.intoArray(c, co + 5 * ldc + 2 * L);
        c53.intoArray(c, co + 5 * ldc + 3 * L);
    }

    /**
     * {@link #kernel4} with a transposed A read in place: step p's six values are adjacent at
     * {@code a0 + p * lda}. The same operations in the same order, so the same bits as the packed path.
     */
    private static void kernel4Columns(int kc, float[] a, int a0, int lda, float[] bp, int bo, float[] c, int co, int ldc, boolean first) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = a0 + p * lda;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            c03 = av.fma(b3, c03);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c12 = av.fma(b2, c12);
            c13 = av.fma(b3, c13);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c22 = av.fma(b2, c22);
            c23 = av.fma(b3, c23);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            c32 = av.fma(b2, c32);
            c33 = av.fma(b3, c33);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            c42 = av.fma(b2, c42);
            c43 = av.fma(b3, c43);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            c52 = av.fma(b2, c52);
            c53 = av.fma(b3, c53);
        }
        if (!first) {
            c00 = c00.add(FloatVector.fromArray(S, c, co));
            c01 = c01.add(FloatVector.fromArray(S, c, co + L));
            c02 = c02.add(FloatVector.fromArray(S, c, co + 2 * L));
            c03 = c03.add(FloatVector.fromArray(S, c, co + 3 * L));
            c10 = c10.add(FloatVector.fromArray(S, c, co + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, co + ldc + L));
            c12 = c12.add(FloatVector.fromArray(S, c, co + ldc + 2 * L));
            c13 = c13.add(FloatVector.fromArray(S, c, co + ldc + 3 * L));
            c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
            c22 = c22.add(FloatVector.fromArray(S, c, co + 2 * ldc + 2 * L));
            c23 = c23.add(FloatVector.fromArray(S, c, co + 2 * ldc + 3 * L));
            c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
            c32 = c32.add(FloatVector.fromArray(S, c, co + 3 * ldc + 2 * L));
            c33 = c33.add(FloatVector.fromArray(S, c, co + 3 * ldc + 3 * L));
            c40 = c40.add(FloatVector.fromArray(S, c, co + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
            c42 = c42.add(FloatVector.fromArray(S, c, co + 4 * ldc + 2 * L));
            c43 = c43.add(FloatVector.fromArray(S, c, co + 4 * ldc + 3 * L));
            c50 = c50.add(FloatVector.fromArray(S, c, co + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
            c52 = c52.add(FloatVector.fromArray(S, c, co + 5 * ldc + 2 * L));
            c53 = c53.add(FloatVector.fromArray(S, c, co + 5 * ldc + 3 * L));
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c12.intoArray(c, co + ldc + 2 * L);
        c13.intoArray(c, co + ldc + 3 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c23.intoArray(c, co + 2 * ldc + 3 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
        c33.intoArray(c, co + 3 * ldc + 3 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c42.intoArray(c, co + 4 * ldc + 2 * L);
        c43.intoArray(c, co + 4 * ldc + 3 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c52.intoArray(c, co + 5 * ldc + 2 * L);
        c53.intoArray(c, co + 5 * ldc + 3 * L);
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

    /**
     * {@link #narrowKernel} with A read in place: rows {@code a0, a0 + lda, ...} of an untransposed A.
     * The same operations in the same order, so the same bits as the packed path.
     */
    private static void narrowKernelRows(int kc, float[] a, int a0, int lda, float[] bp, int bo, float[] c, int co, int ldc,
                                            boolean first) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S), c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + p * L);
            c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + p]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + p]).fma(b0, c5);
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

    /**
     * {@link #narrowKernel} with a transposed A read in place: step p's six values adjacent at
     * {@code a0 + p * lda}. The same operations in the same order, so the same bits as the packed path.
     */
    private static void narrowKernelColumns(int kc, float[] a, int a0, int lda, float[] bp, int bo, float[] c, int co, int ldc,
                                            boolean first) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S), c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a0 + p * lda;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + p * L);
            c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[ai + 5]).fma(b0, c5);
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
