package io.jkeras.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The {@code gemm} workload of the side-by-side runner: float32 GEMM throughput on square products
 * and on the skinny shapes of the training workloads, for jkeras ({@link JkerasGemm}) and OpenBLAS
 * ({@code peers.OpenBlasGemm}), each in its own JVM. Both get the same row-major matrices (fixed
 * seed) and the same conventions as {@code Gemm.sgemm}: {@code C = op(A) op(B)}, A stored k x m when
 * transposed.
 *
 * <p>Per shape: two rounds of warm-up calls (0.6 s of the calling thread's CPU time each, then a pause
 * for the JIT's compilations to finish), then {@link Bench#REPEATS} timed repeats of at least
 * 0.25 s each, printed as {@code RESULT <lib> gemm gflops_<shape> v} (wall clock) and
 * {@code RESULT <lib> gemm cpu_gflops_<shape> v} (GFLOP per CPU-second of the whole process, so that
 * spinning threads count). A few elements of C are checked against a float64 dot product, so that a
 * wrong transpose or stride in a runner fails loudly instead of timing the wrong product.
 */
public final class GemmWorkload {
    private GemmWorkload() {}

    /** One product: C (m x n) = op(A) (m x k) op(B) (k x n). */
    public record Shape(String label, int m, int n, int k, boolean transA, boolean transB) {
        /** The key suffix of the RESULT lines, e.g. {@code 784x128x128_tA}. */
        public String id() {
            return m + "x" + n + "x" + k + (transA ? "_tA" : "") + (transB ? "_tB" : "");
        }

        public int lda() { return transA ? m : k; }
        public int ldb() { return transB ? k : n; }
        public double flops() { return 2.0 * m * n * k; }
    }

    /** The shapes timed, in the order of the table. */
    public static final List<Shape> SHAPES = List.of(
            new Shape("square 1024", 1024, 1024, 1024, false, false),
            new Shape("square 4096", 4096, 4096, 4096, false, false),
            new Shape("MLP dense 1 forward: x W", 128, 128, 784, false, false),
            new Shape("MLP dense 1 weight gradient: x^T dy", 784, 128, 128, true, false),
            new Shape("MLP dense 1 input gradient: dy W^T", 128, 784, 128, false, true),
            new Shape("MLP dense 2 forward", 128, 64, 128, false, false),
            new Shape("MLP dense 2 weight gradient", 128, 64, 128, true, false),
            new Shape("MLP dense 2 input gradient", 128, 128, 64, false, true),
            new Shape("MLP output layer forward", 128, 10, 64, false, false),
            new Shape("CNN conv 2 forward (im2col, batch 128)", 15488, 64, 288, false, false),
            new Shape("CNN conv 2 weight gradient", 288, 64, 15488, true, false),
            new Shape("CNN conv 2 input gradient (col2im input)", 15488, 288, 64, false, true),
            new Shape("LSTM recurrent step: h U", 64, 512, 128, false, false));

    /** One library's GEMM on matrices it was given once (copied where it needs native memory). */
    public interface Prepared {
        /** Runs C = op(A) op(B) once. */
        void call();

        /** Element (i, j) of C after the last call. */
        float c(int i, int j);
    }

    /** Builds a library's {@link Prepared} product from row-major arrays (A k x m if transposed, B n x k if transposed). */
    public interface Library {
        Prepared prepare(Shape s, float[] a, float[] b, float[] c);
    }

    /** Runs every shape (or those whose id contains one of {@code filters}) and prints RESULT lines. */
    public static void run(String lib, Library library, List<String> filters) {
        for (Shape s : SHAPES) {
            if (!filters.isEmpty() && filters.stream().noneMatch(f -> s.id().contains(f))) continue;
            time(lib, library, s);
        }
        Bench.finish(lib, "gemm");
    }

    static void time(String lib, Library library, Shape s) {
        SplittableRandom r = new SplittableRandom(Bench.SEED);
        float[] a = new float[s.m * s.k], b = new float[s.k * s.n], c = new float[s.m * s.n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
        Prepared p = library.prepare(s, a, b, c);
        // warm up twice for 0.6 s of this thread's CPU time (not wall time: on a busy machine a second of
        // wall time can leave a JIT-compiled library in its interpreter), each time at least 2 calls, then
        // pause so that the JIT's background compilations finish before the timing
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int phase = 0; phase < 2; phase++) {
            long cpuEnd = mx.getCurrentThreadCpuTime() + 600_000_000L, cap = System.nanoTime() + 10_000_000_000L;
            int warm = 0;
            do {
                p.call();
                warm++;
            } while (warm < 2 || (mx.getCurrentThreadCpuTime() < cpuEnd && System.nanoTime() < cap));
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        check(lib, s, a, b, p);
        for (int rep = 0; rep < Bench.REPEATS; rep++) {
            double cpu0 = Bench.cpuSeconds();
            long t0 = System.nanoTime();
            long calls = 0;
            do {
                p.call();
                calls++;
            } while (System.nanoTime() - t0 < 250_000_000L);
            double secs = (System.nanoTime() - t0) / 1e9, cpu = Bench.cpuSeconds() - cpu0;
            Bench.result(lib, "gemm", "gflops_" + s.id(), s.flops() * calls / secs / 1e9);
            Bench.result(lib, "gemm", "cpu_gflops_" + s.id(), s.flops() * calls / cpu / 1e9);
        }
    }

    /** Compares 32 elements of C with a float64 dot product; throws on a mismatch. */
    static void check(String lib, Shape s, float[] a, float[] b, Prepared p) {
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 32; t++) {
            int i = r.nextInt(s.m), j = r.nextInt(s.n);
            double sum = 0, mag = 0;
            for (int q = 0; q < s.k; q++) {
                double x = s.transA ? a[q * s.lda() + i] : a[i * s.lda() + q];
                double y = s.transB ? b[j * s.ldb() + q] : b[q * s.ldb() + j];
                sum += x * y;
                mag += Math.abs(x * y);
            }
            double got = p.c(i, j);
            if (Math.abs(got - sum) > 1e-5 * mag + 1e-6) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s %s: C[%d][%d] = %g, expected %g", lib, s.id(), i, j, got, sum));
            }
        }
    }
}
