package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.activations.Activations;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.jkeras.layers.SequenceFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * keras-js's recurrent, Bidirectional, TimeDistributed(Dense) and Embedding tests (values written by
 * Keras 2.1 on TensorFlow, rounded to 6 decimals): one sample, the weights in get_weights() order,
 * the expected output. Keras 2's {@code hard_sigmoid} was {@code clip(0.2 x + 0.5, 0, 1)} (Keras 3's
 * is {@code relu6(x + 3) / 6}), so those tests get that function; Keras 2's GRU is
 * {@code reset_after=False}. The stateful cases hold the output of a second call on the same sample,
 * so they check that the states carry over from call to call.
 */
class KerasJsRecurrentTest {
    private static final Activation KERAS2_HARD_SIGMOID = Activation.of("hard_sigmoid", x -> Ops.clip(Ops.add(Ops.multiply(x, 0.2), 0.5), 0, 1));

    @SuppressWarnings("unchecked")
    @TestFactory Stream<DynamicTest> kerasJsSequenceLayers() throws IOException {
        Path root = SharedFixtures.require("fixtures/keras/keras-js");
        Map<String, Object> descriptions = (Map<String, Object>) SharedFixtures.json(root.resolve("test_descriptions.json")).get("tests");
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : List.of("recurrent/SimpleRNN.json", "recurrent/LSTM.json", "recurrent/GRU.json", "wrappers/Bidirectional.json",
                "wrappers/TimeDistributed.json", "embeddings/Embedding.json")) {
            Map<String, Object> cases = SharedFixtures.json(root.resolve("layers").resolve(file));
            for (Map.Entry<String, Object> e : cases.entrySet()) {
                Map<String, Object> desc = (Map<String, Object>) descriptions.get(e.getKey());
                Layer layer = layerFor(desc);
                if (layer == null) continue;      // TimeDistributed(Conv2D): no Conv2D here yet
                tests.add(DynamicTest.dynamicTest(e.getKey() + ": " + desc.get("title"), () -> run(layer, (Map<String, Object>) e.getValue())));
            }
        }
        assertEquals(39, tests.size(), "9 each of SimpleRNN/LSTM/GRU, 8 Bidirectional, 1 TimeDistributed(Dense), 3 Embedding");
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static void run(Layer layer, Map<String, Object> c) {
        Tensor x = tensor((Map<String, Object>) c.get("input"));
        x = Ops.reshape(x, x.shape().prepend(1));
        layer.buildFor(x.shape());
        List<Tensor> ws = new ArrayList<>();
        for (Object w : (List<Object>) c.getOrDefault("weights", List.of())) ws.add(tensor((Map<String, Object>) w));
        layer.setWeights(ws);
        Tensor expected = tensor((Map<String, Object>) c.get("expected"));
        Tensor y = layer.apply(x);
        // the stateful cases were made by predicting the same sample twice: the second call starts from the first one's states
        if (layer instanceof RNN r && r.stateful()) y = layer.apply(x);
        else if (layer instanceof Bidirectional b && b.stateful()) y = layer.apply(x);
        assertClose(Ops.reshape(expected, expected.shape().prepend(1)), y, 2e-6, 1e-5, "keras-js");
    }

    @SuppressWarnings("unchecked")
    private static Tensor tensor(Map<String, Object> t) {
        List<Object> data = (List<Object>) t.get("data");
        int[] shape = ((List<Object>) t.get("shape")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        float[] f = new float[data.size()];
        for (int i = 0; i < f.length; i++) f[i] = ((Number) data.get(i)).floatValue();
        return Tensor.of(f, shape);
    }

    @SuppressWarnings("unchecked")
    private static Layer layerFor(Map<String, Object> desc) {
        for (Object o : (List<Object>) desc.get("layers")) {
            Map<String, Object> l = (Map<String, Object>) o;
            if (!l.get("class_name").equals("Input")) return build(l);
        }
        throw new IllegalStateException("no layer in " + desc);
    }

    @SuppressWarnings("unchecked")
    private static Layer build(Map<String, Object> l) {
        List<Object> args = (List<Object>) l.get("args");
        Map<String, Object> kw = (Map<String, Object>) l.get("kwargs");
        String cls = (String) l.get("class_name");
        switch (cls) {
            case "Bidirectional" -> {
                Object mode = kw.get("merge_mode");
                return new Bidirectional((RNN) build((Map<String, Object>) args.get(0)), (String) mode);
            }
            case "TimeDistributed" -> {
                Layer inner = build((Map<String, Object>) args.get(0));
                return inner == null ? null : new TimeDistributed(inner);
            }
            case "Dense" -> { return new Dense(((Number) args.get(0)).intValue()); }
            case "Embedding" -> {
                return new Embedding(((Number) args.get(0)).intValue(), ((Number) args.get(1)).intValue()).maskZero(Boolean.TRUE.equals(kw.get("mask_zero")));
            }
            case "Conv2D" -> { return null; }
            default -> { }
        }
        int units = ((Number) args.get(0)).intValue();
        RNN r = switch (cls) {
            case "SimpleRNN" -> new SimpleRNN(units).activation(act(kw.get("activation")));
            case "LSTM" -> new LSTM(units).activation(act(kw.get("activation"))).recurrentActivation(act(kw.get("recurrent_activation")));
            case "GRU" -> new GRU(units).resetAfter(false).activation(act(kw.get("activation"))).recurrentActivation(act(kw.get("recurrent_activation")));
            default -> throw new IllegalStateException("unexpected layer " + cls);
        };
        if (kw.get("use_bias") instanceof Boolean b) {
            switch (r) {
                case SimpleRNN s -> s.useBias(b);
                case LSTM s -> s.useBias(b);
                case GRU s -> s.useBias(b);
                default -> { }
            }
        }
        r.returnSequences(Boolean.TRUE.equals(kw.get("return_sequences")));
        r.goBackwards(Boolean.TRUE.equals(kw.get("go_backwards")));
        r.stateful(Boolean.TRUE.equals(kw.get("stateful")));
        return r;
    }

    private static Activation act(Object name) {
        if (name == null) return Activations.tanh();
        return name.equals("hard_sigmoid") ? KERAS2_HARD_SIGMOID : Activations.get((String) name);
    }

}
