package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.Oracle;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The oracle training cases that need nothing but an optimizer: Sequential stacks of Dense layers
 * (linear or relu) trained with MSE (dense_linear, dense_relu, train_mlp_{sgd, sgd_momentum, adam,
 * rmsprop}_mse). The test computes the gradients itself (hand-written backpropagation in float64),
 * feeds them to the optimizer on float32 variables for the 3 steps, and compares every weight
 * with trained_w_NN.bin (|a - b| &lt;= 1e-5 + 1e-4 |b|). The per-step losses of its forward pass are
 * checked against batch_losses first, so a wrong gradient cannot hide.
 */
class OracleTrainingTest {
    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> denseMseCasesTrainLikeKeras() throws IOException {
        Path index = SharedFixtures.require("oracle/cases/index.json");
        Path root = index.getParent();
        List<DynamicTest> tests = new ArrayList<>();
        for (Object o : (List<Object>) SharedFixtures.json(index).get("cases")) {
            String name = (String) ((Map<String, Object>) o).get("name");
            Path dir = root.resolve(name);
            Map<String, Object> cs = SharedFixtures.json(dir.resolve("case.json"));
            Map<String, Object> training = (Map<String, Object>) cs.get("training");
            if (training == null || !"mse".equals(training.get("loss"))) continue;
            Map<String, Object> model = SharedFixtures.json(dir.resolve("model.json"));
            if (!"Sequential".equals(model.get("class_name"))) continue;
            List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) model.get("config")).get("layers");
            boolean denseOnly = layers.stream().allMatch(l -> "Dense".equals(l.get("class_name"))
                    && List.of("linear", "relu").contains(((Map<String, Object>) l.get("config")).get("activation"))
                    && Boolean.TRUE.equals(((Map<String, Object>) l.get("config")).get("use_bias")));
            if (!denseOnly) continue;
            tests.add(DynamicTest.dynamicTest(name, () -> runCase(dir, cs, training, layers)));
        }
        assumeTrue(!tests.isEmpty(), "no Dense/MSE training cases found");
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static void runCase(Path dir, Map<String, Object> cs, Map<String, Object> training, List<Map<String, Object>> layers) throws IOException {
        // weights: kernel then bias for each layer, in case.json order
        List<Map<String, Object>> weights = (List<Map<String, Object>>) cs.get("weights");
        List<Variable> vars = new ArrayList<>();
        for (Map<String, Object> w : weights) {
            Variable v = new Variable(((String) w.get("name")).replaceAll(".*/", ""), Oracle.tensor(dir, w), true);
            v.setPath((String) w.get("name"));
            vars.add(v);
        }
        Map<String, Object> xs = ((List<Map<String, Object>>) training.get("x")).get(0), ys = ((List<Map<String, Object>>) training.get("y")).get(0);
        float[] x = SharedFixtures.readBin(dir.resolve((String) xs.get("file"))), y = SharedFixtures.readBin(dir.resolve((String) ys.get("file")));
        int nIn = Oracle.shape(xs)[1], nOut = Oracle.shape(ys)[1];
        int batch = ((Number) training.get("batch_size")).intValue(), steps = ((Number) training.get("steps")).intValue();
        List<Object> losses = (List<Object>) training.get("batch_losses");
        Optimizer opt = Optimizers.deserialize((Map<String, Object>) training.get("optimizer"));

        for (int step = 0; step < steps; step++) {
            double[][] xb = rows(x, nIn, step * batch, batch), yb = rows(y, nOut, step * batch, batch);
            // forward
            int L = layers.size();
            double[][][] acts = new double[L + 1][][], pre = new double[L][][];
            acts[0] = xb;
            for (int l = 0; l < L; l++) {
                double[][] k = matrix(vars.get(2 * l)), bias = matrix(vars.get(2 * l + 1));
                pre[l] = new double[batch][k[0].length];
                acts[l + 1] = new double[batch][k[0].length];
                boolean relu = "relu".equals(((Map<String, Object>) layers.get(l).get("config")).get("activation"));
                for (int r = 0; r < batch; r++)
                    for (int c = 0; c < k[0].length; c++) {
                        double s = bias[0][c];
                        for (int i = 0; i < k.length; i++) s += acts[l][r][i] * k[i][c];
                        pre[l][r][c] = s;
                        acts[l + 1][r][c] = relu ? Math.max(s, 0) : s;
                    }
            }
            double loss = 0;
            double[][] d = new double[batch][nOut];
            for (int r = 0; r < batch; r++)
                for (int c = 0; c < nOut; c++) {
                    double e = acts[L][r][c] - yb[r][c];
                    loss += e * e / (batch * nOut);
                    d[r][c] = 2 * e / (batch * nOut);
                }
            double expectedLoss = ((Number) losses.get(step)).doubleValue();
            assertEquals(expectedLoss, loss, 1e-5 * Math.max(1, Math.abs(expectedLoss)), "forward pass of the test, step " + step);
            // backward
            Tensor[] grads = new Tensor[vars.size()];
            for (int l = L - 1; l >= 0; l--) {
                boolean relu = "relu".equals(((Map<String, Object>) layers.get(l).get("config")).get("activation"));
                if (relu) for (int r = 0; r < batch; r++) for (int c = 0; c < d[0].length; c++) if (pre[l][r][c] <= 0) d[r][c] = 0;
                double[][] k = matrix(vars.get(2 * l));
                float[] gk = new float[k.length * k[0].length], gb = new float[k[0].length];
                for (int i = 0; i < k.length; i++)
                    for (int c = 0; c < k[0].length; c++) {
                        double s = 0;
                        for (int r = 0; r < batch; r++) s += acts[l][r][i] * d[r][c];
                        gk[i * k[0].length + c] = (float) s;
                    }
                for (int c = 0; c < k[0].length; c++) {
                    double s = 0;
                    for (int r = 0; r < batch; r++) s += d[r][c];
                    gb[c] = (float) s;
                }
                grads[2 * l] = Tensor.wrap(gk, vars.get(2 * l).shape());
                grads[2 * l + 1] = Tensor.wrap(gb, vars.get(2 * l + 1).shape());
                double[][] dPrev = new double[batch][k.length];
                for (int r = 0; r < batch; r++)
                    for (int i = 0; i < k.length; i++) {
                        double s = 0;
                        for (int c = 0; c < k[0].length; c++) s += d[r][c] * k[i][c];
                        dPrev[r][i] = s;
                    }
                d = dPrev;
            }
            opt.apply(List.of(grads), vars);
        }
        assertEquals(steps, opt.iterations());
        List<Map<String, Object>> after = (List<Map<String, Object>>) training.get("weights_after");
        for (int i = 0; i < after.size(); i++) {
            Oracle.assertClose(Oracle.tensor(dir, after.get(i)), vars.get(i).value(), dir.getFileName() + ": " + vars.get(i).path() + " after training");
        }
    }

    private static double[][] rows(float[] data, int cols, int from, int n) {
        double[][] out = new double[n][cols];
        for (int r = 0; r < n; r++) for (int c = 0; c < cols; c++) out[r][c] = data[(from + r) * cols + c];
        return out;
    }

    private static double[][] matrix(Variable v) {
        float[] f = v.value().floats();
        int rows = v.shape().rank() == 1 ? 1 : v.shape().dim(0), cols = f.length / rows;
        double[][] m = new double[rows][cols];
        for (int i = 0; i < f.length; i++) m[i / cols][i % cols] = f[i];
        return m;
    }
}
