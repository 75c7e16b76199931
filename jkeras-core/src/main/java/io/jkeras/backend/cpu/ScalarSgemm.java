package io.jkeras.backend.cpu;

import java.util.Arrays;

/**
 * The plain-Java float32 GEMM kernel, for where {@code jdk.incubator.vector} is not enabled.
 *
 * <p>B is packed block by block ({@code KC} steps of k by {@code NC} columns) into separate row
 * arrays; each row of C is then copied into an accumulator row and updated four steps of k at a
 * time by a loop over columns that C2 turns into SIMD code by itself. C2 only does so when every
 * array in the loop is indexed by the same expression, hence the separate rows and the copy.
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
        int ncMax = Math.min(NC, n1 - n0);
        float[][] bp = Scratch.floatRows(Scratch.Slot.PANEL, Math.min(KC, k), ncMax);
        float[] acc = Scratch.floats(Scratch.Slot.SLIVER, ncMax);
        try {
            for (int jc = n0; jc < n1; jc += NC) {
                int nc = Math.min(NC, n1 - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                    boolean first = !accumulate && pc == 0;
                    for (int i = m0; i < m1; i++) {
                        int co = cOff + i * ldc + jc;
                        if (first) Arrays.fill(acc, 0, nc, 0f);
                        else System.arraycopy(c, co, acc, 0, nc);
                        // A(i, p) sits at ai + p * as
                        int ai = transA ? aOff + pc * lda + i : aOff + i * lda + pc;
                        int as = transA ? lda : 1;
                        int p = 0;
                        for (; p + 4 <= kc; p += 4) {
                            addRows(acc, nc, a[ai + p * as], bp[p], a[ai + (p + 1) * as], bp[p + 1],
                                    a[ai + (p + 2) * as], bp[p + 2], a[ai + (p + 3) * as], bp[p + 3]);
                        }
                        for (; p < kc; p++) addRow(acc, nc, a[ai + p * as], bp[p]);
                        System.arraycopy(acc, 0, c, co, nc);
                    }
                }
            }
        } finally {
            Scratch.release(Scratch.Slot.PANEL, bp);
            Scratch.release(Scratch.Slot.SLIVER, acc);
        }
    }

    private static void addRows(float[] acc, int n, float a0, float[] b0, float a1, float[] b1,
                                float a2, float[] b2, float a3, float[] b3) {
        for (int j = 0; j < n; j++) acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }

    private static void addRow(float[] acc, int n, float a0, float[] b0) {
        for (int j = 0; j < n; j++) acc[j] += a0 * b0[j];
    }

    /** Packs B[pc:pc+kc, jc:jc+nc] into rows dst[0..kc). */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              float[][] dst) {
        if (!transB) {
            for (int p = 0; p < kc; p++) System.arraycopy(b, bOff + (pc + p) * ldb + jc, dst[p], 0, nc);
        } else {
            for (int p = 0; p < kc; p++) {
                float[] row = dst[p];
                int src = bOff + jc * ldb + pc + p;
                for (int j = 0; j < nc; j++, src += ldb) row[j] = b[src];
            }
        }
    }
}
