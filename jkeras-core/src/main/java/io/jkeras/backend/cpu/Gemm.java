package io.jkeras.backend.cpu;

/**
 * General matrix multiply on row-major arrays: {@code C = op(A) * op(B)} (+ C when accumulating),
 * where op transposes when asked. {@code A} is m x k after op, {@code B} is k x n, {@code C} is m x n.
 * Leading dimensions are the row strides of the stored (untransposed) matrices.
 *
 * <p>This is the simple reference kernel; optimized kernels are tested against it.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        referenceSgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
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

    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0);
            for (int p = 0; p < k; p++) {
                double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
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
}
