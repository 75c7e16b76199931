package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jkeras.layers.SequenceFixtures.assertKeras3;
import static io.jkeras.layers.SequenceFixtures.assertOracle;
import static io.jkeras.layers.SequenceFixtures.weight;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Forward values of SimpleRNN, LSTM and GRU against golden outputs: the tfjs oracle cases and the
 * Keras 3.15 fixtures (weights read from their model.h5).
 */
class RecurrentOracleTest {

    private static Tensor runOracle(String name, RNN layer) {
        SequenceFixtures.OracleCase c = SequenceFixtures.oracle(name);
        layer.buildFor(c.x().shape().withDim(0, Shape.UNKNOWN));
        layer.setWeights(c.weights());
        Tensor y = layer.apply(c.x());
        assertOracle(c.y(), y, name);
        return y;
    }

    @Test void simpleRnnOracle() { runOracle("simple_rnn", new SimpleRNN(4)); }

    @Test void lstmOracle() { runOracle("lstm", new LSTM(4)); }

    @Test void lstmReturnSequencesOracle() { runOracle("lstm_seq", new LSTM(4).returnSequences(true)); }

    @Test void gruResetBeforeOracle() { runOracle("gru", new GRU(4).resetAfter(false)); }

    /** The generic RNN over each built-in cell gives what the dedicated layer gives. */
    @Test void genericRnnOverCellsMatchesTheOracle() {
        runOracle("lstm", new RNN(new LSTMCell(4)));
        runOracle("gru", new RNN(new GRUCell(4).resetAfter(false)));
        runOracle("simple_rnn", new RNN(new SimpleRNNCell(4)));
    }

    private static void setCell(RNN layer, Map<String, Tensor> w, String prefix) {
        layer.setWeights(List.of(weight(w, prefix + "/kernel"), weight(w, prefix + "/recurrent_kernel"), weight(w, prefix + "/bias")));
    }

    @Test void keras3GruResetAfterAndBefore() {
        Tensor x = SequenceFixtures.npy("gru_reset_after", "x_0.npy");
        Map<String, Tensor> w = SequenceFixtures.h5Weights("gru_reset_after");
        GRU after = new GRU(4);
        after.buildFor(Shape.of(-1, 6, 3));
        assertEquals(Shape.of(2, 12), after.cell().bias().shape());
        setCell(after, w, "gru/gru/gru_cell");
        assertKeras3(SequenceFixtures.npy("gru_reset_after", "y_0.npy"), after.apply(x), "GRU reset_after=True");
        GRU before = new GRU(4).resetAfter(false);
        before.buildFor(Shape.of(-1, 6, 3));
        assertEquals(Shape.of(12), before.cell().bias().shape());
        setCell(before, w, "gru_1/gru_1/gru_cell");
        assertKeras3(SequenceFixtures.npy("gru_reset_after", "y_1.npy"), before.apply(x), "GRU reset_after=False");
    }

    @Test void keras3LstmReturnState() {
        Tensor x = SequenceFixtures.npy("lstm_return_state", "x_0.npy");
        LSTM lstm = new LSTM(4).returnSequences(true).returnState(true);
        KerasTensor in = Input.of(5, 3);
        List<KerasTensor> outs = lstm.apply(List.of(in));
        assertEquals(3, outs.size());
        assertEquals(Shape.of(-1, 5, 4), outs.get(0).shape());
        assertEquals(Shape.of(-1, 4), outs.get(1).shape());
        assertEquals(Shape.of(-1, 4), outs.get(2).shape());
        Model m = new Model(List.of(in), outs);
        setCell(lstm, SequenceFixtures.h5Weights("lstm_return_state"), "lstm/lstm/lstm_cell");
        List<Tensor> ys = m.predictAll(List.of(x), 32);
        for (int i = 0; i < 3; i++) assertKeras3(SequenceFixtures.npy("lstm_return_state", "y_" + i + ".npy"), ys.get(i), "output " + i);
    }

    @Test void keras3GoBackwards() {
        Tensor x = SequenceFixtures.npy("rnn_go_backwards", "x_0.npy");
        Map<String, Tensor> w = SequenceFixtures.h5Weights("rnn_go_backwards");
        LSTM lstm = new LSTM(3).goBackwards(true);
        lstm.buildFor(Shape.of(-1, 5, 2));
        setCell(lstm, w, "lstm/lstm/lstm_cell");
        assertKeras3(SequenceFixtures.npy("rnn_go_backwards", "y_0.npy"), lstm.apply(x), "LSTM go_backwards");
        GRU gru = new GRU(3).goBackwards(true).returnSequences(true);
        gru.buildFor(Shape.of(-1, 5, 2));
        setCell(gru, w, "gru/gru/gru_cell");
        assertKeras3(SequenceFixtures.npy("rnn_go_backwards", "y_1.npy"), gru.apply(x), "GRU go_backwards, sequences in reversed order");
    }

    @Test void keras3StackedSimpleRnn() {
        Map<String, Tensor> w = SequenceFixtures.h5Weights("simple_rnn");
        Sequential s = new Sequential();
        s.add(Input.of(6, 3));
        SimpleRNN a = new SimpleRNN(5).returnSequences(true);
        SimpleRNN b = new SimpleRNN(4);
        s.add(a);
        s.add(b);
        setCell(a, w, "simple_rnn/simple_rnn/simple_rnn/simple_rnn_cell");
        setCell(b, w, "simple_rnn_1/simple_rnn/simple_rnn_1/simple_rnn_cell");
        assertKeras3(SequenceFixtures.npy("simple_rnn", "y_0.npy"), s.predict(SequenceFixtures.npy("simple_rnn", "x_0.npy")), "stacked SimpleRNN");
    }

    @Test void keras3StackedLstmGruSimpleRnnClassifier() {
        Map<String, Tensor> w = SequenceFixtures.h5Weights("stacked_rnn");
        Sequential s = new Sequential();
        s.add(Input.of(7, 3));
        LSTM lstm = new LSTM(6).returnSequences(true);
        GRU gru = new GRU(5).returnSequences(true);
        SimpleRNN rnn = new SimpleRNN(4);
        Dense dense = new Dense(2, "softmax");
        s.add(lstm);
        s.add(gru);
        s.add(rnn);
        s.add(dense);
        setCell(lstm, w, "lstm/stacked_rnn/lstm/lstm_cell");
        setCell(gru, w, "gru/stacked_rnn/gru/gru_cell");
        setCell(rnn, w, "simple_rnn/stacked_rnn/simple_rnn/simple_rnn_cell");
        dense.setWeights(List.of(weight(w, "dense/stacked_rnn/dense/kernel"), weight(w, "dense/stacked_rnn/dense/bias")));
        assertKeras3(SequenceFixtures.npy("stacked_rnn", "y_0.npy"), s.predict(SequenceFixtures.npy("stacked_rnn", "x_0.npy")), "stacked RNN classifier");
    }

    @Test void keras3EmbeddingMaskZeroLstmSkipsPadding() {
        Map<String, Tensor> w = SequenceFixtures.h5Weights("embedding_mask_lstm");
        Sequential s = new Sequential();
        s.add(Input.of(6));
        Embedding e = new Embedding(20, 5).maskZero(true);
        LSTM lstm = new LSTM(4);
        Dense d = new Dense(2);
        s.add(e);
        s.add(lstm);
        s.add(d);
        e.setWeights(List.of(weight(w, "embedding/embedding_mask_lstm/embedding/embeddings")));
        setCell(lstm, w, "lstm/embedding_mask_lstm/lstm/lstm_cell");
        d.setWeights(List.of(weight(w, "dense/embedding_mask_lstm/dense/kernel"), weight(w, "dense/embedding_mask_lstm/dense/bias")));
        Tensor x = SequenceFixtures.npy("embedding_mask_lstm", "x_0.npy");
        assertKeras3(SequenceFixtures.npy("embedding_mask_lstm", "y_0.npy"), s.predict(x), "Embedding(mask_zero) + LSTM");
    }
}
