package io.jkeras.benchmarks;

import io.jkeras.backend.cpu.Gemm;
import io.jkeras.backend.cpu.Parallel;

import java.util.Arrays;

/**
 * The {@code gemm} workload ({@link GemmWorkload}) with jkeras's {@code Gemm.sgemm} on its own thread
 * pool. Usage: {@code JkerasGemm gemm [shape-id-filter ...]}.
 */
public final class JkerasGemm {
    private JkerasGemm() {}

    public static void main(String[] args) {
        Bench.info("jkeras", "java " + Runtime.version() + ", kernel " + Gemm.sgemmKernelName() + ", "
                + Parallel.parallelism() + " threads");
        GemmWorkload.run("jkeras", (s, a, b, c) -> new GemmWorkload.Prepared() {
            @Override public void call() {
                Gemm.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), a, 0, s.lda(), b, 0, s.ldb(), c, 0, s.n(), false);
            }

            @Override public float c(int i, int j) {
                return c[i * s.n() + j];
            }
        }, Arrays.asList(args).subList(Math.min(1, args.length), args.length));
    }
}
