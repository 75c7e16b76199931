package io.jkeras.layers;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.initializers.Constant;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.regularizers.L2;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testing.GradCheck;
import io.jkeras.utils.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The advanced activation layers ReLU, LeakyReLU, PReLU, ELU and Softmax: values computed by hand,
 * gradients against finite differences in float64, configs through JSON and the saving registry.
 * (Keras 3's own outputs for these layers are checked in {@link KerasFixturesLayersTest}, case
 * {@code activation_layers}.)
 */
class ActivationLayersTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    private static void assertValues(double[] expected, Tensor actual, double tol) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length);
        for (int i = 0; i < a.length; i++) assertEquals(expected[i], a[i], tol, "element " + i);
    }

    /** Serializes the layer to JSON text, reads it back through the registry, and checks the config is unchanged. */
    private static Layer roundTrip(Layer layer) {
        String json = Json.write(KerasSerialization.serializeLayer(layer));
        Layer.clearSession();
        Layer back = KerasSerialization.layerFromEntry(Json.parseObject(json));
        assertEquals(layer.getClass(), back.getClass());
        assertEquals(Json.write(layer.getConfig()), Json.write(back.getConfig()));
        return back;
    }

    // ------------------------------------------------------------------ ReLU

    @Test void reluDefaultIsMaxOfZero() {
        ReLU r = new ReLU();
        assertEquals("re_lu", r.name());
        assertValues(new double[] {0, 0, 0, 2.5}, r.apply(Tensor.of(-3f, -0.5f, 0f, 2.5f)), 0);
    }

    @Test void reluWithAllThreeOptionsByHand() {
        // max_value 6, slope 0.1, threshold 0.5: below 0.5 -> 0.1 (x - 0.5); above -> x, capped at 6. At the
        // threshold itself Keras's implementation gives 0 (its test is x > threshold, strict).
        Tensor y = new ReLU(6.0, 0.1, 0.5).apply(Tensor.of(-1.5f, 0.2f, 0.5f, 3f, 6f, 9f));
        assertValues(new double[] {-0.2, -0.03, 0, 3, 6, 6}, y, 1e-6);
        // Keras's docstring example: max_value 10, slope 0.5
        assertValues(new double[] {-5, -2.5, 0, 5, 10}, new ReLU(10.0, 0.5, 0).apply(Tensor.of(-10f, -5f, 0f, 5f, 10f)), 0);
    }

    @Test void reluRejectsNegativeOptionsNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReLU(-1.0, 0, 0)).getMessage().contains("max_value=-1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReLU(null, -0.1, 0)).getMessage().contains("negative_slope=-0.1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReLU(null, 0, -2)).getMessage().contains("threshold=-2.0"));
    }

    @Test void reluGradientAwayFromKinks() {
        ReLU r = new ReLU(6.0, 0.1, 0.5);
        // values in the three pieces, none within 0.05 of a kink (0.5 and 6)
        Tensor x = Tensor.wrap(new double[] {-2, -0.3, 0.1, 0.7, 1.9, 3.3, 5.5, 6.4, 8}, Shape.of(3, 3));
        GradCheck.checkUnary(r::apply, x);
        Tensor g = GradCheck.gradient(r::apply, x);
        assertValues(new double[] {0.1, 0.1, 0.1, 1, 1, 1, 1, 0, 0}, g, 1e-12);
    }

    @Test void reluConfig() {
        ReLU r = (ReLU) roundTrip(new ReLU(6.0, 0.1, 0.5).name("r6"));
        assertEquals("r6", r.name());
        assertEquals(6.0, r.maxValue());
        assertEquals(0.1, r.negativeSlope());
        assertEquals(0.5, r.threshold());
        Map<String, Object> c = new ReLU().getConfig();
        assertTrue(c.containsKey("max_value") && c.get("max_value") == null, "max_value None is written as null: " + c);
        assertNull(((ReLU) roundTrip(new ReLU())).maxValue());
    }

    @Test void keras2ThresholdedReluLoadsAsReluWithThatThreshold() {
        Layer l = KerasSerialization.layerFromEntry(Json.parseObject(
                "{\"class_name\": \"ThresholdedReLU\", \"config\": {\"name\": \"t\", \"theta\": 0.5}}"));
        ReLU r = assertInstanceOf(ReLU.class, l);
        assertEquals(0.5, r.threshold());
        assertEquals(0.0, r.negativeSlope());
        assertNull(r.maxValue());
        // Keras 2: x where x > theta, else 0
        assertValues(new double[] {0, 0, 0, 0.7, 3}, r.apply(Tensor.of(-1f, 0.2f, 0.5f, 0.7f, 3f)), 1e-7);
    }

    // ------------------------------------------------------------------ LeakyReLU

    @Test void leakyReluLayerDefaultSlopeIsKeras3s0point3() {
        LeakyReLU l = new LeakyReLU();
        assertEquals(0.3, l.negativeSlope());
        assertEquals("leaky_re_lu", l.name());
        assertValues(new double[] {-3, -1.5, 0, 5, 10}, l.apply(Tensor.of(-10f, -5f, 0f, 5f, 10f)), 1e-6);
        assertValues(new double[] {-5, -2.5, 0, 5, 10}, new LeakyReLU(0.5).apply(Tensor.of(-10f, -5f, 0f, 5f, 10f)), 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(-0.1)).getMessage().contains("negative_slope=-0.1"));
    }

    @Test void leakyReluGradientAndConfig() {
        LeakyReLU l = new LeakyReLU(0.25);
        Tensor x = GradCheck.awayFromZero(3, 0.05, 2, 4, 5);
        GradCheck.checkUnary(l::apply, x);
        assertEquals(0.25, ((LeakyReLU) roundTrip(l)).negativeSlope());
    }

    @Test void leakyReluReadsKeras2sAlphaKey() {
        Map<String, Object> entry = Json.parseObject("{\"class_name\": \"LeakyReLU\", \"config\": {\"name\": \"lr\", \"trainable\": true, \"alpha\": 0.05}}");
        LeakyReLU l = (LeakyReLU) KerasSerialization.layerFromEntry(entry);
        assertEquals(0.05, l.negativeSlope());
        LeakyReLU d = (LeakyReLU) KerasSerialization.layerFromEntry(Json.parseObject("{\"class_name\": \"LeakyReLU\", \"config\": {\"name\": \"d\"}}"));
        assertEquals(0.3, d.negativeSlope());
    }

    // ------------------------------------------------------------------ ELU

    @Test void eluValuesGradientAndConfig() {
        ELU e = new ELU();
        assertEquals("elu", e.name());
        assertValues(new double[] {Math.expm1(-2), Math.expm1(-0.5), 0, 1.5}, e.apply(Tensor.wrap(new double[] {-2, -0.5, 0, 1.5}, Shape.of(4))), 1e-15);
        ELU e2 = new ELU(0.7);
        assertValues(new double[] {0.7 * Math.expm1(-1), 3}, e2.apply(Tensor.wrap(new double[] {-1, 3}, Shape.of(2))), 1e-15);
        GradCheck.checkUnary(e2::apply, GradCheck.awayFromZero(5, 0.05, 3, 3, 4));
        assertEquals(0.7, ((ELU) roundTrip(e2)).alpha());
    }

    // ------------------------------------------------------------------ Softmax

    @Test void softmaxKerasDocstringExample() {
        Softmax s = new Softmax();
        assertEquals("softmax", s.name());
        assertValues(new double[] {0.21194157, 0.5761169, 0.21194157}, s.apply(Tensor.of(1f, 2f, 1f)), 1e-6);
    }

    @Test void softmaxOverAnotherAxisAndSeveralAxes() {
        Tensor x = GradCheck.random(7, 2, 3, 4);
        Tensor y = new Softmax(1).apply(x);
        double[] xv = x.toDoubleArray(), yv = y.toDoubleArray();
        for (int b = 0; b < 2; b++) for (int k = 0; k < 4; k++) {
            double z = 0;
            for (int j = 0; j < 3; j++) z += Math.exp(xv[b * 12 + j * 4 + k]);
            for (int j = 0; j < 3; j++) assertEquals(Math.exp(xv[b * 12 + j * 4 + k]) / z, yv[b * 12 + j * 4 + k], 1e-14);
        }
        // jointly over axes 1 and 2: each sample's 12 values sum to 1
        double[] y12 = new Softmax(1, 2).apply(x).toDoubleArray();
        for (int b = 0; b < 2; b++) {
            double z = 0;
            for (int i = 0; i < 12; i++) z += Math.exp(xv[b * 12 + i]);
            for (int i = 0; i < 12; i++) assertEquals(Math.exp(xv[b * 12 + i]) / z, y12[b * 12 + i], 1e-14);
        }
    }

    @Test void softmaxMaskGivesMaskedPositionsNoWeight() {
        Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {0, 0, 0}});
        Tensor mask = Tensor.of(new float[][] {{1, 1, 0}, {1, 0, 1}});
        Tensor y = new Softmax().apply(x, mask, false);
        double e1 = Math.exp(1), e2 = Math.exp(2);
        assertValues(new double[] {e1 / (e1 + e2), e2 / (e1 + e2), 0, 0.5, 0, 0.5}, y, 1e-6);
        // a boolean mask works the same
        Tensor y2 = new Softmax().apply(x, Ops.greater(mask, 0.5), false);
        assertValues(y.toDoubleArray(), y2, 0);
        // a (batch, timesteps) mask on (batch, timesteps, features) scores masks whole timesteps, here over axis 1
        Tensor scores = Tensor.of(new float[] {1, 5, 2, 7, 3, 9}, 1, 3, 2);
        Tensor steps = Tensor.of(new float[] {1, 0, 1}, 1, 3);
        double[] z = new Softmax(1).apply(scores, steps, false).toDoubleArray();
        double a = Math.exp(1), b = Math.exp(3), c = Math.exp(5), d = Math.exp(9);
        assertValues(new double[] {a / (a + b), c / (c + d), 0, 0, b / (a + b), d / (c + d)}, Tensor.wrap(z, Shape.of(6)), 1e-6);
    }

    @Test void masksPassThroughAllFive() {
        Tensor mask = Tensor.of(new float[] {1, 0}, 1, 2);
        Tensor x = Tensor.of(new float[] {1, -2, 3, -4}, 1, 2, 2);
        for (Layer l : List.of(new ReLU(), new LeakyReLU(), new PReLU(), new ELU(), new Softmax())) {
            assertTrue(l.supportsMasking(), l.className());
            Layer.MaskedOutputs out = l.applyMasked(List.of(x), List.of(mask), false);
            assertSame(mask, out.mask(0), l.className() + " hands the mask on");
        }
    }

    @Test void softmaxGradientsAndConfig() {
        GradCheck.checkUnary(new Softmax(1)::apply, GradCheck.random(11, 2, 3, 4));
        GradCheck.checkUnary(new Softmax(1, 2)::apply, GradCheck.random(12, 2, 3, 4));
        Softmax back = (Softmax) roundTrip(new Softmax(1, 2));
        assertArrayEquals(new int[] {1, 2}, back.axes());
        assertEquals(1, new Softmax(1).getConfig().get("axis"));
        assertArrayEquals(new int[] {-1}, ((Softmax) roundTrip(new Softmax())).axes());
    }

    // ------------------------------------------------------------------ PReLU

    @Test void preluStartsAsReluAndLearnsAnAlphaPerElement() {
        PReLU p = new PReLU();
        assertEquals("p_re_lu", p.name());
        Tensor x = Tensor.of(new float[][] {{-2, 3}, {4, -1}});
        assertValues(new double[] {0, 3, 4, 0}, p.apply(x), 0);
        assertEquals(Shape.of(2), p.alpha().shape());
        assertEquals(2, p.countParams());
        p.setWeights(List.of(Tensor.of(0.5f, -0.25f)));
        assertValues(new double[] {-1, 3, 4, 0.25}, p.apply(x), 1e-7);
    }

    @Test void preluSharedAxesGiveOneAlphaPerChannel() {
        PReLU p = new PReLU().sharedAxes(1, 2).alphaInitializer(new Constant(0.25));
        KerasTensor in = Input.of(5, 6, 3);
        Model m = new Model(in, p.apply(in));
        assertEquals(Shape.of(1, 1, 3), p.alpha().shape());
        assertEquals(3, m.countParams());
        Tensor x = Tensor.full(Shape.of(2, 5, 6, 3), -4, DType.FLOAT32);
        assertValues(new double[] {-1}, Ops.max(p.apply(x)), 1e-7);
        // the non-shared axis has a fixed size now
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.apply(Tensor.zeros(Shape.of(1, 5, 6, 4), DType.FLOAT32)));
        assertTrue(e.getMessage().contains("p_re_lu"), e.getMessage());
        // but the shared ones may change
        assertEquals(Shape.of(1, 7, 2, 3), p.apply(Tensor.zeros(Shape.of(1, 7, 2, 3), DType.FLOAT32)).shape());
    }

    @Test void preluRejectsBadSharedAxes() {
        assertThrows(IllegalArgumentException.class, () -> new PReLU().sharedAxes(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PReLU().sharedAxes(3).apply(Tensor.zeros(Shape.of(2, 4), DType.FLOAT32)));
        assertTrue(e.getMessage().contains("shared axis 3"), e.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> new PReLU().apply(Input.of(-1, 3)));
        assertTrue(u.getMessage().contains("unknown"), u.getMessage());
    }

    @Test void preluGradientsForInputAndAlpha() {
        PReLU p = new PReLU().alphaInitializer(new Constant(0.3));
        p.dtype(DType.FLOAT64);
        Tensor x = GradCheck.awayFromZero(21, 0.05, 2, 3, 4, 2);
        p.apply(x);
        p.setWeights(List.of(GradCheck.random(22, 4, 2)));
        GradCheck.checkUnary(p::apply, x);
        LayerGradients.checkWeights(p, x, true, 1e-6);
        // d/dalpha sum(p(x)) = sum over the batch of min(x, 0)
        Tensor gAlpha;
        try (GradientTape tape = new GradientTape()) {
            gAlpha = tape.gradient(Ops.sum(p.apply(x)), p.trainableWeights()).get(0);
        }
        assertValues(Ops.sum(Ops.minimum(x, 0.0), new int[] {0}, false).toDoubleArray(), gAlpha, 1e-12);
    }

    @Test void preluTrainsAndIsRegularized() {
        PReLU p = new PReLU().alphaRegularizer(new L2(0.1)).alphaInitializer(new Constant(2.0));
        p.apply(Tensor.zeros(Shape.of(1, 3), DType.FLOAT32));
        assertEquals(1, p.trainableWeights().size());
        // L2: 0.1 * sum(alpha^2) = 0.1 * 3 * 4
        assertEquals(1.2, p.losses().get(0).item(), 1e-6);
    }

    @Test void preluConfigRoundTripKeepsSettingsAndKerasKeys() {
        PReLU p = new PReLU().sharedAxes(1, 2).alphaInitializer(new Constant(0.25)).alphaRegularizer(new L2(0.01));
        Map<String, Object> c = p.getConfig();
        for (String k : List.of("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes")) assertTrue(c.containsKey(k), k);
        PReLU back = (PReLU) roundTrip(p);
        assertArrayEquals(new int[] {1, 2}, back.sharedAxes());
        assertInstanceOf(Constant.class, back.alphaInitializer());
        back.apply(Tensor.zeros(Shape.of(1, 2, 2, 3), DType.FLOAT32));
        assertValues(new double[] {0.25, 0.25, 0.25}, back.alpha().value(), 1e-7);
        assertNull(((PReLU) roundTrip(new PReLU())).sharedAxes());
    }

    // ------------------------------------------------------------------ in models

    @Test void allFiveWorkSymbolicallyAndInASequential() {
        io.jkeras.models.Sequential m = new io.jkeras.models.Sequential();
        m.add(Input.of(6));
        m.add(new ReLU(6.0, 0, 0));
        m.add(new LeakyReLU());
        m.add(new PReLU());
        m.add(new ELU());
        m.add(new Softmax());
        assertEquals(6, m.countParams());
        Tensor y = m.predict(Ops.cast(GradCheck.random(1, 4, 6), DType.FLOAT32));
        assertEquals(Shape.of(4, 6), y.shape());
        double[] v = y.toDoubleArray();
        for (int r = 0; r < 4; r++) {
            double s = 0;
            for (int j = 0; j < 6; j++) s += v[r * 6 + j];
            assertEquals(1, s, 1e-6);
        }
    }
}
