package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FlattenReshapeTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    static Tensor iota(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return Tensor.of(v, shape);
    }

    // ------------------------------------------------------------------ Flatten

    @Test void flattenKeepsRowMajorOrder() {
        Tensor y = new Flatten().apply(iota(2, 3, 4));
        assertEquals(Shape.of(2, 12), y.shape());
        assertArrayEquals(iota(2, 12).toFloatArray(), y.toFloatArray());
    }

    @Test void flattenShapes() {
        assertEquals(Shape.of(-1, 640), new Flatten().apply(Input.of(10, 64)).shape());
        assertEquals(Shape.of(-1, 1), new Flatten().apply(Input.ofBatchShape(null, io.jkeras.tensor.DType.FLOAT32, Shape.of(-1))).shape());
        assertEquals(Shape.of(5, 1), new Flatten().apply(Tensor.of(1f, 2f, 3f, 4f, 5f)).shape());
        assertEquals(Shape.of(-1, -1), new Flatten().computeOutputShape(Shape.of(-1, -1, 3)));
        assertEquals(Shape.of(7, 6), new Flatten().computeOutputShape(Shape.of(7, 2, 3)));
    }

    @Test void flattenChannelsFirstMovesChannelsLast() {
        // x[b, c, h, w] = 100c + 10h + w; channels-last order is (h, w, c)
        float[] v = new float[2 * 3 * 2 * 2];
        for (int c = 0; c < 3; c++) for (int h = 0; h < 2; h++) for (int w = 0; w < 2; w++) {
            v[((c * 2) + h) * 2 + w] = 100 * c + 10 * h + w;
            v[12 + ((c * 2) + h) * 2 + w] = 100 * c + 10 * h + w;
        }
        Tensor y = new Flatten().dataFormat("channels_first").apply(Tensor.of(v, 2, 3, 2, 2));
        assertArrayEquals(new float[] {0, 100, 200, 1, 101, 201, 10, 110, 210, 11, 111, 211},
                java.util.Arrays.copyOf(y.toFloatArray(), 12));
        assertEquals("channels_first", new Flatten().dataFormat("channels_first").getConfig().get("data_format"));
        assertThrows(IllegalArgumentException.class, () -> new Flatten().dataFormat("nhwc"));
    }

    @Test void flattenGradient() {
        FiniteDifferences.check(x -> new Flatten().apply(x), FiniteDifferences.randomDouble(1, 2, 3, 2), 1e-7);
        FiniteDifferences.check(x -> new Flatten().dataFormat("channels_first").apply(x), FiniteDifferences.randomDouble(2, 2, 3, 2, 2), 1e-7);
    }

    @Test void flattenInASequentialFeedsDense() {
        Sequential m = new Sequential();
        m.add(Input.of(4, 3));
        m.add(new Flatten());
        m.add(new Dense(2));
        assertEquals(26, m.countParams());
        assertEquals(Shape.of(5, 2), m.apply(Tensor.ones(5, 4, 3)).shape());
    }

    // ------------------------------------------------------------------ Reshape

    @Test void reshapeShapesAndInference() {
        KerasTensor x = Input.of(12);
        assertEquals(Shape.of(-1, 3, 4), new Reshape(3, 4).apply(x).shape());
        assertEquals(Shape.of(-1, 3, 2, 2), new Reshape(-1, 2, 2).apply(x).shape());
        assertEquals(Shape.of(-1, -1, 2), new Reshape(-1, 2).apply(Input.of(-1)).shape());   // unknown size: -1 stays None
        Tensor y = new Reshape(-1, 4).apply(iota(2, 12));
        assertEquals(Shape.of(2, 3, 4), y.shape());
        assertArrayEquals(iota(2, 12).toFloatArray(), y.toFloatArray());
    }

    @Test void reshapeErrorsAreKerasStyle() {
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
        assertEquals("There must be at most one unknown dimension (-1) in `target_shape`. Received: target_shape=(-1, -1).", two.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> new Reshape(3, -2));
        assertTrue(neg.getMessage().startsWith("Each dimension in `target_shape` must be a non-negative integer"), neg.getMessage());

        Reshape r = new Reshape(5, 3);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> r.apply(Input.of(12)));
        assertTrue(size.getMessage().startsWith("The total size of the tensor must be unchanged. Received: input_shape=(12,), target_shape=(5, 3)"),
                size.getMessage());
        assertTrue(size.getMessage().contains("layer \"" + r.name() + "\": 12 values per sample cannot be reshaped to 15"), size.getMessage());
        IllegalArgumentException div = assertThrows(IllegalArgumentException.class, () -> new Reshape(5, -1).apply(iota(2, 12)));
        assertTrue(div.getMessage().contains("input_shape=(12,), target_shape=(5, -1)"), div.getMessage());
    }

    @Test void reshapeGradientAndConfig() {
        FiniteDifferences.check(x -> new Reshape(2, -1).apply(x), FiniteDifferences.randomDouble(4, 3, 6), 1e-7);
        assertEquals(List.of(3, -1), new Reshape(3, -1).getConfig().get("target_shape"));
    }

    @Test void reshapeInsideAFunctionalModel() {
        KerasTensor in = Input.of(12);
        Model m = new Model(in, new Reshape(3, 4).apply(new Dense(12).apply(in)));
        assertEquals(Shape.of(2, 3, 4), m.apply(Tensor.ones(2, 12)).shape());
    }
}
