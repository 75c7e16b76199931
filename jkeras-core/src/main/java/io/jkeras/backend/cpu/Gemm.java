package io.jkeras.backend.cpu;

import java.util.Arrays;

/**
 * General matrix multiply on row-major arrays: {@code C = op(A) * op(B)} (+ C when accumulating),
 * where op transposes when asked. {@code A} is m x k after op, {@code B} is k x n, {@code C} is m x n.
 * Leading dimensions are the row strides of the stored (untransposed) matrices, so a transposed A is
 * stored k x m with row stride {@code lda >= m}.
 *
 * <pre>{@code
 * // c (2x2) = a (2x3) * b (3x2)
 * Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false);
 * // c += a^T * b, with a stored 3x2
 * Gemm.sgemm(true, false, 2, 2, 3, aT, 0, 2, b, 0, 2, c, 0, 2, true);
 * }</pre>
 *
 * <p>Small products take a direct loop (their fixed cost matters more than their speed); larger ones
 * take a packed, cache-blocked kernel, cut into fixed rectangles of C that run on the
 * {@link Parallel} pool. The float32 kernel uses the Vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} and a plain-Java kernel otherwise. Every element of C
 * is summed in an order that depends only on the shapes and flags, so results are the same bits
 * from run to run and for any thread count.
 *
 * <p>{@link #referenceSgemm} is the straightforward loop that the fast paths are tested against.
 */
public final class Gemm {
    private Gemm() {}

    /** Products with at most this many multiply-adds take the direct loop. */
    static final long SMALL_MACS = 32 * 1024;
    /** Products with fewer rows than this take the direct loop: packing all of B would not pay. */
    static final int DIRECT_ROWS = 8;
    /** Products with fewer columns than this take the direct loop (dot products). */
    static final int DIRECT_COLS = 4;
    /**
     * Products with fewer multiply-adds than this run on one thread: below about 100 us of work,
     * waking a second thread (which may first wait for a busy core) costs more than it saves.
     */
    static final long PARALLEL_MACS = 1L << 22;

    /** The float32 kernel for products above {@link #SMALL_MACS}, picked once at class load. */
    static final SgemmKernel SGEMM = GemmKernels.loadSgemm();

    /** The name of the float32 kernel in use, e.g. {@code panama-512bit-6x64} or {@code scalar-blocked}. */
    public static String sgemmKernelName() {
        return SGEMM.name();
    }

    /** float32 GEMM; see the class comment for the conventions. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        sgemm(SGEMM, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** float32 GEMM with a chosen kernel for the large path (tests run both kernels). */
    static void sgemm(SgemmKernel kernel, boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        checkDims("sgemm", transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        long macs = (long) m * n * k;
        if (macs <= SMALL_MACS || m < DIRECT_ROWS || n < DIRECT_COLS) {
            if (kernel instanceof PanamaSgemm) PanamaSmallSgemm.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            else smallSgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        kernel.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
                macs >= PARALLEL_MACS ? Parallel.parallelism() : 1);
    }

    /** Straightforward loops, kept as the ground truth for faster kernels. */
    public static void referenceSgemm(boolean transA, boolean transB, int m, int n, int k,
                                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                      float[] c, int cOff, int ldc, boolean accumulate) {
        float[] row = new float[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0f);
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (av == 0f) continue;
                if (!transB) {
                    int bo = bOff + p * ldb;
                    for (int j = 0; j < n; j++) row[j] += av * b[bo + j];
                } else {
                    for (int j = 0; j < n; j++) row[j] += av * b[bOff + j * ldb + p];
                }
            }
            int co = cOff + i * ldc;
            if (accumulate) for (int j = 0; j < n; j++) c[co + j] += row[j];
            else System.arraycopy(row, 0, c, co, n);
        }
    }

    /** float64 GEMM (blocked and parallel, plain Java); same conventions as {@link #sgemm}. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        checkDims("dgemm", transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            return;
        }
        long macs = (long) m * n * k;
        ScalarDgemm.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
                macs >= PARALLEL_MACS ? Parallel.parallelism() : 1);
    }

    /**
     * The direct path for small or thin products: no packing, no threads, nothing allocated. Rows of
     * B are added into rows of C (a loop C2 vectorizes) when B is not transposed and C is wide
     * enough, and dot products are taken otherwise.
     */
    static void smallSgemm(boolean transA, boolean transB, int m, int n, int k,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        int as = transA ? lda : 1;
        // B(p, j) = b[bOff + p * bp + j * bj]
        int bp = transB ? 1 : ldb, bj = transB ? ldb : 1;
        boolean rows = !transB && n >= 16;
        for (int i = 0; i < m; i++) {
            int co = cOff + i * ldc;
            int ai = transA ? aOff + i : aOff + i * lda;
            if (rows) {
                if (!accumulate) Arrays.fill(c, co, co + n, 0f);
                for (int p = 0; p < k; p++) {
                    float av = a[ai + p * as];
                    int bo = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[co + j] += av * b[bo + j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int bo = bOff + j * bj;
                    float s = 0f;
                    for (int p = 0; p < k; p++) s += a[ai + p * as] * b[bo + p * bp];
                    c[co + j] = accumulate ? c[co + j] + s : s;
                }
            }
        }
    }

    private static void checkDims(String op, boolean transA, boolean transB, int m, int n, int k,
                                  int lda, int ldb, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": m, n and k must be >= 0, received m=" + m + ", n=" + n + ", k=" + k);
        }
        // the row strides of the stored matrices must cover their rows (0 is fine for an empty row)
        int aCols = transA ? m : k, bCols = transB ? k : n;
        if (lda < aCols || ldb < bCols || ldc < n) {
            throw new IllegalArgumentException(op + ": leading dimensions too small for m=" + m + ", n=" + n + ", k=" + k
                    + " (transA=" + transA + ", transB=" + transB + "): need lda >= " + aCols
                    + ", ldb >= " + bCols + ", ldc >= " + n
                    + ", received lda=" + lda + ", ldb=" + ldb + ", ldc=" + ldc);
        }
    }
}
