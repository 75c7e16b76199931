package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ActivationLayerTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test void reluByName() {
        Activation a = new Activation("relu");
        assertArrayEquals(new float[] {0, 0, 0, 2}, a.apply(Tensor.of(-3f, -1f, 0f, 2f)).toFloatArray());
        assertEquals("activation", a.name());
        assertTrue(a.isBuilt());
        assertEquals(0, a.countParams());
    }

    @Test void softmaxRowsByHand() {
        Tensor y = new Activation("softmax").apply(Tensor.of(new float[][] {{0, 0, 0}, {1, 2, 3}}));
        assertArrayEquals(new float[] {1 / 3f, 1 / 3f, 1 / 3f}, new float[] {(float) y.get(0, 0), (float) y.get(0, 1), (float) y.get(0, 2)}, 1e-6f);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(3) / z, y.get(1, 2), 1e-6);
    }

    @Test void userFunctionAndConfig() {
        Activation a = new Activation(io.jkeras.activations.Activation.of("double_it", x -> Ops.multiply(x, 2.0))).name("twice");
        assertArrayEquals(new float[] {-2, 4}, a.apply(Tensor.of(-1f, 2f)).toFloatArray());
        Map<String, Object> c = a.getConfig();
        assertEquals("twice", c.get("name"));
        assertEquals("double_it", c.get("activation"));
        assertEquals(true, c.get("trainable"));
        assertEquals("float32", c.get("dtype"));
    }

    @Test void keepsShapeSymbolically() {
        KerasTensor x = Input.of(4, 5);
        assertEquals(Shape.of(-1, 4, 5), new Activation("tanh").apply(x).shape());
    }

    @Test void unknownIdentifierIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Activation("relux"));
        assertTrue(e.getMessage().contains("relux"), e.getMessage());
    }

    @Test void gradientsMatchFiniteDifferences() {
        for (String name : new String[] {"tanh", "sigmoid", "softmax", "relu"}) {
            Activation a = new Activation(name);
            Tensor x = FiniteDifferences.randomDouble(3, 2, 5);
            FiniteDifferences.check(a::apply, x, 1e-6);
        }
    }
}
