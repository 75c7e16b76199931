package io.jkeras.cli;

import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.saving.Models;
import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The jkeras command on real Keras files from ../shared/fixtures, and its errors. */
class MainTest {
    @TempDir Path tmp;

    @BeforeEach void fresh() { Layer.clearSession(); }

    /** ../shared next to the project root, found from the module folder; skips the test when absent. */
    private static Path shared(String rel) {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("jkeras-core")) && dir.getParent() != null) {
                Path p = dir.getParent().resolve("shared").resolve(rel);
                Assumptions.assumeTrue(Files.exists(p), "shared fixture " + rel + " is absent; skipping");
                return p;
            }
        }
        Assumptions.abort("project root not found from " + Path.of("").toAbsolutePath());
        return null;
    }

    private static Path keras3(String caseName, String file) { return shared("fixtures/keras3/" + caseName + "/" + file); }

    private record Result(int status, String out, String err) {
        /** A failure must be one line on stderr, no stack trace, nothing on stdout. */
        void assertOneLineError(int expectedStatus, String... fragments) {
            assertEquals(expectedStatus, status, "exit status; stderr: " + err);
            assertEquals("", out, "nothing on stdout");
            assertTrue(err.startsWith("jkeras: "), err);
            assertEquals(1, err.lines().count(), "one line on stderr: " + err);
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace or exception class: " + err);
            for (String f : fragments) assertTrue(err.contains(f), "stderr should mention '" + f + "': " + err);
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, o, e);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), what + ": element " + i);
        }
    }

    // ------------------------------------------------------------------ summary

    @Test void summaryPrintsWhatKerasPrinted() throws IOException {
        for (String c : List.of("paper_functional_mlp", "multi_io_shared")) {
            for (String file : List.of("model.keras", "model.h5")) {
                Layer.clearSession();
                Result r = run("summary", keras3(c, file).toString());
                assertEquals(0, r.status, r.err);
                assertEquals(Files.readString(keras3(c, "summary.txt")), r.out, c + "/" + file);
            }
        }
    }

    // ------------------------------------------------------------------ predict

    @Test void predictWritesKerasPredictions() throws IOException {
        Path y = tmp.resolve("y.npy");
        Result r = run("predict", "--model", keras3("paper_functional_mlp", "model.keras").toString(),
                "--input", keras3("paper_functional_mlp", "x_0.npy").toString(), "--output", y.toString(), "--batch-size", "1");
        assertEquals(0, r.status, r.err);
        assertEquals("", r.err);
        assertClose(Npy.read(keras3("paper_functional_mlp", "y_0.npy")), Npy.read(y), 1e-4, "paper_functional_mlp");
    }

    @Test void predictWithTwoInputsWritesOneFilePerOutputNamedAfterIt() throws IOException {
        Path out = tmp.resolve("out");
        Result r = run("predict", "--model", keras3("multi_io_shared", "model.h5").toString(),
                "--input", keras3("multi_io_shared", "x_0.npy").toString(), "--input", keras3("multi_io_shared", "x_1.npy").toString(),
                "--output-dir", out.toString());
        assertEquals(0, r.status, r.err);
        try (var files = Files.list(out)) {
            assertEquals(List.of("cls.npy", "reg.npy"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertClose(Npy.read(keras3("multi_io_shared", "y_0.npy")), Npy.read(out.resolve("cls.npy")), 1e-4, "cls");
        assertClose(Npy.read(keras3("multi_io_shared", "y_1.npy")), Npy.read(out.resolve("reg.npy")), 1e-4, "reg");

        Path a = tmp.resolve("a.npy"), b = tmp.resolve("b.npy");
        r = run("predict", "--model", keras3("multi_io_shared", "model.keras").toString(),
                "--input", keras3("multi_io_shared", "x_0.npy").toString(), "--input", keras3("multi_io_shared", "x_1.npy").toString(),
                "--output", a.toString(), "--output", b.toString());
        assertEquals(0, r.status, r.err);
        assertClose(Npy.read(keras3("multi_io_shared", "y_1.npy")), Npy.read(b), 1e-4, "second output by order");
    }

    @Test void repeatedOutputNamesGetASuffix() {
        assertEquals(List.of("dense.npy", "dense_1.npy", "a_b.npy"), Main.outputFileNames(List.of(
                tensorNamed("dense"), tensorNamed("dense"), tensorNamed("a/b"))));
    }

    private static io.jkeras.models.KerasTensor tensorNamed(String layerName) {
        Layer l = new io.jkeras.layers.Dense(1) {
            @Override public String name() { return layerName; }     // any name, even one a layer refuses
        };
        io.jkeras.models.Node node = new io.jkeras.models.Node(l, List.of(), 0);
        return new io.jkeras.models.KerasTensor(io.jkeras.tensor.Shape.of(-1, 1), io.jkeras.tensor.DType.FLOAT32, node, 0);
    }

    // ------------------------------------------------------------------ convert

    @Test void convertsALegacyModelToKerasAndAKerasModelToWeights() throws IOException {
        Path keras = tmp.resolve("mlp.keras");
        Result r = run("convert", keras3("paper_sequential_mlp", "model.h5").toString(), keras.toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("8874 parameters"), r.out);
        Tensor x = Npy.read(keras3("paper_sequential_mlp", "x_0.npy"));
        Model converted = Models.load(keras);
        assertClose(Npy.read(keras3("paper_sequential_mlp", "y_0.npy")), converted.predict(x), 1e-4, "converted .keras");

        Path weights = tmp.resolve("mlp.weights.h5");
        r = run("convert", keras.toString(), weights.toString());
        assertEquals(0, r.status, r.err);
        Layer.clearSession();
        Model fresh = Models.fromJson(converted.toJson());
        fresh.loadWeights(weights);
        assertClose(Npy.read(keras3("paper_sequential_mlp", "y_0.npy")), fresh.predict(x), 1e-4, "weights from the converted file");
    }

    @Test void convertKeepsTheTrainingSetup() throws IOException {
        Path out = tmp.resolve("trained.keras");
        Result r = run("convert", keras3("train_adam_cce", "trained.keras").toString(), out.toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("compiled"), r.out);
        Model m = Models.load(out);
        assertEquals(9, m.optimizer().iterations());
    }

    // ------------------------------------------------------------------ errors

    @Test void usageErrors() {
        Result none = run();
        assertEquals(Main.USAGE, none.status);
        assertTrue(none.err.contains("Usage: jkeras"), none.err);
        run("frobnicate").assertOneLineError(Main.USAGE, "unknown command 'frobnicate'");
        run("summary").assertOneLineError(Main.USAGE, "jkeras summary MODEL");
        run("predict", "--model", "m.keras").assertOneLineError(Main.USAGE, "--input");
        run("predict", "--model", "m.keras", "--input", "x.npy").assertOneLineError(Main.USAGE, "--output", "neither");
        run("predict", "--model", "m.keras", "--input", "x.npy", "--output", "y.npy", "--batch-size", "0")
                .assertOneLineError(Main.USAGE, "--batch-size must be a positive integer, received '0'");
        run("predict", "--model").assertOneLineError(Main.USAGE, "--model needs a value");
        run("convert", "a.h5", "b.h5").assertOneLineError(Main.USAGE, "must end with .keras");
        Result help = run("help");
        assertEquals(0, help.status);
        assertTrue(help.out.contains("convert IN OUT"));
    }

    @Test void badFilesAndShapesGiveOneLine() throws IOException {
        String model = keras3("paper_functional_mlp", "model.keras").toString();
        String x = keras3("paper_functional_mlp", "x_0.npy").toString();
        String y = tmp.resolve("y.npy").toString();
        run("summary", tmp.resolve("missing.keras").toString()).assertOneLineError(Main.FAILURE, "model file not found", "missing.keras");

        Path garbage = tmp.resolve("garbage.keras");
        Files.writeString(garbage, "this is not a model");
        run("summary", garbage.toString()).assertOneLineError(Main.FAILURE, "garbage.keras", "not a model file");

        Path truncated = tmp.resolve("truncated.keras");
        byte[] whole = Files.readAllBytes(Path.of(model));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        run("summary", truncated.toString()).assertOneLineError(Main.FAILURE, "truncated.keras");

        // the input of another model: (batch, 100) where (None, 784) is expected
        String wrongShape = keras3("paper_sequential_mlp", "x_0.npy").toString();
        run("predict", "--model", model, "--input", wrongShape, "--output", y)
                .assertOneLineError(Main.FAILURE, "does not fit input 0", "(None, 784)");
        run("predict", "--model", model, "--input", x, "--input", x, "--output", y)
                .assertOneLineError(Main.USAGE, "has 1 input(s)", "2 --input file(s)");
        run("predict", "--model", model, "--input", x, "--output", y, "--output", y)
                .assertOneLineError(Main.USAGE, "has 1 output(s)", "2 --output file(s)");
        run("predict", "--model", model, "--input", model, "--output", y).assertOneLineError(Main.FAILURE, "model.keras");
        assertFalse(Files.exists(Path.of(y)), "no output written on failure");

        String lambda = shared("fixtures/keras/dl4j-test-resources/examples/lambda/sequential_lambda.h5").toString();
        run("summary", lambda).assertOneLineError(Main.FAILURE, "'Lambda'", "never runs code");
    }
}
