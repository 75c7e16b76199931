package io.jkeras.layers;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.initializers.Initializers;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static io.jkeras.layers.SequenceFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SimpleRNN, LSTM, GRU and the generic RNN: gradients through time against finite differences in
 * float64, masking against unpadded sequences, stateful and initial states, dropout, custom and
 * stacked cells, shapes, configs and errors.
 */
class RecurrentLayersTest {

    // ------------------------------------------------------------------ helpers

    /** Gives every weight of a built layer random values (uniform in [-0.6, 0.6)), so that zero biases hide nothing. */
    static void randomizeWeights(Layer layer, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> vals = new ArrayList<>();
        for (Variable v : layer.weights()) {
            double[] d = new double[(int) v.size()];
            for (int i = 0; i < d.length; i++) d[i] = r.nextDouble(-0.6, 0.6);
            vals.add(Ops.cast(Tensor.of(d, v.shape().toArray()), v.dtype()));
        }
        layer.setWeights(vals);
    }

    static Tensor random(long seed, DType dt, int... shape) { return Ops.cast(FiniteDifferences.randomDouble(seed, shape), dt); }

    /** Checks d(loss)/d(weights) from the tape against central differences, perturbing each weight in place. */
    static void checkWeightGradients(Layer layer, Supplier<Tensor> f, double tol) {
        Tensor probe = f.get();
        SplittableRandom r = new SplittableRandom(99);
        double[] w = new double[probe.size()];
        for (int i = 0; i < w.length; i++) w[i] = r.nextDouble(-1, 1);
        Tensor weights = Tensor.of(w, probe.shape().toArray());
        Supplier<Double> loss = () -> Ops.sum(Ops.multiply(f.get(), weights)).item();
        List<Variable> vars = layer.trainableWeights();
        List<Tensor> analytic;
        try (GradientTape tape = new GradientTape()) {
            analytic = tape.gradient(Ops.sum(Ops.multiply(f.get(), weights)), vars);
        }
        double h = 1e-6;
        for (int k = 0; k < vars.size(); k++) {
            Variable v = vars.get(k);
            assertNotNull(analytic.get(k), "no gradient reached " + v.path());
            double[] base = v.value().toDoubleArray();
            double[] ga = analytic.get(k).toDoubleArray();
            for (int i = 0; i < base.length; i++) {
                double[] p = base.clone();
                p[i] = base[i] + h;
                v.assign(Tensor.of(p, v.shape().toArray()));
                double lp = loss.get();
                p[i] = base[i] - h;
                v.assign(Tensor.of(p, v.shape().toArray()));
                double lm = loss.get();
                v.assign(Tensor.of(base, v.shape().toArray()));
                double numeric = (lp - lm) / (2 * h);
                assertEquals(numeric, ga[i], tol * Math.max(1, Math.abs(numeric)), "d/d" + v.path() + "[" + i + "]");
            }
        }
    }

    static List<RNN> float64Layers() {
        List<RNN> ls = new ArrayList<>();
        ls.add(new SimpleRNN(3));
        ls.add(new LSTM(3));
        ls.add(new GRU(3));
        ls.add(new GRU(3).resetAfter(false));
        for (RNN l : ls) l.dtype(DType.FLOAT64);
        return ls;
    }

    static Tensor mask(int batch, int steps, int[] lengths, boolean prePad) {
        boolean[] m = new boolean[batch * steps];
        for (int b = 0; b < batch; b++) for (int t = 0; t < steps; t++) {
            m[b * steps + t] = prePad ? t >= steps - lengths[b] : t < lengths[b];
        }
        return Tensor.of(m, batch, steps);
    }

    // ------------------------------------------------------------------ gradients through time

    @Test void gradientsThroughTimeMatchFiniteDifferencesForEveryCell() {
        Tensor x = FiniteDifferences.randomDouble(1, 2, 4, 2);
        for (RNN layer : float64Layers()) {
            layer.returnSequences(true);
            layer.buildFor(Shape.of(-1, 4, 2));
            randomizeWeights(layer, 7);
            FiniteDifferences.check(in -> layer.apply(in), x, 1e-6);
            checkWeightGradients(layer, () -> layer.apply(x), 1e-6);
        }
    }

    @Test void gradientsReachInitialStatesAndFlowThroughMaskedBackwardsRuns() {
        Tensor x = FiniteDifferences.randomDouble(2, 2, 4, 2);
        Tensor m = mask(2, 4, new int[] {4, 2}, false);
        for (RNN layer : float64Layers()) {
            layer.goBackwards(true);
            layer.buildFor(Shape.of(-1, 4, 2), Shape.of(-1, 3), Shape.of(-1, 3));
            randomizeWeights(layer, 8);
            List<Tensor> ins = new ArrayList<>();
            ins.add(x);
            for (int s = 0; s < layer.cell().stateShapes().size(); s++) ins.add(FiniteDifferences.randomDouble(10 + s, 2, 3));
            FiniteDifferences.checkAll(xs -> layer.applyMasked(xs, masks(m, xs.size()), false).outputs().get(0), ins, 1e-6);
            checkWeightGradients(layer, () -> layer.applyMasked(ins, masks(m, ins.size()), false).outputs().get(0), 1e-6);
        }
    }

    private static List<Tensor> masks(Tensor first, int n) {
        List<Tensor> ms = new ArrayList<>(Collections.nCopies(n, null));
        ms.set(0, first);
        return ms;
    }

    @Test void recurrentDropoutPathEqualsTheFusedPathInInferenceAndHasTheRightGradient() {
        // recurrent_dropout > 0 switches to Keras's per-gate computation (implementation 1); without training it must give the same values
        Tensor x = FiniteDifferences.randomDouble(3, 2, 3, 2);
        List<RNN> plain = float64Layers(), perGate = new ArrayList<>();
        perGate.add(new SimpleRNN(3).recurrentDropout(0.3).dropout(0.2));
        perGate.add(new LSTM(3).recurrentDropout(0.3).dropout(0.2));
        perGate.add(new GRU(3).recurrentDropout(0.3).dropout(0.2));
        perGate.add(new GRU(3).resetAfter(false).recurrentDropout(0.3).dropout(0.2));
        for (int i = 0; i < plain.size(); i++) {
            RNN a = plain.get(i), b = perGate.get(i);
            b.dtype(DType.FLOAT64);
            a.buildFor(Shape.of(-1, 3, 2));
            b.buildFor(Shape.of(-1, 3, 2));
            randomizeWeights(a, 11);
            b.setWeights(a.getWeights());
            assertClose(a.apply(x), b.apply(x), 1e-12, 0, b.className() + " implementation 1");
            checkWeightGradients(b, () -> b.apply(x), 1e-6);
        }
    }

    // ------------------------------------------------------------------ masking

    @Test void aMaskedBatchEqualsTheUnpaddedSequencesRunOneByOne() {
        int steps = 5;
        int[] lengths = {5, 3, 1};
        Tensor x = random(4, DType.FLOAT32, 3, steps, 2);
        for (boolean prePad : new boolean[] {false, true}) {
            for (boolean backwards : new boolean[] {false, true}) {
                for (RNN layer : List.<RNN>of(new SimpleRNN(3), new LSTM(3), new GRU(3), new GRU(3).resetAfter(false))) {
                    layer.returnSequences(true).goBackwards(backwards);
                    layer.buildFor(Shape.of(-1, -1, 2));
                    randomizeWeights(layer, 5);
                    Tensor m = mask(3, steps, lengths, prePad);
                    Tensor seqs = layer.apply(x, m, false);
                    String what = layer.className() + (prePad ? " pre-padded" : " post-padded") + (backwards ? " backwards" : "");
                    for (int b = 0; b < 3; b++) {
                        int start = prePad ? steps - lengths[b] : 0;
                        Tensor alone = Ops.sliceAxis(Ops.sliceAxis(x, 0, b, b + 1), 1, start, start + lengths[b]);
                        Tensor expected = layer.apply(alone);                   // (1, len, 3), no mask
                        // a backwards run lists its outputs in reversed time order
                        int pos = backwards ? steps - start - lengths[b] : start;
                        Tensor got = Ops.sliceAxis(Ops.sliceAxis(seqs, 0, b, b + 1), 1, pos, pos + lengths[b]);
                        assertClose(expected, got, 1e-6, 1e-5, what + ", sample " + b + " valid steps");
                        // the last output of the run is the last real step's
                        Tensor lastExpected = Ops.sliceAxis(expected, 1, lengths[b] - 1, lengths[b]);
                        Tensor lastGot = Ops.sliceAxis(Ops.sliceAxis(seqs, 0, b, b + 1), 1, backwards ? 0 : steps - 1, backwards ? 1 : steps);
                        if (!prePad && !backwards) assertClose(lastExpected, lastGot, 1e-6, 1e-5, what + ", sample " + b + " repeated last output");
                    }
                }
            }
        }
    }

    @Test void maskedStepsRepeatThePreviousOutputOrGiveZerosAndTheMaskIsPassedOn() {
        LSTM l = new LSTM(2).returnSequences(true);
        l.buildFor(Shape.of(-1, 3, 1));
        randomizeWeights(l, 3);
        Tensor x = Tensor.of(new float[] {1, -2, 3}, 1, 3, 1);
        Tensor m = Tensor.of(new boolean[] {true, false, true}, 1, 3);
        Tensor y = l.apply(x, m, false);
        float[] v = y.toFloatArray();
        assertEquals(v[0], v[2]);
        assertEquals(v[1], v[3]);
        Layer.MaskedOutputs r = l.applyMasked(List.of(x), List.of(m), false);
        assertArrayEquals(new boolean[] {true, false, true}, r.mask(0).toBooleanArray());
        LSTM z = new LSTM(2).returnSequences(true).zeroOutputForMask(true);
        z.buildFor(Shape.of(-1, 3, 1));
        z.setWeights(l.getWeights());
        float[] vz = z.apply(x, m, false).toFloatArray();
        assertEquals(0f, vz[2]);
        assertEquals(0f, vz[3]);
        assertEquals(v[4], vz[4], 1e-7);   // the state went on unchanged past the masked step
        // without return_sequences the mask stops
        LSTM last = new LSTM(2);
        assertNull(last.applyMasked(List.of(x), List.of(m), false).mask(0));
    }

    @Test void embeddingMaskZeroFeedsTheLstmInASequentialModel() {
        Sequential s = new Sequential();
        s.add(new Embedding(10, 3).maskZero(true).inputShape(4));
        LSTM lstm = new LSTM(2);
        s.add(lstm);
        Tensor ids = Tensor.of(new int[] {5, 2, 0, 0, 7, 0, 0, 0}, 2, 4);
        Tensor y = s.apply(ids);
        Sequential unpadded = new Sequential();
        Embedding e2 = new Embedding(10, 3);
        LSTM l2 = new LSTM(2);
        unpadded.add(e2.inputShape(2));
        unpadded.add(l2);
        unpadded.setWeights(s.getWeights());
        assertClose(unpadded.apply(Tensor.of(new int[] {5, 2}, 1, 2)), Ops.sliceAxis(y, 0, 0, 1), 1e-6, 1e-5, "sample 0");
        Sequential one = new Sequential();
        one.add(new Embedding(10, 3).inputShape(1));
        one.add(new LSTM(2));
        one.setWeights(s.getWeights());
        assertClose(one.apply(Tensor.of(new int[] {7}, 1, 1)), Ops.sliceAxis(y, 0, 1, 2), 1e-6, 1e-5, "sample 1");
    }

    // ------------------------------------------------------------------ states

    @Test void statefulLayersCarryStatesAcrossBatchesUntilReset() {
        Tensor x = random(6, DType.FLOAT32, 2, 6, 3);
        Tensor first = Ops.sliceAxis(x, 1, 0, 3), second = Ops.sliceAxis(x, 1, 3, 6);
        for (RNN ref : List.<RNN>of(new SimpleRNN(4), new LSTM(4), new GRU(4))) {
            ref.buildFor(Shape.of(2, 6, 3));
            randomizeWeights(ref, 9);
            RNN st = ref.copy("stateful_copy", false).stateful(true);
            st.buildFor(Shape.of(2, 3, 3));
            st.setWeights(ref.getWeights());
            st.apply(first);
            assertEquals(ref.cell().stateShapes().size(), st.states().size());
            assertClose(ref.apply(x), st.apply(second), 1e-6, 1e-5, ref.className() + ": two stateful halves = the whole sequence");
            st.resetStates();
            for (Tensor s : st.states()) assertEquals(0.0, Ops.max(Ops.abs(s)).item());
            assertClose(ref.apply(first), st.apply(first), 1e-6, 1e-5, ref.className() + ": after resetStates the run starts from zeros");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> st.apply(Ops.sliceAxis(first, 0, 0, 1)));
            assertTrue(e.getMessage().contains("stateful") && e.getMessage().contains("Expected batch size: 2"), e.getMessage());
        }
    }

    @Test void initialStatesContinueASequence() {
        Tensor x = random(7, DType.FLOAT32, 2, 6, 3);
        Tensor first = Ops.sliceAxis(x, 1, 0, 2), second = Ops.sliceAxis(x, 1, 2, 6);
        for (RNN layer : List.<RNN>of(new SimpleRNN(4), new LSTM(4), new GRU(4))) {
            layer.returnState(true);
            layer.buildFor(Shape.of(-1, -1, 3));
            randomizeWeights(layer, 12);
            List<Tensor> a = layer.apply(List.of(first), false);
            assertEquals(1 + layer.cell().stateShapes().size(), a.size());
            List<Tensor> ins = new ArrayList<>();
            ins.add(second);
            ins.addAll(a.subList(1, a.size()));
            List<Tensor> b = layer.apply(ins, false);
            List<Tensor> whole = layer.apply(List.of(x), false);
            for (int i = 0; i < whole.size(); i++) assertClose(whole.get(i), b.get(i), 1e-6, 1e-5, layer.className() + " output " + i);
            // the returned h is the last output
            assertClose(whole.get(0), whole.get(1), 0, 0, layer.className() + ": h == output");
        }
        LSTM l = new LSTM(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.apply(List.of(x, Tensor.zeros(2, 4)), false));
        assertTrue(e.getMessage().contains("2 initial state(s)"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> l.apply(List.of(x, Tensor.zeros(2, 5), Tensor.zeros(2, 4)), false));
        assertTrue(e2.getMessage().contains("initial state 0 must have shape (2, 4)"), e2.getMessage());
    }

    @Test void initialStatesAsFunctionalInputs() {
        KerasTensor seq = Input.of(5, 3), h0 = Input.of(4), c0 = Input.of(4);
        LSTM lstm = new LSTM(4);
        KerasTensor out = lstm.apply(List.of(seq, h0, c0)).get(0);
        Model m = new Model(List.of(seq, h0, c0), List.of(out));
        Tensor x = random(8, DType.FLOAT32, 2, 5, 3);
        Tensor h = random(9, DType.FLOAT32, 2, 4), c = random(10, DType.FLOAT32, 2, 4);
        assertClose(lstm.apply(List.of(x, h, c), false).get(0), m.predictAll(List.of(x, h, c), 8).get(0), 0, 0, "functional with initial states");
        assertNotEquals(lstm.apply(x).toFloatArray()[0], m.predictAll(List.of(x, h, c), 8).get(0).toFloatArray()[0]);
    }

    // ------------------------------------------------------------------ dropout

    @Test void dropoutUsesOneMaskPerSequenceOnlyInTraining() {
        // identity kernel, no recurrence, linear: each output step is the input dropout mask times ones
        SimpleRNN l = new SimpleRNN(200).activation("linear").useBias(false).returnSequences(true).dropout(0.25).seed(3)
                .kernelInitializer("identity").recurrentInitializer("zeros");
        Tensor x = Tensor.ones(2, 4, 200);
        Tensor y = l.apply(x, true);
        float[] v = y.toFloatArray();
        int dropped = 0;
        for (int b = 0; b < 2; b++) for (int t = 1; t < 4; t++) for (int u = 0; u < 200; u++) {
            assertEquals(v[(b * 4) * 200 + u], v[(b * 4 + t) * 200 + u], "the same mask at every timestep");
        }
        for (int i = 0; i < 2 * 200; i++) {
            float f = v[(i / 200) * 800 + i % 200];
            assertTrue(f == 0f || Math.abs(f - 1 / 0.75f) < 1e-6, "kept values are scaled by 1/(1-rate): " + f);
            if (f == 0f) dropped++;
        }
        assertTrue(dropped > 60 && dropped < 140, "about a quarter of 400 dropped, got " + dropped);
        assertNotEquals(List.of(y.toFloatArray()), List.of(l.apply(x, true).toFloatArray()), "a new mask for the next sequence");
        assertClose(x, l.apply(x, false), 0, 0, "inference is the identity here");
    }

    @Test void recurrentDropoutMaskIsTheSameAtEveryStep() {
        // h1 = x0 (no input dropout), h2 = (h1 * m) U with U = I, h3 = (h2 * m): with m in {0, s}, h3 = s * h2 wherever h2 != 0
        SimpleRNN l = new SimpleRNN(100).activation("linear").useBias(false).returnSequences(true).recurrentDropout(0.5).seed(4)
                .kernelInitializer("identity").recurrentInitializer("identity");
        float[] xs = new float[3 * 100];
        java.util.Arrays.fill(xs, 0, 100, 1f);
        float[] v = l.apply(Tensor.of(xs, 1, 3, 100), true).toFloatArray();
        int kept = 0;
        for (int u = 0; u < 100; u++) {
            assertEquals(1f, v[u]);
            assertTrue(v[100 + u] == 0f || v[100 + u] == 2f, "step 2: " + v[100 + u]);
            assertEquals(v[100 + u] * 2f, v[200 + u], 1e-6, "step 3 reuses step 2's mask");
            if (v[100 + u] != 0) kept++;
        }
        assertTrue(kept > 30 && kept < 70, "about half kept, got " + kept);
    }

    @Test void seededDropoutIsReproducible() {
        Tensor x = random(5, DType.FLOAT32, 2, 3, 4);
        LSTM a = new LSTM(5).dropout(0.3).recurrentDropout(0.3).seed(42), b = new LSTM(5).dropout(0.3).recurrentDropout(0.3).seed(42);
        a.buildFor(Shape.of(-1, 3, 4));
        b.buildFor(Shape.of(-1, 3, 4));
        b.setWeights(a.getWeights());
        assertClose(a.apply(x, true), b.apply(x, true), 0, 0, "same seed, same masks");
        assertThrows(IllegalArgumentException.class, () -> new LSTM(3).dropout(1.5));
    }

    // ------------------------------------------------------------------ custom and stacked cells

    /** The cell of RNNCell's javadoc: h' = x W + h U. */
    static final class MinimalRNNCell extends RNNCell {
        private final int units;
        private Variable kernel, recurrentKernel;
        MinimalRNNCell(int units) { this.units = units; }
        @Override public List<Shape> stateShapes() { return List.of(Shape.of(units)); }
        @Override public void build(Shape stepInputShape) {
            kernel = addWeight("kernel", Shape.of(stepInputShape.dim(-1), units), Initializers.get("glorot_uniform"), true);
            recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, units), Initializers.get("orthogonal"), true);
        }
        @Override public Output call(Tensor x, List<Tensor> states, boolean training) {
            Tensor h = Ops.add(Ops.matmul(x, kernel.value()), Ops.matmul(states.get(0), recurrentKernel.value()));
            return new Output(h, List.of(h));
        }
    }

    @Test void aUserCellRunsInTheGenericRnn() {
        RNN custom = new RNN(new MinimalRNNCell(3)).returnSequences(true);
        SimpleRNN ref = new SimpleRNN(3).activation("linear").useBias(false).returnSequences(true);
        custom.buildFor(Shape.of(-1, 4, 2));
        ref.buildFor(Shape.of(-1, 4, 2));
        custom.setWeights(ref.getWeights());
        Tensor x = random(13, DType.FLOAT32, 2, 4, 2);
        assertClose(ref.apply(x), custom.apply(x), 1e-6, 1e-6, "custom cell");
        KerasTensor in = Input.of(4, 2);
        assertEquals(Shape.of(-1, 4, 3), custom.apply(in).shape());
        assertThrows(UnsupportedOperationException.class, () -> custom.copy("c", true));
    }

    @Test void stackedCellsEqualStackedLayers() {
        RNN stacked = new RNN(List.of(new LSTMCell(4), new GRUCell(3))).returnState(true);
        LSTM l1 = new LSTM(4).returnSequences(true).returnState(true);
        GRU l2 = new GRU(3).returnState(true);
        stacked.buildFor(Shape.of(-1, 5, 2));
        l1.buildFor(Shape.of(-1, 5, 2));
        l2.buildFor(Shape.of(-1, 5, 4));
        randomizeWeights(stacked, 14);
        List<Tensor> w = stacked.getWeights();
        assertEquals(6, w.size());
        l1.setWeights(w.subList(0, 3));
        l2.setWeights(w.subList(3, 6));
        Tensor x = random(15, DType.FLOAT32, 2, 5, 2);
        List<Tensor> s = stacked.apply(List.of(x), false);
        List<Tensor> a = l1.apply(List.of(x), false);
        List<Tensor> b = l2.apply(List.of(a.get(0)), false);
        assertEquals(4, s.size(), "output, then h1, c1, h2");
        assertClose(b.get(0), s.get(0), 1e-6, 1e-5, "output");
        assertClose(a.get(1), s.get(1), 1e-6, 1e-5, "h1");
        assertClose(a.get(2), s.get(2), 1e-6, 1e-5, "c1");
        assertClose(b.get(1), s.get(3), 1e-6, 1e-5, "h2");
        assertEquals(List.of(Shape.of(-1, 3), Shape.of(-1, 4), Shape.of(-1, 4), Shape.of(-1, 3)), stacked.computeOutputShape(List.of(Shape.of(-1, 5, 2))));
    }

    @Test void aCellCanBeCalledDirectly() {
        LSTMCell cell = new LSTMCell(3);
        Tensor x = random(16, DType.FLOAT32, 2, 4), h = random(17, DType.FLOAT32, 2, 3), c = random(18, DType.FLOAT32, 2, 3);
        List<Tensor> out = cell.apply(List.of(x, h, c), false);
        assertEquals(3, out.size());
        LSTM layer = new LSTM(3).returnState(true);
        layer.buildFor(Shape.of(-1, 1, 4));
        layer.setWeights(cell.getWeights());
        List<Tensor> ref = layer.apply(List.of(Ops.reshape(x, 2, 1, 4), h, c), false);
        for (int i = 0; i < 3; i++) assertClose(ref.get(i), out.get(i), 1e-7, 1e-6, "cell output " + i);
    }

    // ------------------------------------------------------------------ shapes, configs, summaries, errors

    @Test void weightShapesFollowKeras() {
        LSTM lstm = new LSTM(4);
        lstm.buildFor(Shape.of(-1, 6, 3));
        assertEquals(List.of(Shape.of(3, 16), Shape.of(4, 16), Shape.of(16)), lstm.weights().stream().map(Variable::shape).toList());
        assertEquals(128, lstm.countParams());
        // unit_forget_bias: ones for the forget gate, zeros elsewhere
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, lstm.cell().bias().value().toFloatArray());
        LSTM noForget = new LSTM(2).unitForgetBias(false);
        noForget.buildFor(Shape.of(-1, 1, 1));
        assertArrayEquals(new float[8], noForget.cell().bias().value().toFloatArray());
        GRU gru = new GRU(4);
        gru.buildFor(Shape.of(-1, 6, 3));
        assertEquals(List.of(Shape.of(3, 12), Shape.of(4, 12), Shape.of(2, 12)), gru.weights().stream().map(Variable::shape).toList());
        SimpleRNN s = new SimpleRNN(5).useBias(false);
        s.buildFor(Shape.of(-1, 6, 3));
        assertEquals(List.of(Shape.of(3, 5), Shape.of(5, 5)), s.weights().stream().map(Variable::shape).toList());
        // the recurrent kernel is orthogonal by default
        Tensor r = lstm.cell().recurrentKernel().value();
        Tensor rrt = Ops.matmul(r, r, false, true);   // (4, 16) rows are orthonormal
        assertClose(Ops.eye(4), rrt, 1e-5, 0, "orthogonal recurrent kernel");
    }

    @Test void configsUseKerasKeys() {
        Map<String, Object> c = new LSTM(8).returnSequences(true).dropout(0.1).name("enc").getConfig();
        assertEquals("enc", c.get("name"));
        assertEquals(8, c.get("units"));
        assertEquals("tanh", c.get("activation"));
        assertEquals("sigmoid", c.get("recurrent_activation"));
        assertEquals(true, c.get("return_sequences"));
        assertEquals(false, c.get("return_state"));
        assertEquals(false, c.get("go_backwards"));
        assertEquals(false, c.get("stateful"));
        assertEquals(true, c.get("unit_forget_bias"));
        assertEquals(0.1, c.get("dropout"));
        assertEquals(0.0, c.get("recurrent_dropout"));
        assertEquals(true, new GRU(2).getConfig().get("reset_after"));
        Map<String, Object> g = new RNN(new SimpleRNNCell(3)).getConfig();
        @SuppressWarnings("unchecked") Map<String, Object> cell = (Map<String, Object>) g.get("cell");
        assertEquals("SimpleRNNCell", cell.get("class_name"));
    }

    @Test void summariesMatchKeras() {
        Layer.clearSession();
        KerasTensor x = Input.of(5, 3);
        List<KerasTensor> outs = new LSTM(4).returnSequences(true).returnState(true).apply(List.of(x));
        assertEquals(SharedFixtures.keras3Text("lstm_return_state", "summary.txt"), new Model(List.of(x), outs, "lstm_return_state").summaryString());
        Layer.clearSession();
        Sequential s = new Sequential("stacked_rnn");
        s.add(Input.of(7, 3));
        s.add(new LSTM(6).returnSequences(true));
        s.add(new GRU(5).returnSequences(true));
        s.add(new SimpleRNN(4));
        s.add(new Dense(2, "softmax"));
        assertEquals(SharedFixtures.keras3Text("stacked_rnn", "summary.txt"), s.summaryString());
    }

    @Test void errorsNameTheLayerAndTheShapes() {
        LSTM l = new LSTM(3).name("enc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.apply(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("\"enc\"") && e.getMessage().contains("expected ndim=3") && e.getMessage().contains("(2, 5)"), e.getMessage());
        l.apply(Tensor.zeros(2, 5, 4));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> l.apply(Tensor.zeros(2, 5, 6)));
        assertTrue(e2.getMessage().contains("expected axis 2") && e2.getMessage().contains("value 4"), e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> l.apply(Tensor.zeros(2, 5, 4), Tensor.ones(2, 4), false));
        assertTrue(e3.getMessage().contains("mask must have shape (batch, timesteps) = (2, 5)"), e3.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GRU(0));
        Sequential s = new Sequential();
        IllegalStateException e4 = assertThrows(IllegalStateException.class, () -> s.add(new LSTM(2).returnState(true).inputShape(3, 1)));
        assertTrue(e4.getMessage().contains("returns 3 outputs"), e4.getMessage());
    }

    @Test void variableLengthSequencesWorkWithAnUnknownTimeAxis() {
        LSTM l = new LSTM(2);
        KerasTensor in = Input.of(-1, 3);
        KerasTensor out = l.returnSequences(true).apply(in);
        assertEquals(Shape.of(-1, -1, 2), out.shape());
        Model m = new Model(in, out);
        assertEquals(Shape.of(1, 4, 2), m.apply(Tensor.zeros(1, 4, 3)).shape());
        assertEquals(Shape.of(1, 7, 2), m.apply(Tensor.zeros(1, 7, 3)).shape());
    }
}
