package io.jkeras.testing;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker must pass right gradients and catch wrong ones, with a message that locates the error. */
class GradCheckTest {

    /** {@code 3x} with a deliberately wrong gradient rule (2 instead of 3) on element 4 only. */
    private static Tensor wrongTimesThree(Tensor x) {
        Tensor out = GradientTape.noRecording(() -> Ops.multiply(x, 3.0));
        GradientTape.record(out, new Tensor[] {x}, g -> {
            double[] d = Ops.multiply(g, 3.0).doubles().clone();
            d[4] = d[4] * 2.0 / 3.0;
            return new Tensor[] {Tensor.wrap(d, g.shape())};
        });
        return out;
    }

    @Test void passesCorrectGradients() {
        assertDoesNotThrow(() -> GradCheck.check(xs -> Ops.multiply(xs.get(0), xs.get(1)), GradCheck.random(1, 2, 3), GradCheck.random(2, 2, 3)));
    }

    @Test void catchesAWrongElementAndNamesIt() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> GradCheck.checkUnary(GradCheckTest::wrongTimesThree, GradCheck.random(3, 2, 3)));
        String m = e.getMessage();
        assertTrue(m.contains("1 of 6 elements"), m);
        assertTrue(m.contains("input 0 (shape (2, 3)) element [1, 1] (flat 4)"), m);
        assertTrue(m.contains("analytic") && m.contains("numeric"), m);
        // the max(1, |numeric|) rule (the one testutil.FiniteDifferences uses) catches it too, and names the check
        String s = assertThrows(AssertionFailedError.class,
                () -> GradCheck.scaled(1e-6).verifyUnary("times three", GradCheckTest::wrongTimesThree, GradCheck.random(3, 2, 3))).getMessage();
        assertTrue(s.startsWith("times three: ") && s.contains("1 of 6 elements") && s.contains("max(1, |numeric|)"), s);
    }

    @Test void catchesAGradientThatIsOnlyWrongBeyondTheSum() {
        // softmax outputs sum to 1: a plain sum would have gradient 0 whatever the rule says; the
        // weighted sum notices a rule that drops the coupling term
        Tensor x = GradCheck.random(4, 5);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> GradCheck.checkUnary(v -> {
            Tensor out = GradientTape.noRecording(() -> Ops.softmax(v, -1));
            GradientTape.record(out, new Tensor[] {v}, g -> new Tensor[] {Ops.multiply(g, out)});
            return out;
        }, x));
        assertTrue(e.getMessage().contains("Gradient check failed"), e.getMessage());
    }

    @Test void reportsAnUnconnectedInputWhoseNumericGradientIsNotZero() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> GradCheck.checkUnary(v -> Ops.add(Ops.stopGradient(v), 1.0), GradCheck.random(5, 3)));
        assertTrue(e.getMessage().contains("unconnected"), e.getMessage());
        // an unconnected input whose true gradient is zero passes by default, but not when a connection is required
        assertDoesNotThrow(() -> GradCheck.checkUnary(v -> Ops.stopGradient(Ops.multiply(v, 0.0)), GradCheck.random(5, 3)));
        String m = assertThrows(AssertionFailedError.class, () -> GradCheck.defaults().requireConnected()
                .verifyUnary("zero", v -> Ops.stopGradient(Ops.multiply(v, 0.0)), GradCheck.random(5, 3))).getMessage();
        assertTrue(m.contains("no gradient reached input 0"), m);
        assertThrows(AssertionFailedError.class, () -> GradCheck.gradient(Ops::stopGradient, GradCheck.random(5, 3)));
        double[] g = GradCheck.gradient(v -> Ops.multiply(v, 3.0), GradCheck.random(5, 3)).doubles();
        for (double d : g) assertTrue(d == 3.0, "d(sum 3x)/dx is 3, got " + d);
    }

    @Test void refusesFloat32Inputs() {
        assertThrows(IllegalArgumentException.class, () -> GradCheck.checkUnary(Ops::tanh, Tensor.of(1f, 2f)));
    }
}
