package io.jkeras.saving;

import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every real Keras model file in ../shared/fixtures/keras (Keras 1, 2 and 3; TensorFlow and Theano)
 * goes through {@link Models#load}: whole-model files load; the files with Lambda layers are refused
 * without running anything; weights-only files are refused with a message saying to load them into
 * a model built from its config. Nothing else may happen (no other exception type, no multi-line message).
 */
class FixtureSweepTest {
    @Test void everyRealKerasFileLoadsOrIsRefusedForItsKnownReason() throws Exception {
        Path shared = SharedFixtures.sharedDir();
        Assumptions.assumeTrue(shared != null && Files.isDirectory(shared.resolve("fixtures/keras")),
                "../shared/fixtures/keras is absent; skipping the sweep over real Keras files");
        Path root = shared.resolve("fixtures/keras");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".h5") || p.toString().endsWith(".keras")).sorted().toList();
        }
        assertTrue(files.size() >= 90, "expected the ~94 model files of the manifest, found " + files.size());
        int loaded = 0;
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            try {
                Models.load(f);
                loaded++;
            } catch (ModelFormatException e) {
                String m = e.getMessage();
                boolean lambda = m.contains("Layer class 'Lambda'") && m.contains("never runs code");
                boolean weightsOnly = m.contains("holds weights only (save_weights)");
                if (m.contains("\n")) problems.add(rel + ": multi-line message");
                else if (!lambda && !weightsOnly) problems.add(rel + ": refused: " + m);
                else if (lambda != (rel.contains("lambda") || rel.contains("space_to_depth"))) problems.add(rel + ": unexpected Lambda verdict: " + m);
            } catch (Throwable t) {
                problems.add(rel + ": " + t);
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(loaded >= 74, "whole-model files that load: " + loaded);
    }
}
