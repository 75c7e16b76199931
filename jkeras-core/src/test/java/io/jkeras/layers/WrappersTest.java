package io.jkeras.layers;

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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.jkeras.layers.RecurrentLayersTest.randomizeWeights;
import static io.jkeras.layers.RecurrentLayersTest.random;
import static io.jkeras.layers.SequenceFixtures.assertClose;
import static io.jkeras.layers.SequenceFixtures.assertKeras3;
import static io.jkeras.layers.SequenceFixtures.assertOracle;
import static io.jkeras.layers.SequenceFixtures.weight;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bidirectional and TimeDistributed. */
class WrappersTest {

    private static void runOracle(String name, Bidirectional layer) {
        SequenceFixtures.OracleCase c = SequenceFixtures.oracle(name);
        layer.buildFor(c.x().shape().withDim(0, Shape.UNKNOWN));
        assertEquals(c.weights().size(), layer.weights().size());
        layer.setWeights(c.weights());
        assertOracle(c.y(), layer.apply(c.x()), name);
    }

    @Test void bidirectionalLstmOracle() { runOracle("bidirectional_lstm", new Bidirectional(new LSTM(3))); }

    @Test void bidirectionalLstmSequencesOracle() { runOracle("bidirectional_lstm_seq", new Bidirectional(new LSTM(3).returnSequences(true))); }

    @Test void keras3BidirectionalConcatLstmAndSumGru() {
        Map<String, Tensor> w = SequenceFixtures.h5Weights("bidirectional");
        Tensor x = SequenceFixtures.npy("bidirectional", "x_0.npy");
        Bidirectional lstm = new Bidirectional(new LSTM(3).returnSequences(true));
        lstm.buildFor(Shape.of(-1, 5, 3));
        List<Tensor> lw = new ArrayList<>();
        for (String dir : List.of("forward_lstm", "backward_lstm")) for (String k : List.of("kernel", "recurrent_kernel", "bias")) {
            lw.add(weight(w, "bidirectional/bidirectional/" + dir + "/lstm_cell/" + k));
        }
        lstm.setWeights(lw);
        assertKeras3(SequenceFixtures.npy("bidirectional", "y_0.npy"), lstm.apply(x), "Bidirectional(LSTM, concat, sequences)");
        Bidirectional gru = new Bidirectional(new GRU(3), "sum");
        gru.buildFor(Shape.of(-1, 5, 3));
        List<Tensor> gw = new ArrayList<>();
        for (String dir : List.of("forward_gru", "backward_gru")) for (String k : List.of("kernel", "recurrent_kernel", "bias")) {
            gw.add(weight(w, "bidirectional_1/bidirectional_1/" + dir + "/gru_cell/" + k));
        }
        gru.setWeights(gw);
        assertKeras3(SequenceFixtures.npy("bidirectional", "y_1.npy"), gru.apply(x), "Bidirectional(GRU, sum)");
    }

    @Test void bidirectionalSummaryMatchesKeras() {
        Layer.clearSession();
        KerasTensor in = Input.of(5, 3);
        KerasTensor a = new Bidirectional(new LSTM(3).returnSequences(true)).apply(in);
        KerasTensor b = new Bidirectional(new GRU(3), "sum").apply(in);
        assertEquals(SharedFixtures.keras3Text("bidirectional", "summary.txt"), new Model(List.of(in), List.of(a, b), "bidirectional").summaryString());
    }

    @Test void mergeModesCombineTheForwardAndTheReversedBackwardRun() {
        Tensor x = random(21, DType.FLOAT32, 2, 4, 3);
        Bidirectional concat = new Bidirectional(new GRU(2).returnSequences(true));
        concat.buildFor(Shape.of(-1, 4, 3));
        randomizeWeights(concat, 22);
        RNN f = concat.forwardLayer(), b = concat.backwardLayer();
        assertEquals("forward_gru", f.name().substring(0, Math.min(11, f.name().length())));
        assertTrue(b.goBackwards() && !f.goBackwards());
        Tensor yf = f.apply(x), yb = Ops.flip(b.apply(x), 1);
        assertClose(Ops.concatenate(List.of(yf, yb), -1), concat.apply(x), 0, 0, "concat");
        for (String mode : Arrays.asList("sum", "mul", "ave", null)) {
            Bidirectional bi = new Bidirectional(new GRU(2).returnSequences(true), mode);
            bi.buildFor(Shape.of(-1, 4, 3));
            bi.setWeights(concat.getWeights());
            List<Tensor> out = bi.apply(List.of(x), false);
            if (mode == null) {
                assertEquals(2, out.size());
                assertClose(yf, out.get(0), 0, 0, "none: forward");
                assertClose(yb, out.get(1), 0, 0, "none: backward, in time order");
                continue;
            }
            Tensor expected = switch (mode) {
                case "sum" -> Ops.add(yf, yb);
                case "mul" -> Ops.multiply(yf, yb);
                default -> Ops.divide(Ops.add(yf, yb), 2.0);
            };
            assertClose(expected, out.get(0), 1e-7, 1e-7, mode);
        }
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "max"));
    }

    @Test void bidirectionalReturnStateAndInitialStates() {
        Bidirectional bi = new Bidirectional(new LSTM(2).returnState(true));
        KerasTensor in = Input.of(4, 3);
        List<KerasTensor> outs = bi.apply(List.of(in));
        assertEquals(5, outs.size(), "output, forward h and c, backward h and c");
        assertEquals(Shape.of(-1, 4), outs.get(0).shape());
        assertEquals(Shape.of(-1, 2), outs.get(4).shape());
        randomizeWeights(bi, 23);
        Tensor x = random(24, DType.FLOAT32, 2, 4, 3);
        List<Tensor> ys = bi.apply(List.of(x), false);
        List<Tensor> f = bi.forwardLayer().apply(List.of(x), false), b = bi.backwardLayer().apply(List.of(x), false);
        assertClose(f.get(1), ys.get(1), 0, 0, "forward h");
        assertClose(b.get(2), ys.get(4), 0, 0, "backward c");
        List<Tensor> init = List.of(random(25, DType.FLOAT32, 2, 2), random(26, DType.FLOAT32, 2, 2), random(27, DType.FLOAT32, 2, 2), random(28, DType.FLOAT32, 2, 2));
        List<Tensor> ins = new ArrayList<>(List.of(x));
        ins.addAll(init);
        List<Tensor> yi = bi.apply(ins, false);
        Tensor fi = bi.forwardLayer().apply(List.of(x, init.get(0), init.get(1)), false).get(0);
        Tensor bk = bi.backwardLayer().apply(List.of(x, init.get(2), init.get(3)), false).get(0);
        assertClose(Ops.concatenate(List.of(fi, bk), -1), yi.get(0), 0, 0, "with initial states");
        assertThrows(IllegalArgumentException.class, () -> bi.apply(List.of(x, init.get(0)), false));
    }

    @Test void maskedBidirectionalEqualsUnpaddedSequences() {
        Tensor x = random(30, DType.FLOAT32, 2, 5, 3);
        Tensor m = Tensor.of(new boolean[] {true, true, true, true, true, true, true, false, false, false}, 2, 5);
        Bidirectional bi = new Bidirectional(new LSTM(2).returnSequences(true));
        bi.buildFor(Shape.of(-1, -1, 3));
        randomizeWeights(bi, 31);
        Layer.MaskedOutputs r = bi.applyMasked(List.of(x), List.of(m), false);
        assertArrayEquals(m.toBooleanArray(), r.mask(0).toBooleanArray(), "the mask is passed on");
        Tensor y = r.outputs().get(0);
        Tensor alone = bi.apply(Ops.sliceAxis(Ops.sliceAxis(x, 0, 1, 2), 1, 0, 2));
        assertClose(alone, Ops.sliceAxis(Ops.sliceAxis(y, 0, 1, 2), 1, 0, 2), 1e-6, 1e-5, "valid steps of the short sample");
        assertClose(Tensor.zeros(1, 3, 4), Ops.sliceAxis(Ops.sliceAxis(y, 0, 1, 2), 1, 2, 5), 0, 0, "masked steps are zeros (Keras forces zero_output_for_mask)");
        Bidirectional last = new Bidirectional(new GRU(2), "ave");
        last.buildFor(Shape.of(-1, -1, 3));
        randomizeWeights(last, 32);
        Tensor yl = last.apply(x, m, false);
        assertClose(last.apply(Ops.sliceAxis(Ops.sliceAxis(x, 0, 1, 2), 1, 0, 2)), Ops.sliceAxis(yl, 0, 1, 2), 1e-6, 1e-5, "last output");
    }

    @Test void bidirectionalGradientsMatchFiniteDifferences() {
        Bidirectional bi = new Bidirectional(new GRU(2).returnSequences(true), "mul");
        bi.dtype(DType.FLOAT64);
        bi.buildFor(Shape.of(-1, 3, 2));
        randomizeWeights(bi, 33);
        Tensor x = FiniteDifferences.randomDouble(34, 2, 3, 2);
        FiniteDifferences.check(in -> bi.apply(in), x, 1e-6);
        RecurrentLayersTest.checkWeightGradients(bi, () -> bi.apply(x), 1e-6);
    }

    @Test void bidirectionalConfigAndErrors() {
        Bidirectional bi = new Bidirectional(new LSTM(4).name("enc"), "sum");
        Map<String, Object> c = bi.getConfig();
        assertEquals("sum", c.get("merge_mode"));
        @SuppressWarnings("unchecked") Map<String, Object> layer = (Map<String, Object>) c.get("layer");
        assertEquals("LSTM", layer.get("class_name"));
        @SuppressWarnings("unchecked") Map<String, Object> lc = (Map<String, Object>) layer.get("config");
        assertEquals("forward_enc", lc.get("name"));
        @SuppressWarnings("unchecked") Map<String, Object> bc = (Map<String, Object>) ((Map<String, Object>) c.get("backward_layer")).get("config");
        assertEquals("backward_enc", bc.get("name"));
        assertEquals(true, bc.get("go_backwards"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "concat", new LSTM(2)));
        assertTrue(e.getMessage().contains("go_backwards"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "concat", new LSTM(2).goBackwards(true).returnSequences(true)));
        Bidirectional stateful = new Bidirectional(new LSTM(2).stateful(true));
        stateful.apply(Tensor.ones(2, 3, 1));
        assertEquals(2, stateful.forwardLayer().states().size());
        stateful.resetStates();
        assertEquals(0.0, Ops.max(Ops.abs(stateful.backwardLayer().states().get(1))).item());
    }

    // ------------------------------------------------------------------ TimeDistributed

    @Test void keras3TimeDistributedDense() {
        Map<String, Tensor> w = SequenceFixtures.h5Weights("time_distributed");
        TimeDistributed td = new TimeDistributed(new Dense(3));
        td.buildFor(Shape.of(-1, 4, 6));
        td.setWeights(List.of(weight(w, "time_distributed/time_distributed/dense/kernel"), weight(w, "time_distributed/time_distributed/dense/bias")));
        assertKeras3(SequenceFixtures.npy("time_distributed", "y_0.npy"), td.apply(SequenceFixtures.npy("time_distributed", "x_0.npy")), "TimeDistributed(Dense)");
        assertEquals(21, td.countParams());
    }

    @Test void timeDistributedAppliesTheLayerToEachStep() {
        Dense d = new Dense(2, "tanh");
        TimeDistributed td = new TimeDistributed(d);
        KerasTensor in = Input.of(3, 4, 5);
        KerasTensor out = td.apply(in);
        assertEquals(Shape.of(-1, 3, 4, 2), out.shape());
        Tensor x = random(40, DType.FLOAT32, 2, 3, 4, 5);
        Tensor y = td.apply(x);
        for (int t = 0; t < 3; t++) {
            Tensor step = Ops.reshape(Ops.sliceAxis(x, 1, t, t + 1), 2, 4, 5);
            assertClose(d.apply(step), Ops.reshape(Ops.sliceAxis(y, 1, t, t + 1), 2, 4, 2), 0, 0, "step " + t);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TimeDistributed(new Dense(2)).apply(Tensor.ones(2, 3)));
        assertTrue(e.getMessage().contains("at least 3 dimensions"), e.getMessage());
        assertEquals("Dense", ((Map<?, ?>) td.getConfig().get("layer")).get("class_name"));
    }

    @Test void timeDistributedPassesTheMaskOnInASequentialModel() {
        Sequential s = new Sequential();
        s.add(new Embedding(10, 4).maskZero(true).inputShape(5));
        s.add(new TimeDistributed(new Dense(3)));
        LSTM lstm = new LSTM(2);
        s.add(lstm);
        Tensor ids = Tensor.of(new int[] {3, 4, 0, 0, 0, 1, 2, 3, 4, 5}, 2, 5);
        Layer.MaskedOutputs r = s.applyMasked(List.of(ids), null, false);
        Tensor y = r.outputs().get(0);
        // the padded sample equals its first two tokens alone
        Sequential alone = new Sequential();
        alone.add(new Embedding(10, 4).inputShape(2));
        alone.add(new TimeDistributed(new Dense(3)));
        alone.add(new LSTM(2));
        alone.setWeights(s.getWeights());
        assertClose(alone.apply(Tensor.of(new int[] {3, 4}, 1, 2)), Ops.sliceAxis(y, 0, 0, 1), 1e-6, 1e-5, "masked through TimeDistributed");
        assertEquals(Collections.singletonList(null), r.masks());
    }
}
