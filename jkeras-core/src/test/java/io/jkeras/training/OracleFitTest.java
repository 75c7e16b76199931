package io.jkeras.training;

import io.jkeras.callbacks.Callback;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Layer;
import io.jkeras.losses.Losses;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.Oracle;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole training pipeline against the tfjs oracle: every Dense-only case with a {@code training}
 * section is rebuilt, compiled with the case's optimizer and loss, fitted for 3 steps without
 * shuffling, and each step's loss, every trained weight and the predictions afterwards are compared
 * with the reference (tolerance from ../shared/oracle/README.md).
 */
class OracleFitTest {

    @TestFactory
    Stream<DynamicTest> denseTrainingCasesMatchTheOracle() throws IOException {
        Path root = SharedFixtures.oracleCases();
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> Files.isRegularFile(p.resolve("case.json"))).sorted().forEach(cases::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path c : cases) {
            Map<String, Object> spec = SharedFixtures.json(c.resolve("case.json"));
            Map<String, Object> model = SharedFixtures.json(c.resolve("model.json"));
            if (!spec.containsKey("training") || !isDenseSequential(model)) continue;
            tests.add(DynamicTest.dynamicTest(c.getFileName().toString(), () -> runCase(c, spec, model)));
        }
        Assumptions.assumeTrue(tests.size() >= 13, "expected the 13 train_mlp_* cases at least, found " + tests.size());
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static boolean isDenseSequential(Map<String, Object> model) {
        if (!"Sequential".equals(model.get("class_name"))) return false;
        List<Object> layers = (List<Object>) ((Map<String, Object>) model.get("config")).get("layers");
        for (Object l : layers) if (!"Dense".equals(((Map<String, Object>) l).get("class_name"))) return false;
        return true;
    }

    @SuppressWarnings("unchecked")
    private static void runCase(Path dir, Map<String, Object> spec, Map<String, Object> modelJson) throws IOException {
        Layer.clearSession();
        Sequential model = new Sequential();
        List<Object> layers = (List<Object>) ((Map<String, Object>) modelJson.get("config")).get("layers");
        for (Object o : layers) {
            Map<String, Object> cfg = (Map<String, Object>) ((Map<String, Object>) o).get("config");
            Dense d = new Dense(((Number) cfg.get("units")).intValue()).activation((String) cfg.get("activation"))
                    .useBias((Boolean) cfg.get("use_bias")).name((String) cfg.get("name"));
            List<Object> bis = (List<Object>) cfg.get("batch_input_shape");
            if (bis != null) d.inputShape(((Number) bis.get(bis.size() - 1)).intValue());
            model.add(d);
        }
        List<Tensor> init = new ArrayList<>();
        for (Object w : (List<Object>) spec.get("weights")) init.add(Oracle.tensor(dir, (Map<String, Object>) w));
        model.setWeights(init);

        Map<String, Object> training = (Map<String, Object>) spec.get("training");
        Map<String, Object> opt = (Map<String, Object>) training.get("optimizer");
        Optimizer optimizer = Optimizers.fromConfig((String) opt.get("class_name"), (Map<String, Object>) opt.get("config"));
        model.compile(optimizer, Losses.get((String) training.get("loss")));

        Tensor x = Oracle.tensor(dir, ((List<Map<String, Object>>) training.get("x")).get(0));
        Tensor y = Oracle.tensor(dir, ((List<Map<String, Object>>) training.get("y")).get(0));
        int batch = ((Number) training.get("batch_size")).intValue();
        List<Double> running = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override public void onTrainBatchEnd(int b, Map<String, Double> logs) { running.add(logs.get("loss")); }
        };
        model.fit(x, y, FitOptions.builder().epochs(1).batchSize(batch).shuffle(false).verbose(0).callbacks(recorder));

        // Keras logs a running mean; equal batches let us recover each batch's own loss
        List<Object> expected = (List<Object>) training.get("batch_losses");
        assertEquals(expected.size(), running.size(), "number of steps");
        for (int i = 0; i < expected.size(); i++) {
            double batchLoss = running.get(i) * (i + 1) - (i == 0 ? 0 : running.get(i - 1) * i);
            double e = ((Number) expected.get(i)).doubleValue();
            assertEquals(e, batchLoss, 1e-5 * Math.max(1, Math.abs(e)), dir.getFileName() + ": loss of step " + i);
        }
        List<Object> after = (List<Object>) training.get("weights_after");
        List<Tensor> got = model.getWeights();
        for (int i = 0; i < after.size(); i++) {
            Map<String, Object> w = (Map<String, Object>) after.get(i);
            Oracle.assertClose(Oracle.tensor(dir, w), got.get(i), dir.getFileName() + " " + w.get("name"));
        }
        Map<String, Object> in0 = ((List<Map<String, Object>>) spec.get("inputs")).get(0);
        Map<String, Object> out0 = ((List<Map<String, Object>>) training.get("predict_after")).get(0);
        Oracle.assertClose(Oracle.tensor(dir, out0), model.predict(Oracle.tensor(dir, in0)), dir.getFileName() + " predict after training");
    }
}
