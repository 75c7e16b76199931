package io.jkeras.layers;

import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several cells run one after the other at each timestep, the output of one feeding the next
 * (Keras's {@code StackedRNNCells}). Its states are the cells' states, flattened in order: for
 * {@code [LSTMCell, GRUCell]} they are {@code [h1, c1, h2]}.
 *
 * <pre>{@code
 * RNN rnn = new RNN(List.of(new LSTMCell(32), new LSTMCell(16)));   // a two-layer LSTM in one RNN
 * }</pre>
 */
public class StackedRNNCells extends RNNCell {
    private final List<RNNCell> cells;

    public StackedRNNCells(List<? extends RNNCell> cells) {
        if (cells == null || cells.isEmpty()) throw new IllegalArgumentException("StackedRNNCells needs at least one cell");
        this.cells = List.copyOf(cells);
        for (RNNCell c : this.cells) trackSublayer(c);
    }

    public StackedRNNCells(RNNCell... cells) { this(List.of(cells)); }

    @Override public StackedRNNCells name(String n) { super.name(n); return this; }

    @Override public StackedRNNCells dtype(DType d) { super.dtype(d); for (RNNCell c : cells) c.dtype(d); return this; }

    /** The cells, bottom first. */
    public List<RNNCell> cells() { return cells; }

    @Override public List<Shape> stateShapes() {
        List<Shape> out = new ArrayList<>();
        for (RNNCell c : cells) out.addAll(c.stateShapes());
        return out;
    }

    @Override public int stateCount() {
        int n = 0;
        for (RNNCell c : cells) n += c.stateCount();
        return n;
    }

    @Override public Shape outputShape() { return cells.get(cells.size() - 1).outputShape(); }

    @Override public void build(Shape stepInputShape) {
        Shape s = stepInputShape;
        for (RNNCell c : cells) {
            if (!c.isBuilt()) c.buildFor(s);
            s = c.outputShape().prepend(stepInputShape.dim(0));
        }
    }

    @Override public List<Tensor> getInitialState(int batchSize, DType dtype) {
        List<Tensor> out = new ArrayList<>();
        for (RNNCell c : cells) out.addAll(c.getInitialState(batchSize, dtype));
        return out;
    }

    @Override public Output call(Tensor inputs, List<Tensor> states, boolean training) {
        List<Tensor> newStates = new ArrayList<>(states.size());
        Tensor x = inputs;
        int k = 0;
        for (RNNCell c : cells) {
            int n = c.stateCount();
            Output o = c.call(x, states.subList(k, k + n), training);
            k += n;
            x = o.output();
            newStates.addAll(o.states());
        }
        return new Output(x, newStates);
    }

    @Override public void resetDropoutMasks() { for (RNNCell c : cells) c.resetDropoutMasks(); }

    @Override public StackedRNNCells copy() {
        List<RNNCell> copies = new ArrayList<>();
        for (RNNCell c : cells) copies.add(c.copy());
        return new StackedRNNCells(copies).name(name());
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        List<Object> cs = new ArrayList<>();
        for (RNNCell cell : cells) cs.add(KerasSerialization.serializeLayer(cell));
        c.put("cells", cs);
        return c;
    }

    /** From a Keras config with a {@code cells} list; registered as {@code "StackedRNNCells"}. */
    @SuppressWarnings("unchecked")
    public static StackedRNNCells fromConfig(Config c) {
        List<Object> entries = c.getList("cells");
        if (entries == null || entries.isEmpty()) throw new IllegalArgumentException(c.owner() + ": a StackedRNNCells config needs a non-empty 'cells' list");
        List<RNNCell> cells = new ArrayList<>();
        for (Object o : entries) {
            if (!(o instanceof Map<?, ?> m)) throw new IllegalArgumentException(c.owner() + ": each entry of 'cells' must be an object");
            Layer l = KerasSerialization.layerFromEntry((Map<String, Object>) m);
            if (!(l instanceof RNNCell rc)) throw new IllegalArgumentException(c.owner() + ": \"" + l.name() + "\" (" + l.className() + ") is not an RNN cell");
            cells.add(rc);
        }
        return KerasSerialization.applyBaseConfig(new StackedRNNCells(cells), c);
    }

    /** Keras saves the cells as a list: {@code cells/lstm_cell}, {@code cells/lstm_cell_1}, ... */
    @Override public Map<String, Layer> savedSublayers() { return listAttribute("cells", cells); }
}
