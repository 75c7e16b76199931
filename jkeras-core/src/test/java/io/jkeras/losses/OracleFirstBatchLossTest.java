package io.jkeras.losses;

import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The first entry of {@code batch_losses} in the oracle's {@code train_mlp_*} cases is the loss of
 * the first batch at the initial weights. The two-layer MLP is evaluated here in plain float64 Java
 * (no model code), and the loss named in the case must reproduce that golden value.
 */
class OracleFirstBatchLossTest {
    static final Pattern ARCH = Pattern.compile("Dense\\((\\d+), (\\w+)\\) -> Dense\\((\\d+), (\\w+)\\)");

    @TestFactory Stream<DynamicTest> firstBatchLossMatchesOracle() throws IOException {
        Path cases = SharedFixtures.oracleCases();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(cases)) {
            dirs = s.filter(p -> p.getFileName().toString().startsWith("train_mlp_")).sorted().toList();
        }
        assumeTrue(!dirs.isEmpty(), "no train_mlp_* cases in " + cases);
        return dirs.stream().map(d -> dynamicTest(d.getFileName().toString(), () -> check(d)));
    }

    static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "pattern " + regex + " not found");
        return m.group(1);
    }

    static double act(String name, double v) {
        return switch (name) {
            case "relu" -> Math.max(v, 0);
            case "linear" -> v;
            case "sigmoid" -> 1 / (1 + Math.exp(-v));
            default -> throw new IllegalArgumentException("activation " + name);
        };
    }

    static void check(Path dir) throws IOException {
        String json = Files.readString(dir.resolve("case.json"));
        String lossId = group(json, "\"loss\":\\s*\"(\\w+)\"");
        int batch = Integer.parseInt(group(json, "\"batch_size\":\\s*(\\d+)"));
        double expected = Double.parseDouble(group(json, "\"batch_losses\":\\s*\\[\\s*([-0-9.eE+]+)"));
        Matcher a = ARCH.matcher(json);
        assertTrue(a.find(), "architecture not found in the description of " + dir);
        int hidden = Integer.parseInt(a.group(1)), out = Integer.parseInt(a.group(3));
        String act1 = a.group(2), act2 = a.group(4);
        float[] w0 = SharedFixtures.readBin(dir.resolve("w_00.bin")), b0 = SharedFixtures.readBin(dir.resolve("w_01.bin"));
        float[] w1 = SharedFixtures.readBin(dir.resolve("w_02.bin")), b1 = SharedFixtures.readBin(dir.resolve("w_03.bin"));
        int in = w0.length / hidden;
        float[] x = SharedFixtures.readBin(dir.resolve("train_x_0.bin")), y = SharedFixtures.readBin(dir.resolve("train_y_0.bin"));
        int rows = x.length / in, yCols = y.length / rows;
        double[] pred = new double[batch * out];
        for (int r = 0; r < batch; r++) {
            double[] h = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double s = b0[j];
                for (int i = 0; i < in; i++) s += (double) x[r * in + i] * w0[i * hidden + j];
                h[j] = act(act1, s);
            }
            double[] z = new double[out];
            for (int k = 0; k < out; k++) {
                double s = b1[k];
                for (int j = 0; j < hidden; j++) s += h[j] * w1[j * out + k];
                z[k] = s;
            }
            if (act2.equals("softmax")) {
                double mx = Double.NEGATIVE_INFINITY, sum = 0;
                for (double v : z) mx = Math.max(mx, v);
                for (int k = 0; k < out; k++) { z[k] = Math.exp(z[k] - mx); sum += z[k]; }
                for (int k = 0; k < out; k++) z[k] /= sum;
            } else {
                for (int k = 0; k < out; k++) z[k] = act(act2, z[k]);
            }
            System.arraycopy(z, 0, pred, r * out, out);
        }
        float[] yb = java.util.Arrays.copyOf(y, batch * yCols);
        Tensor yTrue = lossId.startsWith("sparse") ? Tensor.of(toInts(yb), batch, yCols) : Tensor.of(yb, batch, yCols);
        Tensor yPred = io.jkeras.ops.Ops.cast(Tensor.of(pred, batch, out), io.jkeras.tensor.DType.FLOAT32);
        double actual = Losses.get(lossId).apply(yTrue, yPred).item();
        assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)), dir.getFileName() + " (" + lossId + ")");
    }

    static int[] toInts(float[] f) {
        int[] o = new int[f.length];
        for (int i = 0; i < f.length; i++) o[i] = (int) f[i];
        return o;
    }
}
