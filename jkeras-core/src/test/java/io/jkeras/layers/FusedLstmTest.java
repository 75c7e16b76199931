package io.jkeras.layers;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.ops.Ops;
import io.jkeras.ops.RnnOps;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.jkeras.layers.RecurrentLayersTest.random;
import static io.jkeras.layers.RecurrentLayersTest.randomizeWeights;
import static io.jkeras.layers.SequenceFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole-sequence LSTM kernel ({@link RnnOps#lstm}) against the step-by-step loop through Ops
 * (whose gradients are checked against float64 finite differences in RecurrentLayersTest): the same
 * outputs, states and gradients for every input and weight, with masks, backwards runs, initial
 * states, zero outputs for masked steps and no bias.
 */
class FusedLstmTest {

    private record Run(List<Tensor> outputs, List<Tensor> grads) {}

    /** Runs the layer on [x, h0, c0] with a mask, and the gradients of a weighted sum of every output w.r.t. inputs and weights. */
    private static Run run(LSTM layer, Tensor x, Tensor h0, Tensor c0, Tensor mask) {
        List<Tensor> ins = new ArrayList<>(List.of(x, h0, c0));
        List<Tensor> masks = new ArrayList<>(Collections.nCopies(3, null));
        masks.set(0, mask);
        List<Variable> vars = layer.trainableWeights();
        try (GradientTape tape = new GradientTape(true)) {
            for (Tensor t : ins) tape.watch(t);
            List<Tensor> outs = layer.applyMasked(ins, masks, true).outputs();
            Tensor loss = Ops.scalar(0, DType.FLOAT32);
            for (int i = 0; i < outs.size(); i++) loss = Ops.add(loss, Ops.sum(Ops.multiply(outs.get(i), random(100 + i, DType.FLOAT32, outs.get(i).shape().toArray()))));
            List<Tensor> grads = new ArrayList<>(tape.gradients(loss, ins));
            grads.addAll(tape.gradient(loss, vars));
            return new Run(outs, grads);
        }
    }

    private static void compare(boolean returnSequences, boolean backwards, boolean zeroOutput, boolean useBias, boolean masked) {
        compare(3, returnSequences, backwards, zeroOutput, useBias, masked);
    }

    private static void compare(int b, boolean returnSequences, boolean backwards, boolean zeroOutput, boolean useBias, boolean masked) {
        compare(b, 6, returnSequences, backwards, zeroOutput, useBias, masked);
    }

    private static void compare(int b, int u, boolean returnSequences, boolean backwards, boolean zeroOutput, boolean useBias, boolean masked) {
        int t = 5, f = 4;
        LSTM fused = new LSTM(u).returnSequences(returnSequences).returnState(true).goBackwards(backwards).zeroOutputForMask(zeroOutput).useBias(useBias);
        LSTM loop = new LSTM(u).returnSequences(returnSequences).returnState(true).goBackwards(backwards).zeroOutputForMask(zeroOutput).useBias(useBias);
        loop.fusedKernels = false;
        fused.buildFor(Shape.of(-1, t, f));
        loop.buildFor(Shape.of(-1, t, f));
        randomizeWeights(fused, 41);
        loop.setWeights(fused.getWeights());
        Tensor x = random(42, DType.FLOAT32, b, t, f), h0 = random(43, DType.FLOAT32, b, u), c0 = random(44, DType.FLOAT32, b, u);
        // post-padded, pre-padded and a fully masked row
        boolean[] pattern = {true, true, true, false, false, false, false, true, true, true, false, false, false, false, false};
        boolean[] maskBits = new boolean[b * t];
        for (int k = 0; k < maskBits.length; k++) maskBits[k] = pattern[k % pattern.length];
        Tensor mask = masked ? Tensor.of(maskBits, b, t) : null;
        Run a = run(fused, x, h0, c0, mask), e = run(loop, x, h0, c0, mask);
        String what = "b=" + b + " u=" + u + " seq=" + returnSequences + " back=" + backwards + " zero=" + zeroOutput + " bias=" + useBias + " mask=" + masked;
        assertEquals(e.outputs().size(), a.outputs().size());
        for (int i = 0; i < e.outputs().size(); i++) assertClose(e.outputs().get(i), a.outputs().get(i), 1e-6, 1e-5, what + " output " + i);
        for (int i = 0; i < e.grads().size(); i++) {
            assertNotNull(a.grads().get(i), what + " gradient " + i);
            assertClose(e.grads().get(i), a.grads().get(i), 2e-5, 1e-4, what + " gradient " + i);
        }
    }

    @Test void fusedKernelMatchesTheStepLoop() {
        for (boolean seq : new boolean[] {false, true}) for (boolean back : new boolean[] {false, true}) for (boolean masked : new boolean[] {false, true}) {
            compare(seq, back, false, true, masked);
        }
        compare(true, false, true, true, true);
        compare(true, true, true, true, true);
        compare(false, true, true, true, true);
        compare(true, false, false, false, true);
    }

    @Test void fusedKernelMatchesTheStepLoopAcrossSeveralBatchSlices() {
        // 40 rows: the kernel runs them as slices of 32 and 8 rows, each through the whole sequence
        for (boolean back : new boolean[] {false, true}) for (boolean masked : new boolean[] {false, true}) compare(40, true, back, false, true, masked);
        compare(40, false, true, true, true, true);
    }

    @Test void vectorKernelMatchesTheStepLoop() {
        // 32 units: whole vectors of units for 512-, 256- and 128-bit vectors, so the Vector API
        // kernel runs where it is enabled (the plain-Java kernel elsewhere); 37 rows: several slices
        // and a remainder of one row
        for (boolean seq : new boolean[] {false, true}) for (boolean back : new boolean[] {false, true}) {
            compare(37, 32, seq, back, false, true, true);
        }
        compare(37, 32, false, false, false, false, false);
        compare(5, 32, false, true, true, true, true);
        compare(5, 32, true, false, true, true, true);
    }

    @Test void fusedKernelMatchesTheOracle() {
        SequenceFixtures.OracleCase c = SequenceFixtures.oracle("lstm_seq");
        LSTM l = new LSTM(4).returnSequences(true);
        l.buildFor(c.x().shape());
        l.setWeights(c.weights());
        assertTrue(RnnOps.lstmSupported(DType.FLOAT32));
        SequenceFixtures.assertOracle(c.y(), l.apply(c.x()), "fused LSTM");
    }

    @Test void opGradientMatchesFiniteDifferencesInFloat32() {
        // a coarse float32 check of the op alone (the exact check is the comparison with the loop above)
        int b = 2, t = 3, f = 2, u = 2;
        Tensor k = random(51, DType.FLOAT32, f, 4 * u), r = random(52, DType.FLOAT32, u, 4 * u), bias = random(53, DType.FLOAT32, 4 * u);
        Tensor x = Ops.multiply(random(54, DType.FLOAT32, b, t, f), 0.5);
        Tensor h0 = Tensor.zeros(b, u), c0 = Tensor.zeros(b, u);
        Tensor w = random(55, DType.FLOAT32, 2, t, b, u);
        Tensor g;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            g = tape.gradient(Ops.sum(Ops.multiply(RnnOps.lstm(x, h0, c0, k, r, bias, null, false), w)), x);
        }
        float[] base = x.toFloatArray(), ga = g.toFloatArray();
        double h = 1e-2;
        for (int i = 0; i < base.length; i++) {
            float[] p = base.clone(), m = base.clone();
            p[i] += (float) h;
            m[i] -= (float) h;
            double lp = Ops.sum(Ops.multiply(RnnOps.lstm(Tensor.of(p, b, t, f), h0, c0, k, r, bias, null, false), w)).item();
            double lm = Ops.sum(Ops.multiply(RnnOps.lstm(Tensor.of(m, b, t, f), h0, c0, k, r, bias, null, false), w)).item();
            assertEquals((lp - lm) / (2 * h), ga[i], 2e-3, "dx[" + i + "]");
        }
    }

    @Test void opChecksItsArguments() {
        Tensor x = Tensor.zeros(2, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RnnOps.lstm(x, Tensor.zeros(2, 5), Tensor.zeros(2, 5), Tensor.zeros(4, 16), Tensor.zeros(5, 20), null, null, false));
        assertTrue(e.getMessage().contains("kernel must have shape (4, 20)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RnnOps.lstm(FiniteDifferences.randomDouble(1, 2, 3, 4), Tensor.zeros(2, 5),
                Tensor.zeros(2, 5), Tensor.zeros(4, 20), Tensor.zeros(5, 20), null, null, false));
    }
}
