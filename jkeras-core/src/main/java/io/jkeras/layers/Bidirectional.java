package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an RNN forwards and a copy of it backwards over the same sequence and merges the two
 * outputs (Keras's {@code keras.layers.Bidirectional}). The backward layer is a fresh copy of the
 * given layer with {@code go_backwards=true}; with {@code return_sequences} its outputs are put
 * back in time order before the merge. Weights: the forward layer's, then the backward layer's.
 *
 * <p>Merge modes (Keras identifiers): {@code "concat"} (default, features side by side),
 * {@code "sum"}, {@code "mul"}, {@code "ave"}, or {@code null} for both outputs separately.
 * With {@code return_state} the outputs are followed by the forward states, then the backward
 * states; initial states are given the same way, after the sequence.
 *
 * <pre>{@code
 * model.add(new Bidirectional(new LSTM(64).returnSequences(true)));   // (batch, timesteps, 128)
 * model.add(new Bidirectional(new GRU(32), "sum"));                   // (batch, 32)
 * }</pre>
 */
public class Bidirectional extends Layer {
    private static final List<String> MODES = java.util.Arrays.asList("concat", "sum", "mul", "ave", null);

    private final RNN forwardLayer, backwardLayer;
    private final String mergeMode;

    /** Bidirectional with {@code merge_mode="concat"}. */
    public Bidirectional(RNN layer) { this(layer, "concat", null); }

    /** @param mergeMode "concat", "sum", "mul", "ave", or null (return both outputs) */
    public Bidirectional(RNN layer, String mergeMode) { this(layer, mergeMode, null); }

    /**
     * @param layer         the forward direction (copied; the copy is named {@code forward_<name>})
     * @param mergeMode     "concat", "sum", "mul", "ave", or null (return both outputs)
     * @param backwardLayer the backward direction as given, or null for a copy of {@code layer}
     *                      named {@code backward_<name>} with {@code go_backwards=true}
     */
    public Bidirectional(RNN layer, String mergeMode, RNN backwardLayer) {
        if (layer == null) throw new IllegalArgumentException("Please initialize `Bidirectional` layer with an RNN layer (LSTM, GRU, SimpleRNN, RNN). Received: null");
        if (!MODES.contains(mergeMode)) throw new IllegalArgumentException("Invalid merge mode. Received: " + mergeMode
                + ". Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\", null}");
        this.mergeMode = mergeMode;
        this.forwardLayer = layer.copy("forward_" + removePrefix(layer.name(), "forward_"), layer.goBackwards());
        this.backwardLayer = backwardLayer != null ? backwardLayer
                : layer.copy("backward_" + removePrefix(layer.name(), "backward_"), true);
        verify();
        // as in Keras, masked steps of returned sequences are zeros in both directions
        forwardLayer.zeroOutputForMask(forwardLayer.returnSequences());
        this.backwardLayer.zeroOutputForMask(this.backwardLayer.returnSequences());
        trackSublayer(forwardLayer);
        trackSublayer(this.backwardLayer);
        setSupportsMasking(true);
        dtype(layer.dtype());
        if (layer.batchInputShape() != null) setBatchInputShape(layer.batchInputShape());
    }

    private static String removePrefix(String s, String prefix) { return s.startsWith(prefix) ? s.substring(prefix.length()) : s; }

    private void verify() {
        if (forwardLayer.goBackwards() == backwardLayer.goBackwards()) throw new IllegalArgumentException("Forward layer and backward layer should "
                + "have different `go_backwards` value. Received: forward_layer.go_backwards=" + forwardLayer.goBackwards()
                + ", backward_layer.go_backwards=" + backwardLayer.goBackwards());
        check("stateful", forwardLayer.stateful(), backwardLayer.stateful());
        check("return_sequences", forwardLayer.returnSequences(), backwardLayer.returnSequences());
        check("return_state", forwardLayer.returnState(), backwardLayer.returnState());
    }

    private static void check(String attr, boolean f, boolean b) {
        if (f != b) throw new IllegalArgumentException("Forward layer and backward layer are expected to have the same value for attribute \""
                + attr + "\", got \"" + f + "\" for forward layer and \"" + b + "\" for backward layer");
    }

    @Override public Bidirectional name(String n) { super.name(n); return this; }
    @Override public Bidirectional inputShape(int... s) { super.inputShape(s); return this; }
    @Override public Bidirectional dtype(DType d) {
        super.dtype(d);
        if (forwardLayer != null) { forwardLayer.dtype(d); backwardLayer.dtype(d); }
        return this;
    }

    public RNN forwardLayer() { return forwardLayer; }
    public RNN backwardLayer() { return backwardLayer; }
    /** The merge mode, or null when both outputs are returned. */
    public String mergeMode() { return mergeMode; }
    public boolean returnSequences() { return forwardLayer.returnSequences(); }
    public boolean returnState() { return forwardLayer.returnState(); }
    public boolean stateful() { return forwardLayer.stateful(); }

    /** Resets the carried states of both directions (stateful layers). */
    public void resetStates() { forwardLayer.resetStates(); backwardLayer.resetStates(); }

    private int stateCount() { return forwardLayer.cell().stateCount(); }

    @Override protected void checkInputs(List<Shape> shapes) {
        int n = stateCount();
        if (shapes.size() != 1 && shapes.size() != 1 + 2 * n) throw new IllegalArgumentException("Layer \"" + name() + "\" expects the sequence, "
                + "optionally followed by " + n + " forward and " + n + " backward initial state(s), but it received " + shapes.size() + " inputs");
        forwardLayer.checkInputs(List.of(shapes.get(0)));
    }

    @Override public void build(List<Shape> inputShapes) {
        Shape seq = inputShapes.get(0);
        if (!forwardLayer.isBuilt()) forwardLayer.buildFor(seq);
        if (!backwardLayer.isBuilt()) backwardLayer.buildFor(seq);
    }

    @Override public List<Shape> computeOutputShape(List<Shape> inputShapes) {
        List<Shape> f = forwardLayer.computeOutputShape(List.of(inputShapes.get(0)));
        Shape out = f.get(0);
        List<Shape> states = f.subList(1, f.size());
        List<Shape> res = new ArrayList<>();
        if (mergeMode == null) { res.add(out); res.add(out); }
        else if (mergeMode.equals("concat")) res.add(out.withDim(-1, out.dim(-1) == Shape.UNKNOWN ? Shape.UNKNOWN : 2 * out.dim(-1)));
        else res.add(out);
        res.addAll(states);
        res.addAll(states);
        return res;
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return computeOutputShape(List.of(inputShape)).get(0); }

    @Override public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        Tensor m = returnSequences() && masks != null ? masks.get(0) : null;
        List<Tensor> out = new ArrayList<>();
        out.add(m);
        if (mergeMode == null) out.add(m);
        if (returnState()) for (int i = 0; i < 2 * stateCount(); i++) out.add(null);
        return out;
    }

    @Override public Tensor computeMask(Tensor inputs, Tensor mask) { return computeMask(List.of(inputs), Collections.singletonList(mask)).get(0); }

    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return call(inputs, Collections.nCopies(inputs.size(), null), training);
    }

    @Override protected List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor seq = inputs.get(0);
        List<Tensor> seqMask = Collections.singletonList(masks == null ? null : masks.get(0));
        List<Tensor> fIn = new ArrayList<>(List.of(seq)), bIn = new ArrayList<>(List.of(seq));
        if (inputs.size() > 1) {
            int n = stateCount();
            fIn.addAll(inputs.subList(1, 1 + n));
            bIn.addAll(inputs.subList(1 + n, 1 + 2 * n));
        }
        List<Tensor> fMasks = new ArrayList<>(Collections.nCopies(fIn.size(), null)), bMasks = new ArrayList<>(fMasks);
        fMasks.set(0, seqMask.get(0));
        bMasks.set(0, seqMask.get(0));
        List<Tensor> f = forwardLayer.applyMasked(fIn, fMasks, training).outputs();
        List<Tensor> b = backwardLayer.applyMasked(bIn, bMasks, training).outputs();
        Tensor y = f.get(0), yRev = b.get(0);
        if (returnSequences()) yRev = Ops.flip(yRev, 1);
        List<Tensor> out = new ArrayList<>();
        if (mergeMode == null) { out.add(y); out.add(yRev); }
        else out.add(switch (mergeMode) {
            case "concat" -> Ops.concatenate(List.of(y, yRev), -1);
            case "sum" -> Ops.add(y, yRev);
            case "ave" -> Ops.divide(Ops.add(y, yRev), 2.0);
            case "mul" -> Ops.multiply(y, yRev);
            default -> throw new IllegalStateException("merge mode " + mergeMode);
        });
        if (returnState()) {
            out.addAll(f.subList(1, f.size()));
            out.addAll(b.subList(1, b.size()));
        }
        return out;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("merge_mode", mergeMode);
        c.put("layer", KerasSerialization.serializeLayer(forwardLayer));
        c.put("backward_layer", KerasSerialization.serializeLayer(backwardLayer));
        return c;
    }

    /** From a Keras config ({@code layer}, optional {@code backward_layer}, {@code merge_mode}); registered as {@code "Bidirectional"}. */
    @SuppressWarnings("unchecked")
    public static Bidirectional fromConfig(Config c) {
        RNN layer = rnnEntry(c, "layer");
        RNN backward = c.has("backward_layer") ? rnnEntry(c, "backward_layer") : null;
        Object mode = c.get("merge_mode");
        if (mode != null && !(mode instanceof String)) throw new IllegalArgumentException(c.owner() + ": merge_mode must be a string or null");
        return KerasSerialization.applyBaseConfig(new Bidirectional(layer, (String) mode, backward), c);
    }

    @SuppressWarnings("unchecked")
    private static RNN rnnEntry(Config c, String key) {
        if (!(c.get(key) instanceof Map<?, ?> m)) throw new IllegalArgumentException(c.owner() + ": a Bidirectional config needs a '" + key + "' entry");
        Layer l = KerasSerialization.layerFromEntry((Map<String, Object>) m);
        if (!(l instanceof RNN r)) throw new IllegalArgumentException(c.owner() + ": '" + key + "' is \"" + l.name() + "\" (" + l.className()
                + "); Bidirectional wraps an RNN layer (LSTM, GRU, SimpleRNN, RNN)");
        return r;
    }

    /** Keras saves the two directions under {@code forward_layer} and {@code backward_layer}. */
    @Override public Map<String, Layer> savedSublayers() {
        Map<String, Layer> m = new LinkedHashMap<>();
        m.put("forward_layer", forwardLayer);
        m.put("backward_layer", backwardLayer);
        return m;
    }
}
