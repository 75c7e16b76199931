package io.jkeras.activations;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.layers.Dense;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;
import io.jkeras.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ActivationsTest {
    // SELU constants typed in from Klambauer et al. (2017), independent of the main code's
    private static final double ALPHA = 1.6732632423543772848170429916717;
    private static final double SCALE = 1.0507009873554804934193349852946;

    /** erf by composite Simpson integration of 2/sqrt(pi) exp(-t^2): an independent reference. */
    static double erfRef(double x) {
        double a = Math.abs(x);
        if (a >= 6.5) return Math.signum(x);   // erfc(6.5) < 4e-20: 1 to double precision
        int n = 20000;
        double h = a / n, s = 1 + Math.exp(-a * a);
        for (int i = 1; i < n; i++) s += (i % 2 == 1 ? 4 : 2) * Math.exp(-(i * h) * (i * h));
        double r = 2 / Math.sqrt(Math.PI) * s * h / 3;
        return x < 0 ? -r : r;
    }

    static double softplusRef(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }

    static double sigmoidRef(double x) { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }

    static double hardSigmoidRef(double x) { return Math.max(0, Math.min(1, x / 6 + 0.5)); }

    /** Identifier -> reference in double precision (the functions as Keras documents them). */
    static Map<String, DoubleUnaryOperator> references() {
        Map<String, DoubleUnaryOperator> m = new LinkedHashMap<>();
        m.put("linear", x -> x);
        m.put("relu", x -> Math.max(x, 0));
        m.put("leaky_relu", x -> x >= 0 ? x : 0.2 * x);
        m.put("relu6", x -> Math.min(Math.max(x, 0), 6));
        m.put("sigmoid", ActivationsTest::sigmoidRef);
        m.put("tanh", Math::tanh);
        m.put("elu", x -> x > 0 ? x : Math.expm1(x));
        m.put("selu", x -> SCALE * (x > 0 ? x : ALPHA * Math.expm1(x)));
        m.put("gelu", x -> 0.5 * x * (1 + erfRef(x / Math.sqrt(2))));
        m.put("silu", x -> x * sigmoidRef(x));
        m.put("swish", x -> x * sigmoidRef(x));
        m.put("softplus", ActivationsTest::softplusRef);
        m.put("softsign", x -> x / (1 + Math.abs(x)));
        m.put("hard_sigmoid", ActivationsTest::hardSigmoidRef);
        m.put("hard_silu", x -> x * hardSigmoidRef(x));
        m.put("hard_swish", x -> x * hardSigmoidRef(x));
        m.put("mish", x -> x * Math.tanh(softplusRef(x)));
        m.put("exponential", Math::exp);
        m.put("celu", x -> x > 0 ? x : Math.expm1(x));
        m.put("hard_tanh", x -> Math.max(-1, Math.min(1, x)));
        m.put("hard_shrink", x -> Math.abs(x) > 0.5 ? x : 0);
        m.put("soft_shrink", x -> x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0);
        m.put("sparse_plus", x -> x <= -1 ? 0 : x < 1 ? 0.25 * (x + 1) * (x + 1) : x);
        m.put("sparse_sigmoid", x -> x <= -1 ? 0 : x >= 1 ? 1 : 0.5 * (x + 1));
        m.put("squareplus", x -> (x + Math.sqrt(x * x + 4)) / 2);
        m.put("tanh_shrink", x -> x - Math.tanh(x));
        m.put("log_sigmoid", x -> -softplusRef(-x));
        return m;
    }

    /** Tape vs float64 central differences: |analytic - numeric| <= 1e-6 * max(1, |numeric|). */
    private static final GradCheck GRAD = GradCheck.scaled(1e-6).requireConnected();
    /** Points away from every kink (0, +-0.5, +-1, +-3, 6) so finite differences are valid. */
    private static final double[] SMOOTH = {-7.3, -3.7, -2.9, -1.3, -0.7, -0.2, 0.3, 0.8, 1.6, 2.9, 3.4, 6.5};
    private static final double[] LARGE = {-1e4, -100, -50, -20, 20, 50, 100, 1e4};

    @Test void registryHasEveryKerasIdentifierWithItsConfigName() {
        for (String id : references().keySet()) {
            String expected = switch (id) { case "swish" -> "silu"; case "hard_swish" -> "hard_silu"; default -> id; };
            assertEquals(expected, Activations.get(id).name(), id);
        }
        for (String id : List.of("softmax", "log_softmax", "glu")) assertEquals(id, Activations.get(id).name());
        assertEquals(references().size() + 3, Activations.identifiers().size());
        assertSame(Activations.relu(), Activations.get("ReLU"));
        assertSame(Activations.gelu(), Activations.get(" GELU "));
        assertSame(Activations.linear(), Activations.get(null));
        assertSame(Activations.linear(), Activations.get("None"));
        assertSame(Activations.silu(), Activations.swish());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.get("relu7"));
        assertTrue(e.getMessage().contains("'relu7'") && e.getMessage().contains("hard_sigmoid") && e.getMessage().contains("leaky_relu"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> Activations.get("sparsemax"));
        UnsupportedOperationException t = assertThrows(UnsupportedOperationException.class, () -> Activations.get("threshold"));
        assertTrue(t.getMessage().contains("Activations.threshold"), t.getMessage());
    }

    @Test void forwardMatchesReferenceInFloat64() {
        List<Double> pts = new ArrayList<>();
        for (double x : SMOOTH) pts.add(x);
        for (double x : LARGE) pts.add(x);
        for (double x : new double[] {0, -0.5, 0.5, -1, 1, -3, 3, 6, 1e-8, -1e-8}) pts.add(x);
        double[] xs = pts.stream().mapToDouble(Double::doubleValue).toArray();
        references().forEach((id, ref) -> {
            double[] y = Activations.get(id).apply(Tensor.of(xs, xs.length)).toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                double r = ref.applyAsDouble(xs[i]);
                if (Double.isInfinite(r)) { assertEquals(r, y[i], id + " at " + xs[i]); continue; }
                assertClose(id + "(" + xs[i] + ")", r, y[i], 1e-12, 1e-12);
            }
        });
    }

    @Test void forwardInFloat32IsFiniteAndAccurateAtLargeMagnitude() {
        List<Double> pts = new ArrayList<>();
        for (double x : LARGE) pts.add(x);
        for (double x : SMOOTH) pts.add(x);
        float[] xs = new float[pts.size()];
        for (int i = 0; i < xs.length; i++) xs[i] = pts.get(i).floatValue();
        references().forEach((id, ref) -> {
            Tensor y = Activations.get(id).apply(Tensor.of(xs, xs.length));
            assertEquals(DType.FLOAT32, y.dtype(), id);
            float[] v = y.floats();
            for (int i = 0; i < xs.length; i++) {
                double r = ref.applyAsDouble(xs[i]);
                if (Float.isInfinite((float) r)) { assertEquals((float) r, v[i], id + " at " + xs[i]); continue; }
                assertTrue(Float.isFinite(v[i]), id + "(" + xs[i] + ") = " + v[i]);
                assertClose(id + "(" + xs[i] + ") in float32", r, v[i], 1e-6, 4e-6);
            }
        });
    }

    @Test void handComputedValues() {
        assertEquals(0.8413447460685429, at("gelu", 1), 1e-12);                 // Phi(1)
        assertEquals(-0.15865525393145707, at("gelu", -1), 1e-12);              // -(1 - Phi(1))
        assertEquals(1.959963984540054 * 0.975, at("gelu", 1.959963984540054), 1e-9);   // Phi(1.96) = 0.975
        assertEquals(SCALE, at("selu", 1), 1e-15);
        assertEquals(SCALE * ALPHA * (Math.exp(-1) - 1), at("selu", -1), 1e-15);
        assertEquals(Math.exp(-1) - 1, at("elu", -1), 1e-15);
        assertEquals(-0.2, at("leaky_relu", -1), 1e-15);
        assertEquals(0.5, at("hard_sigmoid", 0), 0);
        assertEquals(0.75, at("hard_sigmoid", 1.5), 1e-15);
        assertEquals(0.0, at("hard_sigmoid", -3), 0);
        assertEquals(1.0, at("hard_sigmoid", 3), 0);
        assertEquals(2.0 / 3.0, at("hard_silu", 1), 1e-15);
        assertEquals(Math.log(2), at("softplus", 0), 1e-15);
        assertEquals(0.5, at("softsign", 1), 0);
        assertEquals(6.0, at("relu6", 7), 0);
        assertEquals(1.0, at("squareplus", 0), 1e-15);
        assertEquals(-Math.log(2), at("log_sigmoid", 0), 1e-15);
        assertEquals(0.0, at("mish", 0), 0);
        // the tanh approximation of GELU at 1: 0.5 (1 + tanh(sqrt(2/pi) * 1.044715))
        double approx = Activations.gelu(true).apply(Tensor.of(new double[] {1}, 1)).item();
        assertEquals(0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715)), approx, 1e-15);
        assertEquals(0.8411919906082768, approx, 1e-12);
        assertEquals(0.5 * Math.expm1(-2), Activations.elu(0.5).apply(Tensor.of(new double[] {-2}, 1)).item(), 1e-15);
        assertEquals(0.5 * Math.expm1(-2 / 0.5), Activations.celu(0.5).apply(Tensor.of(new double[] {-2}, 1)).item(), 1e-15);
        assertEquals(-0.3, Activations.leakyRelu(0.1).apply(Tensor.of(new double[] {-3}, 1)).item(), 1e-15);
        assertEquals(7.0, Activations.threshold(0.5, 7).apply(Tensor.of(new double[] {0.25}, 1)).item(), 0);
        assertEquals(0.75, Activations.threshold(0.5, 7).apply(Tensor.of(new double[] {0.75}, 1)).item(), 0);
    }

    @Test void reluVariantMatchesKerasDocExamples() {
        double[] x = {-10, -5, 0.0, 5, 10};
        assertArrayClose(new double[] {0, 0, 0, 5, 10}, Activations.relu(0, null, 0).apply(Tensor.of(x, 5)).toDoubleArray());
        assertArrayClose(new double[] {-5, -2.5, 0, 5, 10}, Activations.relu(0.5, null, 0).apply(Tensor.of(x, 5)).toDoubleArray());
        assertArrayClose(new double[] {0, 0, 0, 5, 5}, Activations.relu(0, 5.0, 0).apply(Tensor.of(x, 5)).toDoubleArray());
        assertArrayClose(new double[] {0, 0, 0, 0, 10}, Activations.relu(0, null, 5).apply(Tensor.of(x, 5)).toDoubleArray());
        assertArrayClose(new double[] {0, 0, 0, 5, 6}, Activations.relu(0, 6.0, 0).apply(Tensor.of(x, 5)).toDoubleArray());
        // all three at once (the fixture's ReLU(max_value=6, negative_slope=0.1, threshold=0.5)), by hand:
        // x > 0.5: min(x, 6); otherwise 0 - 0.1 * (0.5 - x)
        double[] x2 = {-10, 0.25, 0.75, 7};
        assertArrayClose(new double[] {-1.05, -0.025, 0.75, 6}, Activations.relu(0.1, 6.0, 0.5).apply(Tensor.of(x2, 4)).toDoubleArray());
        assertEquals("relu", Activations.relu(0.1, 6.0, 0.5).name());
        assertSame(Activations.relu(), Activations.relu(0, null, 0));
        assertThrows(IllegalArgumentException.class, () -> Activations.relu(0, -1.0, 0));
    }

    @Test void gradientsMatchFiniteDifferences() {
        references().forEach((id, ref) -> {
            if (id.equals("exponential")) return;   // checked below on a range where exp is moderate
            Activation a = Activations.get(id);
            GRAD.verifyUnary(id, a::apply, Tensor.of(SMOOTH, SMOOTH.length));
        });
        GRAD.verifyUnary("exponential", Activations.exponential()::apply, Tensor.of(new double[] {-3, -0.5, 0.2, 2.5}, 4));
        GRAD.verifyUnary("gelu(approximate)", Activations.gelu(true)::apply, Tensor.of(SMOOTH, SMOOTH.length));
        GRAD.verifyUnary("elu(0.5)", Activations.elu(0.5)::apply, Tensor.of(SMOOTH, SMOOTH.length));
        GRAD.verifyUnary("celu(2)", Activations.celu(2)::apply, Tensor.of(SMOOTH, SMOOTH.length));
        GRAD.verifyUnary("leaky_relu(0.3)", Activations.leakyRelu(0.3)::apply, Tensor.of(SMOOTH, SMOOTH.length));
        GRAD.verifyUnary("relu(0.1, 6, 0.5)", Activations.relu(0.1, 6.0, 0.5)::apply, Tensor.of(SMOOTH, SMOOTH.length));
        GRAD.verifyUnary("relu(0.2, 4, 0)", Activations.relu(0.2, 4.0, 0)::apply, Tensor.of(SMOOTH, SMOOTH.length));
        GRAD.verifyUnary("squareplus(1)", Activations.squareplus(1)::apply, Tensor.of(SMOOTH, SMOOTH.length));
        GRAD.verifyUnary("threshold(0.5, 2)", Activations.threshold(0.5, 2)::apply, Tensor.of(SMOOTH, SMOOTH.length));
    }

    @Test void gradientsStayFiniteAndCorrectAtLargeMagnitude() {
        references().forEach((id, ref) -> {
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                double[] xs = id.equals("exponential") ? new double[] {-1e4, -100, -50} : LARGE;
                Tensor x = Ops.cast(Tensor.of(xs, xs.length), dt);
                double[] g;
                try (GradientTape tape = new GradientTape()) {
                    tape.watch(x);
                    Tensor y = Activations.get(id).apply(x);
                    g = tape.gradient(Ops.sum(y), x).toDoubleArray();
                }
                for (int i = 0; i < xs.length; i++) {
                    double h = 1e-4 * Math.max(1, Math.abs(xs[i]));
                    double expected = (ref.applyAsDouble(xs[i] + h) - ref.applyAsDouble(xs[i] - h)) / (2 * h);
                    assertTrue(Double.isFinite(g[i]), id + "' at " + xs[i] + " (" + dt + ") = " + g[i]);
                    assertEquals(expected, g[i], 1e-4, id + "' at " + xs[i] + " (" + dt + ")");
                }
            }
        });
    }

    @Test void softmaxAndLogSoftmaxAlongAnAxis() {
        double[] x = {1, 2, 3, -1, 0, 4};
        // rows (axis -1)
        double[] y = Activations.softmax().apply(Tensor.of(x, 2, 3)).toDoubleArray();
        for (int r = 0; r < 2; r++) {
            double z = 0;
            for (int c = 0; c < 3; c++) z += Math.exp(x[r * 3 + c]);
            for (int c = 0; c < 3; c++) assertEquals(Math.exp(x[r * 3 + c]) / z, y[r * 3 + c], 1e-15);
        }
        // columns (axis 0)
        double[] y0 = Activations.softmax(0).apply(Tensor.of(x, 2, 3)).toDoubleArray();
        double[] l0 = Activations.logSoftmax(0).apply(Tensor.of(x, 2, 3)).toDoubleArray();
        for (int c = 0; c < 3; c++) {
            double z = Math.exp(x[c]) + Math.exp(x[3 + c]);
            for (int r = 0; r < 2; r++) {
                assertEquals(Math.exp(x[r * 3 + c]) / z, y0[r * 3 + c], 1e-15);
                assertEquals(x[r * 3 + c] - Math.log(z), l0[r * 3 + c], 1e-14);
            }
        }
        // huge logits: no overflow, no NaN
        float[] big = Activations.softmax().apply(Tensor.of(new float[] {1000, 0, -1000}, 1, 3)).floats();
        assertArrayClose(new double[] {1, 0, 0}, new double[] {big[0], big[1], big[2]});
        float[] lbig = Activations.logSoftmax().apply(Tensor.of(new float[] {1000, 0, -1000}, 1, 3)).floats();
        assertArrayClose(new double[] {0, -1000, -2000}, new double[] {lbig[0], lbig[1], lbig[2]});
        for (int axis : new int[] {0, 1, -1}) {
            GRAD.verifyUnary("softmax axis " + axis, Activations.softmax(axis)::apply, Tensor.of(x, 2, 3));
            GRAD.verifyUnary("log_softmax axis " + axis, Activations.logSoftmax(axis)::apply, Tensor.of(x, 2, 3));
        }
    }

    @Test void gluSplitsTheAxisInHalves() {
        double[] x = {1, -2, 0.5, 3, -1, 2, 0.25, -0.75};
        double[] y = Activations.glu().apply(Tensor.of(x, 2, 4)).toDoubleArray();
        assertArrayClose(new double[] {1 * sigmoidRef(0.5), -2 * sigmoidRef(3), -1 * sigmoidRef(0.25), 2 * sigmoidRef(-0.75)}, y);
        double[] y0 = Activations.glu(0).apply(Tensor.of(x, 2, 4)).toDoubleArray();
        double[] e0 = new double[4];
        for (int c = 0; c < 4; c++) e0[c] = x[c] * sigmoidRef(x[4 + c]);
        assertArrayClose(e0, y0);
        GRAD.verifyUnary("glu", Activations.glu()::apply, Tensor.of(x, 2, 4));
        GRAD.verifyUnary("glu axis 0", Activations.glu(0)::apply, Tensor.of(x, 2, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.glu().apply(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("divisible by 2") && e.getMessage().contains("(2, 3)"), e.getMessage());
    }

    @Test void integerInputsBecomeFloat32() {
        Tensor xi = Tensor.of(new int[] {-2, 0, 3}, 3);
        Tensor y = Activations.sigmoid().apply(xi);
        assertEquals(DType.FLOAT32, y.dtype());
        assertEquals((float) sigmoidRef(3), y.floats()[2], 1e-7);
        assertEquals(DType.FLOAT32, Activations.gelu().apply(xi).dtype());
        assertEquals(DType.INT32, Activations.relu().apply(xi).dtype());   // like Keras, relu keeps ints
    }

    @Test void denseStoresTheKerasName() {
        assertEquals("silu", new Dense(2).activation("swish").getConfig().get("activation"));
        assertEquals("hard_silu", new Dense(2).activation("hard_swish").getConfig().get("activation"));
        assertEquals("leaky_relu", new Dense(2).activation(Activations.leakyRelu()).getConfig().get("activation"));
    }

    private static double at(String id, double x) { return Activations.get(id).apply(Tensor.of(new double[] {x}, 1)).item(); }

    static void assertClose(String what, double expected, double actual, double atol, double rtol) {
        if (!(Math.abs(expected - actual) <= atol + rtol * Math.abs(expected))) fail(what + ": expected " + expected + " but was " + actual);
    }

    private static void assertArrayClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertClose("element " + i, expected[i], actual[i], 1e-6, 1e-6);
    }
}
