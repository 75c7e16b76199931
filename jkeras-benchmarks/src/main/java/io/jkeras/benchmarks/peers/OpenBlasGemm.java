package io.jkeras.benchmarks.peers;

import io.jkeras.benchmarks.Bench;
import io.jkeras.benchmarks.GemmWorkload;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

import java.util.Arrays;

/**
 * The {@code gemm} workload ({@link GemmWorkload}) with OpenBLAS's {@code cblas_sgemm} (row-major)
 * through the bytedeco presets, the ceiling that jkeras's GEMM is measured against. The matrices are
 * copied into native memory once, before timing. Threads: {@code OPENBLAS_NUM_THREADS} from the runner
 * (2 unless {@code --gemm-threads} says otherwise), also passed to {@code blas_set_num_threads}. Usage: {@code OpenBlasGemm gemm [shape-id-filter ...]}.
 */
public final class OpenBlasGemm {
    private OpenBlasGemm() {}

    private static final String LIB = "openblas";

    public static void main(String[] args) {
        openblas.blas_set_num_threads(Integer.parseInt(System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "2")));
        // (the build is DYNAMIC_ARCH: OPENBLAS_VERBOSE=2 prints the kernels it picked, Cooperlake on a Zen 4)
        Bench.info(LIB, openblas.OPENBLAS_VERSION.trim() + " (bytedeco openblas 0.3.31-1.5.13), "
                + openblas.blas_get_num_threads() + " threads");
        GemmWorkload.run(LIB, (s, a, b, c) -> {
            FloatPointer pa = new FloatPointer(a), pb = new FloatPointer(b), pc = new FloatPointer(c);
            return new GemmWorkload.Prepared() {
                @Override public void call() {
                    openblas.cblas_sgemm(openblas.CblasRowMajor, s.transA() ? openblas.CblasTrans : openblas.CblasNoTrans,
                            s.transB() ? openblas.CblasTrans : openblas.CblasNoTrans, s.m(), s.n(), s.k(),
                            1f, pa, s.lda(), pb, s.ldb(), 0f, pc, s.n());
                }

                @Override public float c(int i, int j) {
                    return pc.get((long) i * s.n() + j);
                }
            };
        }, Arrays.asList(args).subList(Math.min(1, args.length), args.length));
    }
}
