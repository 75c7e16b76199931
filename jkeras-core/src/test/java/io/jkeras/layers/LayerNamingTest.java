package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Default names are drawn when a layer is created, as in Keras. */
class LayerNamingTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test void namesFollowCreationOrderNotUseOrder() {
        KerasTensor a = Input.of(3), b = Input.of(3);
        Dense first = new Dense(2), second = new Dense(2);
        second.apply(b);
        first.apply(a);
        assertEquals("input_layer", a.name());
        assertEquals("input_layer_1", b.name());
        assertEquals("dense", first.name());
        assertEquals("dense_1", second.name());
    }

    @Test void aNameGivenRightAwayUsesUpNoDefault() {
        assertEquals("out", new Dense(4).name("out").name());
        assertEquals("dense", new Dense(4).name());
        assertEquals("dense_1", new Dense(4).name());
    }

    @Test void aDefaultDrawnBeforeAnotherIsNotGivenBack() {
        Dense a = new Dense(1), b = new Dense(1);
        a.name("renamed");
        assertEquals("dense_1", b.name());
        assertEquals("dense_2", new Dense(1).name());
    }

    @Test void classBasedBases() {
        assertEquals("activation", new Activation("relu").name());
        assertEquals("dropout", new Dropout(0.1).name());
        assertEquals("flatten", new Flatten().name());
        assertEquals("reshape", new Reshape(2).name());
        assertEquals("concatenate", new Concatenate().name());
        assertEquals("add", new Add().name());
        assertEquals("sequential", new Sequential().name());
        KerasTensor x = Input.of(2);
        assertEquals("functional", new Model(x, new Dense(1).apply(x)).name());
        assertEquals(List.of("sequential_1", "functional_1"),
                List.of(new Sequential().name(), new Model(x, new Dense(1).apply(x)).name()));
    }

    @Test void clearSessionRestartsTheCounters() {
        new Dense(1);
        Layer.clearSession();
        assertEquals("dense", new Dense(1).name());
    }
}
