package io.jkeras.optimizers;

import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The optimizer configs that Keras 3.15.1 wrote in ../shared/fixtures/keras3/train_{@literal *}/training.json
 * (Adagrad, Adam, AdamW, Nadam, RMSprop, SGD with momentum; as {@code keras.optimizers.serialize}
 * gives them) load through {@link Optimizers#deserialize} and serialize back to exactly the same
 * map: same keys in the same order, same values (the learning rate as Keras's float32 value, e.g.
 * 0.009999999776482582).
 */
class KerasFixtureOptimizerTest {
    @TestFactory
    Stream<DynamicTest> trainingJsonOptimizersRoundTrip() throws IOException {
        Path root = SharedFixtures.require("fixtures/keras3");
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> p.getFileName().toString().startsWith("train_") && Files.exists(p.resolve("training.json"))).sorted().forEach(cases::add);
        }
        assumeTrue(!cases.isEmpty(), "no train_* cases in " + root);
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Map<String, Object> training = SharedFixtures.json(dir.resolve("training.json"));
            @SuppressWarnings("unchecked") Map<String, Object> serialized = (Map<String, Object>) training.get("optimizer");
            Optimizer o = Optimizers.deserialize(serialized);
            assertEquals(serialized.get("class_name"), o.className());
            @SuppressWarnings("unchecked") Map<String, Object> config = (Map<String, Object>) serialized.get("config");
            assertEquals(new ArrayList<>(config.keySet()), new ArrayList<>(o.getConfig().keySet()), "config key order");
            assertEquals(config, o.getConfig());
            assertEquals(serialized, Optimizers.serialize(o));
            assertEquals(((Number) config.get("learning_rate")).doubleValue(), o.learningRate(), 0);
        }));
    }
}
