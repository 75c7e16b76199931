package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.ops.Ops;
import io.jkeras.ops.RnnOps;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Runs a recurrent cell over the time axis of its input (Keras's {@code keras.layers.RNN}); the
 * base of {@link SimpleRNN}, {@link LSTM} and {@link GRU}. Input: {@code (batch, timesteps,
 * features...)}. Output: the last step's output {@code (batch, units)}, or every step's
 * {@code (batch, timesteps, units)} with {@link #returnSequences(boolean) return_sequences}, followed
 * by the final states with {@link #returnState(boolean) return_state}.
 *
 * <pre>{@code
 * Tensor last = new RNN(new LSTMCell(8)).apply(x);                          // (batch, 8)
 * List<Tensor> out = new LSTM(8).returnState(true).apply(List.of(x, h0, c0), false);  // [output, h, c]
 * }</pre>
 *
 * <p><b>Initial states</b> are given after the sequence in the input list ({@code [x, h0, c0]} for
 * an LSTM); without them the states start at zero (or, for a stateful layer, where the previous
 * batch left them).
 *
 * <p><b>Masking</b>: with a mask {@code (batch, timesteps)} (from {@code Embedding(mask_zero)}, a
 * {@link Masking} layer, or given to {@link #apply(Tensor, Tensor, boolean)}), a masked timestep
 * leaves the states unchanged and repeats the previous output (or gives zeros with
 * {@link #zeroOutputForMask(boolean) zero_output_for_mask}), as in Keras. With
 * {@code return_sequences} the mask is passed on to the next layer.
 *
 * <p><b>Stateful</b>: the final states of a batch are the initial states of the next (sample
 * {@code i} continues sample {@code i}) until {@link #resetStates()}; the batch size must then stay
 * the same.
 */
public class RNN extends Layer {
    private final RNNCell cell;
    private boolean returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask;
    private List<Tensor> states;    // the carried states of a stateful layer, null until its first call
    boolean fusedKernels = true;    // tests turn it off to compare the fused kernel with the step loop

    /** An RNN over {@code cell}. */
    public RNN(RNNCell cell) {
        if (cell == null) throw new IllegalArgumentException("RNN: the cell must not be null");
        this.cell = trackSublayer(cell);
        setSupportsMasking(true);
    }

    /** An RNN over several cells stacked at each step ({@link StackedRNNCells}). */
    public RNN(List<? extends RNNCell> cells) { this(new StackedRNNCells(cells)); }

    @Override public RNN name(String n) { super.name(n); return this; }
    @Override public RNN inputShape(int... s) { super.inputShape(s); return this; }

    /** The dtype of the layer and of its cell's weights and states. */
    @Override public RNN dtype(DType d) { super.dtype(d); cell.dtype(d); return this; }

    /** Return the output of every timestep, {@code (batch, timesteps, units)}, instead of the last one. */
    public RNN returnSequences(boolean b) { checkNotBuilt("return_sequences"); this.returnSequences = b; return this; }
    /** Also return the final states, after the output. */
    public RNN returnState(boolean b) { checkNotBuilt("return_state"); this.returnState = b; return this; }
    /** Process the sequence from the last timestep to the first (outputs come in that reversed order). */
    public RNN goBackwards(boolean b) { checkNotBuilt("go_backwards"); this.goBackwards = b; return this; }
    /** Carry the final states of a batch over as the initial states of the next, until {@link #resetStates()}. */
    public RNN stateful(boolean b) { checkNotBuilt("stateful"); this.stateful = b; return this; }
    /** Accepted for Keras compatibility; the loop over time is always unrolled on the host here, so it changes nothing. */
    public RNN unroll(boolean b) { this.unroll = b; return this; }
    /** Output zeros (instead of the previous output) at masked timesteps. */
    public RNN zeroOutputForMask(boolean b) { this.zeroOutputForMask = b; return this; }

    public RNNCell cell() { return cell; }
    public boolean returnSequences() { return returnSequences; }
    public boolean returnState() { return returnState; }
    public boolean goBackwards() { return goBackwards; }
    public boolean stateful() { return stateful; }
    public boolean unroll() { return unroll; }
    public boolean zeroOutputForMask() { return zeroOutputForMask; }

    /** The states a stateful layer carries (copies), or an empty list before its first call. */
    public List<Tensor> states() { return states == null ? List.of() : List.copyOf(states); }

    /** Sets the carried states of a stateful layer back to zero (Keras's {@code reset_states()}). */
    public void resetStates() {
        if (states == null) return;
        List<Tensor> z = new ArrayList<>();
        for (Tensor s : states) z.add(Tensor.zeros(s.shape(), s.dtype()));
        states = z;
    }

    /**
     * A new, unbuilt layer with the same settings and a copy of the cell, named {@code name}, going
     * backwards or not. {@link Bidirectional} uses it; subclasses keep their own type.
     */
    public RNN copy(String name, boolean goBackwards) {
        RNN r = newInstance(cell.copy());
        r.returnSequences = returnSequences;
        r.returnState = returnState;
        r.goBackwards = goBackwards;
        r.stateful = stateful;
        r.unroll = unroll;
        r.zeroOutputForMask = zeroOutputForMask;
        r.dtype(dtype());
        r.name(name);
        return r;
    }

    /** A layer of this class around {@code cell} (a fresh copy of this layer's cell). */
    protected RNN newInstance(RNNCell cell) { return new RNN(cell); }

    // ------------------------------------------------------------------ shapes

    @Override protected void checkInputs(List<Shape> shapes) {
        Shape seq = shapes.get(0);
        if (seq.rank() < 3) throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim=3 "
                + "(batch, timesteps, features), found ndim=" + seq.rank() + ". Full shape received: " + seq
                + ". An RNN needs a sequence; add a time axis (e.g. with Reshape) or use Input.of(timesteps, features).");
        int n = cell.stateCount();
        if (shapes.size() > 1 && shapes.size() != 1 + n) throw new IllegalArgumentException("Layer \"" + name() + "\" expects the sequence "
                + "followed by " + n + " initial state(s)" + (cell.isBuilt() ? " (" + cell.stateShapes() + " per sample)" : "") + ", but it received " + shapes.size() + " inputs");
        List<Shape> built = buildInputShapes();
        if (built != null) {
            Shape b = built.get(0);
            for (int i = 2; i < Math.min(b.rank(), seq.rank()); i++) {
                if (b.dim(i) != Shape.UNKNOWN && seq.dim(i) != Shape.UNKNOWN && b.dim(i) != seq.dim(i)) {
                    throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected axis " + i
                            + " of input shape to have value " + b.dim(i) + ", but received input with shape " + seq);
                }
            }
            if (b.rank() != seq.rank()) throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: "
                    + "expected ndim=" + b.rank() + ", found ndim=" + seq.rank() + ". Full shape received: " + seq);
        }
    }

    @Override public void build(List<Shape> inputShapes) {
        Shape seq = inputShapes.get(0);
        int[] step = new int[seq.rank() - 1];
        step[0] = seq.dim(0);
        for (int i = 2; i < seq.rank(); i++) step[i - 1] = seq.dim(i);
        if (!cell.isBuilt()) cell.buildFor(Shape.of(step));
    }

    @Override public List<Shape> computeOutputShape(List<Shape> inputShapes) {
        Shape seq = inputShapes.get(0);
        int batch = seq.dim(0);
        Shape out = cell.outputShape();
        List<Shape> res = new ArrayList<>();
        res.add(returnSequences ? out.prepend(seq.dim(1)).prepend(batch) : out.prepend(batch));
        if (returnState) for (Shape s : cell.stateShapes()) res.add(s.prepend(batch));
        return res;
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return computeOutputShape(List.of(inputShape)).get(0); }

    /** The output keeps the input's mask with {@code return_sequences}; otherwise (and for the states) there is none. */
    @Override public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        List<Tensor> out = new ArrayList<>();
        out.add(returnSequences && masks != null ? masks.get(0) : null);
        if (returnState) for (int i = 0; i < cell.stateCount(); i++) out.add(null);
        return out;
    }

    @Override public Tensor computeMask(Tensor inputs, Tensor mask) { return returnSequences ? mask : null; }

    // ------------------------------------------------------------------ forward

    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return call(inputs, Collections.nCopies(inputs.size(), null), training);
    }

    @Override protected List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor seq = inputs.get(0);
        int batch = seq.dim(0), steps = seq.dim(1);
        if (steps == 0) throw new IllegalArgumentException("Layer \"" + name() + "\" received a sequence with 0 timesteps (shape " + seq.shape()
                + "); an RNN needs at least one timestep");
        DType dt = seq.dtype().isFloating() ? seq.dtype() : DType.FLOAT32;
        if (seq.dtype() != dt) seq = Ops.cast(seq, dt);

        List<Tensor> init;
        if (inputs.size() > 1) init = checkInitialStates(inputs.subList(1, inputs.size()), batch);
        else if (stateful && states != null) init = states;
        else init = cell.getInitialState(batch, dt);
        if (stateful && states != null && states.get(0).dim(0) != batch) {
            throw new IllegalArgumentException("Layer \"" + name() + "\" is stateful, so the batch size of its input must stay the same as that of"
                    + " its states.\n- Expected batch size: " + states.get(0).dim(0) + "\n- Received batch size: " + batch
                    + "\nFeed batches of that size (e.g. drop the last partial batch), or create a new layer for another batch size.");
        }

        Tensor mask = masks == null ? null : masks.get(0);
        if (mask != null) mask = checkMask(mask, batch, steps);

        Result r = canFuse(seq, init, training) ? runFusedLstm(seq, init, mask) : runLoop(seq, init, mask, training);

        if (stateful) {
            List<Tensor> kept = new ArrayList<>();
            for (Tensor s : r.states) kept.add(Ops.stopGradient(s));
            states = kept;
        }
        List<Tensor> out = new ArrayList<>();
        out.add(returnSequences ? r.sequence : r.last);
        if (returnState) out.addAll(r.states);
        return out;
    }

    /** The result of running the cell over a sequence. */
    record Result(Tensor last, Tensor sequence, List<Tensor> states) {}

    /** Runs the cell step by step with {@link Ops}; gradients flow through time on the tape. */
    Result runLoop(Tensor seq, List<Tensor> init, Tensor mask, boolean training) {
        int steps = seq.dim(1);
        int[] perm = new int[seq.rank()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        perm[0] = 1;
        perm[1] = 0;
        Tensor timeMajor = Ops.transpose(seq, perm);     // (T, B, ...): each step is one contiguous block
        int[] stepShape = seq.shape().withoutBatch().toArray();
        stepShape[0] = seq.dim(0);                       // (B, features...)
        Tensor maskT = mask == null ? null : Ops.transpose(mask, 1, 0);   // (T, B)

        List<Tensor> state = new ArrayList<>(init);
        Shape outShape = cell.outputShape();
        Tensor prevOutput = null;
        if (mask != null && !zeroOutputForMask) {
            // a masked first step repeats the "previous output": the first state where it has the output's shape, else zeros
            Shape s0 = state.get(0).shape().withoutBatch();
            prevOutput = s0.equals(outShape) ? state.get(0) : Tensor.zeros(outShape.prepend(seq.dim(0)), seq.dtype());
        }
        List<Tensor> outputs = returnSequences ? new ArrayList<>(steps) : null;
        Tensor last = null;
        cell.resetDropoutMasks();
        try {
            for (int i = 0; i < steps; i++) {
                int t = goBackwards ? steps - 1 - i : i;
                Tensor x = Ops.reshape(Ops.sliceAxis(timeMajor, 0, t, t + 1), stepShape);
                RNNCell.Output o = cell.call(x, state, training);
                Tensor out = o.output();
                List<Tensor> next = o.states();
                if (next.size() != state.size()) throw new IllegalStateException("RNN cell \"" + cell.name() + "\" returned " + next.size()
                        + " states, but it declares " + state.size() + " (stateShapes " + cell.stateShapes() + ")");
                if (maskT != null) {
                    Tensor mt = Ops.reshape(Ops.sliceAxis(maskT, 0, t, t + 1), seq.dim(0));   // (B,)
                    Tensor masked = zeroOutputForMask ? Ops.zerosLike(out) : prevOutput;
                    out = Ops.where(expandTo(mt, out.rank()), out, masked);
                    List<Tensor> kept = new ArrayList<>(next.size());
                    for (int k = 0; k < next.size(); k++) kept.add(Ops.where(expandTo(mt, next.get(k).rank()), next.get(k), state.get(k)));
                    next = kept;
                    prevOutput = out;
                }
                state = new ArrayList<>(next);
                last = out;
                if (outputs != null) outputs.add(out);
            }
        } finally {
            cell.resetDropoutMasks();
        }
        Tensor sequence = outputs == null ? null : Ops.stack(outputs, 1);
        return new Result(last, sequence, state);
    }

    /** Whether the whole-sequence LSTM kernel may run: a standard LSTMCell, float32 on the CPU backend, no dropout in this call. */
    private boolean canFuse(Tensor seq, List<Tensor> init, boolean training) {
        if (!fusedKernels || seq.rank() != 3 || cell.getClass() != LSTMCell.class) return false;
        LSTMCell c = (LSTMCell) cell;
        if (c.activation() != Activations.tanh() || c.recurrentActivation() != Activations.sigmoid()) return false;
        if (training && (c.dropout() > 0 || c.recurrentDropout() > 0)) return false;
        if (!RnnOps.lstmSupported(seq.dtype()) || c.kernel().dtype() != seq.dtype()) return false;
        for (Tensor s : init) if (s.dtype() != seq.dtype()) return false;
        return true;
    }

    /** The LSTM run as one op over the sequence ({@link RnnOps#lstm}), with the same results as {@link #runLoop}. */
    private Result runFusedLstm(Tensor seq, List<Tensor> init, Tensor mask) {
        LSTMCell c = (LSTMCell) cell;
        int b = seq.dim(0), t = seq.dim(1), u = c.units();
        Tensor kernel = c.kernel().value(), rec = c.recurrentKernel().value(), bias = c.useBias() ? c.bias().value() : null;
        // a masked step repeats the previous output, which is the carried h; zero_output_for_mask gives zeros instead
        Tensor keep = mask == null || !zeroOutputForMask ? null : (goBackwards ? Ops.flip(mask, 1) : mask);
        Tensor hLast, cLast, sequence = null;
        if (!returnSequences) {
            // only the last states: the op keeps no per-step states unless a gradient needs them
            Tensor fin = RnnOps.lstmFinalStates(seq, init.get(0), init.get(1), kernel, rec, bias, mask, goBackwards);   // (2, B, U)
            hLast = Ops.reshape(Ops.sliceAxis(fin, 0, 0, 1), b, u);
            cLast = Ops.reshape(Ops.sliceAxis(fin, 0, 1, 2), b, u);
        } else {
            Tensor packed = RnnOps.lstm(seq, init.get(0), init.get(1), kernel, rec, bias, mask, goBackwards);   // (2, T, B, U), processing order
            Tensor hs = Ops.reshape(Ops.sliceAxis(packed, 0, 0, 1), t, b, u);
            hLast = Ops.reshape(Ops.sliceAxis(hs, 0, t - 1, t), b, u);
            cLast = Ops.reshape(Ops.sliceAxis(packed, 0, 1, 2), t, b, u);
            cLast = Ops.reshape(Ops.sliceAxis(cLast, 0, t - 1, t), b, u);
            sequence = Ops.transpose(hs, 1, 0, 2);
            if (keep != null) sequence = Ops.where(Ops.reshape(keep, b, t, 1), sequence, Ops.zerosLike(sequence));
        }
        Tensor last = keep == null ? hLast : Ops.where(Ops.reshape(Ops.sliceAxis(keep, 1, t - 1, t), b, 1), hLast, Ops.zerosLike(hLast));
        return new Result(last, sequence, List.of(hLast, cLast));
    }

    /** A (batch,) mask reshaped to (batch, 1, ..., 1) of the given rank, for broadcasting. */
    private static Tensor expandTo(Tensor m, int rank) {
        if (rank == 1) return m;
        int[] d = new int[rank];
        java.util.Arrays.fill(d, 1);
        d[0] = m.dim(0);
        return Ops.reshape(m, d);
    }

    private Tensor checkMask(Tensor mask, int batch, int steps) {
        if (mask.rank() != 2 || mask.dim(0) != batch || mask.dim(1) != steps) {
            throw new IllegalArgumentException("Layer \"" + name() + "\": the mask must have shape (batch, timesteps) = (" + batch + ", " + steps
                    + "), received a mask of shape " + mask.shape());
        }
        return mask.dtype() == DType.BOOL ? mask : Ops.notEqual(mask, Ops.scalar(0, mask.dtype()));
    }

    private List<Tensor> checkInitialStates(List<Tensor> given, int batch) {
        List<Shape> expected = cell.stateShapes();
        for (int i = 0; i < given.size(); i++) {
            Shape want = expected.get(i).prepend(batch);
            if (!given.get(i).shape().equals(want)) throw new IllegalArgumentException("Layer \"" + name() + "\": initial state " + i
                    + " must have shape " + want + " (batch, state size), received " + given.get(i).shape());
        }
        return given;
    }

    // ------------------------------------------------------------------ config

    /** Keras saves the cell's weights under {@code cell}. */
    @Override public Map<String, Layer> savedSublayers() { return Map.of("cell", cell); }

    /** Sets the RNN arguments (return_sequences, ..., zero_output_for_mask) from a Keras config. */
    protected void applyRnnConfig(Config c) {
        returnSequences(c.getBoolean("return_sequences", false));
        returnState(c.getBoolean("return_state", false));
        goBackwards(c.getBoolean("go_backwards", false));
        stateful(c.getBoolean("stateful", false));
        unroll(c.getBoolean("unroll", false));
        zeroOutputForMask(c.getBoolean("zero_output_for_mask", false));
        if (c.getBoolean("time_major", false)) throw new IllegalArgumentException(c.owner() + ": time_major=True is not supported; give inputs as (batch, timesteps, features)");
    }

    /** The {@code units} of a recurrent layer's config; Keras 1 configs ({@code output_dim}) are refused clearly. */
    static int units(Config c) {
        if (!c.has("units") && c.has("output_dim")) throw new IllegalArgumentException(c.owner() + ": this is a Keras 1 recurrent layer (output_dim, "
                + "inner_activation, separate W/U/b weights), which cannot be loaded yet; load and re-save the model with Keras 2 or 3");
        return c.getInt("units");
    }

    /** A generic RNN from its Keras config, with the cell from its nested entry; registered as {@code "RNN"}. */
    @SuppressWarnings("unchecked")
    public static RNN fromConfig(Config c) {
        Object entry = c.get("cell");
        if (!(entry instanceof Map<?, ?> m)) throw new IllegalArgumentException(c.owner() + ": an RNN config needs a 'cell' entry");
        Layer cell = KerasSerialization.layerFromEntry((Map<String, Object>) m);
        if (!(cell instanceof RNNCell rc)) throw new IllegalArgumentException(c.owner() + ": the cell \"" + cell.name() + "\" is a " + cell.className()
                + ", not an RNN cell");
        RNN r = new RNN(rc);
        r.applyRnnConfig(c);
        return KerasSerialization.applyBaseConfig(r, c);
    }

    /** The config of {@link Layer} (name, trainable, dtype, ...), for subclasses that write their own instead of a nested cell. */
    protected final Map<String, Object> baseConfig() { return super.getConfig(); }

    /** Keras's RNN arguments; subclasses add their cell's. */
    protected void putRnnConfig(Map<String, Object> c) {
        c.put("return_sequences", returnSequences);
        c.put("return_state", returnState);
        c.put("go_backwards", goBackwards);
        c.put("stateful", stateful);
        c.put("unroll", unroll);
        c.put("zero_output_for_mask", zeroOutputForMask);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        putRnnConfig(c);
        c.put("cell", KerasSerialization.serializeLayer(cell));
        return c;
    }
}
