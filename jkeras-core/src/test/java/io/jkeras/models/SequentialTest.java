package io.jkeras.models;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SequentialTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test void inputShapeFromInputOrFirstLayerOrData() {
        Sequential a = new Sequential();
        a.add(Input.of(100));
        a.add(new Dense(64, "relu"));
        assertTrue(a.isBuilt());
        assertEquals(6_464, a.countParams());

        Sequential b = new Sequential(List.of(new Dense(8).inputShape(3), new Dense(2)));
        assertEquals(Shape.of(-1, 2), b.outputs().get(0).shape());

        Sequential c = new Sequential();
        c.add(new Dense(4));
        assertFalse(c.isGraph(), "no input shape yet");
        Tensor y = c.apply(Tensor.ones(5, 7));
        assertEquals(Shape.of(5, 4), y.shape());
        assertEquals(Shape.of(-1, 7), c.inputs().get(0).shape(), "the batch dimension stays unknown");
        assertEquals(32, c.countParams());
    }

    @Test void popRemovesTheLastLayerAndRewires() {
        Sequential m = new Sequential();
        m.add(new Dense(8, "relu").inputShape(4));
        m.add(new Dropout(0.5));
        Dense last = new Dense(3);
        m.add(last);
        assertEquals(3, m.layers().size());
        assertSame(last, m.pop());
        assertEquals(List.of("dense", "dropout"), m.layers().stream().map(Layer::name).toList());
        assertEquals(Shape.of(-1, 8), m.outputs().get(0).shape());
        assertEquals(40, m.countParams());
        assertEquals(Shape.of(2, 8), m.predict(Tensor.ones(2, 4)).shape());
    }

    @Test void getLayerByNameAndIndexWithKerasMessages() {
        Sequential m = new Sequential(List.of(new Dense(2).inputShape(2).name("first"), new Dense(1).name("second")));
        assertEquals("second", m.getLayer(1).name());
        assertSame(m.getLayer(0), m.getLayer("first"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.getLayer("third"));
        assertEquals("No such layer: third. Existing layers are: [first, second].", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.getLayer(5));
        assertEquals("Was asked to retrieve layer at index 5 but model only has 2 layers.", e.getMessage());
    }

    @Test void duplicateLayerNamesAreRefused() {
        Sequential m = new Sequential();
        m.add(new Dense(2).inputShape(2).name("same"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(new Dense(2).name("same")));
        assertTrue(e.getMessage().contains("should have unique names"), e.getMessage());
    }

    @Test void incompatibleLayerInTheStackIsNamed() {
        Sequential m = new Sequential();
        m.add(new Dense(4).inputShape(3).name("d1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.apply(Tensor.ones(2, 5)));
        assertEquals("Input 0 of layer \"d1\" is incompatible with the layer: expected axis -1 of input shape to have value 3, "
                + "but received input with shape (2, 5)", e.getMessage());
    }
}
