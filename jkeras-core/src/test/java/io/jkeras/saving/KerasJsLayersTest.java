package io.jkeras.saving;

import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * keras-js's layer tests (../shared/fixtures/keras/keras-js): one sample, the layer's weights and
 * Keras 2.1's output, for each case. The layers are built the way a file is read, from a Keras
 * config through {@link SavingRegistry} (the notebook's constructor arguments become the config),
 * so this checks that Keras 2 arguments are understood and that the layers compute what Keras
 * computed. Cases whose layers are not registered yet are skipped, and so are those the
 * description cannot wire (Python expressions as arguments, activation cases with parameters).
 */
class KerasJsLayersTest {
    /** Values are stored rounded to 6 decimals, inputs and weights included; tfjs matches 2e-5 relative. */
    private static final double TOL = 2e-5;

    /** Names of the positional arguments of the Keras 2.1 constructors used in the notebooks. */
    private static final Map<String, List<String>> POSITIONAL = new LinkedHashMap<>();
    static {
        for (String c : List.of("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D")) POSITIONAL.put(c, List.of("filters", "kernel_size"));
        POSITIONAL.put("Dense", List.of("units"));
        POSITIONAL.put("RepeatVector", List.of("n"));
        POSITIONAL.put("Reshape", List.of("target_shape"));
        POSITIONAL.put("Permute", List.of("dims"));
        POSITIONAL.put("Activation", List.of("activation"));
        POSITIONAL.put("Dropout", List.of("rate"));
        POSITIONAL.put("GaussianNoise", List.of("stddev"));
        POSITIONAL.put("GaussianDropout", List.of("rate"));
        for (String d : List.of("1D", "2D", "3D")) {
            POSITIONAL.put("Cropping" + d, List.of("cropping"));
            POSITIONAL.put("ZeroPadding" + d, List.of("padding"));
            POSITIONAL.put("UpSampling" + d, List.of("size"));
            POSITIONAL.put("MaxPooling" + d, List.of("pool_size"));
            POSITIONAL.put("AveragePooling" + d, List.of("pool_size"));
        }
        POSITIONAL.put("Concatenate", List.of("axis"));
        POSITIONAL.put("Dot", List.of("axes"));
        POSITIONAL.put("Embedding", List.of("input_dim", "output_dim"));
        for (String r : List.of("SimpleRNN", "LSTM", "GRU")) POSITIONAL.put(r, List.of("units"));
        POSITIONAL.put("Bidirectional", List.of("layer"));
        POSITIONAL.put("TimeDistributed", List.of("layer"));
    }

    /** Keras 2.1 defaults that Keras 3 changed; a file from Keras 2.1 states them, so the config does too. */
    private static final Map<String, Map<String, Object>> KERAS21_DEFAULTS = Map.of(
            "LSTM", Map.of("recurrent_activation", "hard_sigmoid"),
            "GRU", Map.of("recurrent_activation", "hard_sigmoid", "reset_after", false));

    private static final Set<String> MERGES = Set.of("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot");

    private static Path kerasJs() {
        Path dir = Fixtures.KERAS.resolve("keras-js");
        Assumptions.assumeTrue(Files.isDirectory(dir), "keras-js fixtures not found at " + dir.toAbsolutePath());
        return dir;
    }

    @TestFactory
    Stream<DynamicTest> layersComputeWhatKerasComputed() throws IOException {
        Path dir = Fixtures.KERAS.resolve("keras-js");
        if (!Files.isDirectory(dir)) return Stream.of(DynamicTest.dynamicTest("keras-js fixtures", () -> kerasJs()));
        @SuppressWarnings("unchecked")
        Map<String, Object> descriptions = (Map<String, Object>) Json.parseObject(Files.readString(dir.resolve("test_descriptions.json"))).get("tests");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir.resolve("layers"))) {
            files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".json")).sorted().toList());
        }
        files.add(dir.resolve("activations.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            Map<String, Object> cases = Json.parseObject(Files.readString(f));
            for (Map.Entry<String, Object> e : cases.entrySet()) {
                @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) e.getValue();
                @SuppressWarnings("unchecked") Map<String, Object> d = (Map<String, Object>) descriptions.get(e.getKey());
                tests.add(DynamicTest.dynamicTest(e.getKey(), () -> runCase(e.getKey(), d, c)));
            }
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static void runCase(String key, Map<String, Object> description, Map<String, Object> c) {
        Layer.clearSession();
        Assumptions.assumeTrue(description != null, "no description for " + key);
        List<Map<String, Object>> layers = (List<Map<String, Object>>) description.get("layers");
        Tensor input = tensor((Map<String, Object>) c.get("input"));
        Tensor expected = tensor((Map<String, Object>) c.get("expected"));
        List<Object> weights = c.get("weights") instanceof List<?> ws ? (List<Object>) ws : List.of();
        List<Tensor> values = new ArrayList<>();
        for (Object w : weights) values.add(tensor((Map<String, Object>) w));
        Shape want = Shape.batched(expected.shape().toArray()).withDim(0, 1);
        Model model;
        if (key.startsWith("activations.")) {
            String title = String.valueOf(description.get("title"));
            Assumptions.assumeFalse(title.contains("="), "activation case with parameters (" + title + ") is not described as arguments");
            assumeNoHardSigmoid(key);
            KerasTensor in = Input.of(input.shape().toArray());
            model = new Model(List.of(in), List.of(layer("Activation", List.of(key.split("\\.")[1]), Map.of(), key).apply(in)), "keras_js");
        } else {
            Assumptions.assumeFalse(layers.isEmpty(), "written by hand, no layers described");
            Assumptions.assumeFalse(Json.write(description).contains("\"expr\""), "arguments are Python expressions");
            int[] shape = null;
            List<Map<String, Object>> body = new ArrayList<>();
            for (Map<String, Object> l : layers) {
                String cls = (String) l.get("class_name");
                if ("Input".equals(cls)) {
                    shape = toInts((List<Object>) ((Map<String, Object>) l.get("kwargs")).get("shape"));
                    continue;
                }
                Assumptions.assumeTrue(SavingRegistry.isRegistered(cls), "layer class " + cls + " is not implemented/registered yet");
                body.add(l);
            }
            assertNotNull(shape, key + ": no Input");
            assumeNoHardSigmoid(Json.write(description));
            model = wire(key, shape, body, values, want);
        }
        model.setWeights(values);
        Tensor y = model.predict(input.reshapeView(Shape.batched(input.shape().toArray()).withDim(0, 1)));
        assertEquals(want, y.shape(), key + ": output shape");
        double[] e = expected.toDoubleArray(), a = y.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            double bound = TOL * Math.max(1, Math.abs(e[i]));
            if (!(Math.abs(a[i] - e[i]) <= bound)) fail(key + ": element " + i + " is " + a[i] + ", Keras gave " + e[i] + " (tolerance " + bound + ")");
        }
    }

    private static void assumeNoHardSigmoid(String text) {
        Assumptions.assumeFalse(text.contains("hard_sigmoid"),
                "Keras 2.1's hard_sigmoid is 0.2x + 0.5; Keras 3's, which jkeras follows, is relu6(x + 3) / 6");
    }

    /**
     * The model of a case: a chain of layers, or, when the last is a merge layer, one input through
     * k equal branches (the layers before the merge, split in order), then the merge. The
     * description does not say k; the smallest one whose branches repeat the same layer classes
     * and whose weights and output fit the case is taken.
     */
    @SuppressWarnings("unchecked")
    private static Model wire(String key, int[] shape, List<Map<String, Object>> body, List<Tensor> weights, Shape want) {
        Map<String, Object> last = body.get(body.size() - 1);
        if (!MERGES.contains((String) last.get("class_name")) || body.size() == 1) {
            KerasTensor in = Input.of(shape), out = in;
            for (Map<String, Object> l : body) out = build(l, key).apply(out);
            return new Model(List.of(in), List.of(out), "keras_js");
        }
        List<Map<String, Object>> pre = body.subList(0, body.size() - 1);
        int n = pre.size();
        for (int k = 1; k <= n; k++) {
            if (n % k != 0 || k < 2) continue;
            int len = n / k;
            boolean same = true;
            for (int b = 1; b < k && same; b++) {
                for (int i = 0; i < len; i++) same &= pre.get(i).get("class_name").equals(pre.get(b * len + i).get("class_name"));
            }
            if (!same) continue;
            Layer.clearSession();
            Model m;
            try {
                KerasTensor in = Input.of(shape);
                List<KerasTensor> ends = new ArrayList<>();
                for (int b = 0; b < k; b++) {
                    KerasTensor t = in;
                    for (int i = 0; i < len; i++) t = build(pre.get(b * len + i), key).apply(t);
                    ends.add(t);
                }
                KerasTensor out = build(last, key).apply(ends.toArray(new KerasTensor[0]));
                m = new Model(List.of(in), List.of(out), "keras_js");
            } catch (IllegalArgumentException e) {
                continue;       // this split does not even connect (e.g. RepeatVector on a sequence)
            }
            if (fits(m, weights, want)) return m;
        }
        Assumptions.abort("merge wiring not inferable from the description");
        return null;
    }

    private static boolean fits(Model m, List<Tensor> weights, Shape want) {
        var ws = m.weights();
        if (ws.size() != weights.size() || !m.outputs().get(0).shape().withDim(0, 1).equals(want)) return false;
        for (int i = 0; i < ws.size(); i++) if (!ws.get(i).shape().equals(weights.get(i).shape())) return false;
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Layer build(Map<String, Object> l, String key) {
        return layer((String) l.get("class_name"), (List<Object>) l.get("args"), (Map<String, Object>) l.get("kwargs"), key);
    }

    /** The layer a Keras file with this config would give (positional arguments named as in Keras 2.1). */
    private static Layer layer(String cls, List<Object> args, Map<String, Object> kwargs, String key) {
        Map<String, Object> entry = entry(cls, args, kwargs, key);
        assumeNoHardSigmoid(Json.write(entry));
        return KerasSerialization.layerFromEntry(entry);
    }

    /** The serialized entry ({@code class_name}, {@code config}) of a constructor call; a wrapped layer becomes a nested entry. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(String cls, List<Object> args, Map<String, Object> kwargs, String key) {
        Map<String, Object> config = new LinkedHashMap<>(kwargs);
        List<String> names = POSITIONAL.getOrDefault(cls, List.of());
        assertTrue(args.size() <= names.size(), key + ": no names known for the positional arguments of " + cls + " " + args);
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Map<?, ?> inner && inner.containsKey("class_name")) {
                Map<String, Object> m = (Map<String, Object>) inner;
                String innerCls = (String) m.get("class_name");
                Assumptions.assumeTrue(SavingRegistry.isRegistered(innerCls), "layer class " + innerCls + " is not implemented/registered yet");
                a = entry(innerCls, (List<Object>) m.get("args"), (Map<String, Object>) m.get("kwargs"), key);
            }
            config.put(names.get(i), a);
        }
        for (Map.Entry<String, Object> d : KERAS21_DEFAULTS.getOrDefault(cls, Map.of()).entrySet()) config.putIfAbsent(d.getKey(), d.getValue());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("class_name", cls);
        entry.put("config", config);
        return entry;
    }

    @SuppressWarnings("unchecked")
    private static Tensor tensor(Map<String, Object> m) {
        int[] shape = toInts((List<Object>) m.get("shape"));
        List<Object> data = (List<Object>) m.get("data");
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = ((Number) data.get(i)).floatValue();
        return Tensor.wrap(v, shape.length == 0 ? Shape.SCALAR : Shape.of(shape));
    }

    private static int[] toInts(List<Object> l) {
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).intValue();
        return out;
    }

}
