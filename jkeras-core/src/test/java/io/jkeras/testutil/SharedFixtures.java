package io.jkeras.testutil;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the read-only shared data that sits beside the project root ({@code ../shared}), whether
 * the tests run from the root or from a module folder. Tests that need it are skipped, with a
 * message, where it is absent.
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
}
