package io.jkeras.regularizers;

import io.jkeras.layers.Dense;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;
import io.jkeras.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegularizersTest {
    private static final double[] W = {1, -2, 3, -4, 0.5, -0.25};   // sum|w| = 10.75, sum w^2 = 30.3125

    /** Tape vs float64 central differences: |analytic - numeric| <= 1e-6 * max(1, |numeric|). */
    private static final GradCheck GRAD = GradCheck.scaled(1e-6).requireConnected();

    private static Tensor w64() { return Tensor.of(W, 2, 3); }

    @Test void penaltiesHaveKerasFormulasAndDefaults() {
        assertEquals(0.01 * 10.75, new L1().apply(w64()).item(), 1e-15);
        assertEquals(0.01 * 30.3125, new L2().apply(w64()).item(), 1e-15);
        assertEquals(0.3 * 10.75, new L1(0.3).apply(w64()).item(), 1e-15);
        assertEquals(0.1 * 10.75 + 0.2 * 30.3125, new L1L2(0.1, 0.2).apply(w64()).item(), 1e-14);
        assertEquals(0.0, new L1L2().apply(w64()).item(), 0);           // Keras: both factors default to 0
        assertEquals(0.2 * 30.3125, new L1L2(0, 0.2).apply(w64()).item(), 1e-14);
        Tensor p = new L2().apply(Tensor.of(new float[] {1, -2, 3}, 3));
        assertEquals(DType.FLOAT32, p.dtype());
        assertEquals(0, p.rank(), "a penalty is a scalar");
        assertEquals(0.14f, (float) p.item(), 1e-7);
        assertEquals(0, new L1L2().apply(Tensor.of(new float[] {1}, 1)).rank());
    }

    @Test void gradientsMatchFiniteDifferences() {
        GRAD.verifyUnary("L1", x -> new L1(0.3).apply(x), Tensor.of(W, 2, 3));
        GRAD.verifyUnary("L2", x -> new L2(0.2).apply(x), Tensor.of(W, 2, 3));
        GRAD.verifyUnary("L1L2", x -> new L1L2(0.1, 0.7).apply(x), Tensor.of(W, 2, 3));
        GRAD.verifyUnary("OrthogonalRegularizer rows", x -> new OrthogonalRegularizer(0.5, "rows").apply(x), Tensor.of(W, 2, 3));
        GRAD.verifyUnary("OrthogonalRegularizer columns", x -> new OrthogonalRegularizer(0.5, "columns").apply(x), Tensor.of(W, 2, 3));
    }

    @Test void orthogonalRegularizerMatchesAHandComputation() {
        double[][] x = {{1, 2}, {0, 1}, {3, -1}};
        // rows: the three unit row vectors, pairwise |dot| summed twice (P is symmetric), over 3 pairs
        assertEquals(reference(x, 0.5), new OrthogonalRegularizer(0.5, "rows").apply(Tensor.of(x)).item(), 1e-14);
        double[][] xt = {{1, 0, 3}, {2, 1, -1}};
        assertEquals(reference(xt, 0.5), new OrthogonalRegularizer(0.5, "columns").apply(Tensor.of(x)).item(), 1e-14);
        // orthogonal rows give no penalty
        assertEquals(0.0, new OrthogonalRegularizer().apply(Tensor.of(new double[][] {{1, 1}, {1, -1}})).item(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OrthogonalRegularizer().apply(Tensor.zeros(2, 2, 2)));
        assertTrue(e.getMessage().contains("rank 2") && e.getMessage().contains("(2, 2, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OrthogonalRegularizer(0.1, "diagonal"));
    }

    /** factor * 0.5 * sum_{i != j} |u_i . u_j| / (n (n - 1) / 2) for the normalized rows u. */
    private static double reference(double[][] rows, double factor) {
        int n = rows.length;
        double[][] u = new double[n][];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double v : rows[i]) s += v * v;
            u[i] = rows[i].clone();
            for (int k = 0; k < u[i].length; k++) u[i][k] /= Math.sqrt(s);
        }
        double total = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            if (i == j) continue;
            double d = 0;
            for (int k = 0; k < u[i].length; k++) d += u[i][k] * u[j][k];
            total += Math.abs(d);
        }
        return factor * 0.5 * total / (n * (n - 1) / 2.0);
    }

    @Test void identifiersConfigsAndErrors() {
        assertEquals("L1", Regularizers.get("l1").className());
        assertEquals("L1", Regularizers.get("L1").className());
        assertEquals("L2", Regularizers.get("l2").className());
        for (String id : List.of("l1_l2", "l1l2", "L1L2")) assertEquals("L1L2", Regularizers.get(id).className(), id);
        assertEquals("OrthogonalRegularizer", Regularizers.get("orthogonal_regularizer").className());
        assertNull(Regularizers.get(null));
        assertEquals(Map.of("l1", 0.01), Regularizers.get("l1").getConfig());
        assertEquals(Map.of("l2", 0.01), Regularizers.get("l2").getConfig());
        assertEquals(Map.of("l1", 0.0, "l2", 0.0), Regularizers.get("l1_l2").getConfig());
        assertEquals(Map.of("factor", 0.01, "mode", "rows"), Regularizers.get("orthogonal_regularizer").getConfig());
        for (Regularizer r : List.of(new L1(0.2), new L2(0.3), new L1L2(0.4, 0.5), new OrthogonalRegularizer(0.6, "columns"))) {
            Regularizer back = Regularizers.fromConfig(r.className(), r.getConfig());
            assertEquals(r.getConfig(), back.getConfig());
            assertEquals(r.apply(w64()).item(), back.apply(w64()).item());
        }
        assertEquals(Map.of("l1", 0.0, "l2", 0.05), Regularizers.fromConfig("L1L2", Map.of("l2", 0.05)).getConfig());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3"));
        assertTrue(e.getMessage().contains("'l3'") && e.getMessage().contains("l1_l2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new L2(-0.1));
        assertTrue(e.getMessage().contains("non-negative") && e.getMessage().contains("l2=-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new L1(Double.NaN));
    }

    @Test void denseReportsItsKernelPenalty() {
        // Keras docstring: Dense(5, kernel_initializer='ones', kernel_regularizer=L1(0.01)) has penalty 0.01 * 25
        Dense d = new Dense(5).kernelInitializer("ones").kernelRegularizer(new L1(0.01));
        d.apply(Ops.multiply(Tensor.ones(5, 5), 2.0));
        double total = 0;
        for (Tensor t : d.losses()) total += t.item();
        assertEquals(0.25, total, 1e-7);
    }
}
