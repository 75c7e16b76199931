package io.jkeras.backend.cpu;

import java.util.Arrays;

/**
 * The plain-Java float32 GEMM kernel, for where {@code jdk.incubator.vector} is not enabled.
 *
 * <p>B is packed block by block ({@code KC} steps of k by {@code NC} columns, row-major, in L2); each
 * row of C is then updated four steps of k at a time with a loop over columns that C2 turns into
 * SIMD code by itself (superword), so a row of C is read and written once per four steps.
 */
final class ScalarSgemm implements SgemmKernel {
    private static final int KC = 256;
    private static final int NC = 512;

    @Override public String name() { return "scalar-blocked"; }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate, int threads) {
        Grid g = Grid.of(m, n, 4, 64, threads);
        Parallel.parallelFor(g.tiles(), 1, (start, end) -> {
            for (int t = start; t < end; t++) {
                rectangle(transA, transB, g.rowStart(t), g.rowEnd(t), g.colStart(t), g.colEnd(t), k,
                        a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            }
        });
    }

    /** Computes rows {@code [m0, m1)} and columns {@code [n0, n1)} of C. */
    private static void rectangle(boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float[] c, int cOff, int ldc, boolean accumulate) {
        float[] bp = Scratch.floats(Scratch.Slot.PANEL, Math.min(KC, k) * Math.min(NC, n1 - n0));
        try {
            for (int jc = n0; jc < n1; jc += NC) {
                int nc = Math.min(NC, n1 - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                    boolean first = !accumulate && pc == 0;
                    for (int i = m0; i < m1; i++) {
                        int co = cOff + i * ldc + jc;
                        if (first) Arrays.fill(c, co, co + nc, 0f);
                        // A(i, p) sits at ai + p * as
                        int ai = transA ? aOff + pc * lda + i : aOff + i * lda + pc;
                        int as = transA ? lda : 1;
                        int p = 0;
                        for (; p + 4 <= kc; p += 4) {
                            float a0 = a[ai + p * as], a1 = a[ai + (p + 1) * as];
                            float a2 = a[ai + (p + 2) * as], a3 = a[ai + (p + 3) * as];
                            int o0 = p * nc, o1 = o0 + nc, o2 = o1 + nc, o3 = o2 + nc;
                            for (int j = 0; j < nc; j++) {
                                c[co + j] += a0 * bp[o0 + j] + a1 * bp[o1 + j] + a2 * bp[o2 + j] + a3 * bp[o3 + j];
                            }
                        }
                        for (; p < kc; p++) {
                            float a0 = a[ai + p * as];
                            int o0 = p * nc;
                            for (int j = 0; j < nc; j++) c[co + j] += a0 * bp[o0 + j];
                        }
                    }
                }
            }
        } finally {
            Scratch.release(Scratch.Slot.PANEL, bp);
        }
    }

    /** Packs B[pc:pc+kc, jc:jc+nc] row-major into dst (row p at p*nc). */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              float[] dst) {
        if (!transB) {
            for (int p = 0; p < kc; p++) System.arraycopy(b, bOff + (pc + p) * ldb + jc, dst, p * nc, nc);
        } else {
            for (int j = 0; j < nc; j++) {
                int src = bOff + (jc + j) * ldb + pc;
                for (int p = 0; p < kc; p++) dst[p * nc + j] = b[src + p];
            }
        }
    }
}
