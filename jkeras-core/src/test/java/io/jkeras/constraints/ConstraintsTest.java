package io.jkeras.constraints;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConstraintsTest {
    private static final double EPS = 1e-7;   // Keras's backend.epsilon()

    /** A Dense-like kernel (in=2, units=3) whose columns have norms 5, 0.5 and 0. */
    private static Tensor kernel() { return Tensor.of(new double[][] {{3, 0.3, 0}, {4, -0.4, 0}}); }

    @Test void maxNormCapsColumnNormsLikeKeras() {
        double[] y = new MaxNorm().apply(kernel()).doubles();   // max 2, axis 0
        // column 0: norm 5 -> w * 2 / (eps + 5); column 1: norm 0.5 -> w * 0.5 / (eps + 0.5); column 2 stays 0
        assertArrayEquals(new double[] {3 * 2 / (EPS + 5), 0.3 * 0.5 / (EPS + 0.5), 0, 4 * 2 / (EPS + 5), -0.4 * 0.5 / (EPS + 0.5), 0}, y, 1e-15);
        assertEquals(1.199999976, y[0], 1e-15);   // 6 / 5.0000001 = 1.2 (1 - 2e-8), by hand
        // axis 1: row norms sqrt(9 + 0.09) and sqrt(16 + 0.16), both capped at 1
        double[] r = new MaxNorm(1.0, 1).apply(kernel()).doubles();
        double n0 = Math.sqrt(9.09), n1 = Math.sqrt(16.16);
        assertArrayEquals(new double[] {3 / (EPS + n0), 0.3 / (EPS + n0), 0, 4 / (EPS + n1), -0.4 / (EPS + n1), 0}, r, 1e-15);
    }

    @Test void maxNormOverSeveralAxesCapsEachConvFilter() {
        double[] v = new double[2 * 2 * 2 * 3];
        for (int i = 0; i < v.length; i++) v[i] = (i % 7) - 3 + 0.1 * (i % 3);
        Tensor w = Tensor.of(v, 2, 2, 2, 3);
        double[] y = new MaxNorm(1.5, 0, 1, 2).apply(w).doubles();
        for (int f = 0; f < 3; f++) {
            double n = 0, m = 0;
            for (int i = f; i < v.length; i += 3) { n += v[i] * v[i]; m += y[i] * y[i]; }
            n = Math.sqrt(n);
            double scale = Math.min(n, 1.5) / (EPS + n);
            for (int i = f; i < v.length; i += 3) assertEquals(v[i] * scale, y[i], 1e-14);
            assertTrue(Math.sqrt(m) <= 1.5, "filter " + f + " norm " + Math.sqrt(m));
        }
        assertEquals(List.of(0, 1, 2), new MaxNorm(1.5, 0, 1, 2).getConfig().get("axis"));
    }

    @Test void unitNormAndMinMaxNorm() {
        double[] u = new UnitNorm().apply(kernel()).doubles();
        assertArrayEquals(new double[] {3 / (EPS + 5), 0.3 / (EPS + 0.5), 0, 4 / (EPS + 5), -0.4 / (EPS + 0.5), 0}, u, 1e-15);
        double[] u1 = new UnitNorm(-1).apply(Tensor.of(new double[][] {{3, 4}})).doubles();
        assertArrayEquals(new double[] {3 / (EPS + 5), 4 / (EPS + 5)}, u1, 1e-15);
        // min 1, max 2, rate 1: norm 5 -> 2, norm 0.5 -> 1, norm 0 stays 0
        double[] mm = new MinMaxNorm(1, 2, 1, 0).apply(kernel()).doubles();
        assertArrayEquals(new double[] {3 * 2 / (EPS + 5), 0.3 * 1 / (EPS + 0.5), 0, 4 * 2 / (EPS + 5), -0.4 * 1 / (EPS + 0.5), 0}, mm, 1e-15);
        // rate 0.25: desired = 0.25 * clip(norm) + 0.75 * norm: 0.25 * 2 + 0.75 * 5 = 4.25 for column 0
        double[] half = new MinMaxNorm(1, 2, 0.25, 0).apply(kernel()).doubles();
        assertEquals(3 * 4.25 / (EPS + 5), half[0], 1e-15);
        assertEquals(0.3 * (0.25 * 1 + 0.75 * 0.5) / (EPS + 0.5), half[1], 1e-15);
        // defaults min 0, max 1
        assertEquals(3 * 1 / (EPS + 5), new MinMaxNorm().apply(kernel()).doubles()[0], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new MinMaxNorm(2, 1));
    }

    @Test void nonNegAndDtypes() {
        assertArrayEquals(new float[] {0, 0, 2, 0}, new NonNeg().apply(Tensor.of(new float[] {-1, 0, 2, -0.5f}, 4)).floats());
        Tensor f = new MaxNorm().apply(Ops32.kernel32());
        assertEquals(DType.FLOAT32, f.dtype());
        assertEquals((float) (3 * 2 / (EPS + 5)), f.floats()[0], 1e-6);
        for (float x : new UnitNorm().apply(Ops32.kernel32()).floats()) assertTrue(Float.isFinite(x), "a zero column gives no NaN");
    }

    /** Float32 copy of {@link #kernel()}. */
    private static final class Ops32 {
        static Tensor kernel32() { return Tensor.of(new float[][] {{3, 0.3f, 0}, {4, -0.4f, 0}}); }
    }

    @Test void identifiersConfigsAndErrors() {
        assertEquals("MaxNorm", Constraints.get("max_norm").className());
        assertEquals("MaxNorm", Constraints.get("MaxNorm").className());
        assertEquals("NonNeg", Constraints.get("non_neg").className());
        assertEquals("UnitNorm", Constraints.get("unit_norm").className());
        assertEquals("MinMaxNorm", Constraints.get("min_max_norm").className());
        assertNull(Constraints.get(null));
        assertEquals(Map.of("max_value", 2.0, "axis", 0), Constraints.get("max_norm").getConfig());
        assertEquals(Map.of("axis", 0), Constraints.get("unit_norm").getConfig());
        assertEquals(Map.of("min_value", 0.0, "max_value", 1.0, "rate", 1.0, "axis", 0), Constraints.get("min_max_norm").getConfig());
        assertEquals(Map.of(), Constraints.get("non_neg").getConfig());
        for (Constraint c : List.of(new MaxNorm(3, 1), new UnitNorm(0, 1), new MinMaxNorm(0.5, 2, 0.5, 1), new NonNeg())) {
            Constraint back = Constraints.fromConfig(c.className(), c.getConfig());
            assertEquals(c.getConfig(), back.getConfig());
            assertArrayEquals(c.apply(kernel()).doubles(), back.apply(kernel()).doubles(), 0);
        }
        // a Keras config with an int max_value and a list of axes
        MaxNorm m = (MaxNorm) Constraints.fromConfig("MaxNorm", Map.of("max_value", 3, "axis", List.of(0, 1, 2)));
        assertEquals(3.0, m.maxValue());
        assertArrayEquals(new int[] {0, 1, 2}, m.axis());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Constraints.get("max"));
        assertTrue(e.getMessage().contains("'max'") && e.getMessage().contains("max_norm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxNorm(2, 2).apply(kernel()));
        assertTrue(e.getMessage().contains("MaxNorm") && e.getMessage().contains("axis 2") && e.getMessage().contains("(2, 3)"), e.getMessage());
        Constraint lambda = w -> w;
        assertTrue(lambda.getConfig().isEmpty());
    }
}
