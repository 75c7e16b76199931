package io.jkeras.activations;

import io.jkeras.layers.Dense;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Dense layers with each activation against golden outputs: the tfjs oracle cases
 * ({@code ../shared/oracle/cases/dense_*}) and the Keras 3.15 fixture
 * {@code ../shared/fixtures/keras3/dense_activations} (weights read from its legacy model.h5).
 */
class DenseActivationOracleTest {

    @TestFactory Stream<DynamicTest> tfjsDenseCases() throws IOException {
        Path cases = SharedData.require("oracle/cases");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(cases)) {
            dirs = s.filter(p -> p.getFileName().toString().startsWith("dense_")).sorted().toList();
        }
        assertFalse(dirs.isEmpty(), "no dense_* cases in " + cases);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> runTfjsCase(d)));
    }

    private static void runTfjsCase(Path dir) throws IOException {
        Map<String, Object> model = obj(Json.parse(Files.readString(dir.resolve("model.json"))));
        Map<String, Object> c = obj(Json.parse(Files.readString(dir.resolve("case.json"))));
        List<Object> weights = arr(c.get("weights"));
        int w = 0;
        Map<String, Object> in = obj(arr(c.get("inputs")).get(0));
        Tensor x = Tensor.of(SharedData.readBin(dir.resolve((String) in.get("file"))), ints(in.get("shape")));
        for (Object lo : arr(obj(model.get("config")).get("layers"))) {
            Map<String, Object> layer = obj(lo);
            assertEquals("Dense", layer.get("class_name"), dir + ": only Dense layers are expected in the dense_* cases");
            Map<String, Object> cfg = obj(layer.get("config"));
            Dense dense = new Dense(((Number) cfg.get("units")).intValue()).activation((String) cfg.get("activation"))
                    .useBias((Boolean) cfg.get("use_bias"));
            dense.buildFor(x.shape().withDim(0, Shape.UNKNOWN));
            List<Tensor> values = new ArrayList<>();
            for (int k = 0; k < dense.weights().size(); k++) {
                Map<String, Object> wi = obj(weights.get(w++));
                values.add(Tensor.of(SharedData.readBin(dir.resolve((String) wi.get("file"))), ints(wi.get("shape"))));
            }
            dense.setWeights(values);
            x = dense.apply(x);
        }
        assertEquals(weights.size(), w, dir + ": weights left over");
        Map<String, Object> out = obj(arr(c.get("outputs")).get(0));
        float[] expected = SharedData.readBin(dir.resolve((String) out.get("file")));
        assertArrayEquals(ints(out.get("shape")), x.shape().toArray());
        float[] actual = x.floats();
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= 1e-5 + 1e-4 * Math.abs(expected[i]))) {
                fail(dir.getFileName() + ": output " + i + " is " + actual[i] + ", tfjs gives " + expected[i]);
            }
        }
    }

    @Test void keras3DenseActivationsFixture() throws IOException {
        Path dir = SharedData.require("fixtures/keras3/dense_activations");
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
        Map<String, MiniHdf5.Dataset> h5 = MiniHdf5.open(dir.resolve("model.h5")).datasets();
        SharedData.Npy xin = SharedData.readNpy(dir.resolve("x_0.npy"));
        Tensor x = Tensor.of(xin.data(), xin.shape());
        List<Object> outputs = arr(mc.get("output_layers"));
        assertEquals(16, outputs.size());
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String name = (String) arr(outputs.get(i)).get(0);
            String act = activationOf.get(name);
            seen.add(act);
            MiniHdf5.Dataset k = h5.get("model_weights/" + name + "/" + name + "/kernel");
            MiniHdf5.Dataset b = h5.get("model_weights/" + name + "/" + name + "/bias");
            if (k == null || b == null) fail("weights of " + name + " not found in model.h5; datasets: " + h5.keySet());
            Dense dense = new Dense(unitsOf.get(name)).activation(act);
            dense.buildFor(x.shape().withDim(0, Shape.UNKNOWN));
            dense.setWeights(List.of(Tensor.of(k.data(), k.shape()), Tensor.of(b.data(), b.shape())));
            Tensor y = dense.apply(x);
            assertEquals(act, dense.activation().name(), "the name Keras wrote in the config comes back");
            SharedData.Npy expected = SharedData.readNpy(dir.resolve("y_" + i + ".npy"));
            assertArrayEquals(expected.shape(), y.shape().toArray(), name);
            float[] a = y.floats();
            for (int j = 0; j < a.length; j++) {
                float e = expected.data()[j];
                if (!(Math.abs(a[j] - e) <= 1e-4 * Math.max(Math.abs(e), 1))) {
                    fail("dense_activations/" + name + " (" + act + "): output " + j + " is " + a[j] + ", Keras 3.15 gives " + e);
                }
            }
        }
        // the fixture covers the activations tfjs cannot give: Keras 3's hard_sigmoid, leaky_relu (0.2), selu, mish
        for (String a : List.of("hard_sigmoid", "leaky_relu", "selu", "mish", "gelu", "silu")) {
            if (!seen.contains(a)) fail("expected the fixture to cover " + a + ", it has " + seen);
        }
    }

    private static int[] ints(Object list) { return arr(list).stream().mapToInt(o -> ((Number) o).intValue()).toArray(); }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) { return (Map<String, Object>) o; }

    @SuppressWarnings("unchecked")
    private static List<Object> arr(Object o) { return (List<Object>) o; }
}
