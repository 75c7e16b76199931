package io.jkeras.callbacks;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.SGD;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small models and data for the callback tests. */
final class Tiny {
    private Tiny() {}

    /** y = x w with w starting at 0 (no bias), compiled with SGD(lr) and MSE. */
    static Model linear(int inputs, double lr) {
        KerasTensor in = Input.of(inputs);
        Model m = new Model(in, new Dense(1).useBias(false).kernelInitializer("zeros").apply(in));
        m.compile(new SGD(lr), new MeanSquaredError());
        return m;
    }

    /** A seeded 3-4-1 MLP compiled with the given optimizer and MSE. */
    static Model mlp(long seed, Optimizer opt) {
        SeedGenerator.setGlobalSeed(seed);
        Layer.clearSession();
        KerasTensor in = Input.of(3);
        KerasTensor h = new Dense(4, "relu").apply(in);
        Model m = new Model(in, new Dense(1).apply(h));
        m.compile(opt, new MeanSquaredError());
        return m;
    }

    static Tensor uniform(long seed, int... shape) { return Ops.randomUniform(Shape.of(shape), -1, 1, DType.FLOAT32, seed); }

    /** Rows of x times w (n x 1). */
    static Tensor times(Tensor x, float... w) { return Ops.matmul(x, Tensor.wrap(w.clone(), w.length, 1)); }

    static Map<String, Double> logs(Object... kv) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        return m;
    }

    static void assertSameWeights(List<Tensor> expected, List<Tensor> actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.get(i).toFloatArray(), actual.get(i).toFloatArray(), "weight " + i);
        }
    }
}
