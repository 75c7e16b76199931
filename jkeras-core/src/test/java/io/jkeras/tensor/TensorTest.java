package io.jkeras.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
