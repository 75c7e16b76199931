package io.jkeras.ops;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.backend.Epilogue;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Ops#dense} and {@link Ops#categoricalCrossentropy} against the plain compositions they
 * replace (values and gradients, float32, within 1e-6 relative), and their gradients against finite
 * differences in float64.
 */
class FusedOpsTest {

    static Tensor rand(long seed, DType dt, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[Shape.of(shape).intSize()];
        for (int i = 0; i < d.length; i++) d[i] = r.nextDouble() * 2 - 1;
        Tensor t = Tensor.wrap(d, shape);
        return Ops.cast(t, dt);
    }

    static Tensor composite(Tensor x, Tensor k, Tensor b, Epilogue act) {
        Tensor y = Ops.matmul(x, k);
        if (b != null) y = Ops.add(y, b);
        return switch (act) {
            case LINEAR -> y;
            case RELU -> Ops.relu(y);
            case SIGMOID -> Ops.sigmoid(y);
            case TANH -> Ops.tanh(y);
            case SOFTMAX -> Ops.softmax(y, -1);
        };
    }

    static void assertClose(Tensor want, Tensor got, double rtol, String what) {
        assertEquals(want.shape(), got.shape(), what);
        double[] w = want.toDoubleArray(), g = got.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            double tol = 1e-7 + rtol * Math.abs(w[i]);
            assertTrue(Math.abs(w[i] - g[i]) <= tol, what + " at " + i + ": expected " + w[i] + ", got " + g[i]);
        }
    }

    /** Values and the gradients with respect to every input of a weighted sum of {@code fn}'s output. */
    static List<Tensor> valueAndGrads(Function<List<Tensor>, Tensor> fn, Tensor... inputs) {
        try (GradientTape tape = new GradientTape()) {
            for (Tensor t : inputs) tape.watch(t);
            Tensor y = fn.apply(List.of(inputs));
            Tensor w = rand(99, y.dtype(), y.shape().toArray());
            Tensor loss = Ops.sum(Ops.multiply(y, w));
            List<Tensor> out = new java.util.ArrayList<>();
            out.add(y);
            out.addAll(tape.gradients(loss, List.of(inputs)));
            return out;
        }
    }

    @ParameterizedTest
    @EnumSource(Epilogue.class)
    void denseMatchesTheCompositionInValueAndGradient(Epilogue act) {
        int[][] dims = {{1, 1, 1}, {3, 7, 5}, {33, 17, 9}, {128, 64, 10}};
        long seed = 1;
        for (int[] d : dims) {
            for (boolean withBias : new boolean[] {true, false}) {
                Tensor x = rand(seed++, DType.FLOAT32, d[0], d[1]), k = rand(seed++, DType.FLOAT32, d[1], d[2]);
                Tensor b = withBias ? rand(seed++, DType.FLOAT32, d[2]) : null;
                Tensor[] in = withBias ? new Tensor[] {x, k, b} : new Tensor[] {x, k};
                List<Tensor> fused = valueAndGrads(v -> Ops.dense(v.get(0), v.get(1), withBias ? v.get(2) : null, act), in);
                List<Tensor> plain = valueAndGrads(v -> composite(v.get(0), v.get(1), withBias ? v.get(2) : null, act), in);
                for (int i = 0; i < fused.size(); i++)
                    assertClose(plain.get(i), fused.get(i), 1e-6, act + " " + java.util.Arrays.toString(d) + " output " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Epilogue.class)
    void denseGradientsMatchFiniteDifferences(Epilogue act) {
        Tensor x = rand(5, DType.FLOAT64, 4, 3), k = rand(6, DType.FLOAT64, 3, 5), b = rand(7, DType.FLOAT64, 5);
        GradCheck.check(v -> Ops.dense(v.get(0), v.get(1), v.get(2), act), x, k, b);
        GradCheck.check(v -> Ops.dense(v.get(0), v.get(1), null, act), rand(8, DType.FLOAT64, 2, 3, 3), k);
    }

    @Test
    void denseOnDataNeedsNoInputGradientAndKeepsTheKernelGradient() {
        Tensor x = rand(1, DType.FLOAT32, 6, 4), k = rand(2, DType.FLOAT32, 4, 3);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(k);
            Tensor y = Ops.sum(Ops.dense(x, k, null, Epilogue.TANH));
            List<Tensor> g = tape.gradients(y, List.of(x, k));
            assertNull(g.get(0), "x was not watched");
            assertEquals(Shape.of(4, 3), g.get(1).shape());
        }
    }

    @Test
    void secondOrderGradientsFlowThroughDense() {
        // d/dx of sum(d/dk sum(tanh(x k + b))) with the fused op equals the composition's
        Tensor x = rand(3, DType.FLOAT64, 3, 4), k = rand(4, DType.FLOAT64, 4, 2), b = rand(5, DType.FLOAT64, 2);
        Tensor[] results = new Tensor[2];
        for (int variant = 0; variant < 2; variant++) {
            try (GradientTape outer = new GradientTape()) {
                outer.watch(x);
                Tensor dk;
                try (GradientTape inner = new GradientTape()) {
                    inner.watch(k);
                    Tensor y = variant == 0 ? Ops.dense(x, k, b, Epilogue.TANH) : composite(x, k, b, Epilogue.TANH);
                    dk = inner.gradient(Ops.sum(Ops.square(y)), k);
                }
                results[variant] = outer.gradient(Ops.sum(Ops.square(dk)), x);
            }
        }
        assertClose(results[1], results[0], 1e-12, "second-order gradient");
    }

    @Test
    void denseChecksShapes() {
        Tensor x = Tensor.zeros(2, 3), k = Tensor.zeros(4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.dense(x, k, null, Epilogue.RELU));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 5)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.dense(Tensor.zeros(2, 4), k, Tensor.zeros(4), Epilogue.RELU));
    }

    static Tensor crossentropyChain(Tensor t, Tensor p) {
        Tensor q = Ops.divide(p, Ops.sum(p, new int[] {-1}, true));
        return Ops.negative(Ops.sum(Ops.multiply(t, Ops.log(Ops.clip(q, 1e-7, 1 - 1e-7))), new int[] {-1}, false));
    }

    @Test
    void crossentropyMatchesTheChainIncludingClippedEntries() {
        for (int[] shape : new int[][] {{1, 2}, {5, 10}, {33, 7}, {2, 3, 4}}) {
            Tensor z = Ops.multiply(rand(shape[0], DType.FLOAT32, shape), 12.0);   // big logits: some p < 1e-7
            Tensor t = Ops.softmax(rand(shape[0] + 50L, DType.FLOAT32, shape), -1);
            List<Tensor> fused = valueAndGrads(v -> Ops.categoricalCrossentropy(t, Ops.softmax(v.get(0), -1), 1e-7), z);
            List<Tensor> plain = valueAndGrads(v -> crossentropyChain(t, Ops.softmax(v.get(0), -1)), z);
            assertClose(plain.get(0), fused.get(0), 1e-6, "loss " + java.util.Arrays.toString(shape));
            assertClose(plain.get(1), fused.get(1), 1e-6, "d loss / d logits " + java.util.Arrays.toString(shape));
            // probabilities that do not sum to one
            Tensor p = Ops.multiply(Ops.softmax(z, -1), 0.6);
            List<Tensor> f2 = valueAndGrads(v -> Ops.categoricalCrossentropy(t, v.get(0), 1e-7), p);
            List<Tensor> p2 = valueAndGrads(v -> crossentropyChain(t, v.get(0)), p);
            assertClose(p2.get(0), f2.get(0), 1e-6, "loss, unnormalized");
            assertClose(p2.get(1), f2.get(1), 1e-6, "d loss / d p, unnormalized");
        }
    }

    @Test
    void crossentropyGradientMatchesFiniteDifferences() {
        Tensor z = rand(12, DType.FLOAT64, 4, 5);
        Tensor t = Ops.softmax(rand(13, DType.FLOAT64, 4, 5), -1);
        GradCheck.check(v -> Ops.categoricalCrossentropy(t, Ops.softmax(v.get(0), -1), 1e-7), z);
        // with a tracked target the op falls back to the chain, which differentiates the labels too
        GradCheck.check(v -> Ops.categoricalCrossentropy(v.get(1), Ops.softmax(v.get(0), -1), 1e-7), z, t);
    }

    @Test
    void meanSquaredErrorMatchesTheChainAndFiniteDifferences() {
        for (int[] shape : new int[][] {{1, 1}, {32, 1}, {7, 5}, {2, 3, 4}}) {
            Tensor t = rand(shape[0] + 70L, DType.FLOAT32, shape), p = rand(shape[0] + 71L, DType.FLOAT32, shape);
            List<Tensor> fused = valueAndGrads(v -> Ops.meanSquaredError(t, v.get(0)), p);
            List<Tensor> plain = valueAndGrads(v -> Ops.mean(Ops.square(Ops.subtract(t, v.get(0))), -1), p);
            assertClose(plain.get(0), fused.get(0), 1e-6, "mse " + java.util.Arrays.toString(shape));
            assertClose(plain.get(1), fused.get(1), 1e-6, "d mse / d pred " + java.util.Arrays.toString(shape));
        }
        Tensor t = rand(80, DType.FLOAT64, 4, 3);
        GradCheck.check(v -> Ops.meanSquaredError(t, v.get(0)), rand(81, DType.FLOAT64, 4, 3));
        // a tracked target, and broadcasting shapes, take the composition (which differentiates both)
        GradCheck.check(v -> Ops.meanSquaredError(v.get(0), v.get(1)), rand(82, DType.FLOAT64, 4, 3), rand(83, DType.FLOAT64, 4, 3));
        GradCheck.check(v -> Ops.meanSquaredError(v.get(0), v.get(1)), rand(84, DType.FLOAT64, 4, 1), rand(85, DType.FLOAT64, 4, 3));
    }

    @Test
    void crossentropyChecksShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.categoricalCrossentropy(Tensor.zeros(2, 3), Tensor.zeros(2, 4), 1e-7));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(2, 4)"), e.getMessage());
    }
}
