package io.jkeras.saving;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Randomly corrupted copies of valid files (seeded, so failures reproduce): every load either
 * succeeds or throws our own {@link ModelFormatException}; nothing else escapes, nothing hangs.
 */
class FuzzTest {
    private static final int CASES = 200;
    @TempDir Path dir;
    private Map<String, byte[]> good;

    @BeforeEach void saveAGoodModel() throws IOException {
        Layer.clearSession();
        KerasTensor in = Input.of("x", 12);
        KerasTensor out = new Dense(4, "softmax").name("out").apply(new Dense(8, "relu").name("hidden").apply(in));
        Path file = dir.resolve("good.keras");
        Models.save(new Model(List.of(in), List.of(out), "fuzzed"), file);
        good = KerasZips.entries(file);
    }

    /** Flips 1-8 random bytes of {@code b}; half of the cases aim at the first {@code hotBytes} (headers, metadata). */
    private static byte[] mutate(byte[] b, Random r, int hotBytes) {
        byte[] out = b.clone();
        int flips = 1 + r.nextInt(8);
        for (int k = 0; k < flips; k++) {
            int bound = r.nextBoolean() ? Math.min(hotBytes, out.length) : out.length;
            int i = r.nextInt(bound);
            out[i] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : (byte) (out[i] ^ (1 << r.nextInt(8)));
        }
        return out;
    }

    private Map<String, Integer> run(String what, long seed, java.util.function.Function<Random, byte[]> makeFile, String suffix) {
        Map<String, Integer> outcomes = new TreeMap<>();
        Random r = new Random(seed);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < CASES; i++) {
                Path f = Files.write(dir.resolve("fuzz" + suffix), makeFile.apply(r));
                try {
                    Models.load(f);
                    outcomes.merge("loaded", 1, Integer::sum);
                } catch (ModelFormatException e) {
                    assertFalse(e.getMessage().contains("\n"), "one-line message expected: " + e.getMessage());
                    outcomes.merge("refused", 1, Integer::sum);
                } catch (Throwable t) {
                    throw new AssertionError(what + " case " + i + " (seed " + seed + ") escaped as " + t, t);
                }
            }
        }, what + ": fuzzing took too long (a hang?)");
        assertEquals(CASES, outcomes.values().stream().mapToInt(Integer::intValue).sum());
        return outcomes;
    }

    @Test void corruptedZipBytes() throws IOException {
        byte[] zip = KerasZips.zip(good, false);
        Map<String, Integer> o = run("zip", 11, r -> mutate(zip, r, zip.length), ".keras");
        assertTrue(o.getOrDefault("refused", 0) > CASES / 2, "most random zip corruptions must be caught (CRC, headers): " + o);
    }

    @Test void corruptedWeightsHdf5InsideAValidZip() throws IOException {
        byte[] h5 = good.get("model.weights.h5");
        Map<String, Integer> o = run("hdf5", 12, r -> {
            try {
                return KerasZips.zip(KerasZips.with(good, "model.weights.h5", mutate(h5, r, 2048)), false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, ".keras");
        assertTrue(o.getOrDefault("refused", 0) > 0, o.toString());
    }

    @Test void corruptedConfigJsonInsideAValidZip() throws IOException {
        byte[] cfg = good.get("config.json");
        Map<String, Integer> o = run("config", 13, r -> {
            try {
                return KerasZips.zip(KerasZips.with(good, "config.json", mutate(cfg, r, cfg.length)), false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, ".keras");
        assertTrue(o.getOrDefault("refused", 0) > 0, o.toString());
    }

    @Test void corruptedLegacyH5FromKeras() throws IOException {
        Path h5 = Fixtures.keras3Case("paper_sequential_mlp").resolve("model.h5");
        byte[] b = Files.readAllBytes(h5);
        Map<String, Integer> o = run("legacy h5", 14, r -> mutate(b, r, 8192), ".h5");
        assertTrue(o.getOrDefault("refused", 0) > 0, o.toString());
    }
}
