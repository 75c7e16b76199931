package io.jkeras.training;

import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.losses.Losses;
import io.jkeras.metrics.Metric;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.optimizers.SGD;
import io.jkeras.ops.Ops;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Two inputs, two outputs, a loss per output with loss weights: logs and the total follow Keras. */
class MultiOutputTest {
    @Test void perOutputLossesAreWeightedAndLoggedByOutputName() {
        Layer.clearSession();
        SeedGenerator.setGlobalSeed(5);
        KerasTensor a = Input.of("features", 6), b = Input.of("extra", 3);
        KerasTensor h = new Concatenate(-1).apply(new Dense(5, "relu").apply(a), b);
        KerasTensor cls = new Dense(3, "softmax").name("class").apply(h);
        KerasTensor val = new Dense(1).name("value").apply(h);
        Model m = new Model(List.of(a, b), List.of(cls, val));
        m.compile(new SGD(0.0), List.of(Losses.get("categorical_crossentropy"), Losses.get("mse")), List.of(2.0, 0.5),
                List.<List<Metric>>of(List.of(), List.of()));

        Tensor xa = Ops.randomNormal(Shape.of(8, 6), 0, 1, DType.FLOAT32, 1);
        Tensor xb = Ops.randomNormal(Shape.of(8, 3), 0, 1, DType.FLOAT32, 2);
        Tensor ya = Ops.oneHot(Tensor.wrap(new int[] {0, 1, 2, 0, 1, 2, 0, 1}, Shape.of(8)), 3, DType.FLOAT32);
        Tensor yb = Ops.randomNormal(Shape.of(8, 1), 0, 1, DType.FLOAT32, 3);

        List<Tensor> p = m.predictAll(List.of(xa, xb), 8);
        double cce = Losses.get("categorical_crossentropy").apply(ya, p.get(0)).item();
        double mse = Losses.get("mse").apply(yb, p.get(1)).item();

        Map<String, Double> logs = m.evaluate(List.of(xa, xb), List.of(ya, yb), 8, 0);
        assertEquals(cce, logs.get("class_loss"), 1e-6);
        assertEquals(mse, logs.get("value_loss"), 1e-6);
        assertEquals(2.0 * cce + 0.5 * mse, logs.get("loss"), 1e-5);

        // the same numbers come out of a training step with a zero learning rate
        Map<String, Double> t = m.trainer().fit(List.of(xa, xb), List.of(ya, yb),
                FitOptions.builder().batchSize(8).verbose(0)).history().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
        assertEquals(logs.get("loss"), t.get("loss"), 1e-6);
        assertEquals(logs.keySet(), t.keySet());
    }
}
