package io.jkeras.saving;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Access to ../shared/fixtures (skipped when absent) and a small .npy reader for tests. */
final class Fixtures {
    /** ../shared seen from the project root; tests run in the module folder, one level below it. */
    static final Path SHARED = Files.isDirectory(Path.of("../shared")) ? Path.of("../shared") : Path.of("../../shared");
    static final Path KERAS3 = SHARED.resolve("fixtures/keras3");
    static final Path KERAS = SHARED.resolve("fixtures/keras");

    private Fixtures() {}

    /** The folder of a Keras 3 fixture case; skips the test when the shared data is absent. */
    static Path keras3Case(String name) {
        Path dir = KERAS3.resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(dir), "Keras 3 fixtures not found at " + dir.toAbsolutePath() + " (../shared is absent)");
        return dir;
    }

    static Map<String, Object> caseJson(Path dir) throws IOException {
        return Json.parseObject(Files.readString(dir.resolve("case.json")));
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads a little-endian float32/float64/int32 C-order .npy file. */
    static Tensor npy(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        assertEquals((byte) 0x93, b[0], "not an npy file: " + file);
        int major = b[6];
        int headerLen = major == 1 ? (b[8] & 0xff) | (b[9] & 0xff) << 8 : ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = major == 1 ? 10 : 12;
        String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
        assertFalse(header.contains("'fortran_order': True"), "fortran order npy not supported in tests");
        Matcher d = DESCR.matcher(header), s = SHAPE.matcher(header);
        assertTrue(d.find() && s.find(), "bad npy header " + header);
        String[] parts = s.group(1).split(",");
        int rank = 0;
        int[] dims = new int[parts.length];
        for (String p : parts) if (!p.isBlank()) dims[rank++] = Integer.parseInt(p.trim());
        Shape shape = Shape.of(java.util.Arrays.copyOf(dims, rank));
        ByteBuffer buf = ByteBuffer.wrap(b, start + headerLen, b.length - start - headerLen).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) shape.size();
        return switch (d.group(1)) {
            case "<f4" -> { float[] f = new float[n]; buf.asFloatBuffer().get(f); yield Tensor.wrap(f, shape); }
            case "<f8" -> { double[] f = new double[n]; buf.asDoubleBuffer().get(f); yield Tensor.wrap(f, shape); }
            case "<i4" -> { int[] f = new int[n]; buf.asIntBuffer().get(f); yield Tensor.wrap(f, shape); }
            default -> throw new AssertionError("unsupported npy dtype " + d.group(1));
        };
    }

    /** The fixtures' rule: |a - e| <= tol * max(|e|, 1), elementwise, and identical shapes. */
    static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            double bound = tol * Math.max(Math.abs(e[i]), 1);
            if (!(Math.abs(a[i] - e[i]) <= bound)) fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (tolerance " + bound + ")");
        }
    }
}
