package io.jkeras.utils;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class UtilsTest {

    @Test
    void toCategoricalGivesOneHotFloat32Rows() {
        Tensor y = Tensor.of(new int[] {0, 2, 1, 2}, 4);
        Tensor c = Utils.toCategorical(y, 3);
        assertEquals(Shape.of(4, 3), c.shape());
        assertEquals(DType.FLOAT32, c.dtype());
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}, c.floats());
        assertTrue(Utils.toCategorical(y).contentEquals(c), "numClasses inferred as max + 1 = 3");
    }

    @Test
    void toCategoricalDropsATrailingAxisOfOneAndKeepsOtherAxes() {
        Tensor col = Tensor.of(new long[] {1, 0}, 2, 1);   // Keras: (n, 1) labels become (n, classes)
        assertEquals(Shape.of(2, 2), Utils.toCategorical(col, 2).shape());
        assertArrayEquals(new float[] {0, 1, 1, 0}, Utils.toCategorical(col, 2).floats());
        Tensor grid = Tensor.of(new int[] {0, 1, 1, 0}, 2, 2);
        Tensor g = Utils.toCategorical(grid, 2);
        assertEquals(Shape.of(2, 2, 2), g.shape());
        assertEquals(1.0, g.get(1, 0, 1));
        assertEquals(0.0, g.get(1, 0, 0));
        Tensor floats = Tensor.of(new float[] {2f, 0f}, 2);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, Utils.toCategorical(floats, 3).floats());
    }

    @Test
    void toCategoricalRefusesLabelsOutOfRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(Tensor.of(new int[] {0, 10}, 2), 10));
        assertTrue(e.getMessage().contains("is 10, outside 0..9"), e.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(Tensor.of(new int[] {-1}, 1), 3));
        assertTrue(n.getMessage().contains("is -1"), n.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(Tensor.of(new float[] {0.5f}, 1), 3));
        assertTrue(f.getMessage().contains("not a whole number"), f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(Tensor.of(new int[] {0}, 1), 0));
    }
}
