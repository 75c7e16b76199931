package io.jkeras.layers;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.SharedFixtures;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a tfjs oracle case ({@code ../shared/oracle/cases/<name>}) through jkeras layers: builds each
 * layer of model.json from its config, sets the weights of case.json in order, and compares the
 * predict (or training-mode) output with the golden one, |a-b| <= 1e-5 + 1e-4|b|.
 */
final class OracleCases {
    private OracleCases() {}

    static Path dir(String name) {
        Path shared = SharedFixtures.sharedDir();
        Path d = shared == null ? null : shared.resolve("oracle/cases").resolve(name);
        Assumptions.assumeTrue(d != null && Files.isDirectory(d), "oracle case ../shared/oracle/cases/" + name + " is absent; skipping");
        return d;
    }

    static float[] bin(Path p) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 4];
            b.asFloatBuffer().get(f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> json(Path p) {
        try {
            return obj(Json.parse(Files.readString(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model's layers, built and given the case's initial weights, in model.json order. */
    record Built(List<Layer> layers, List<List<String>> inbound, List<String> inputNames, List<String> outputNames, boolean sequential) {}

    /** Runs case {@code name} and checks its predict output ({@code trainingMode}: its training-mode output). */
    static void check(String name, boolean trainingMode) {
        Path d = dir(name);
        Map<String, Object> c = json(d.resolve("case.json"));
        Map<String, Object> model = json(d.resolve("model.json"));
        List<Tensor> xs = new ArrayList<>();
        for (Object io : arr(c.get("inputs"))) xs.add(read(d, obj(io)));
        List<Tensor> ys = run(d, c, model, xs, trainingMode);
        List<Object> outs = arr(c.get(trainingMode ? "outputs_training_mode" : "outputs"));
        assertEquals(outs.size(), ys.size(), name + ": number of outputs");
        for (int i = 0; i < outs.size(); i++) {
            Map<String, Object> o = obj(outs.get(i));
            float[] expected = bin(d.resolve((String) o.get("file")));
            Tensor y = ys.get(i);
            assertArrayEquals(ints(o.get("shape")), y.shape().toArray(), name + ": output " + i + " shape");
            float[] a = y.toFloatArray();
            for (int j = 0; j < expected.length; j++) {
                if (!(Math.abs(a[j] - expected[j]) <= 1e-5 + 1e-4 * Math.abs(expected[j])))
                    fail(name + (trainingMode ? " (training mode)" : "") + ": output " + i + " element " + j + " is " + a[j] + ", tfjs gives " + expected[j]);
            }
        }
    }

    static Tensor read(Path d, Map<String, Object> io) {
        return Tensor.of(bin(d.resolve((String) io.get("file"))), ints(io.get("shape")));
    }

    private static List<Tensor> run(Path d, Map<String, Object> c, Map<String, Object> model, List<Tensor> xs, boolean training) {
        List<Object> weights = arr(c.get("weights"));
        int w = 0;
        Map<String, Object> mc = obj(model.get("config"));
        boolean sequential = "Sequential".equals(model.get("class_name"));
        Map<String, Tensor> values = new HashMap<>();
        Tensor current = sequential ? xs.get(0) : null;
        if (!sequential) {
            List<Object> in = arr(mc.get("input_layers"));
            for (int i = 0; i < in.size(); i++) values.put((String) arr(in.get(i)).get(0), xs.get(i));
        }
        for (Object lo : arr(mc.get("layers"))) {
            Map<String, Object> l = obj(lo);
            String cls = (String) l.get("class_name");
            Map<String, Object> cfg = obj(l.get("config"));
            if (cls.equals("InputLayer")) continue;
            List<Tensor> inputs = new ArrayList<>();
            if (sequential) inputs.add(current);
            else for (Object node : arr(arr(l.get("inbound_nodes")).get(0))) inputs.add(values.get((String) arr(node).get(0)));
            Layer layer = fromConfig(cls, cfg);
            List<Shape> shapes = new ArrayList<>();
            for (Tensor t : inputs) shapes.add(t.shape().withDim(0, Shape.UNKNOWN));
            layer.buildFor(shapes.toArray(Shape[]::new));
            List<Tensor> ws = new ArrayList<>();
            for (int k = 0; k < layer.weights().size(); k++) {
                Map<String, Object> wi = obj(weights.get(w++));
                assertEquals(layer.weights().get(k).shape(), Shape.of(ints(wi.get("shape"))), "weight " + wi.get("name"));
                ws.add(read(d, wi));
            }
            layer.setWeights(ws);
            List<Tensor> out = layer.apply(inputs, training);
            if (sequential) current = out.get(0);
            else values.put((String) cfg.get("name"), out.get(0));
        }
        assertEquals(weights.size(), w, "weights left over");
        if (sequential) return List.of(current);
        List<Tensor> ys = new ArrayList<>();
        for (Object o : arr(mc.get("output_layers"))) ys.add(values.get((String) arr(o).get(0)));
        return ys;
    }

    /** A jkeras layer from a tfjs/Keras layer config (the options the oracle cases use). */
    static Layer fromConfig(String cls, Map<String, Object> cfg) {
        String act = (String) cfg.getOrDefault("activation", "linear");
        boolean bias = (Boolean) cfg.getOrDefault("use_bias", true);
        String df = (String) cfg.getOrDefault("data_format", "channels_last");
        String pad = (String) cfg.getOrDefault("padding", "valid");
        return switch (cls) {
            case "Dense" -> new Dense(num(cfg, "units")).activation(act).useBias(bias);
            case "Activation" -> new io.jkeras.layers.Activation(act);
            case "ReLU" -> {
                if (cfg.get("max_value") != null) throw new IllegalArgumentException("ReLU with max_value is not used by these cases");
                yield new io.jkeras.layers.Activation("relu");
            }
            case "Flatten" -> new Flatten();
            case "Dropout" -> new Dropout(((Number) cfg.get("rate")).doubleValue());
            case "Conv1D" -> conv(new Conv1D(num(cfg, "filters"), ints(cfg.get("kernel_size"))), cfg, act, bias, df, pad);
            case "Conv2D" -> conv(new Conv2D(num(cfg, "filters"), ints(cfg.get("kernel_size"))), cfg, act, bias, df, pad);
            case "Conv3D" -> conv(new Conv3D(num(cfg, "filters"), ints(cfg.get("kernel_size"))), cfg, act, bias, df, pad);
            case "MaxPooling1D" -> new MaxPooling1D(ints(cfg.get("pool_size"))).strides(ints(cfg.get("strides"))).padding(pad).dataFormat(df);
            case "MaxPooling2D" -> new MaxPooling2D(ints(cfg.get("pool_size"))).strides(ints(cfg.get("strides"))).padding(pad).dataFormat(df);
            case "AveragePooling1D" -> new AveragePooling1D(ints(cfg.get("pool_size"))).strides(ints(cfg.get("strides"))).padding(pad).dataFormat(df);
            case "AveragePooling2D" -> new AveragePooling2D(ints(cfg.get("pool_size"))).strides(ints(cfg.get("strides"))).padding(pad).dataFormat(df);
            case "GlobalAveragePooling1D" -> new GlobalAveragePooling1D().dataFormat(df);
            case "GlobalAveragePooling2D" -> new GlobalAveragePooling2D().dataFormat(df);
            case "GlobalMaxPooling1D" -> new GlobalMaxPooling1D().dataFormat(df);
            case "GlobalMaxPooling2D" -> new GlobalMaxPooling2D().dataFormat(df);
            default -> extra(cls, cfg, act, bias, df, pad);
        };
    }

    /** Layers of the later families; extended as they are added. */
    private static Layer extra(String cls, Map<String, Object> cfg, String act, boolean bias, String df, String pad) {
        return switch (cls) {
            case "BatchNormalization" -> new BatchNormalization().axis(num(cfg, "axis")).momentum(((Number) cfg.get("momentum")).doubleValue())
                    .epsilon(((Number) cfg.get("epsilon")).doubleValue()).center((Boolean) cfg.get("center")).scale((Boolean) cfg.get("scale"));
            case "LayerNormalization" -> new LayerNormalization(ints(cfg.get("axis"))).epsilon(((Number) cfg.get("epsilon")).doubleValue())
                    .center((Boolean) cfg.get("center")).scale((Boolean) cfg.get("scale"));
            default -> throw new IllegalArgumentException("layer class " + cls + " is not handled by this test runner");
        };
    }

    private static <T extends BaseConv<T>> T conv(T layer, Map<String, Object> cfg, String act, boolean bias, String df, String pad) {
        layer.strides(ints(cfg.get("strides"))).padding(pad).dataFormat(df).activation(act).useBias(bias);
        if (cfg.get("dilation_rate") != null) layer.dilationRate(ints(cfg.get("dilation_rate")));
        return layer;
    }

    static int num(Map<String, Object> cfg, String key) { return ((Number) cfg.get(key)).intValue(); }

    static int[] ints(Object list) {
        if (list instanceof Number n) return new int[] {n.intValue()};
        return arr(list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) { return (Map<String, Object>) o; }

    @SuppressWarnings("unchecked")
    static List<Object> arr(Object o) { return (List<Object>) o; }
}
