package io.jkeras.testutil;

import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Json;
import io.jkeras.utils.Npy;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the read-only shared data that sits beside the project root ({@code ../shared}), whether
 * the tests run from the root or from a module folder, and reads its file formats. Tests that need
 * it are skipped, with a message, where it is absent.
 *
 * <pre>{@code
 * Path dir = SharedFixtures.oracleCase("dense_relu");            // ../shared/oracle/cases/dense_relu
 * float[] w = SharedFixtures.readBin(dir.resolve("w_00.bin"));   // raw little-endian float32
 * Tensor x = SharedFixtures.npy(SharedFixtures.keras3("dense_activations", "x_0.npy"));
 * }</pre>
 */
public final class SharedFixtures {
    private SharedFixtures() {}

    /** {@code ../shared} of the project root, or null. */
    public static Path sharedDir() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("jkeras-core")) && dir.getParent() != null) {
                Path shared = dir.getParent().resolve("shared");
                return Files.isDirectory(shared) ? shared : null;
            }
        }
        return null;
    }

    /** {@code ../shared/<relative>} (a file or a folder); skips the calling test when it does not exist. */
    public static Path require(String relative) {
        Path shared = sharedDir();
        Path p = shared == null ? null : shared.resolve(relative);
        Assumptions.assumeTrue(p != null && Files.exists(p), "shared data ../shared/" + relative + " is absent; skipping");
        return p;
    }

    /** The folder of the tfjs oracle cases, {@code ../shared/oracle/cases}; skips the test when absent. */
    public static Path oracleCases() { return require("oracle/cases"); }

    /** One tfjs oracle case folder, e.g. {@code oracleCase("dense_relu")}; skips the test when absent. */
    public static Path oracleCase(String name) { return require("oracle/cases/" + name); }

    /** The folder of a Keras 3 fixture case, e.g. {@code keras3Case("dense_activations")}; skips the test when absent. */
    public static Path keras3Case(String caseName) { return require("fixtures/keras3/" + caseName); }

    /** A Keras 3 fixture file, e.g. {@code keras3("paper_functional_mlp", "summary.txt")}; skips the test when absent. */
    public static Path keras3(String caseName, String file) {
        Path shared = sharedDir();
        Path p = shared == null ? null : shared.resolve("fixtures/keras3").resolve(caseName).resolve(file);
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p),
                "Keras 3 fixture ../shared/fixtures/keras3/" + caseName + "/" + file + " is absent; skipping");
        return p;
    }

    /** The fixture's text (UTF-8); skips the test when absent. */
    public static String keras3Text(String caseName, String file) {
        try {
            return Files.readString(keras3(caseName, file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object file (case.json, model.json, training.json), parsed with {@link Json}. */
    public static Map<String, Object> json(Path file) throws IOException {
        return Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Raw little-endian float32 values, the format of the oracle's {@code .bin} files. */
    public static float[] readBin(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length % 4 != 0) throw new IOException(file + " has " + bytes.length + " bytes, not a whole number of float32 values");
        float[] f = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    /** A {@code .npy} array, read with {@link Npy#read(Path)}. */
    public static Tensor npy(Path file) throws IOException { return Npy.read(file); }
}
