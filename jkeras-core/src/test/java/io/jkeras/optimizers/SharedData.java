package io.jkeras.optimizers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared test data folder ({@code shared/} next to the checkout, i.e. {@code ../shared}
 * from the project root), whether tests run from the project root or from a module folder.
 */
final class SharedData {
    private SharedData() {}

    /** {@code shared/<relative>} from the nearest ancestor of the working directory that has it (may not exist). */
    static Path resolve(String relative) {
        Path d = Path.of("").toAbsolutePath();
        for (Path p = d; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve(relative);
            if (Files.exists(candidate)) return candidate;
        }
        return d.resolve("../shared").resolve(relative).normalize();
    }
}
