package io.jkeras.backend.cpu;

/**
 * A blocked float32 GEMM kernel with the argument conventions of {@link Gemm#sgemm}, for products
 * big enough to pay for packing. A kernel splits its work over up to {@code threads} threads of the
 * {@link Parallel} pool, and computes each element of C with a sequence of operations that depends
 * only on the shapes and flags (never on the split), so results are the same bits on every run.
 *
 * <p>Two implementations: {@link PanamaSgemm} (Vector API) and {@link ScalarSgemm} (plain Java,
 * for when {@code jdk.incubator.vector} is not enabled). {@link GemmKernels} picks one at start-up.
 */
interface SgemmKernel {

    /** A short name for logs and benchmarks. */
    String name();

    /** Computes C (=|+=) op(A) op(B); {@code m, n, k > 0}; {@code threads >= 1}. */
    void multiply(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc, boolean accumulate, int threads);
}
