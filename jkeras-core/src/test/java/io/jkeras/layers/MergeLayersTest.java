package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MergeLayersTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test void concatenateValuesAndShapes() {
        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}}), b = Tensor.of(new float[][] {{5}, {6}});
        List<Tensor> y = new Concatenate().apply(List.of(a, b), false);
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, y.get(0).toFloatArray());
        assertEquals(Shape.of(-1, 8), new Concatenate().apply(Input.of(5), Input.of(3)).shape());
        assertEquals(Shape.of(-1, 7, 4), new Concatenate(1).apply(Input.of(3, 4), Input.of(4, 4)).shape());
        assertEquals(Shape.of(-1, -1, 4), new Concatenate(1).apply(Input.of(-1, 4), Input.of(4, 4)).shape());
        assertEquals(1, new Concatenate(1).getConfig().get("axis"));
    }

    @Test void concatenateRejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Concatenate().apply(Input.of(3, 4), Input.of(5, 4)));
        assertTrue(e.getMessage().startsWith("A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. "
                + "Received: input_shape=[(None, 3, 4), (None, 5, 4)]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Concatenate().apply(Input.of(3, 4), Input.of(4)));
        assertThrows(IllegalArgumentException.class, () -> new Concatenate(2).apply(Input.of(3), Input.of(4)));
    }

    @Test void addValuesBroadcastAndShapes() {
        Tensor a = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}), b = Tensor.of(new float[][] {{10}, {20}});
        assertArrayEquals(new float[] {11, 12, 13, 24, 25, 26}, new Add().apply(List.of(a, b), false).get(0).toFloatArray());
        assertArrayEquals(new float[] {3, 6, 9, 12, 15, 18}, new Add().apply(List.of(a, a, a), false).get(0).toFloatArray());
        assertEquals(Shape.of(-1, 4), new Add().apply(Input.of(4), Input.of(1)).shape());
        assertEquals(Shape.of(-1, 3, 4), new Add().apply(Input.of(3, 4), Input.of(4)).shape());
        // a lower-rank input gets axes after the batch axis: (2, 3) + (2, 1, 3) -> (2, 1, 3) broadcast
        Tensor c = Tensor.of(new float[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}, 2, 2, 3);
        Tensor y = new Add().apply(List.of(c, a), false).get(0);
        assertEquals(Shape.of(2, 2, 3), y.shape());
        assertArrayEquals(new float[] {2, 3, 4, 3, 4, 5, 7, 8, 9, 8, 9, 10}, y.toFloatArray());
    }

    @Test void addRejectsIncompatibleShapesAndBatches() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Add().apply(Input.of(3), Input.of(4)));
        assertTrue(e.getMessage().startsWith("Inputs have incompatible shapes. Received shapes (3,) and (4,)"), e.getMessage());
        KerasTensor b2 = Input.ofBatchShape(null, io.jkeras.tensor.DType.FLOAT32, Shape.of(2, 3));
        KerasTensor b5 = Input.ofBatchShape(null, io.jkeras.tensor.DType.FLOAT32, Shape.of(5, 3));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> new Add().apply(b2, b5));
        assertTrue(batch.getMessage().startsWith("Cannot merge tensors with different batch sizes."), batch.getMessage());
    }

    @Test void gradientsReachEveryInput() {
        Tensor a = FiniteDifferences.randomDouble(1, 2, 3), b = FiniteDifferences.randomDouble(2, 2, 4), c = FiniteDifferences.randomDouble(3, 2, 3);
        FiniteDifferences.checkAll(xs -> new Concatenate().apply(xs, false).get(0), List.of(a, b), 1e-7);
        FiniteDifferences.checkAll(xs -> new Add().apply(xs, false).get(0), List.of(a, c), 1e-7);
        FiniteDifferences.checkAll(xs -> new Add().apply(xs, false).get(0), List.of(a, FiniteDifferences.randomDouble(4, 2, 1)), 1e-7);
    }
}
