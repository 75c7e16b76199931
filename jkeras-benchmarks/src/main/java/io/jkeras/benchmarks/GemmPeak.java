package io.jkeras.benchmarks;

import io.jkeras.backend.cpu.Gemm;
import io.jkeras.backend.cpu.Parallel;

import java.util.SplittableRandom;

/**
 * A quick float32 GEMM throughput check without JMH: prints GFLOP/s for square products (and, with
 * {@code --mlp}, the shapes of a batch-128 MLP step). Not a rigorous benchmark; use {@link GemmBench}
 * for that.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jkeras-benchmarks/target/benchmarks.jar \
 *     io.jkeras.benchmarks.GemmPeak [--mlp] [size ...]
 * </pre>
 */
public final class GemmPeak {
    private GemmPeak() {}

    public static void main(String[] args) {
        boolean mlp = false;
        java.util.List<int[]> shapes = new java.util.ArrayList<>();
        for (String s : args) {
            if (s.equals("--mlp")) mlp = true;
            else {
                int d = Integer.parseInt(s);
                shapes.add(new int[] {d, d, d, 0, 0});
            }
        }
        if (shapes.isEmpty() && !mlp) {
            shapes.add(new int[] {1024, 1024, 1024, 0, 0});
            shapes.add(new int[] {2048, 2048, 2048, 0, 0});
        }
        if (mlp) {
            // {m, n, k, transA, transB}: forward x@W, then dW = x^T @ dy and dx = dy @ W^T
            shapes.add(new int[] {128, 128, 784, 0, 0});
            shapes.add(new int[] {784, 128, 128, 1, 0});
            shapes.add(new int[] {128, 784, 128, 0, 1});
            shapes.add(new int[] {128, 64, 128, 0, 0});
            shapes.add(new int[] {128, 64, 128, 1, 0});
            shapes.add(new int[] {128, 128, 64, 0, 1});
            shapes.add(new int[] {128, 10, 64, 0, 0});
            shapes.add(new int[] {64, 10, 128, 1, 0});
            shapes.add(new int[] {128, 64, 10, 0, 1});
        }
        System.out.printf("kernel %s, %d threads%n", Gemm.sgemmKernelName(), Parallel.parallelism());
        for (int[] s : shapes) run(s[0], s[1], s[2], s[3] == 1, s[4] == 1);
    }

    private static void run(int m, int n, int k, boolean tA, boolean tB) {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
        int lda = tA ? m : k, ldb = tB ? k : n;
        double flops = 2.0 * m * n * k;
        // warm up for about a second, then time repeated runs for about a second
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) Gemm.sgemm(tA, tB, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            long iters = 0;
            do {
                Gemm.sgemm(tA, tB, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
                iters++;
            } while (System.nanoTime() - t0 < 200_000_000L);
            double secs = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, flops * iters / secs / 1e9);
        }
        System.out.printf("%4d x %4d x %4d %s%s: %7.1f GFLOP/s (best of 5; %.1f us per call)%n", m, n, k,
                tA ? "A^T" : "A  ", tB ? " B^T" : " B  ", best, flops / best / 1e3);
    }
}
