package io.jkeras.backend.cpu;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Epilogue;
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.UnaryOp;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast float32 kernels against simple references: index-array broadcasting, double-precision
 * reductions and softmax, the scalar loops, and the {@link Backend} default compositions of the
 * fused kernels. Shapes are odd, include edges (one row, one column, empty) and sizes above the
 * parallel threshold.
 */
class FloatKernelsTest {
    private final CpuBackend cpu = new CpuBackend();

    static Tensor rand(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[Shape.of(shape).intSize()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (r.nextDouble() * 4 - 2);
        return Tensor.wrap(d, shape);
    }

    /** NumPy broadcasting with index arrays and double arithmetic: the general kernel, as a reference. */
    static float[] referenceBinary(BinaryOp op, Tensor a, Tensor b, Shape out) {
        int n = out.intSize();
        int[] ia = CpuBackend.broadcastIndex(a.shape(), out), ib = CpuBackend.broadcastIndex(b.shape(), out);
        float[] x = a.floats(), y = b.floats(), o = new float[n];
        for (int i = 0; i < n; i++) o[i] = (float) CpuBackend.apply(op, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
        return o;
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV", "MAXIMUM", "MINIMUM"})
    void broadcastLayoutsMatchTheIndexArrayReference(BinaryOp op) {
        int[][][] cases = {
                {{3, 5}, {3, 5}}, {{1, 1}, {1, 1}}, {{7, 33}, {}}, {{}, {7, 33}}, {{7, 33}, {33}}, {{33}, {7, 33}},
                {{2, 3, 17}, {1, 17}}, {{2, 3, 17}, {3, 17}}, {{3, 17}, {2, 3, 17}}, {{7, 33}, {7, 1}}, {{7, 1}, {7, 33}},
                {{2, 5, 9}, {2, 5, 1}}, {{2, 5, 1}, {2, 5, 9}}, {{5, 9}, {1, 5, 1}}, {{1, 9}, {4, 9}},
                {{513, 301}, {513, 301}}, {{513, 301}, {301}}, {{513, 301}, {513, 1}}, {{513, 301}, {1}},
                {{0, 5}, {5}}, {{4, 5}, {4, 1, 5}}, {{2, 1, 5}, {2, 3, 1}}};
        long seed = 1;
        for (int[][] c : cases) {
            Tensor a = rand(seed++, c[0]), b = rand(seed++, c[1]);
            if (op == BinaryOp.DIV) b = cpu.binary(BinaryOp.ADD, cpu.unary(UnaryOp.ABS, b), Tensor.scalar(0.5f), b.shape());
            Shape out = io.jkeras.ops.Ops.broadcastShapes(a.shape(), b.shape());
            Tensor got = cpu.binary(op, a, b, out);
            assertEquals(out, got.shape());
            assertArrayEquals(referenceBinary(op, a, b, out), got.floats(), op + " " + a.shape() + " with " + b.shape());
        }
    }

    @Test
    void nanPropagatesThroughMaximumAndMinimum() {
        Tensor a = Tensor.of(new float[] {1, Float.NaN, -3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, Float.NaN}, 18);
        Tensor b = Tensor.of(new float[] {Float.NaN, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 1}, 18);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.MAXIMUM, BinaryOp.MINIMUM})
            assertArrayEquals(referenceBinary(op, a, b, a.shape()), cpu.binary(op, a, b, a.shape()).floats());
    }

    @Test
    void vectorLoopsEqualTheScalarLoops() {
        FloatLoops vec = FloatLoops.INSTANCE, ref = new ScalarFloatLoops();
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 31, 33, 64, 100, 257}) {
            float[] x = new float[n + 3], y = new float[n + 5];
            for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 4 - 2);
            for (int i = 0; i < y.length; i++) y[i] = (float) (r.nextDouble() * 4 - 2);
            if (n > 3) { x[1] = Float.NaN; x[2] = -0f; y[3] = Float.NaN; }
            for (int op = 0; op <= FloatLoops.MIN; op++) {
                float[] o1 = new float[n + 2], o2 = new float[n + 2];
                vec.binary(op, x, 3, y, 5, o1, 2, n - 3 > 0 ? n - 3 : 0);
                ref.binary(op, x, 3, y, 5, o2, 2, n - 3 > 0 ? n - 3 : 0);
                assertArrayEquals(o2, o1, "binary op " + op + " n " + n);
                for (boolean swap : new boolean[] {false, true}) {
                    vec.binaryScalar(op, x, 1, 0.75f, swap, o1, 0, n);
                    ref.binaryScalar(op, x, 1, 0.75f, swap, o2, 0, n);
                    assertArrayEquals(o2, o1, "scalar op " + op + " swap " + swap + " n " + n);
                }
            }
            float[] o1 = new float[n + 3], o2 = new float[n + 3];
            vec.relu(x, o1, 1, n + 3);
            ref.relu(x, o2, 1, n + 3);
            assertArrayEquals(o2, o1, "relu n " + n);
            vec.reluGrad(x, y, o1, 0, n + 3);
            ref.reluGrad(x, y, o2, 0, n + 3);
            assertArrayEquals(o2, o1, "reluGrad n " + n);
            float[] c1 = x.clone(), c2 = x.clone();
            for (boolean relu : new boolean[] {false, true}) {
                vec.biasAct(c1, 2, y, n, relu);
                ref.biasAct(c2, 2, y, n, relu);
                assertArrayEquals(c2, c1, "biasAct relu " + relu + " n " + n);
            }
        }
    }

    @Test
    void reductionsEqualTheFloat64Kernel() {
        int[][] shapes = {{1}, {5}, {3, 7}, {129, 10}, {2, 3, 5}, {600, 301}, {0, 4}, {4, 0}};
        int[][][] axesFor = {{{0}}, {{0}}, {{0}, {1}, {0, 1}}, {{0}, {1}}, {{0}, {2}, {1, 2}, {0, 1}, {0, 1, 2}}, {{0}, {1}}, {{0}, {1}}, {{0}, {1}}};
        long seed = 11;
        for (int s = 0; s < shapes.length; s++) {
            Tensor x = rand(seed++, shapes[s]);
            for (int[] axes : axesFor[s]) {
                for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MEAN, ReduceOp.MAX, ReduceOp.MIN, ReduceOp.PROD}) {
                    if ((op == ReduceOp.MAX || op == ReduceOp.MIN) && x.size() == 0) continue;
                    for (boolean keep : new boolean[] {false, true}) {
                        Tensor got = cpu.reduce(op, x, axes, keep);
                        Tensor ref = CpuBackend.convert(cpu.reduce(op, CpuBackend.convert(x, DType.FLOAT64), axes, keep), DType.FLOAT32);
                        assertEquals(ref.shape(), got.shape());
                        assertArrayEquals(ref.floats(), got.floats(), op + " over " + java.util.Arrays.toString(axes) + " of " + x.shape());
                    }
                }
            }
        }
    }

    @Test
    void softmaxAndLogSoftmaxEqualTheFloat64Kernel() {
        for (int[] shape : new int[][] {{1, 1}, {3, 10}, {2, 3, 17}, {700, 200}, {5}}) {
            Tensor x = rand(shape.length * 100L + shape[0], shape);
            Tensor x64 = CpuBackend.convert(x, DType.FLOAT64);
            int ax = shape.length - 1;
            assertArrayEquals(CpuBackend.convert(cpu.softmax(x64, ax), DType.FLOAT32).floats(), cpu.softmax(x, ax).floats());
            assertArrayEquals(CpuBackend.convert(cpu.logSoftmax(x64, ax), DType.FLOAT32).floats(), cpu.logSoftmax(x, ax).floats());
        }
    }

    @Test
    void largeUnaryAndWhereRunInChunksWithTheSameValues() {
        Tensor x = rand(3, 401, 411);
        float[] xs = x.floats();
        for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.NEG, UnaryOp.ABS}) {
            float[] got = cpu.unary(op, x).floats();
            for (int i = 0; i < xs.length; i++) assertEquals((float) CpuBackend.apply(op, xs[i]), got[i], op + " at " + i);
        }
        Tensor y = rand(4, 401, 411);
        Tensor c = cpu.binary(BinaryOp.GREATER, x, y, x.shape());
        float[] w = cpu.where(c, x, y, x.shape()).floats();
        for (int i = 0; i < xs.length; i++) assertEquals(Math.max(xs[i], y.floats()[i]), w[i]);
    }

    @Test
    void rowBroadcastToCopiesTheRow() {
        Tensor row = rand(5, 1, 7);
        Tensor b = cpu.broadcastTo(row, Shape.of(3, 4, 7));
        for (int i = 0; i < 12; i++) for (int j = 0; j < 7; j++) assertEquals(row.floats()[j], b.floats()[i * 7 + j]);
    }

    // ------------------------------------------------------------------ fused kernels vs the Backend defaults

    /** A backend that runs the interface's default (composed) fused kernels over the CPU backend's primitives. */
    static Backend composedDefaults(CpuBackend cpu) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.isDefault()) return InvocationHandler.invokeDefault(proxy, m, args);
            return m.invoke(cpu, args);
        };
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
    }

    @Test
    void fusedDenseEqualsTheComposition() {
        Backend ref = composedDefaults(cpu);
        int[][] dims = {{1, 1, 1}, {3, 7, 5}, {129, 33, 17}, {2, 784, 128}, {128, 64, 10}, {300, 40, 600}};
        long seed = 21;
        for (int[] d : dims) {
            Tensor x = rand(seed++, d[0], d[1]), k = rand(seed++, d[1], d[2]), b = rand(seed++, d[2]);
            for (Epilogue act : Epilogue.values()) {
                for (Tensor bias : new Tensor[] {b, null}) {
                    float[] want = ref.dense(x, k, bias, act).floats(), got = cpu.dense(x, k, bias, act).floats();
                    assertArrayEquals(want, got, act + " dense " + java.util.Arrays.toString(d) + " bias " + (bias != null));
                }
            }
        }
        Tensor x3 = rand(31, 2, 3, 5), k3 = rand(32, 5, 4);
        Tensor y3 = cpu.dense(x3, k3, null, Epilogue.RELU);
        assertEquals(Shape.of(2, 3, 4), y3.shape());
        assertArrayEquals(ref.dense(x3, k3, null, Epilogue.RELU).floats(), y3.floats());
    }

    @Test
    void denseReadsARowViewInPlaceWithTheBitsOfACopy() {
        // rows [from, to) of a larger input, read in place by the GEMM (small, direct and packed paths)
        int[][] dims = {{7, 3, 5, 2, 6}, {300, 33, 17, 101, 230}, {2100, 784, 128, 1029, 2053}, {64, 40, 600, 1, 64}};
        long seed = 71;
        for (int[] d : dims) {
            int rows = d[0], in = d[1], units = d[2], from = d[3], to = d[4];
            Tensor all = rand(seed++, rows, in), k = rand(seed++, in, units), b = rand(seed++, units);
            Tensor view = all.sliceRows(from, to);
            Tensor copy = Tensor.of(java.util.Arrays.copyOfRange(all.floats(), from * in, to * in), to - from, in);
            for (Epilogue act : new Epilogue[] {Epilogue.RELU, Epilogue.SOFTMAX}) {
                float[] want = cpu.dense(copy, k, b, act).floats(), got = cpu.dense(view, k, b, act).floats();
                assertArrayEquals(want, got, act + " dense of rows " + from + ".." + to + " of " + java.util.Arrays.toString(d));
            }
        }
    }

    @Test
    void fusedDenseBackwardEqualsTheComposedGradient() {
        // {rows, in, units}: direct-loop, packed and parallel GEMM sizes; both products small (dk forked) or not
        int[][] dims = {{1, 1, 1}, {3, 7, 5}, {129, 33, 17}, {128, 128, 64}, {128, 784, 128}, {37, 300, 90}};
        long seed = 91;
        for (int[] d : dims) {
            int rows = d[0], in = d[1], units = d[2];
            Tensor all = rand(seed++, rows + 5, in), k = rand(seed++, in, units), b = rand(seed++, units);
            for (Tensor x : new Tensor[] {rand(seed++, rows, in), all.sliceRows(3, 3 + rows)}) {
                for (Epilogue act : Epilogue.values()) {
                    Tensor out = cpu.dense(x, k, b, act), g = rand(seed++, rows, units);
                    Tensor dz = cpu.activationGrad(act, out, g);
                    float[] dx = cpu.matmul(dz, k, false, true, Shape.of(rows, in)).floats();
                    float[] dk = cpu.matmul(x, dz, true, false, Shape.of(in, units)).floats();
                    float[] db = cpu.reduce(ReduceOp.SUM, dz, new int[] {0}, false).floats();
                    String what = act + " " + java.util.Arrays.toString(d) + (x.isView() ? " (view)" : "");
                    Tensor[] got = cpu.denseGrad(x, k, true, act, out, g, true, true, true);
                    assertArrayEquals(dx, got[0].floats(), "dx " + what);
                    assertArrayEquals(dk, got[1].floats(), "dkernel " + what);
                    assertArrayEquals(db, got[2].floats(), "dbias " + what);
                    assertEquals(x.shape(), got[0].shape());
                    assertEquals(k.shape(), got[1].shape());
                    // only what is asked for
                    Tensor[] some = cpu.denseGrad(x, k, true, act, out, g, false, true, false);
                    assertEquals(null, some[0]);
                    assertArrayEquals(dk, some[1].floats(), "dkernel alone " + what);
                    assertEquals(null, some[2]);
                    Tensor[] noBias = cpu.denseGrad(x, k, false, act, out, g, true, false, true);
                    assertArrayEquals(dx, noBias[0].floats(), "dx alone " + what);
                    assertEquals(null, noBias[1]);
                    assertEquals(null, noBias[2]);
                }
            }
        }
        // rank-3 inputs fold their leading axes into rows
        Tensor x3 = rand(7, 2, 3, 5), k3 = rand(8, 5, 4), g3 = rand(9, 2, 3, 4);
        Tensor out3 = cpu.dense(x3, k3, null, Epilogue.TANH);
        Tensor[] got = cpu.denseGrad(x3, k3, false, Epilogue.TANH, out3, g3, true, true, false);
        Tensor dz3 = cpu.activationGrad(Epilogue.TANH, out3, g3).reshapeView(Shape.of(6, 4));
        assertEquals(Shape.of(2, 3, 5), got[0].shape());
        assertArrayEquals(cpu.matmul(dz3, k3, false, true, Shape.of(6, 5)).floats(), got[0].floats());
        assertArrayEquals(cpu.matmul(x3.reshapeView(Shape.of(6, 5)), dz3, true, false, Shape.of(5, 4)).floats(), got[1].floats());
        // no fused kernel for float64 or empty operands: Ops composes the gradient
        assertEquals(null, cpu.denseGrad(Tensor.zeros(Shape.of(2, 3), io.jkeras.tensor.DType.FLOAT64), Tensor.zeros(Shape.of(3, 2),
                io.jkeras.tensor.DType.FLOAT64), false, Epilogue.LINEAR, Tensor.zeros(Shape.of(2, 2), io.jkeras.tensor.DType.FLOAT64),
                Tensor.zeros(Shape.of(2, 2), io.jkeras.tensor.DType.FLOAT64), true, true, false));
        assertEquals(null, cpu.denseGrad(Tensor.zeros(0, 3), Tensor.zeros(3, 2), false, Epilogue.LINEAR, Tensor.zeros(0, 2),
                Tensor.zeros(0, 2), true, true, false));
    }

    @Test
    void parallelAdamEqualsOnePlainPass() {
        // sizes below, at and above the parallel threshold, with a ragged last chunk
        for (int n : new int[] {1, 17, OptimizerLoops.PARALLEL_ELEMENTS - 1, OptimizerLoops.PARALLEL_ELEMENTS, 784 * 128 + 13}) {
            Tensor w = rand(n, n), g = rand(n + 1L, n), m = rand(n + 2L, n), v = rand(n + 3L, n);
            float[] v0 = v.toFloatArray();
            for (int i = 0; i < v0.length; i++) v0[i] = Math.abs(v0[i]);   // velocities are never negative
            float[] w1 = w.toFloatArray(), m1 = m.toFloatArray(), v1 = v0.clone();
            float[] w2 = w.toFloatArray(), m2 = m.toFloatArray(), v2 = v0.clone();
            float alpha = 0.00123f, omb1 = 0.1f, omb2 = 0.001f, eps = 1e-7f;
            float[] ga = g.floats();
            for (int i = 0; i < n; i++) {   // Keras 3's update, written out
                float mi = m1[i] + (ga[i] - m1[i]) * omb1;
                float vi = v1[i] + (ga[i] * ga[i] - v1[i]) * omb2;
                m1[i] = mi;
                v1[i] = vi;
                w1[i] = w1[i] - mi * alpha / ((float) Math.sqrt(vi) + eps);
            }
            OptimizerLoops.adam(w2, ga, m2, v2, alpha, omb1, omb2, eps);
            assertArrayEquals(w1, w2, "weights, n=" + n);
            assertArrayEquals(m1, m2, "momentum, n=" + n);
            assertArrayEquals(v1, v2, "velocity, n=" + n);
        }
        assertThrows(IllegalArgumentException.class, () -> OptimizerLoops.adam(new float[2], new float[3], new float[2], new float[2], 1, 1, 1, 1));
    }

    @Test
    void activationGradientsEqualTheComposition() {
        Backend ref = composedDefaults(cpu);
        for (int[] shape : new int[][] {{1, 1}, {3, 10}, {129, 17}, {2, 3, 5}, {500, 300}}) {
            Tensor z = rand(shape[0] * 7L, shape), g = rand(shape[0] * 7L + 1, shape);
            for (Epilogue act : Epilogue.values()) {
                Tensor y = act == Epilogue.SOFTMAX ? cpu.softmax(z, shape.length - 1)
                        : act == Epilogue.RELU ? cpu.unary(UnaryOp.RELU, z)
                        : act == Epilogue.SIGMOID ? cpu.unary(UnaryOp.SIGMOID, z)
                        : act == Epilogue.TANH ? cpu.unary(UnaryOp.TANH, z) : z;
                assertArrayEquals(ref.activationGrad(act, y, g).floats(), cpu.activationGrad(act, y, g).floats(), act + " " + z.shape());
            }
        }
    }

    @Test
    void crossentropyAndItsGradientEqualTheComposition() {
        Backend ref = composedDefaults(cpu);
        for (int[] shape : new int[][] {{1, 2}, {4, 10}, {129, 7}, {3, 2, 5}}) {
            Tensor z = rand(shape[0] * 13L, shape);
            // scale some rows so that probabilities fall below eps or above 1 - eps, where the clip acts
            float[] zs = z.floats().clone();
            for (int i = 0; i < Math.min(zs.length, 2 * shape[shape.length - 1]); i++) zs[i] *= 20;
            Tensor p = cpu.softmax(Tensor.wrap(zs, shape), shape.length - 1);
            // also unnormalized probabilities
            Tensor p2 = cpu.binary(BinaryOp.MUL, p, Tensor.scalar(0.7f), p.shape());
            Tensor t = cpu.softmax(rand(shape[0] * 13L + 1, shape), shape.length - 1);
            Shape rows = p.shape().sub(0, shape.length - 1);
            Tensor g = rand(shape[0] * 13L + 2, rows.toArray());
            for (Tensor pp : new Tensor[] {p, p2}) {
                assertArrayEquals(ref.categoricalCrossentropy(t, pp, 1e-7).floats(), cpu.categoricalCrossentropy(t, pp, 1e-7).floats());
                assertArrayEquals(ref.categoricalCrossentropyGrad(t, pp, g, 1e-7).floats(), cpu.categoricalCrossentropyGrad(t, pp, g, 1e-7).floats());
            }
            assertArrayEquals(ref.meanSquaredError(t, p2).floats(), cpu.meanSquaredError(t, p2).floats());
            assertArrayEquals(ref.meanSquaredErrorGrad(t, p2, g).floats(), cpu.meanSquaredErrorGrad(t, p2, g).floats());
            float[] loss = cpu.categoricalCrossentropy(t, p, 1e-7).floats();
            for (float l : loss) assertTrue(Float.isFinite(l) && l > 0);
        }
    }
}
