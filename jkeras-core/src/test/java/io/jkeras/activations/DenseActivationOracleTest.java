package io.jkeras.activations;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.saving.Models;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.Oracle;
import io.jkeras.testutil.SharedFixtures;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Dense layers with each activation against golden outputs: the tfjs oracle cases
 * ({@code ../shared/oracle/cases/dense_*}) and the Keras 3.15 fixture
 * {@code ../shared/fixtures/keras3/dense_activations} (weights from its legacy model.h5, loaded
 * with {@link Models#load}; each Dense is rebuilt here from the activation name in config.json).
 */
class DenseActivationOracleTest {

    @TestFactory Stream<DynamicTest> tfjsDenseCases() throws IOException {
        Path cases = SharedFixtures.oracleCases();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(cases)) {
            dirs = s.filter(p -> p.getFileName().toString().startsWith("dense_")).sorted().toList();
        }
        assertFalse(dirs.isEmpty(), "no dense_* cases in " + cases);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> runTfjsCase(d)));
    }

    private static void runTfjsCase(Path dir) throws IOException {
        Map<String, Object> model = SharedFixtures.json(dir.resolve("model.json"));
        Map<String, Object> c = SharedFixtures.json(dir.resolve("case.json"));
        List<Object> weights = arr(c.get("weights"));
        int w = 0;
        Tensor x = Oracle.tensor(dir, obj(arr(c.get("inputs")).get(0)));
        for (Object lo : arr(obj(model.get("config")).get("layers"))) {
            Map<String, Object> layer = obj(lo);
            assertEquals("Dense", layer.get("class_name"), dir + ": only Dense layers are expected in the dense_* cases");
            Map<String, Object> cfg = obj(layer.get("config"));
            Dense dense = new Dense(((Number) cfg.get("units")).intValue()).activation((String) cfg.get("activation"))
                    .useBias((Boolean) cfg.get("use_bias"));
            dense.buildFor(x.shape().withDim(0, Shape.UNKNOWN));
            List<Tensor> values = new ArrayList<>();
            for (int k = 0; k < dense.weights().size(); k++) values.add(Oracle.tensor(dir, obj(weights.get(w++))));
            dense.setWeights(values);
            x = dense.apply(x);
        }
        assertEquals(weights.size(), w, dir + ": weights left over");
        Oracle.assertClose(Oracle.tensor(dir, obj(arr(c.get("outputs")).get(0))), x, dir.getFileName() + " output (tfjs)");
    }

    @Test void keras3DenseActivationsFixture() throws IOException {
        Path dir = SharedFixtures.keras3Case("dense_activations");
        Map<String, Object> config;
        try (ZipFile zip = new ZipFile(dir.resolve("model.keras").toFile())) {
            config = obj(Json.parse(new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        Map<String, Object> mc = obj(config.get("config"));
        Map<String, String> activationOf = new HashMap<>();
        Map<String, Integer> unitsOf = new HashMap<>();
        for (Object lo : arr(mc.get("layers"))) {
            Map<String, Object> l = obj(lo);
            if (!"Dense".equals(l.get("class_name"))) continue;
            Map<String, Object> cfg = obj(l.get("config"));
            activationOf.put((String) cfg.get("name"), (String) cfg.get("activation"));
            unitsOf.put((String) cfg.get("name"), ((Number) cfg.get("units")).intValue());
        }
        Layer.clearSession();
        Model h5 = Models.load(dir.resolve("model.h5"));
        Tensor x = SharedFixtures.npy(dir.resolve("x_0.npy"));
        List<Object> outputs = arr(mc.get("output_layers"));
        assertEquals(16, outputs.size());
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String name = (String) arr(outputs.get(i)).get(0);
            String act = activationOf.get(name);
            seen.add(act);
            if (!(h5.getLayer(name) instanceof Dense loaded)) throw new AssertionError("model.h5 has no Dense layer " + name + "; layers: " + h5.layers());
            Dense dense = new Dense(unitsOf.get(name)).activation(act);
            dense.buildFor(x.shape().withDim(0, Shape.UNKNOWN));
            dense.setWeights(List.of(loaded.kernel().value(), loaded.bias().value()));
            Tensor y = dense.apply(x);
            assertEquals(act, dense.activation().name(), "the name Keras wrote in the config comes back");
            Oracle.assertKeras3Close(SharedFixtures.npy(dir.resolve("y_" + i + ".npy")), y, 1e-4, "dense_activations/" + name + " (" + act + ")");
        }
        // the fixture covers the activations tfjs cannot give: Keras 3's hard_sigmoid, leaky_relu (0.2), selu, mish
        for (String a : List.of("hard_sigmoid", "leaky_relu", "selu", "mish", "gelu", "silu")) {
            if (!seen.contains(a)) fail("expected the fixture to cover " + a + ", it has " + seen);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) { return (Map<String, Object>) o; }

    @SuppressWarnings("unchecked")
    private static List<Object> arr(Object o) { return (List<Object>) o; }
}
