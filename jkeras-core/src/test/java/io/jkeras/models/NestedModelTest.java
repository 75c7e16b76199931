package io.jkeras.models;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Models used as layers: inside a Functional model, on concrete tensors, frozen, shared. */
class NestedModelTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    Dense d5, d4, d3, d2;
    Model innerFunctional;
    Sequential innerSequential;

    Model build() { return build(DType.FLOAT32); }

    /** The nested_models fixture's structure: a Functional and a Sequential model inside a Functional one. */
    Model build(DType dt) {
        KerasTensor x = Input.of(null, dt, 6);
        d5 = new Dense(5);
        d4 = new Dense(4, "relu");
        d5.dtype(dt);
        d4.dtype(dt);
        innerFunctional = new Model(List.of(x), List.of(d4.apply(d5.apply(x))), "inner_functional");
        innerSequential = new Sequential("inner_sequential");
        d3 = new Dense(3, "tanh");
        d2 = new Dense(2);
        d3.dtype(dt);
        d2.dtype(dt);
        innerSequential.add(Input.of(null, dt, 4));
        innerSequential.add(d3);
        innerSequential.add(d2);
        KerasTensor z = Input.of(null, dt, 6);
        return new Model(List.of(z), List.of(innerSequential.apply(innerFunctional.apply(z))), "nested_models");
    }

    /** The same computation written with the four Dense layers directly. */
    Tensor byHand(Tensor x) { return d2.apply(d3.apply(d4.apply(d5.apply(x)))); }

    @Test void nestedWeightsCountInTheOuterModel() {
        Model m = build();
        assertEquals(82, m.countParams());
        assertEquals(8, m.weights().size());
        assertEquals(8, m.trainableWeights().size());
        assertEquals(List.of(d5.kernel(), d5.bias(), d4.kernel(), d4.bias(), d3.kernel(), d3.bias(), d2.kernel(), d2.bias()), m.weights());
        assertEquals(Shape.of(-1, 2), m.outputs().get(0).shape());
    }

    @Test void concreteCallMatchesTheLayersByHand() {
        Model m = build();
        Tensor x = Ops.randomUniform(Shape.of(3, 6), -1, 1, DType.FLOAT32, 5);
        assertArrayEquals(byHand(x).toFloatArray(), m.apply(x).toFloatArray(), 1e-6f);
        // the inner models are callable on their own too
        assertArrayEquals(d4.apply(d5.apply(x)).toFloatArray(), innerFunctional.apply(x).toFloatArray(), 1e-6f);
    }

    @Test void gradientsReachTheInnerModelsWeights() {
        Model m = build();
        Tensor x = Ops.randomUniform(Shape.of(3, 6), -1, 1, DType.FLOAT32, 6);
        try (GradientTape tape = new GradientTape(true)) {
            List<Tensor> viaModel = tape.gradient(Ops.sum(m.apply(x, true)), m.trainableWeights());
            List<Tensor> viaLayers = tape.gradient(Ops.sum(byHand(x)), m.trainableWeights());
            for (int i = 0; i < viaModel.size(); i++) {
                assertNotNull(viaModel.get(i), "gradient of " + m.trainableWeights().get(i).path());
                assertArrayEquals(viaLayers.get(i).toFloatArray(), viaModel.get(i).toFloatArray(), 1e-5f);
            }
        }
    }

    @Test void inputGradientThroughNestedModelsMatchesFiniteDifferences() {
        Model m64 = build(DType.FLOAT64);
        for (Variable v : m64.weights()) assertEquals(DType.FLOAT64, v.dtype(), v.path());
        FiniteDifferences.check(m64::apply, FiniteDifferences.randomDouble(3, 2, 6), 1e-6);
    }

    @Test void freezingAnInnerModelMovesItsWeightsToNonTrainable() {
        Model m = build();
        innerFunctional.trainable(false);
        assertEquals(4, m.trainableWeights().size());
        assertEquals(23, m.trainableWeights().stream().mapToLong(Variable::size).sum());
        assertEquals(59, m.nonTrainableWeights().stream().mapToLong(Variable::size).sum());
        String s = m.summaryString();
        assertTrue(s.endsWith(" Total params: 82 (328.00 B)\n Trainable params: 23 (92.00 B)\n Non-trainable params: 59 (236.00 B)\n"), s);
    }

    @Test void aModelUsedTwiceSharesItsWeights() {
        KerasTensor x = Input.of(3);
        Model block = new Model(x, new Dense(3, "tanh").apply(x));
        KerasTensor in = Input.of(3);
        KerasTensor out = block.apply(block.apply(in));
        Model twice = new Model(in, out);
        assertEquals(12, twice.countParams());
        Tensor v = Tensor.of(new float[][] {{0.1f, -0.2f, 0.3f}});
        assertArrayEquals(block.apply(block.apply(v)).toFloatArray(), twice.apply(v).toFloatArray(), 1e-6f);
        // called twice in one graph: not a chain, so the summary has a "Connected to" column; the second
        // call's input is the first call's output, functional[0][0]
        String s = twice.summaryString();
        assertTrue(s.contains("│ functional (Functional)       │ (None, 3)                 │              12 │ input_layer_1[0][0],       │"), s);
        assertTrue(s.contains("│                               │                           │                 │ functional[0][0]           │"), s);
    }

    @Test void callingOnAnIncompatibleShapeIsAKerasError() {
        Model m = build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> innerFunctional.apply(Input.of(7)));
        assertEquals("Input 0 of layer \"inner_functional\" is incompatible with the layer: expected shape=(None, 6), found shape=(None, 7)", e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> m.apply(Tensor.ones(2, 7)));
        assertTrue(c.getMessage().startsWith("Input 0 of layer \"nested_models\" is incompatible with the layer"), c.getMessage());
    }

    @Test void aKnownBatchSizeFlowsThroughANestedModel() {
        build();
        KerasTensor fixed = Input.ofBatchShape("fixed", DType.FLOAT32, Shape.of(8, 6));
        assertEquals(Shape.of(8, 4), innerFunctional.apply(fixed).shape());
    }

    @Test void anInputlessSequentialBuildsWhenCalledSymbolically() {
        Sequential s = new Sequential("head");
        s.add(new Dense(3, "relu"));
        s.add(new Dense(1));
        assertFalse(s.isGraph());
        KerasTensor in = Input.of(5);
        Model m = new Model(in, s.apply(in));
        assertTrue(s.isGraph());
        assertEquals(Shape.of(-1, 1), m.outputs().get(0).shape());
        assertEquals(22, m.countParams());
        assertEquals(Shape.of(4, 1), m.apply(Tensor.ones(4, 5)).shape());
    }
}
