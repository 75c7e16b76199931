package io.jkeras.saving;

import io.jkeras.autodiff.Variable;
import io.jkeras.initializers.Initializers;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** User layers load only once registered, and then round-trip like built-in ones. */
class SavingRegistryTest {
    @TempDir Path dir;

    /** A custom layer: multiplies each feature by a learned scale, plus a fixed offset from its config. */
    static final class Scale extends Layer {
        final double offset;
        Variable scale;

        Scale(double offset) { this.offset = offset; }

        @Override public void build(Shape inputShape) {
            scale = addWeight("scale", Shape.of(inputShape.dim(-1)), Initializers.ones(), true);
        }

        @Override protected Tensor call(Tensor x, boolean training) { return Ops.add(Ops.multiply(x, scale.value()), offset); }

        @Override public Shape computeOutputShape(Shape s) { return s; }

        @Override public Map<String, Object> getConfig() {
            Map<String, Object> c = super.getConfig();
            c.put("offset", offset);
            return c;
        }

        static Scale fromConfig(Config c) { return KerasSerialization.applyBaseConfig(new Scale(c.getDouble("offset")), c); }
    }

    @BeforeEach void fresh() { Layer.clearSession(); }

    @AfterEach void forget() { SavingRegistry.unregister("Scale"); }

    @Test void customLayerNeedsRegistrationThenRoundTrips() throws IOException {
        KerasTensor in = Input.of("x", 3);
        Scale s = new Scale(0.5);
        KerasTensor out = new Dense(2).name("head").apply(s.apply(in));
        Model m = new Model(List.of(in), List.of(out), "custom");
        s.scale.assign(Tensor.of(new float[] {1, -2, 3}, 3));
        Path file = dir.resolve("custom.keras");
        Models.save(m, file);

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Models.load(file));
        assertTrue(e.getMessage().contains("'Scale'") && e.getMessage().contains("SavingRegistry.register(\"Scale\""), e.getMessage());

        SavingRegistry.register("Scale", Scale::fromConfig);
        assertTrue(SavingRegistry.registeredLayers().contains("Scale"));
        Model back = Models.load(file);
        Scale s2 = (Scale) back.getLayer("scale");
        assertEquals(0.5, s2.offset);
        assertTrue(s.scale.value().contentEquals(s2.scale.value()));
        Tensor x = Ops.randomNormal(Shape.of(4, 3), 0, 1, DType.FLOAT32, 5);
        assertTrue(m.predict(x).contentEquals(back.predict(x)));
    }

    @Test void configGettersSayWhatIsWrong() {
        Config c = Config.of(Map.of("units", "ten", "shape", List.of(3, -4)), "layer \"d\" (Dense)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.getInt("units"));
        assertEquals("layer \"d\" (Dense): config entry 'units' must be an integer, found \"ten\"", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.getInt("missing")).getMessage().contains("'missing' is missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.getShape("shape")).getMessage().contains("negative dimension -4"));
        assertEquals(7, Config.of(Map.of("n", 7.0), "x").getInt("n"));
        assertEquals(DType.FLOAT64, Config.of(Map.of("dtype", Map.of("class_name", "DTypePolicy", "config", Map.of("name", "float64"))), "x").getDType("dtype", DType.FLOAT32));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Config.of(Map.of("dtype", "mixed_float16"), "x").getDType("dtype", DType.FLOAT32))
                .getMessage().contains("mixed-precision"));
    }
}
