package io.jkeras.autodiff;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientTapeTest {

    private static Tensor scalar(double v) { return Tensor.scalar(v, DType.FLOAT64); }

    @Test void persistentTapeAllowsSeveralGradients() {
        Tensor x = Tensor.of(1.0, 2.0);
        try (GradientTape tape = new GradientTape(true)) {
            tape.watch(x);
            Tensor y = Ops.sum(Ops.square(x));
            Tensor z = Ops.sum(Ops.multiply(x, 3.0));
            assertArrayEquals(new double[] {2, 4}, tape.gradient(y, x).doubles());
            assertArrayEquals(new double[] {3, 3}, tape.gradient(z, x).doubles());
            assertArrayEquals(new double[] {2, 4}, tape.gradient(y, x).doubles());
        }
    }

    @Test void nonPersistentTapeRefusesASecondGradientClearly() {
        Tensor x = Tensor.of(1.0, 2.0);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.sum(Ops.square(x));
            assertNotNull(tape.gradient(y, x));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
            assertTrue(e.getMessage().contains("only be called once") && e.getMessage().contains("new GradientTape(true)"), e.getMessage());
        }
    }

    @Test void gradientMayFollowCloseAsInTensorFlow() {
        Tensor x = Tensor.of(1.0, 2.0);
        Tensor y;
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
            y = Ops.sum(Ops.square(x));
        }
        assertFalse(GradientTape.isRecording(), "a closed tape records nothing");
        Tensor later = Ops.square(x);   // not recorded
        assertArrayEquals(new double[] {2, 4}, tape.gradient(y, x).doubles());
        assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
        assertNotNull(later);
    }

    @Test void onlyWatchedTensorsGetGradients() {
        Tensor x = Tensor.of(1.0, 2.0), c = Tensor.of(5.0, 7.0);
        try (GradientTape tape = new GradientTape(true)) {
            Tensor y = Ops.sum(Ops.multiply(x, c));
            assertNull(tape.gradient(y, x), "nothing was watched, so nothing was recorded");
            tape.watch(x);
            Tensor y2 = Ops.sum(Ops.multiply(x, c));
            List<Tensor> g = tape.gradients(y2, List.of(x, c));
            assertArrayEquals(new double[] {5, 7}, g.get(0).doubles());
            assertNull(g.get(1), "c was not watched");
        }
    }

    @Test void unconnectedSourcesGiveNull() {
        Tensor x = Tensor.of(1.0), y = Tensor.of(2.0);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(y);
            Tensor z = Ops.exp(x);
            List<Tensor> g = tape.gradients(z, List.of(x, y));
            assertEquals(Math.E, g.get(0).doubles()[0], 1e-15);
            assertNull(g.get(1));
        }
    }

    @Test void theTargetsGradientWithRespectToItselfIsOnes() {
        Tensor x = Tensor.of(1.0, 2.0);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            assertArrayEquals(new double[] {1, 1}, tape.gradient(x, x).doubles());
        }
    }

    @Test void gradientsFromSeveralPathsAdd() {
        Tensor x = scalar(3);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            // y = x*x + 2x + sin(x): dy/dx = 2x + 2 + cos(x)
            Tensor y = Ops.add(Ops.add(Ops.multiply(x, x), Ops.multiply(x, 2.0)), Ops.sin(x));
            assertEquals(8 + Math.cos(3), tape.gradient(y, x).item(), 1e-15);
        }
    }

    @Test void nestedTapesGiveSecondOrderGradients() {
        Tensor x = scalar(2);
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            Tensor dy;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                Tensor y = Ops.power(x, 3.0);
                dy = inner.gradient(y, x);
            }
            assertEquals(12, dy.item(), 1e-12);               // 3x^2
            assertEquals(12, outer.gradient(dy, x).item(), 1e-12);   // 6x
        }
        // the same through products, and a third order
        try (GradientTape t1 = new GradientTape()) {
            t1.watch(x);
            Tensor d2;
            try (GradientTape t2 = new GradientTape()) {
                t2.watch(x);
                Tensor d1;
                try (GradientTape t3 = new GradientTape()) {
                    t3.watch(x);
                    d1 = t3.gradient(Ops.multiply(Ops.multiply(x, x), x), x);
                }
                d2 = t2.gradient(d1, x);
            }
            assertEquals(12, d2.item(), 1e-12);
            assertEquals(6, t1.gradient(d2, x).item(), 1e-12);
        }
    }

    @Test void secondOrderThroughSoftmaxTakeAndSlices() {
        // d/dx sum(d/dx f) for f = sum(softmax(x)[::2]^2): compare with central differences of the first gradient
        Tensor x = Tensor.of(0.3, -0.2, 0.5, 0.1, -0.4);
        java.util.function.UnaryOperator<Tensor> grad = v -> {
            try (GradientTape t = new GradientTape()) {
                t.watch(v);
                Tensor f = Ops.sum(Ops.square(Ops.sliceAxis(Ops.softmax(v, 0), 0, 0, Ops.END, 2)));
                return Ops.sum(Ops.multiply(t.gradient(f, v), Tensor.of(1.0, 2.0, 3.0, 4.0, 5.0)));
            }
        };
        Tensor analytic;
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            analytic = outer.gradient(grad.apply(x), x);
        }
        double eps = 1e-6;
        for (int i = 0; i < 5; i++) {
            double[] p = x.doubles().clone(), m = x.doubles().clone();
            p[i] += eps;
            m[i] -= eps;
            double numeric = (grad.apply(Tensor.of(p, 5)).item() - grad.apply(Tensor.of(m, 5)).item()) / (2 * eps);
            assertEquals(numeric, analytic.doubles()[i], 1e-6, "element " + i);
        }
    }

    @Test void trainableVariablesReadInATapeAreWatched() {
        Variable w = new Variable("w", Tensor.of(new float[] {1, 2}, 2), true);
        Variable frozen = new Variable("frozen", Tensor.of(new float[] {3, 4}, 2), false);
        try (GradientTape tape = new GradientTape()) {
            Tensor y = Ops.sum(Ops.multiply(w.value(), frozen.value()));
            List<Tensor> g = tape.gradient(y, List.of(w, frozen));
            assertArrayEquals(new float[] {3, 4}, g.get(0).floats());
            assertEquals(DType.FLOAT32, g.get(0).dtype());
            assertNull(g.get(1), "a non-trainable variable is not watched");
        }
        try (GradientTape tape = new GradientTape()) {
            tape.watch(frozen);
            Tensor y = Ops.sum(Ops.multiply(w.value(), frozen.value()));
            assertArrayEquals(new float[] {1, 2}, tape.gradient(y, frozen).floats(), "watched explicitly");
        }
    }

    @Test void variablesReadBeforeTheTapeOpenedAreConstants() {
        Variable w = new Variable("w", Tensor.of(new float[] {1, 2}, 2), true);
        Tensor early = Ops.square(w.value());
        try (GradientTape tape = new GradientTape()) {
            Tensor y = Ops.sum(early);
            assertNull(tape.gradient(y, w));
        }
    }

    @Test void variableUpdatesAreNotRecordedAndWriteInPlace() {
        Variable w = new Variable("w", Tensor.of(new float[] {1, 2}, 2), true);
        Tensor before = w.value();
        try (GradientTape tape = new GradientTape()) {
            Tensor y = Ops.sum(Ops.square(w.value()));
            Tensor g = tape.gradient(y, w);
            w.assignSub(Ops.multiply(g, 0.25f));
        }
        assertArrayEquals(new float[] {0.5f, 1f}, w.value().floats());
        assertArrayEquals(new float[] {0.5f, 1f}, before.floats(), "value() is a live view of the storage");
        w.assignAdd(Tensor.of(new float[] {1, 1}, 2));
        assertArrayEquals(new float[] {1.5f, 2f}, w.value().floats());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.assign(Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(2,)"), e.getMessage());
        w.assign(Tensor.of(new double[] {7, 8}, 2));   // cast to the variable's dtype
        assertArrayEquals(new float[] {7, 8}, w.value().floats());
    }

    @Test void variableOwnsACopyOfItsInitialValue() {
        float[] data = {1, 2};
        Tensor init = Tensor.wrap(data, 2);
        Variable v = new Variable("v", init, true);
        v.assign(Tensor.of(new float[] {5, 6}, 2));
        assertArrayEquals(new float[] {1, 2}, init.floats());
        assertEquals(Shape.of(2), v.shape());
        assertEquals("<Variable path=v, shape=(2,), dtype=float32>", v.toString());
    }

    @Test void noRecordingAndStopGradient() {
        Tensor x = Tensor.of(1.0, 2.0);
        try (GradientTape tape = new GradientTape(true)) {
            tape.watch(x);
            assertTrue(GradientTape.isRecording());
            Tensor hidden = GradientTape.noRecording(() -> {
                assertFalse(GradientTape.isRecording());
                return Ops.square(x);
            });
            assertTrue(GradientTape.isRecording());
            assertNull(tape.gradient(Ops.sum(hidden), x));
            // y = x * stop(x): only the first factor carries a gradient
            Tensor y = Ops.sum(Ops.multiply(x, Ops.stopGradient(x)));
            assertArrayEquals(new double[] {1, 2}, tape.gradient(y, x).doubles());
        }
        assertFalse(GradientTape.isRecording());
    }

    @Test void aTapeBelongsToItsThread() throws Exception {
        Tensor x = Tensor.of(1.0);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.square(x);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    assertFalse(GradientTape.isRecording(), "another thread does not see this tape");
                    tape.gradient(y, x);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            t.join();
            assertInstanceOf(IllegalStateException.class, thrown.get());
            assertEquals(2, tape.gradient(y, x).item());
        }
    }

    @Test void aGradientRuleOfTheWrongShapeIsReported() {
        Tensor x = Tensor.of(1.0, 2.0);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor out = GradientTape.noRecording(() -> Ops.multiply(x, 2.0));
            GradientTape.record(out, new Tensor[] {x}, g -> new Tensor[] {Ops.sum(g)});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(out, x));
            assertTrue(e.getMessage().contains("shape ()") && e.getMessage().contains("shape (2,)"), e.getMessage());
        }
    }

    @Test void identityOpsDoNotConfuseTheTape() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor same = Ops.reshape(Ops.transpose(Ops.cast(x, DType.FLOAT64), 0, 1), 2, 2);
            assertTrue(same == x, "no-op reshapes, transposes and casts hand back their input");
            Tensor y = Ops.sum(Ops.multiply(same, x));
            assertArrayEquals(new double[] {2, 4, 6, 8}, tape.gradient(y, x).doubles());
        }
    }

    @Test void gradientsKeepTheSourceDtypeUnderMixedPrecision() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.sum(Ops.multiply(x, Tensor.of(3.0, 4.0)));   // float32 * float64 -> float64
            assertEquals(DType.FLOAT64, y.dtype());
            Tensor g = tape.gradient(y, x);
            assertEquals(DType.FLOAT32, g.dtype());
            assertArrayEquals(new float[] {3, 4}, g.floats());
        }
    }
}
