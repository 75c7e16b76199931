package io.jkeras.layers;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.Oracle;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    static Path dir(String name) { return SharedFixtures.oracleCase(name); }

    static float[] bin(Path p) {
        try {
            return SharedFixtures.readBin(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> json(Path p) {
        try {
            return SharedFixtures.json(p);
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
            Oracle.assertClose(expected, y.toFloatArray(), name + (trainingMode ? " (training mode)" : "") + ": output " + i);
        }
    }

    static Tensor read(Path d, Map<String, Object> io) {
        try {
            return Oracle.tensor(d, io);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /**
     * Runs the case's {@code training} section: the same model built as a Sequential or Functional
     * model, compiled with the case's optimizer and loss, fitted for 3 steps without shuffling; each
     * step's loss, every trained weight (moving statistics included) and predict afterwards must
     * match. Skips when the case has no training section.
     */
    static void checkTraining(String name) { checkTraining(name, 3, Set.of(), true); }

    /**
     * {@link #checkTraining(String)} where part of the reference cannot be reproduced: only the first
     * {@code lossSteps} losses are compared, the weights named in {@code skipWeights} are not, and
     * predict-after only when {@code predictAfter}. Callers say why.
     */
    static void checkTraining(String name, int lossSteps, Set<String> skipWeights, boolean predictAfter) {
        Path d = dir(name);
        Map<String, Object> c = json(d.resolve("case.json"));
        Assumptions.assumeTrue(c.containsKey("training"), name + " has no training section");
        Map<String, Object> model = json(d.resolve("model.json"));
        io.jkeras.models.Model m = buildModel(model);
        List<Tensor> init = new ArrayList<>();
        for (Object w : arr(c.get("weights"))) init.add(read(d, obj(w)));
        m.setWeights(init);
        Map<String, Object> training = obj(c.get("training"));
        Map<String, Object> opt = obj(training.get("optimizer"));
        m.compile(io.jkeras.optimizers.Optimizers.fromConfig((String) opt.get("class_name"), obj(opt.get("config"))),
                io.jkeras.losses.Losses.get((String) training.get("loss")));
        List<Tensor> x = new ArrayList<>(), y = new ArrayList<>();
        for (Object o : arr(training.get("x"))) x.add(read(d, obj(o)));
        for (Object o : arr(training.get("y"))) y.add(read(d, obj(o)));
        int batch = num(training, "batch_size");
        List<Double> running = new ArrayList<>();
        io.jkeras.callbacks.Callback recorder = new io.jkeras.callbacks.Callback() {
            @Override public void onTrainBatchEnd(int b, Map<String, Double> logs) { running.add(logs.get("loss")); }
        };
        m.fit(x, y, io.jkeras.training.FitOptions.builder().epochs(1).batchSize(batch).shuffle(false).verbose(0).callbacks(recorder));
        List<Object> expected = arr(training.get("batch_losses"));
        assertEquals(expected.size(), running.size(), name + ": number of steps");
        for (int i = 0; i < Math.min(lossSteps, expected.size()); i++) {
            // the logs hold a running mean over the epoch; equal batches give each batch's own loss back
            double batchLoss = running.get(i) * (i + 1) - (i == 0 ? 0 : running.get(i - 1) * i);
            double e = ((Number) expected.get(i)).doubleValue();
            assertEquals(e, batchLoss, 1e-5 * Math.max(1, Math.abs(e)), name + ": loss of step " + i);
        }
        List<Object> after = arr(training.get("weights_after"));
        List<Tensor> got = m.getWeights();
        assertEquals(after.size(), got.size(), name + ": number of weights");
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            Map<String, Object> w = obj(after.get(i));
            if (skipWeights.contains("*") || skipWeights.contains((String) w.get("name"))) continue;
            try {
                Oracle.assertClose(bin(d.resolve((String) w.get("file"))), got.get(i).toFloatArray(), name + " trained " + w.get("name"));
            } catch (AssertionError e) {
                bad.add(e.getMessage());
            }
        }
        if (!bad.isEmpty()) fail(String.join("\n", bad));
        if (!predictAfter) return;
        Map<String, Object> out0 = obj(arr(training.get("predict_after")).get(0));
        List<Tensor> x0 = new ArrayList<>();
        for (Object o : arr(c.get("inputs"))) x0.add(read(d, obj(o)));
        Oracle.assertClose(bin(d.resolve((String) out0.get("file"))), m.predictAll(x0, x0.get(0).dim(0)).get(0).toFloatArray(), name + " predict after training");
    }

    /** A compiled-ready model: Sequential cases as a Sequential with the first layer's input shape, others as a Functional graph. */
    static io.jkeras.models.Model buildModel(Map<String, Object> model) {
        Layer.clearSession();
        Map<String, Object> mc = obj(model.get("config"));
        if ("Sequential".equals(model.get("class_name"))) {
            io.jkeras.models.Sequential seq = new io.jkeras.models.Sequential();
            boolean first = true;
            for (Object lo : arr(mc.get("layers"))) {
                Map<String, Object> l = obj(lo);
                Map<String, Object> cfg = obj(l.get("config"));
                Layer layer = fromConfig((String) l.get("class_name"), cfg).name((String) cfg.get("name"));
                if (first) {
                    List<Object> bis = arr(cfg.get("batch_input_shape"));
                    int[] sample = new int[bis.size() - 1];
                    for (int i = 1; i < bis.size(); i++) sample[i - 1] = ((Number) bis.get(i)).intValue();
                    layer.inputShape(sample);
                    first = false;
                }
                seq.add(layer);
            }
            return seq;
        }
        Map<String, io.jkeras.models.KerasTensor> values = new HashMap<>();
        for (Object lo : arr(mc.get("layers"))) {
            Map<String, Object> l = obj(lo);
            Map<String, Object> cfg = obj(l.get("config"));
            String lname = (String) cfg.get("name");
            if ("InputLayer".equals(l.get("class_name"))) {
                List<Object> bis = arr(cfg.get("batch_input_shape"));
                int[] sample = new int[bis.size() - 1];
                for (int i = 1; i < bis.size(); i++) sample[i - 1] = ((Number) bis.get(i)).intValue();
                values.put(lname, Input.of(lname, sample));
                continue;
            }
            List<io.jkeras.models.KerasTensor> ins = new ArrayList<>();
            for (Object node : arr(arr(l.get("inbound_nodes")).get(0))) ins.add(values.get((String) arr(node).get(0)));
            values.put(lname, fromConfig((String) l.get("class_name"), cfg).name(lname).apply(ins).get(0));
        }
        List<io.jkeras.models.KerasTensor> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        for (Object o : arr(mc.get("input_layers"))) inputs.add(values.get((String) arr(o).get(0)));
        for (Object o : arr(mc.get("output_layers"))) outputs.add(values.get((String) arr(o).get(0)));
        return new io.jkeras.models.Model(inputs, outputs);
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
            case "ReLU" -> new ReLU(cfg.get("max_value") == null ? null : ((Number) cfg.get("max_value")).doubleValue(),
                    ((Number) cfg.getOrDefault("negative_slope", 0.0)).doubleValue(), ((Number) cfg.getOrDefault("threshold", 0.0)).doubleValue());
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
            case "DepthwiseConv2D" -> conv(new DepthwiseConv2D(ints(cfg.get("kernel_size"))).depthMultiplier(num(cfg, "depth_multiplier")), cfg, act, bias, df, pad);
            case "SeparableConv2D" -> conv(new SeparableConv2D(num(cfg, "filters"), ints(cfg.get("kernel_size")))
                    .depthMultiplier(num(cfg, "depth_multiplier")), cfg, act, bias, df, pad);
            case "Conv2DTranspose" -> conv(new Conv2DTranspose(num(cfg, "filters"), ints(cfg.get("kernel_size")))
                    .outputPadding(cfg.get("output_padding") == null ? null : ints(cfg.get("output_padding"))), cfg, act, bias, df, pad);
            case "Permute" -> new Permute(ints(cfg.get("dims")));
            case "Reshape" -> new Reshape(ints(cfg.get("target_shape")));
            case "RepeatVector" -> new RepeatVector(num(cfg, "n"));
            case "Add" -> new Add();
            case "Subtract" -> new Subtract();
            case "Multiply" -> new Multiply();
            case "Average" -> new Average();
            case "Maximum" -> new Maximum();
            case "Minimum" -> new Minimum();
            case "Concatenate" -> new Concatenate(num(cfg, "axis"));
            default -> throw new IllegalArgumentException("layer class " + cls + " is not handled by this test runner");
        };
    }

    private static <T extends AbstractConv<T>> T conv(T layer, Map<String, Object> cfg, String act, boolean bias, String df, String pad) {
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
