package io.jkeras.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tensor, Shape and DType: the value types everything else rests on. */
class TensorTest {

    @Test void shapesPrintLikeKeras() {
        assertEquals("(None, 784)", Shape.batched(784).toString());
        assertEquals("(3,)", Shape.of(3).toString());
        assertEquals("()", Shape.SCALAR.toString());
        assertEquals(Shape.of(2, 3), Shape.of(2, 3));
        assertTrue(Shape.batched(3).isCompatibleWith(Shape.of(8, 3)));
        assertFalse(Shape.batched(3).isCompatibleWith(Shape.of(8, 4)));
        assertFalse(Shape.batched(3).isFullyDefined());
        assertThrows(IllegalStateException.class, () -> Shape.batched(3).size());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -2));
    }

    @Test void shapeAxesAndStrides() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(4, s.dim(-1));
        assertEquals(0, s.normalizeAxis(-3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.normalizeAxis(3));
        assertTrue(e.getMessage().contains("-3 to 2") && e.getMessage().contains("(2, 3, 4)"), e.getMessage());
        assertArrayEquals(new int[] {12, 4, 1}, s.strides());
        assertEquals(Shape.of(2, 5, 4), s.withDim(-2, 5));
        assertEquals(Shape.of(3, 4), s.withoutBatch());
        assertEquals(Shape.of(1, 2, 3, 4, 5), s.prepend(1).append(5));
        assertEquals(24, s.intSize());
    }

    @Test void dtypes() {
        assertEquals(DType.FLOAT32, DType.fromName("float"));
        assertEquals(DType.FLOAT64, DType.fromName("Float64"));
        assertEquals(DType.BOOL, DType.fromName("bool"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.fromName("complex64"));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
        assertEquals(DType.FLOAT32, DType.promote(DType.INT64, DType.FLOAT32));
        assertEquals(DType.FLOAT64, DType.promote(DType.FLOAT32, DType.FLOAT64));
        assertEquals(DType.INT64, DType.promote(DType.INT32, DType.INT64));
        assertEquals(DType.INT32, DType.promote(DType.BOOL, DType.INT32));
        assertEquals(8, DType.INT64.byteSize());
    }

    @Test void factoriesCopyAndWrapDoesNot() {
        float[] data = {1, 2, 3, 4};
        Tensor copied = Tensor.of(data, 2, 2), wrapped = Tensor.wrap(data, 2, 2);
        data[0] = 9;
        assertEquals(1, copied.get(0, 0));
        assertEquals(9, wrapped.get(0, 0));
        assertEquals(DType.FLOAT64, Tensor.of(1.0, 2.0).dtype());
        assertEquals(Shape.of(2), Tensor.of(1.0, 2.0).shape());
        assertEquals(DType.FLOAT32, Tensor.of(1f, 2f).dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("(2, 2)") && e.getMessage().contains("3 elements"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[1], Shape.batched(1)));
        assertEquals(DType.BOOL, Tensor.full(Shape.of(2), 3, DType.BOOL).dtype());
        assertArrayEquals(new boolean[] {true, true}, Tensor.full(Shape.of(2), 3, DType.BOOL).booleans());
    }

    @Test void accessorsAndConversions() {
        Tensor l = Tensor.of(new long[] {(1L << 53) + 1, -(1L << 32) - 1}, 2);
        assertArrayEquals(new long[] {(1L << 53) + 1, -(1L << 32) - 1}, l.longs());
        assertArrayEquals(new long[] {(1L << 53) + 1, -(1L << 32) - 1}, l.toLongArray());
        assertArrayEquals(new int[] {1, -1}, l.toIntArray(), "int64 to int wraps like a cast");
        assertArrayEquals(new boolean[] {true, true}, l.toBooleanArray());
        assertThrows(IllegalStateException.class, l::floats);
        assertThrows(IllegalStateException.class, l::booleans);
        Tensor f = Tensor.of(new float[][] {{1.5f, -2.5f}, {0, 3}});
        assertArrayEquals(new int[] {1, -2, 0, 3}, f.toIntArray());
        assertArrayEquals(new long[] {1, -2, 0, 3}, f.toLongArray());
        assertEquals(-2.5, f.get(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> f.get(2, 0));
        assertThrows(IllegalStateException.class, f::item);
        assertEquals(3.0, Tensor.scalar(3f).item());
        assertArrayEquals(new float[][] {{1.5f, -2.5f}, {0, 3}}, f.toFloatMatrix());
        Tensor r = f.reshapeView(Shape.of(4));
        assertTrue(r.array() == f.array(), "a reshaped view shares the data");
        assertThrows(IllegalArgumentException.class, () -> f.reshapeView(Shape.of(3)));
        assertTrue(f.contentEquals(Tensor.of(new float[] {1.5f, -2.5f, 0, 3}, 2, 2)));
        assertFalse(f.contentEquals(Tensor.of(new double[] {1.5, -2.5, 0, 3}, 2, 2)));
    }

    @Test void printsLikeNumPy() {
        assertEquals("Tensor(shape=(2, 2), dtype=float32, [[1.5, -2.5], [0, 3]])", Tensor.of(new float[][] {{1.5f, -2.5f}, {0, 3}}).toString());
        assertEquals("Tensor(shape=(2,), dtype=bool, [True, False])", Tensor.of(new boolean[] {true, false}, 2).toString());
        assertEquals("Tensor(shape=(), dtype=int64, 7)", Tensor.of(new long[] {7}).toString());
    }

    @Test void sliceRowsIsAViewThatReadsLikeACopy() {
        float[] d = new float[5 * 3];
        for (int i = 0; i < d.length; i++) d[i] = i;
        Tensor x = Tensor.wrap(d, 5, 3);
        Tensor v = x.sliceRows(1, 4);
        assertEquals(Shape.of(3, 3), v.shape());
        assertTrue(v.isView());
        assertSame(d, v.storage());
        assertEquals(3, v.storageOffset());
        float[] expected = {3, 4, 5, 6, 7, 8, 9, 10, 11};
        assertArrayEquals(expected, v.floats());            // a copy of just the viewed elements
        assertArrayEquals(expected, v.toFloatArray());
        assertSame(v.floats(), v.array());                  // made once, then kept
        assertEquals(9, v.floats().length);
        assertEquals(7.0, v.get(1, 1));
        assertEquals(11.0, v.getFlat(8));
        assertThrows(IndexOutOfBoundsException.class, () -> v.getFlat(9));
        assertTrue(v.contentEquals(Tensor.of(expected, 3, 3)));
        assertTrue(Tensor.of(expected, 3, 3).contentEquals(v));
        assertFalse(v.contentEquals(x.sliceRows(0, 3)));
        // a reshaped view and a view of a view keep the offset
        Tensor r = v.reshapeView(Shape.of(9));
        assertEquals(3, r.storageOffset());
        assertArrayEquals(expected, r.floats());
        Tensor vv = v.sliceRows(1, 3);
        assertEquals(6, vv.storageOffset());
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, vv.floats());
        assertEquals("Tensor(shape=(1, 3), dtype=float32, [[9, 10, 11]])", v.sliceRows(2, 3).toString());
        // the whole range is the tensor itself; empty ranges are empty tensors
        assertSame(x, x.sliceRows(0, 5));
        assertEquals(0, x.sliceRows(2, 2).size());
        assertEquals(0, x.sliceRows(2, 2).floats().length);
        // a prefix starting at 0 needs no copy either, but still reports its own elements only
        Tensor head = x.sliceRows(0, 2);
        assertTrue(head.isView());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, head.floats());
        assertThrows(IllegalArgumentException.class, () -> x.sliceRows(3, 2));
        assertThrows(IllegalArgumentException.class, () -> x.sliceRows(0, 6));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1f).sliceRows(0, 1));
        // other dtypes convert through the view too
        Tensor ints = Tensor.of(new int[] {1, 2, 3, 4, 5, 6}, 3, 2).sliceRows(1, 3);
        assertArrayEquals(new int[] {3, 4, 5, 6}, ints.ints());
        assertArrayEquals(new long[] {3, 4, 5, 6}, ints.toLongArray());
        assertArrayEquals(new double[] {3, 4, 5, 6}, ints.toDoubleArray());
        Tensor longs = Tensor.of(new long[] {1, 2, 3, 4}, 4).sliceRows(2, 4);
        assertArrayEquals(new int[] {3, 4}, longs.toIntArray());
        assertArrayEquals(new boolean[] {false, true}, Tensor.of(new boolean[] {true, true, false, true}, 4).sliceRows(2, 4).booleans());
        assertArrayEquals(new double[] {2.5}, Tensor.of(new double[] {1.5, 2.5}, 2).sliceRows(1, 2).doubles());
    }
}
