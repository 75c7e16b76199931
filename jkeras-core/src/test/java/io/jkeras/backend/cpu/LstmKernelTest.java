package io.jkeras.backend.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector API LSTM kernel ({@link PanamaLstm} through {@link LstmKernel}) against the plain-Java
 * path (a GEMM per step and double-precision gate math, itself checked against the step-by-step
 * Ops loop and finite differences in FusedLstmTest and RecurrentLayersTest): the same states and
 * gradients for odd batch sizes, several slices, masks, backwards runs, no bias, the last states
 * only, and unit counts of one to five vectors.
 */
class LstmKernelTest {

    @AfterEach void reset() { LstmKernel.forceGeneral = false; }

    private static boolean vectorOn() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && LstmKernel.vectorPath(PanamaLstm.L);
    }

    private static float[] random(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }

    private static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            assertTrue(Math.abs(e - a) <= atol + rtol * Math.abs(e), what + " [" + i + "]: expected " + e + ", got " + a);
        }
    }

    @Test void vectorGateMathMatchesDouble() {
        assumeTrue(vectorOn(), "the Vector API is not enabled (run with --add-modules jdk.incubator.vector)");
        int l = PanamaLstm.L, u = 2 * l;
        Random r = new Random(1);
        float[] xs = new float[4096 * 4];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = switch (i % 5) {
                case 0 -> (float) (r.nextGaussian() * 3);
                case 1 -> (float) (r.nextGaussian() * 1e-3);
                case 2 -> (float) ((r.nextDouble() - 0.5) * 200);
                case 3 -> (float) ((r.nextDouble() - 0.5) * 1.2);
                default -> (float) (r.nextGaussian() * 30);
            };
        }
        float[] edge = {0f, -0f, 1e-30f, -1e-30f, 0.4f, -0.4f, 0.39999998f, 87f, -87f, 88f, -88f, 200f, -200f, 1e-5f, -3f, 20f};
        for (int i = 0; i < edge.length; i++) { xs[i * 4 * l / 4] = edge[i]; xs[4 * l + 2 * l + i % l] = edge[i]; }
        float[] z = xs.clone(), t = new float[xs.length];
        for (int row = 0; row < xs.length; row += 4 * u) PanamaLstm.activate(u, z, row);
        PanamaLstm.tanh(xs, 0, t, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            double tx = Math.tanh(x), sx = 1 / (1 + Math.exp(-x));
            assertEquals(tx, t[i], 4e-7 * Math.abs(tx), "tanh(" + x + ")");
            boolean cellGate = i / l % 4 == 2;
            if (cellGate) assertEquals(tx, z[i], 4e-7 * Math.abs(tx), "activate: tanh(" + x + ")");
            else assertEquals(sx, z[i], 4e-7 * sx + 1e-37, "activate: sigmoid(" + x + ")");   // below 1e-37 the clamp of e^x shows
        }
    }

    private record Case(int b, int t, int f, int u, boolean mask, boolean backwards, boolean bias) {}

    private record Result(float[] states, float[] fin, float[] runAll, float[] runFinal, LstmKernel.Grads full, LstmKernel.Grads last) {}

    private static Result run(Case c, long seed) {
        Random r = new Random(seed);
        int b = c.b(), t = c.t(), f = c.f(), u = c.u();
        float[] x = random(r, b * t * f, 1), h0 = random(r, b * u, 0.5), c0 = random(r, b * u, 0.5);
        float[] k = random(r, f * 4 * u, 0.4), rec = random(r, u * 4 * u, 0.3), bias = c.bias() ? random(r, 4 * u, 0.3) : null;
        boolean[] mask = null;
        if (c.mask()) {
            mask = new boolean[b * t];
            for (int i = 0; i < mask.length; i++) mask[i] = r.nextInt(3) != 0;
            for (int i = 0; i < t; i++) mask[i] = false;   // a fully masked row
        }
        float[] dS = random(r, 2 * t * b * u, 1), dFin = random(r, 2 * b * u, 1);
        LstmKernel.Saved s = LstmKernel.forward(b, t, f, u, x, h0, c0, k, rec, bias, mask, c.backwards(), true);
        LstmKernel.Saved sf = LstmKernel.forward(b, t, f, u, x, h0, c0, k, rec, bias, mask, c.backwards(), false);
        float[] all = LstmKernel.run(b, t, f, u, x, h0, c0, k, rec, bias, mask, c.backwards(), true);
        float[] fin = LstmKernel.run(b, t, f, u, x, h0, c0, k, rec, bias, mask, c.backwards(), false);
        LstmKernel.Grads full = LstmKernel.backward(s, dS, false, k, rec, c.bias(), true, true);
        LstmKernel.Grads last = LstmKernel.backward(sf, dFin, true, k, rec, c.bias(), true, true);
        // a second backward of the same forward pass (its pooled arrays were handed back) gives the same gradients
        LstmKernel.Grads again = LstmKernel.backward(sf, dFin, true, k, rec, c.bias(), true, true);
        assertArrayEquals(last.dRecurrent(), again.dRecurrent(), c + ": a second backward pass differs");
        assertArrayEquals(last.dh0(), again.dh0(), c + ": a second backward pass differs");
        return new Result(s.output(), sf.output(), all, fin, full, last);
    }

    private static void compareGrads(LstmKernel.Grads e, LstmKernel.Grads a, String what) {
        double atol = 2e-5, rtol = 1e-4;
        assertClose(e.dx(), a.dx(), atol, rtol, what + " dx");
        assertClose(e.dh0(), a.dh0(), atol, rtol, what + " dh0");
        assertClose(e.dc0(), a.dc0(), atol, rtol, what + " dc0");
        assertClose(e.dKernel(), a.dKernel(), atol, rtol, what + " dKernel");
        assertClose(e.dRecurrent(), a.dRecurrent(), atol, rtol, what + " dRecurrent");
        if (e.dBias() == null) assertNull(a.dBias(), what + " dBias");
        else assertClose(e.dBias(), a.dBias(), atol, rtol, what + " dBias");
    }

    private static void compare(Case c) {
        LstmKernel.forceGeneral = true;
        Result e = run(c, 7);
        LstmKernel.forceGeneral = false;
        Result a = run(c, 7);
        String what = c.toString();
        assertClose(e.states(), a.states(), 1e-6, 1e-5, what + " states");
        assertClose(e.fin(), a.fin(), 1e-6, 1e-5, what + " final states");
        int bu = c.b() * c.u(), tbu = c.t() * bu;
        for (int i = 0; i < bu; i++) {
            assertEquals(a.states()[tbu - bu + i], a.fin()[i], what + ": last h of all steps vs last only");
            assertEquals(a.states()[2 * tbu - bu + i], a.fin()[bu + i], what + ": last c of all steps vs last only");
        }
        assertArrayEquals(a.states(), a.runAll(), what + ": run(allSteps) differs from forward");
        assertArrayEquals(a.fin(), a.runFinal(), what + ": run(last only) differs from forward");
        compareGrads(e.full(), a.full(), what + " (all steps)");
        compareGrads(e.last(), a.last(), what + " (last states)");
    }

    @Test void vectorPathMatchesThePlainPath() {
        assumeTrue(vectorOn(), "the Vector API is not enabled (run with --add-modules jdk.incubator.vector)");
        int l = PanamaLstm.L;
        compare(new Case(1, 1, 1, l, false, false, true));
        compare(new Case(3, 4, 5, l, true, false, true));
        compare(new Case(5, 3, 7, 2 * l, false, true, false));
        compare(new Case(7, 5, 3, 5 * l, true, true, true));      // one tile of 4 groups and one single group
        compare(new Case(4, 6, 2, 4 * l, false, false, true));
        compare(new Case(37, 4, 3, 2 * l, true, false, true));    // slices of 8 rows, a 1-row remainder in the last
        compare(new Case(70, 3, 4, l, false, true, true));        // more slices, remainder rows
    }

    @Test void vectorPathRepeatsBitForBit() {
        assumeTrue(vectorOn(), "the Vector API is not enabled (run with --add-modules jdk.incubator.vector)");
        Case c = new Case(37, 5, 3, 2 * PanamaLstm.L, true, false, true);
        Result a = run(c, 11), b = run(c, 11);
        assertArrayEquals(a.states(), b.states());
        assertArrayEquals(a.full().dKernel(), b.full().dKernel());
        assertArrayEquals(a.full().dRecurrent(), b.full().dRecurrent());
        assertArrayEquals(a.full().dx(), b.full().dx());
    }

    @Test void gradientsNotAskedForAreNotComputed() {
        Random r = new Random(3);
        int b = 3, t = 2, f = 2, u = 8;
        LstmKernel.Saved s = LstmKernel.forward(b, t, f, u, random(r, b * t * f, 1), new float[b * u], new float[b * u],
                random(r, f * 4 * u, 0.3), random(r, u * 4 * u, 0.3), null, null, false, false);
        LstmKernel.Grads g = LstmKernel.backward(s, random(r, 2 * b * u, 1), true, random(r, f * 4 * u, 0.3), random(r, u * 4 * u, 0.3),
                false, false, false);
        assertNull(g.dx());
        assertNull(g.dh0());
        assertNull(g.dc0());
        assertNull(g.dBias());
        assertEquals(f * 4 * u, g.dKernel().length);
    }

    @Test void interleavedColumnsRoundTrip() {
        assumeTrue(vectorOn(), "the Vector API is not enabled (run with --add-modules jdk.incubator.vector)");
        int u = 3 * PanamaLstm.L;
        float[] a = random(new Random(5), 2 * 4 * u, 1);
        float[] i = PanamaLstm.interleave(a, 2, u);
        for (int col = 0; col < 4 * u; col++) {
            assertEquals(col, PanamaLstm.kerasColumn(u, PanamaLstm.interleavedColumn(u, col)));
            assertEquals(a[4 * u + col], i[4 * u + PanamaLstm.interleavedColumn(u, col)]);
        }
        assertArrayEquals(a, PanamaLstm.deinterleave(i, 2, u));
    }
}
