package io.jkeras.saving;

import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.Oracle;
import io.jkeras.testutil.SharedFixtures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The saving tests' short names for the shared fixtures ({@code ../shared/fixtures}, skipped when
 * absent); each delegates to {@link SharedFixtures} or {@link Oracle}.
 */
final class Fixtures {
    /** ../shared of the project root (a path that does not exist when the shared data is absent). */
    static final Path SHARED = Objects.requireNonNullElse(SharedFixtures.sharedDir(), Path.of("../shared"));
    static final Path KERAS = SHARED.resolve("fixtures/keras");

    private Fixtures() {}

    /** The folder of a Keras 3 fixture case; skips the test when the shared data is absent. */
    static Path keras3Case(String name) { return SharedFixtures.keras3Case(name); }

    static Map<String, Object> caseJson(Path dir) throws IOException { return SharedFixtures.json(dir.resolve("case.json")); }

    /** Reads a .npy file (with io.jkeras.utils.Npy). */
    static Tensor npy(Path file) throws IOException { return SharedFixtures.npy(file); }

    /** The fixtures' rule: |a - e| <= tol * max(|e|, 1), elementwise, and identical shapes. */
    static void assertClose(Tensor expected, Tensor actual, double tol, String what) { Oracle.assertKeras3Close(expected, actual, tol, what); }
}
