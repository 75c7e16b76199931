package io.jkeras.layers;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.SharedFixtures;
import io.jkeras.utils.Json;
import io.jkeras.utils.Npy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads the golden cases for sequence layers: the tfjs oracle cases ({@code ../shared/oracle/cases})
 * and the Keras 3.15 fixtures ({@code ../shared/fixtures/keras3}, weights from their legacy model.h5).
 * Tests skip where the shared data is absent.
 */
final class SequenceFixtures {
    private SequenceFixtures() {}

    /** One oracle case: weights in case.json order, the first input and the first expected output. */
    record OracleCase(List<Tensor> weights, List<String> weightNames, Tensor x, Tensor y) {}

    @SuppressWarnings("unchecked")
    static OracleCase oracle(String name) {
        try {
            Path dir = SharedFixtures.require("oracle/cases/" + name);
            Map<String, Object> c = Json.parseObject(Files.readString(dir.resolve("case.json")));
            List<Tensor> ws = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Object o : (List<Object>) c.get("weights")) {
                Map<String, Object> w = (Map<String, Object>) o;
                ws.add(bin(dir, w));
                names.add((String) w.get("name"));
            }
            Tensor x = bin(dir, (Map<String, Object>) ((List<Object>) c.get("inputs")).get(0));
            Tensor y = bin(dir, (Map<String, Object>) ((List<Object>) c.get("outputs")).get(0));
            return new OracleCase(ws, names, x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Tensor bin(Path dir, Map<String, Object> entry) throws IOException {
        List<Object> shape = (List<Object>) entry.get("shape");
        int[] dims = shape.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        return Tensor.of(SharedFixtures.readBin(dir.resolve((String) entry.get("file"))), dims);
    }

    /** A Keras 3 fixture's .npy array. */
    static Tensor npy(String caseName, String file) {
        try {
            return Npy.read(SharedFixtures.keras3(caseName, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every dataset under {@code model_weights/} of a Keras 3 fixture's model.h5 (read with jHDF), as float32, by path below it. */
    static Map<String, Tensor> h5Weights(String caseName) {
        Map<String, Tensor> out = new TreeMap<>();
        try (HdfFile f = new HdfFile(SharedFixtures.keras3(caseName, "model.h5"))) {
            collect((Group) f.getChild("model_weights"), "", out);
        }
        return out;
    }

    private static void collect(Group g, String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
            if (e.getValue() instanceof Group child) collect(child, path, out);
            else if (e.getValue() instanceof Dataset ds) {
                int[] dims = ds.getDimensions();
                Object flat = ds.getDataFlat();
                out.put(path, Ops.cast(Tensor.wrap(flat, Shape.of(dims)), DType.FLOAT32));
            }
        }
    }

    /** The weight at {@code path} of a fixture's weights; fails listing the paths there are. */
    static Tensor weight(Map<String, Tensor> weights, String path) {
        Tensor t = weights.get(path);
        if (t == null) fail("no weight " + path + " in the fixture; it has " + weights.keySet());
        return t;
    }

    /** Elementwise {@code |a - e| <= atol + rtol * |e|}, shapes equal. */
    static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
        assertArrayEquals(expected.shape().toArray(), actual.shape().toArray(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (shape " + expected.shape() + ")");
            }
        }
    }

    /** The oracle tolerance: |a - b| <= 1e-5 + 1e-4 |b|. */
    static void assertOracle(Tensor expected, Tensor actual, String what) { assertClose(expected, actual, 1e-5, 1e-4, what); }

    /** The Keras 3 fixtures' rule: |a - e| <= 1e-4 * max(|e|, 1). */
    static void assertKeras3(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape().toArray(), actual.shape().toArray(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= 1e-4 * Math.max(Math.abs(e[i]), 1))) {
                fail(what + ": element " + i + " is " + a[i] + ", Keras gives " + e[i] + " (shape " + expected.shape() + ")");
            }
        }
    }
}
