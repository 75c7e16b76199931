package io.jkeras.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct (unpacked, single-threaded) path of {@link Gemm#sgemm} for small and thin products,
 * on the Vector API: the products of a small model's training step (e.g. 32x10 by 10x32) have
 * fixed costs that packing would only add to. Same conventions as {@link Gemm#smallSgemm}, whose
 * plain loops C2 does not vectorize (it cannot prove that C and B are different arrays).
 *
 * <ul>
 *   <li>B not transposed, at least one vector of columns: each row of C is held in registers (two
 *       vectors at a time) while the rows of B are added in, scaled by A's entries (FMA);</li>
 *   <li>a dot product per element otherwise: vectorized when A's row and B's column are both
 *       contiguous (A not transposed; B transposed, or a single column of stride 1), scalar else.</li>
 * </ul>
 * Each element's sum depends only on the shapes and flags, so results repeat bit for bit.
 */
final class PanamaSmallSgemm {
    private PanamaSmallSgemm() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        int as = transA ? lda : 1;        // A(i, p) = a[ai + p * as]
        // B(p, j) = b[bOff + p * bp + j * bj]; a transposed B with k = 1 has contiguous rows too
        int bp = transB ? 1 : ldb, bj = transB ? ldb : 1;
        if (transB && k == 1 && ldb == 1) bj = 1;
        if (transA && n == 1 && ldc == 1 && m >= L) {
            // one column of C = A^T b: rows of the stored A scaled by b's entries, vectorized over i
            int i = 0;
            for (; i + L <= m; i += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int p = 0; p < k; p++) acc = FloatVector.fromArray(S, a, aOff + p * lda + i).fma(FloatVector.broadcast(S, b[bOff + p * bp]), acc);
                if (accumulate) acc = acc.add(FloatVector.fromArray(S, c, cOff + i));
                acc.intoArray(c, cOff + i);
            }
            for (; i < m; i++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s = Math.fma(a[aOff + p * lda + i], b[bOff + p * bp], s);
                c[cOff + i] = accumulate ? c[cOff + i] + s : s;
            }
            return;
        }
        if (bj == 1 && n >= L) {
            for (int i = 0; i < m; i++) {
                int ai = transA ? aOff + i : aOff + i * lda, co = cOff + i * ldc;
                int j = 0;
                for (; j + 2 * L <= n; j += 2 * L) {
                    FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
                    for (int p = 0, bo = bOff + j; p < k; p++, bo += bp) {
                        FloatVector av = FloatVector.broadcast(S, a[ai + p * as]);
                        acc0 = FloatVector.fromArray(S, b, bo).fma(av, acc0);
                        acc1 = FloatVector.fromArray(S, b, bo + L).fma(av, acc1);
                    }
                    if (accumulate) {
                        acc0 = acc0.add(FloatVector.fromArray(S, c, co + j));
                        acc1 = acc1.add(FloatVector.fromArray(S, c, co + j + L));
                    }
                    acc0.intoArray(c, co + j);
                    acc1.intoArray(c, co + j + L);
                }
                for (; j + L <= n; j += L) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int p = 0, bo = bOff + j; p < k; p++, bo += bp) {
                        acc = FloatVector.fromArray(S, b, bo).fma(FloatVector.broadcast(S, a[ai + p * as]), acc);
                    }
                    if (accumulate) acc = acc.add(FloatVector.fromArray(S, c, co + j));
                    acc.intoArray(c, co + j);
                }
                for (; j < n; j++) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) s = Math.fma(a[ai + p * as], b[bOff + p * bp + j], s);
                    c[co + j] = accumulate ? c[co + j] + s : s;
                }
            }
            return;
        }
        boolean contiguous = !transA && bp == 1 && k >= L;
        for (int i = 0; i < m; i++) {
            int ai = transA ? aOff + i : aOff + i * lda, co = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                int bo = bOff + j * (transB ? ldb : 1);
                float s;
                if (contiguous) {
                    FloatVector acc = FloatVector.zero(S);
                    int p = 0;
                    for (; p + L <= k; p += L) acc = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
                    // lanes summed in a fixed order: reduceLanes(ADD) may pick a different order in the
                    // interpreter and in C2, and the same inputs must give the same bits
                    s = 0f;
                    for (int l = 0; l < L; l++) s += acc.lane(l);
                    for (; p < k; p++) s = Math.fma(a[ai + p], b[bo + p], s);
                } else {
                    s = 0f;
                    for (int p = 0; p < k; p++) s = Math.fma(a[ai + p * as], b[bo + p * bp], s);
                }
                c[co + j] = accumulate ? c[co + j] + s : s;
            }
        }
    }
}
