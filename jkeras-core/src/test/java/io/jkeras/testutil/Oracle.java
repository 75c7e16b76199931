package io.jkeras.testutil;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The golden references' file entries and comparison rules: the tfjs oracle
 * ({@code ../shared/oracle}, whose README sets {@code |a - b| <= 1e-5 + 1e-4 |b|}) and the Keras 3
 * fixtures ({@code ../shared/fixtures/keras3}, {@code |a - e| <= tol * max(|e|, 1)}).
 *
 * <pre>{@code
 * Path dir = SharedFixtures.oracleCase("dense_relu");
 * Map<String, Object> spec = SharedFixtures.json(dir.resolve("case.json"));
 * Tensor x = Oracle.tensor(dir, ((List<Map<String, Object>>) spec.get("inputs")).get(0));
 * Oracle.assertClose(expected, model.predict(x), "dense_relu");
 * }</pre>
 */
public final class Oracle {
    private Oracle() {}

    /** The {@code shape} of a case.json entry. */
    @SuppressWarnings("unchecked")
    public static int[] shape(Map<String, Object> entry) {
        return ((List<Object>) entry.get("shape")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    /**
     * The tensor a case.json entry ({@code {"file": "w_00.bin", "shape": [...], "dtype": ...}}) names,
     * read from the case folder. The files hold float32; an entry of dtype int32 becomes an int32 tensor.
     */
    public static Tensor tensor(Path caseDir, Map<String, Object> entry) throws IOException {
        int[] shape = shape(entry);
        float[] f = SharedFixtures.readBin(caseDir.resolve((String) entry.get("file")));
        if ("int32".equals(entry.get("dtype"))) {
            int[] ints = new int[f.length];
            for (int i = 0; i < f.length; i++) ints[i] = Math.round(f[i]);
            return Tensor.wrap(ints, Shape.of(shape));
        }
        return Tensor.of(f, shape);
    }

    /** The oracle's rule, elementwise and with identical shapes: {@code |actual - expected| <= 1e-5 + 1e-4 |expected|}. */
    public static void assertClose(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        assertClose(expected.toFloatArray(), actual.toFloatArray(), what);
    }

    /** The oracle's rule on flat float32 values of equal length: {@code |actual - expected| <= 1e-5 + 1e-4 |expected|}. */
    public static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": number of values");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= 1e-5 + 1e-4 * Math.abs(expected[i]))) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    /** The Keras 3 fixtures' rule, elementwise and with identical shapes: {@code |actual - expected| <= tol * max(|expected|, 1)}. */
    public static void assertKeras3Close(Tensor expected, Tensor actual, double tol, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            double bound = tol * Math.max(Math.abs(e[i]), 1);
            if (!(Math.abs(a[i] - e[i]) <= bound)) fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (tolerance " + bound + ")");
        }
    }
}
