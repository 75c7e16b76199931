package io.jkeras.models;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FunctionalModelTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test void paperFunctionalModelHasKerasParamCountAndNames() {
        KerasTensor in = Input.of(784);
        KerasTensor h1 = new Dense(128, "relu").apply(in);
        KerasTensor h2 = new Dense(64, "relu").apply(h1);
        KerasTensor out = new Dense(10, "softmax").apply(h2);
        Model model = new Model(in, out);
        assertEquals(109_386, model.countParams());
        assertEquals("functional", model.name());
        assertEquals(List.of("input_layer", "dense", "dense_1", "dense_2"), model.layers().stream().map(Layer::name).toList());
        assertEquals(Shape.of(-1, 10), out.shape());
        Tensor y = model.apply(Ops.randomUniform(Shape.of(3, 784), 0, 1, io.jkeras.tensor.DType.FLOAT32, 1));
        assertEquals(Shape.of(3, 10), y.shape());
        Tensor rowSums = Ops.sum(y, new int[] {1}, false);
        for (int i = 0; i < 3; i++) assertEquals(1.0, rowSums.getFlat(i), 1e-5);
    }

    @Test void paperSequentialModelCountsParams() {
        Sequential m = new Sequential();
        m.add(new Dense(64, "relu").inputShape(100));
        m.add(new Dense(32, "relu"));
        m.add(new Dense(10, "softmax"));
        assertEquals(8_874, m.countParams());
        assertEquals(List.of("dense", "dense_1", "dense_2"), m.layers().stream().map(Layer::name).toList());
    }

    @Test void sharedLayerSharesWeightsAndGradientsFlow() {
        KerasTensor a = Input.of(5), b = Input.of(5);
        Dense shared = new Dense(4);
        KerasTensor ya = shared.apply(a), yb = shared.apply(b);
        Model m = new Model(List.of(a, b), List.of(ya, yb));
        assertEquals(24, m.countParams());
        assertEquals(2, m.trainableWeights().size());
        Tensor x1 = Tensor.ones(2, 5), x2 = Ops.multiply(Tensor.ones(2, 5), 2.0);
        try (GradientTape tape = new GradientTape()) {
            List<Tensor> outs = m.apply(List.of(x1, x2), true);
            Tensor loss = Ops.add(Ops.sum(outs.get(0)), Ops.sum(outs.get(1)));
            List<Tensor> g = tape.gradient(loss, m.trainableWeights());
            // d/dW sum(x1 W + x2 W) = column sums of x1 + x2 = 2*1 + 2*2 = 6 for every entry
            for (double v : g.get(0).toDoubleArray()) assertEquals(6.0, v, 1e-6);
            for (double v : g.get(1).toDoubleArray()) assertEquals(4.0, v, 1e-6);
        }
    }

    @Test void incompatibleInputNamesLayerAndShapes() {
        KerasTensor in = Input.of(32);
        new Dense(8).name("first").apply(in);
        Dense d = new Dense(4).name("second");
        d.apply(Input.of(64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.apply(in));
        assertEquals("Input 0 of layer \"second\" is incompatible with the layer: expected axis -1 of input shape to have value 64, "
                + "but received input with shape (None, 32)", e.getMessage());
    }

    @Test void variableGradientThroughDense() {
        Dense d = new Dense(2);
        d.buildFor(Shape.of(-1, 3));
        Variable k = d.kernel();
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        try (GradientTape tape = new GradientTape()) {
            Tensor y = Ops.sum(d.apply(x));
            Tensor gk = tape.gradient(y, List.of(k)).get(0);
            assertArrayEquals(new float[] {5, 5, 7, 7, 9, 9}, gk.toFloatArray(), 1e-6f);
        }
    }
}
