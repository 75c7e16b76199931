package io.jkeras.benchmarks;

import io.jkeras.backend.cpu.Gemm;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * float32 GEMM throughput: square products and the shapes of a batch-128 MLP step (784-128-64-10),
 * forward ({@code NN}) and both gradients ({@code TN}: dW = x^T dy, {@code NT}: dx = dy W^T).
 * The {@code gflop} line of the results is GFLOP/s (JMH prints it as ops/s).
 *
 * <pre>
 * ./mvnw -q -pl jkeras-benchmarks -am package -DskipTests
 * java --add-modules jdk.incubator.vector -jar jkeras-benchmarks/target/benchmarks.jar GemmBench
 * # one shape, e.g. 4096^3:  ... GemmBench -p shape=4096x4096x4096:NN
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class GemmBench {

    /** {@code m x n x k : op(A) op(B)}, N = as stored, T = transposed. */
    @Param({
            "1024x1024x1024:NN", "2048x2048x2048:NN",
            "128x128x784:NN", "784x128x128:TN", "128x784x128:NT",
            "128x64x128:NN", "128x64x128:TN", "128x128x64:NT",
            "128x10x64:NN", "64x10x128:TN", "128x64x10:NT",
    })
    public String shape;

    private int m, n, k, lda, ldb;
    private boolean transA, transB;
    private float[] a, b, c;
    private double gflopPerCall;

    /** Counts GFLOP done, so JMH reports GFLOP/s next to calls/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    @Setup
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        transA = parts[1].charAt(0) == 'T';
        transB = parts[1].charAt(1) == 'T';
        lda = transA ? m : k;
        ldb = transB ? k : n;
        SplittableRandom rnd = new SplittableRandom(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
        gflopPerCall = 2.0 * m * n * k / 1e9;
        System.out.println("# sgemm kernel: " + Gemm.sgemmKernelName());
    }

    @Benchmark
    public float[] sgemm(Flops flops) {
        Gemm.sgemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
        flops.gflop += gflopPerCall;
        return c;
    }
}
