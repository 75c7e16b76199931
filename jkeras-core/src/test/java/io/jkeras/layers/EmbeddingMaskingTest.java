package io.jkeras.layers;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedding, Masking and the mask plumbing of Layer / Sequential / Functional models. */
class EmbeddingMaskingTest {

    @Test void embeddingMatchesTheOracle() {
        SequenceFixtures.OracleCase c = SequenceFixtures.oracle("embedding");
        Embedding e = new Embedding(10, 4);
        e.buildFor(Shape.of(-1, 5));
        e.setWeights(c.weights());
        // the oracle stores the token ids as float32, as Keras accepts them
        SequenceFixtures.assertOracle(c.y(), e.apply(c.x()), "embedding");
        SequenceFixtures.assertOracle(c.y(), e.apply(Ops.cast(c.x(), DType.INT32)), "embedding on int32 ids");
    }

    @Test void embeddingLooksUpRows() {
        Embedding e = new Embedding(3, 2);
        e.buildFor(Shape.of(-1, 2));
        e.setWeights(List.of(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)));
        Tensor y = e.apply(Tensor.of(new int[] {2, 0, 1, 2}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 2}, y.shape().toArray());
        assertArrayEquals(new float[] {5, 6, 1, 2, 3, 4, 5, 6}, y.toFloatArray());
        assertEquals(Shape.of(-1, 7, 2), e.computeOutputShape(Shape.of(-1, 7)));
    }

    @Test void embeddingDefaultInitializerIsUniform005() {
        Embedding e = new Embedding(200, 50);
        e.buildFor(Shape.of(-1, 1));
        float[] w = e.embeddings().value().toFloatArray();
        double min = 1, max = -1;
        for (float v : w) { min = Math.min(min, v); max = Math.max(max, v); }
        assertTrue(min >= -0.05 && max <= 0.05, "values in [-0.05, 0.05], got [" + min + ", " + max + "]");
        assertTrue(min < -0.045 && max > 0.045, "10000 draws should come near both ends, got [" + min + ", " + max + "]");
    }

    @Test void embeddingGradientAddsUpstreamRowsAtEachIndex() {
        Embedding e = new Embedding(4, 2);
        e.dtype(DType.FLOAT64);
        e.buildFor(Shape.of(-1, 3));
        Tensor ids = Tensor.of(new int[] {1, 3, 1}, 1, 3);
        Tensor up = Tensor.of(new double[] {0.5, -1, 2, 3, -4, 0.25}, 1, 3, 2);
        Tensor g;
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = Ops.sum(Ops.multiply(e.apply(ids), up));
            g = tape.gradient(loss, e.embeddings());
        }
        // row 1 collects steps 0 and 2, row 3 step 1, rows 0 and 2 nothing
        assertArrayEquals(new double[] {0, 0, 0.5 - 4, -1 + 0.25, 0, 0, 2, 3}, g.toDoubleArray(), 1e-12);
    }

    @Test void embeddingRejectsOutOfRangeIndicesClearly() {
        Embedding e = new Embedding(5, 2).name("tokens");
        IndexOutOfBoundsException ex = assertThrows(IndexOutOfBoundsException.class, () -> e.apply(Tensor.of(new int[] {1, 5}, 1, 2)));
        assertTrue(ex.getMessage().contains("\"tokens\"") && ex.getMessage().contains("index 5") && ex.getMessage().contains("input_dim=5"), ex.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> e.apply(Tensor.of(new int[] {-1, 0}, 1, 2)));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
    }

    @Test void maskZeroGivesAMaskOnlyWhenAsked() {
        Tensor ids = Tensor.of(new int[] {3, 1, 0, 0, 2, 0}, 2, 3);
        Embedding plain = new Embedding(4, 2);
        assertNull(plain.computeMask(ids, null));
        assertFalse(plain.supportsMasking());
        Embedding masked = new Embedding(4, 2).maskZero(true);
        assertArrayEquals(new boolean[] {true, true, false, false, true, false}, masked.computeMask(ids, null).toBooleanArray());
        Layer.MaskedOutputs r = masked.applyMasked(List.of(ids), null, false);
        assertArrayEquals(new int[] {2, 3, 2}, r.outputs().get(0).shape().toArray());
        assertArrayEquals(new boolean[] {true, true, false, false, true, false}, r.mask(0).toBooleanArray());
        Map<String, Object> cfg = masked.getConfig();
        assertEquals(4, cfg.get("input_dim"));
        assertEquals(2, cfg.get("output_dim"));
        assertEquals(true, cfg.get("mask_zero"));
    }

    @Test void maskingZeroesAndMasksStepsWhoseFeaturesAllEqualTheValue() {
        Masking m = new Masking(-1.0);
        Tensor x = Tensor.of(new float[] {1, 2, -1, -1, -1, 5, 0, 0}, 1, 4, 2);
        Tensor y = m.apply(x);
        assertArrayEquals(new float[] {1, 2, 0, 0, -1, 5, 0, 0}, y.toFloatArray(), 0f);   // -0.0 where -1 * 0, as in Keras
        assertArrayEquals(new boolean[] {true, false, true, true}, m.computeMask(x, null).toBooleanArray());
        assertEquals(-1.0, m.getConfig().get("mask_value"));
    }

    @Test void masksFlowThroughSequentialAndPassThroughDenseDropoutActivation() {
        Sequential s = new Sequential();
        s.add(new Embedding(5, 3).maskZero(true).inputShape(4));
        s.add(new Dense(2));
        s.add(new Dropout(0.5));
        s.add(new Activation("relu"));
        Tensor ids = Tensor.of(new int[] {1, 2, 0, 0}, 1, 4);
        Layer.MaskedOutputs r = s.applyMasked(List.of(ids), null, false);
        assertArrayEquals(new boolean[] {true, true, false, false}, r.mask(0).toBooleanArray());
        // Flatten does not support masking: the mask stops there
        Sequential f = new Sequential();
        f.add(new Embedding(5, 3).maskZero(true).inputShape(4));
        f.add(new Flatten());
        assertNull(f.applyMasked(List.of(ids), null, false).mask(0));
    }

    @Test void masksFlowThroughFunctionalModelsAndNestedModels() {
        KerasTensor in = Input.of(4);
        KerasTensor h = new Embedding(5, 3).maskZero(true).apply(in);
        KerasTensor out = new Dense(2).apply(h);
        Model inner = new Model(in, out);
        Tensor ids = Tensor.of(new int[] {0, 2, 4, 0}, 1, 4);
        assertArrayEquals(new boolean[] {false, true, true, false}, inner.applyMasked(List.of(ids), null, false).mask(0).toBooleanArray());

        KerasTensor in2 = Input.of(4);
        KerasTensor o2 = new Dense(1).apply(inner.apply(in2));
        Model outer = new Model(in2, o2);
        assertArrayEquals(new boolean[] {false, true, true, false}, outer.applyMasked(List.of(ids), null, false).mask(0).toBooleanArray());
        // a plain apply still gives the same values
        SequenceFixtures.assertClose(outer.apply(ids), outer.applyMasked(List.of(ids), null, false).outputs().get(0), 0, 0, "outer");
    }

    @Test void aMaskGivenToAModelInputReachesItsLayers() {
        KerasTensor in = Input.of(3, 2);
        Model m = new Model(in, new Dense(1).apply(in));
        Tensor mask = Tensor.of(new boolean[] {true, false, true}, 1, 3);
        Layer.MaskedOutputs r = m.applyMasked(List.of(Tensor.ones(1, 3, 2)), Collections.singletonList(mask), false);
        assertArrayEquals(new boolean[] {true, false, true}, r.mask(0).toBooleanArray());
        assertThrows(IllegalArgumentException.class, () -> m.applyMasked(List.of(Tensor.ones(1, 3, 2)), Arrays.asList(mask, mask), false));
    }

    @Test void mergeLayersCombineMasksAsKerasDoes() {
        Tensor a = Tensor.ones(1, 3, 2), b = Tensor.ones(1, 3, 2);
        Tensor ma = Tensor.of(new boolean[] {true, true, false}, 1, 3), mb = Tensor.of(new boolean[] {true, false, true}, 1, 3);
        assertArrayEquals(new boolean[] {true, false, false}, new Add().applyMasked(List.of(a, b), List.of(ma, mb), false).mask(0).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, false}, new Add().applyMasked(List.of(a, b), Arrays.asList(ma, null), false).mask(0).toBooleanArray());
        assertNull(new Add().applyMasked(List.of(a, b), null, false).mask(0));
        assertArrayEquals(new boolean[] {true, false, false}, new Concatenate().applyMasked(List.of(a, b), List.of(ma, mb), false).mask(0).toBooleanArray());
        // along time the masks follow one another
        assertArrayEquals(new boolean[] {true, true, false, true, true, true},
                new Concatenate(1).applyMasked(List.of(a, b), Arrays.asList(ma, null), false).mask(0).toBooleanArray());
    }

    @Test void globalAveragePooling1DAveragesOnlyUnmaskedSteps() {
        Tensor x = Tensor.of(new float[] {1, 10, 3, 30, 100, 1000}, 1, 3, 2);
        Tensor m = Tensor.of(new boolean[] {true, true, false}, 1, 3);
        Layer.MaskedOutputs r = new GlobalAveragePooling1D().applyMasked(List.of(x), List.of(m), false);
        assertArrayEquals(new float[] {2, 20}, r.outputs().get(0).toFloatArray(), 1e-6f);
        assertNull(r.mask(0));
        assertArrayEquals(new float[] {104f / 3, 1040f / 3}, new GlobalAveragePooling1D().apply(x).toFloatArray(), 1e-4f);
        // Embedding(mask_zero) -> pooling: padding does not dilute the average
        Sequential s = new Sequential();
        Embedding e = new Embedding(4, 2).maskZero(true);
        s.add(e.inputShape(3));
        s.add(new GlobalAveragePooling1D());
        Tensor y = s.apply(Tensor.of(new int[] {1, 2, 0}, 1, 3));
        Tensor rows = e.apply(Tensor.of(new int[] {1, 2}, 1, 2));
        assertArrayEquals(Ops.mean(rows, new int[] {1}, false).toFloatArray(), y.toFloatArray(), 1e-7f);
    }
}
