package io.jkeras.ops;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jkeras.ops.OpsForwardTest.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shape, indexing, sorting and constructor ops: values against NumPy's for the same calls. */
class OpsShapeTest {
    static final double NaN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    /** 0, 1, ..., n-1 as int32 in {@code shape}. */
    static Tensor iota(int... shape) { return Ops.reshape(Ops.arange((int) Shape.of(shape).size()), shape); }

    static double[] seq(int from, int to) {
        double[] d = new double[to - from];
        for (int i = 0; i < d.length; i++) d[i] = from + i;
        return d;
    }

    @Test void reshapeInfersOneDimensionAndExplainsErrors() {
        Tensor x = iota(2, 3, 4);
        assertEquals(Shape.of(6, 4), Ops.reshape(x, -1, 4).shape());
        assertEquals(Shape.of(24), Ops.reshape(x, -1).shape());
        assertEquals(Shape.of(2, 12), Ops.reshape(x, Shape.of(2, Shape.UNKNOWN)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.reshape(x, 5, -1));
        assertTrue(e.getMessage().contains("(2, 3, 4)") && e.getMessage().contains("24"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.reshape(x, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> Ops.reshape(x, 5, 5));
    }

    @Test void transposeExpandSqueezeFlatten() {
        Tensor x = iota(2, 3);
        assertTensor(Ops.transpose(x), DType.INT32, Shape.of(3, 2), 0, 3, 1, 4, 2, 5);
        Tensor y = iota(2, 3, 4);
        // np.transpose(np.arange(24).reshape(2,3,4), (1, 2, 0))[1]
        assertTensor(Ops.slice(Ops.transpose(y, 1, 2, 0), "1"), DType.INT32, Shape.of(4, 2), 4, 16, 5, 17, 6, 18, 7, 19);
        assertTensor(Ops.transpose(Ops.cast(x, DType.FLOAT32), 1, 0), DType.FLOAT32, Shape.of(3, 2), 0, 3, 1, 4, 2, 5);
        assertThrows(IllegalArgumentException.class, () -> Ops.transpose(y, 0, 0, 1));
        assertEquals(Shape.of(2, 3, 1), Ops.expandDims(x, -1).shape());
        assertEquals(Shape.of(1, 2, 3), Ops.expandDims(x, 0).shape());
        assertEquals(Shape.of(2, 1, 3), Ops.expandDims(x, -2).shape());
        assertEquals(Shape.of(3), Ops.squeeze(iota(1, 3, 1)).shape());
        assertEquals(Shape.of(3, 1), Ops.squeeze(iota(1, 3, 1), 0).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.squeeze(iota(1, 3, 1), 1));
        assertTrue(e.getMessage().contains("size is 3"), e.getMessage());
        assertEquals(Shape.of(2, 12), Ops.flattenBatch(y).shape());
    }

    @Test void broadcastTo() {
        assertTensor(Ops.broadcastTo(iota(3, 1), Shape.of(2, 3, 2)), DType.INT32, Shape.of(2, 3, 2), 0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.broadcastTo(iota(3), Shape.of(3, 2)));
        assertTrue(e.getMessage().contains("(3,)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.broadcastTo(iota(2, 3), Shape.of(3)));
    }

    @Test void concatenateAndStack() {
        Tensor a = iota(2, 2), b = Ops.add(iota(2, 1), 10.0);
        assertTensor(Ops.concatenate(List.of(a, b), 1), DType.INT32, Shape.of(2, 3), 0, 1, 10, 2, 3, 11);
        assertTensor(Ops.concatenate(List.of(a, Ops.cast(iota(1, 2), DType.FLOAT32)), 0), DType.FLOAT32, Shape.of(3, 2), 0, 1, 2, 3, 0, 1);
        assertTensor(Ops.concatenate(List.of(a, Tensor.zeros(Shape.of(2, 0), DType.INT32)), -1), DType.INT32, Shape.of(2, 2), 0, 1, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.concatenate(List.of(a, iota(3, 1)), 1));
        assertTrue(e.getMessage().contains("(2, 2)") && e.getMessage().contains("(3, 1)"), e.getMessage());
        Tensor p = iota(2, 3), q = Ops.add(iota(2, 3), 10.0);
        assertTensor(Ops.stack(List.of(p, q), 0), DType.INT32, Shape.of(2, 2, 3), 0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15);
        assertTensor(Ops.stack(List.of(p, q), 1), DType.INT32, Shape.of(2, 2, 3), 0, 1, 2, 10, 11, 12, 3, 4, 5, 13, 14, 15);
        // negative axes count in the output's rank, as in NumPy: -1 is a new last axis
        assertTensor(Ops.stack(List.of(p, q), -1), DType.INT32, Shape.of(2, 3, 2), 0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15);
        assertTensor(Ops.stack(List.of(p, q), -2), DType.INT32, Shape.of(2, 2, 3), 0, 1, 2, 10, 11, 12, 3, 4, 5, 13, 14, 15);
        assertTensor(Ops.stack(List.of(p, q), -3), DType.INT32, Shape.of(2, 2, 3), 0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15);
        assertThrows(IllegalArgumentException.class, () -> Ops.stack(List.of(p, q), 3));
        assertThrows(IllegalArgumentException.class, () -> Ops.stack(List.of(p, iota(3, 2)), 0));
    }

    @Test void split() {
        List<Tensor> parts = Ops.split(iota(2, 6), 3, 1);
        assertEquals(3, parts.size());
        assertTensor(parts.get(1), DType.INT32, Shape.of(2, 2), 2, 3, 8, 9);
        assertThrows(IllegalArgumentException.class, () -> Ops.split(iota(2, 6), 4, 1));
        // NumPy: np.split(np.arange(6), [1, 4]), [4, 2] (an empty middle part) and [2, 10] (past the end)
        List<Tensor> at = Ops.split(iota(6), new int[] {1, 4}, 0);
        assertTensor(at.get(0), DType.INT32, Shape.of(1), 0);
        assertTensor(at.get(1), DType.INT32, Shape.of(3), 1, 2, 3);
        assertTensor(at.get(2), DType.INT32, Shape.of(2), 4, 5);
        List<Tensor> odd = Ops.split(iota(6), new int[] {4, 2}, 0);
        assertTensor(odd.get(0), DType.INT32, Shape.of(4), 0, 1, 2, 3);
        assertTensor(odd.get(1), DType.INT32, Shape.of(0));
        assertTensor(odd.get(2), DType.INT32, Shape.of(4), 2, 3, 4, 5);
        List<Tensor> past = Ops.split(iota(6), new int[] {2, 10}, -1);
        assertTensor(past.get(1), DType.INT32, Shape.of(4), 2, 3, 4, 5);
        assertTensor(past.get(2), DType.INT32, Shape.of(0));
    }

    @Test void slicesFollowPythonSemantics() {
        Tensor x = iota(2, 3, 4);
        assertTensor(Ops.slice(x, new int[] {1, 1, 0}, new int[] {1, -1, 2}), DType.INT32, Shape.of(1, 2, 2), 16, 17, 20, 21);
        assertThrows(IllegalArgumentException.class, () -> Ops.slice(x, new int[] {0, 0, 3}, new int[] {1, 1, 2}));
        Tensor v = iota(10);
        assertTensor(Ops.sliceAxis(v, 0, 2, 5), DType.INT32, Shape.of(3), 2, 3, 4);
        assertTensor(Ops.sliceAxis(v, 0, -3, Ops.END), DType.INT32, Shape.of(3), 7, 8, 9);
        assertTensor(Ops.sliceAxis(v, 0, 8, 100), DType.INT32, Shape.of(2), 8, 9);           // clipped, as v[8:100]
        assertTensor(Ops.sliceAxis(v, 0, 5, 2), DType.INT32, Shape.of(0));                   // empty, as v[5:2]
        assertTensor(Ops.sliceAxis(v, 0, 1, Ops.END, 3), DType.INT32, Shape.of(3), 1, 4, 7);
        assertTensor(Ops.sliceAxis(v, 0, Ops.END, Ops.START, -1), DType.INT32, Shape.of(10), 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertTensor(Ops.sliceAxis(v, 0, 8, 1, -3), DType.INT32, Shape.of(3), 8, 5, 2);
        assertTensor(Ops.sliceAxis(v, 0, -2, -100, -4), DType.INT32, Shape.of(3), 8, 4, 0);
        assertTensor(Ops.sliceAxis(v, 0, 3, 2, -5), DType.INT32, Shape.of(1), 3);
        assertThrows(IllegalArgumentException.class, () -> Ops.sliceAxis(v, 0, 0, 5, 0));
        // np.arange(24).reshape(2,3,4)[1:3, ::-2, 3] and [..., None, ::3] and [-1, 1:, -3::2]
        assertTensor(Ops.slice(x, "1:3, ::-2, 3"), DType.INT32, Shape.of(1, 2), 23, 15);
        assertTensor(Ops.slice(x, "..., None, ::3"), DType.INT32, Shape.of(2, 3, 1, 2), 0, 3, 4, 7, 8, 11, 12, 15, 16, 19, 20, 23);
        assertTensor(Ops.slice(x, "-1, 1:, -3::2"), DType.INT32, Shape.of(2, 2), 17, 19, 21, 23);
        assertTensor(Ops.slice(x, "1"), DType.INT32, Shape.of(3, 4), seq(12, 24), 0);
        assertTensor(Ops.slice(x, "0, 0, 0"), DType.INT32, Shape.SCALAR, 0);
        assertTensor(Ops.stridedSlice(x, new int[] {0, 2, 3}, new int[] {Ops.END, Ops.START, 0}, new int[] {1, -1, -2}), DType.INT32,
                Shape.of(2, 3, 2), 11, 9, 7, 5, 3, 1, 23, 21, 19, 17, 15, 13);
        assertEquals(Shape.of(2, 3, 4), Ops.slice(x, "...").shape());
        assertEquals(Shape.of(1, 2, 3, 4), Ops.slice(x, "None").shape());
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class, () -> Ops.slice(x, ":, 3"));
        assertTrue(oob.getMessage().contains("axis 1 with size 3"), oob.getMessage());
        for (String bad : new String[] {"0, 0, 0, 0", "a:b", "..., ...", "1:2:3:4", "::0", "0,,1"}) {
            assertThrows(IllegalArgumentException.class, () -> Ops.slice(x, bad), bad);
        }
        assertTensor(Ops.flip(iota(2, 3)), DType.INT32, Shape.of(2, 3), 5, 4, 3, 2, 1, 0);
        assertTensor(Ops.flip(iota(2, 3), 1), DType.INT32, Shape.of(2, 3), 2, 1, 0, 5, 4, 3);
    }

    @Test void pad() {
        assertTensor(Ops.pad(iota(2, 2), new int[][] {{1, 0}, {0, 2}}, 7), DType.INT32, Shape.of(3, 4), 7, 7, 7, 7, 0, 1, 7, 7, 2, 3, 7, 7);
        assertTensor(Ops.pad(Tensor.of(new boolean[] {true}, 1), new int[][] {{1, 1}}, 0), DType.BOOL, Shape.of(3), 0, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> Ops.pad(iota(2), new int[][] {{-1, 0}}, 0));
        assertThrows(IllegalArgumentException.class, () -> Ops.pad(iota(2), new int[][] {{1, 0}, {0, 0}}, 0));
    }

    @Test void takeAndTakeAlongAxis() {
        Tensor x = iota(3, 4);
        assertTensor(Ops.take(x, Tensor.of(new int[] {2, -1, 0}, 3), 1), DType.INT32, Shape.of(3, 3), 2, 3, 0, 6, 7, 4, 10, 11, 8);
        assertTensor(Ops.take(x, Tensor.of(new long[] {2, 0, 2, 2}, 2, 2), 0), DType.INT32, Shape.of(2, 2, 4),
                8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11, 8, 9, 10, 11);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Ops.take(x, Tensor.of(new int[] {4}, 1), 1));
        assertTrue(e.getMessage().contains("index 4") && e.getMessage().contains("size 4"), e.getMessage());
        // np.take_along_axis(np.arange(12).reshape(3, 4), idx, axis=1)
        Tensor idx = Tensor.of(new int[] {3, 0, 1, 1, -1, 2}, 3, 2);
        assertTensor(Ops.takeAlongAxis(x, idx, 1), DType.INT32, Shape.of(3, 2), 3, 0, 5, 5, 11, 10);
        assertTensor(Ops.takeAlongAxis(x, Tensor.of(new int[] {2, 0, 1, 0}, 1, 4), 0), DType.INT32, Shape.of(1, 4), 8, 1, 6, 3);
        // broadcasting the other axes: one index row for every row of x
        assertTensor(Ops.takeAlongAxis(x, Tensor.of(new int[] {1, 1}, 1, 2), 1), DType.INT32, Shape.of(3, 2), 1, 1, 5, 5, 9, 9);
        assertThrows(IllegalArgumentException.class, () -> Ops.takeAlongAxis(x, Tensor.of(new int[] {1}, 1), 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Ops.takeAlongAxis(x, Tensor.of(new int[] {5}, 1, 1), 1));
    }

    @Test void oneHot() {
        assertTensor(Ops.oneHot(Tensor.of(new int[] {0, 2, -1, 3}, 4), 3, DType.FLOAT32), DType.FLOAT32, Shape.of(4, 3),
                1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
    }

    @Test void tileAndRepeat() {
        Tensor x = Ops.add(iota(2, 2), 1.0);   // [[1, 2], [3, 4]]
        assertTensor(Ops.tile(x, 2, 3), DType.INT32, Shape.of(4, 6), 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4);
        assertTensor(Ops.tile(Ops.add(iota(2), 1.0), 2, 1, 2), DType.INT32, Shape.of(2, 1, 4), 1, 2, 1, 2, 1, 2, 1, 2);
        assertTensor(Ops.tile(x, 2), DType.INT32, Shape.of(2, 4), 1, 2, 1, 2, 3, 4, 3, 4);
        assertEquals(Shape.of(0, 2), Ops.tile(x, 0, 1).shape());
        assertTensor(Ops.repeat(x, 2, 1), DType.INT32, Shape.of(2, 4), 1, 1, 2, 2, 3, 3, 4, 4);
        assertTensor(Ops.repeat(x, 2, 0), DType.INT32, Shape.of(4, 2), 1, 2, 1, 2, 3, 4, 3, 4);
        assertTensor(Ops.repeat(Ops.add(iota(3, 2), 1.0), new int[] {2, 0, 1}, 0), DType.INT32, Shape.of(3, 2), 1, 2, 1, 2, 5, 6);
        assertTensor(Ops.repeat(x, 2), DType.INT32, Shape.of(8), 1, 1, 2, 2, 3, 3, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> Ops.repeat(x, new int[] {1, 2, 3}, 0));
        assertThrows(IllegalArgumentException.class, () -> Ops.tile(x, -1));
    }

    @Test void sortArgsortTopK() {
        Tensor v = Tensor.of(new double[] {3, 1, NaN, 1, -INF, 2}, 6);
        assertTensor(Ops.argsort(v), DType.INT32, Shape.of(6), 4, 1, 3, 5, 0, 2);   // stable, NaN last (np.argsort kind='stable')
        assertTensor(Ops.sort(v), DType.FLOAT64, Shape.of(6), -INF, 1, 1, 2, 3, NaN);
        Tensor m = Tensor.of(new int[] {3, 1, 2, 0, 5, 4}, 2, 3);
        assertTensor(Ops.sort(m, 0), DType.INT32, Shape.of(2, 3), 0, 1, 2, 3, 5, 4);
        assertTensor(Ops.argsort(m, 1), DType.INT32, Shape.of(2, 3), 1, 2, 0, 0, 2, 1);
        Tensor big = Tensor.of(new long[] {(1L << 53) + 1, 1L << 53}, 2);
        assertTensor(Ops.argsort(big), DType.INT32, Shape.of(2), 1, 0);
        // top k: largest first, the lower index first among equal values
        Ops.TopK top = Ops.topK(Tensor.of(new float[] {1, 5, 3, 5, 2, 0, 0, 9, 9, 1}, 2, 5), 3);
        assertTensor(top.values(), DType.FLOAT32, Shape.of(2, 3), 5, 5, 3, 9, 9, 1);
        assertTensor(top.indices(), DType.INT32, Shape.of(2, 3), 1, 3, 2, 2, 3, 4);
        assertEquals(Shape.of(2, 0), Ops.topK(Tensor.zeros(2, 5), 0).values().shape());
        assertThrows(IllegalArgumentException.class, () -> Ops.topK(Tensor.zeros(2, 5), 6));
        // a longer row goes through the merge (not only the insertion) sort
        double[] many = new double[100];
        for (int i = 0; i < 100; i++) many[i] = (i * 37) % 100;
        double[] sorted = Ops.sort(Tensor.of(many, 100)).doubles();
        for (int i = 0; i < 100; i++) assertEquals(i, sorted[i]);
    }

    @Test void triangles() {
        Tensor x = Ops.add(iota(3, 4), 1.0);
        assertTensor(Ops.tril(x, -1), DType.INT32, Shape.of(3, 4), 0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0);
        assertTensor(Ops.triu(x, 1), DType.INT32, Shape.of(3, 4), 0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12);
        assertTensor(Ops.tril(x), DType.INT32, Shape.of(3, 4), 1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0);
        assertEquals(Shape.of(2, 3, 4), Ops.triu(Ops.stack(List.of(x, x), 0)).shape());
        assertThrows(IllegalArgumentException.class, () -> Ops.tril(iota(3)));
    }

    @Test void constructors() {
        assertTensor(Ops.eye(2), DType.FLOAT32, Shape.of(2, 2), 1, 0, 0, 1);
        assertTensor(Ops.eye(3, 4, 1, DType.FLOAT64), DType.FLOAT64, Shape.of(3, 4), 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
        assertTensor(Ops.eye(3, 2, -1, DType.INT32), DType.INT32, Shape.of(3, 2), 0, 0, 1, 0, 0, 1);
        assertTensor(Ops.arange(4), DType.INT32, Shape.of(4), 0, 1, 2, 3);
        assertTensor(Ops.arange(10, 1, -3), DType.INT32, Shape.of(3), 10, 7, 4);
        assertTensor(Ops.arange(3, 3, 1), DType.INT32, Shape.of(0));
        assertTensor(Ops.arange(1, 2, 0.3, DType.FLOAT64), DType.FLOAT64, Shape.of(4), 1.0, 1.3, 1.6, 1.9000000000000001);
        assertThrows(IllegalArgumentException.class, () -> Ops.arange(0, 1, 0));
        assertTensor(Ops.linspace(-1, 2, 4), DType.FLOAT32, Shape.of(4), -1, 0, 1, 2);
        assertTensor(Ops.linspace(0, 1, 5, false, DType.FLOAT64), DType.FLOAT64, Shape.of(5), 0.0, 0.2, 0.4, 0.6000000000000001, 0.8);
        assertTensor(Ops.linspace(0, 1, 1), DType.FLOAT32, Shape.of(1), 0);
        assertArrayEquals(new double[] {0.1, 0.7}, Ops.linspace(0.1, 0.7, 2, true, DType.FLOAT64).doubles());
    }
}
