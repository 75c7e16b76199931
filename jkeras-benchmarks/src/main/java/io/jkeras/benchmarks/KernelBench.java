package io.jkeras.benchmarks;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.backend.Epilogue;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The non-GEMM kernels of a training step, through {@link Ops} as layers call them: an elementwise
 * chain with a bias broadcast, softmax, row and column sums, the fused dense op and its backward,
 * and the fused crossentropy, at the sizes of the MLP workload ({@code 128x128}) and of a big batch
 * ({@code 1024x1000}, where the kernels split across threads).
 *
 * <pre>
 * ./mvnw -q -pl jkeras-core,jkeras-benchmarks package -DskipTests
 * java --add-modules jdk.incubator.vector -jar jkeras-benchmarks/target/benchmarks.jar KernelBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class KernelBench {

    /** {@code rows x cols}. */
    @Param({"128x128", "1024x1000"})
    public String size;

    private Tensor x, y, bias, col, kernel, probs, labels;

    @Setup
    public void setup() {
        String[] p = size.split("x");
        int r = Integer.parseInt(p[0]), c = Integer.parseInt(p[1]);
        x = random(1, r, c);
        y = random(2, r, c);
        bias = random(3, c);
        col = random(4, r, 1);
        kernel = random(5, c, 64);
        probs = Ops.softmax(x, -1);
        labels = Ops.oneHot(Tensor.of(new int[r], r), c, io.jkeras.tensor.DType.FLOAT32);
    }

    static Tensor random(long seed, int... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return Tensor.wrap(v, shape);
    }

    @Benchmark public Tensor elementwiseChain() { return Ops.relu(Ops.multiply(Ops.add(x, bias), Ops.subtract(y, col))); }

    @Benchmark public Tensor softmax() { return Ops.softmax(x, -1); }

    @Benchmark public Tensor rowSum() { return Ops.sum(x, new int[] {1}, false); }

    @Benchmark public Tensor columnSum() { return Ops.sum(x, new int[] {0}, false); }

    @Benchmark public Tensor denseForward() { return Ops.dense(x, kernel, null, Epilogue.RELU); }

    @Benchmark public List<Tensor> denseForwardBackward() {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(kernel);
            Tensor loss = Ops.sum(Ops.dense(x, kernel, null, Epilogue.RELU));
            return tape.gradients(loss, List.of(kernel));
        }
    }

    @Benchmark public Tensor crossentropy() { return Ops.categoricalCrossentropy(labels, probs, 1e-7); }
}
