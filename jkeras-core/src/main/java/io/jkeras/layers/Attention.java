package io.jkeras.layers;

import io.jkeras.autodiff.Variable;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.Ops;
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
 * Dot-product attention, a.k.a. Luong-style attention (Keras's {@code keras.layers.Attention}).
 * Inputs: {@code [query (batch, Tq, dim), value (batch, Tv, dim)]} or
 * {@code [query, value, key (batch, Tv, dim)]} (the key defaults to the value). The output is
 * {@code softmax(query . key^T) . value}, shape {@code (batch, Tq, dim)}.
 *
 * <p>Masks: a value mask {@code (batch, Tv)} keeps masked value steps out of the softmax; a query
 * mask {@code (batch, Tq)} zeroes the outputs of masked query steps and is passed on. Keras's
 * call arguments {@code use_causal_mask} and {@code return_attention_scores} are settings of the
 * layer here; with the latter the layer has a second output, the attention weights
 * {@code (batch, Tq, Tv)}.
 *
 * <pre>{@code
 * KerasTensor q = Input.of(3, 4), v = Input.of(5, 4);
 * KerasTensor out = new Attention().apply(q, v);                     // (None, 3, 4)
 * List<KerasTensor> both = new Attention().returnAttentionScores(true).apply(List.of(q, v));
 * }</pre>
 */
public class Attention extends Layer {
    protected boolean useScale;
    private String scoreMode = "dot";
    private double dropout;
    private Long seed;
    private boolean useCausalMask, returnAttentionScores;
    private final RNNCell.DropoutMasks dropoutMasks = new RNNCell.DropoutMasks();
    protected Variable scale;
    private Variable concatScoreWeight;

    /** {@code Attention(use_scale=False, score_mode="dot")}. */
    public Attention() { this(false, "dot"); }

    /**
     * @param useScale  learn a scalar that multiplies the scores
     * @param scoreMode {@code "dot"} (query . key) or {@code "concat"} ({@code sum(tanh(query + key))})
     */
    public Attention(boolean useScale, String scoreMode) {
        this.useScale = useScale;
        if (!"dot".equals(scoreMode) && !"concat".equals(scoreMode)) throw new IllegalArgumentException("Invalid value for argument score_mode. "
                + "Expected one of {'dot', 'concat'}. Received: score_mode=" + scoreMode);
        this.scoreMode = scoreMode;
        setSupportsMasking(true);
    }

    @Override public Attention name(String n) { super.name(n); return this; }
    /** Fraction of the attention weights to drop in training. */
    public Attention dropout(double rate) { this.dropout = RNNCell.checkRate("layer \"" + name() + "\"", "dropout", rate); return this; }
    /** Seeds the dropout. */
    public Attention seed(long seed) { this.seed = seed; dropoutMasks.seed(seed); return this; }
    /** Keras's call argument {@code use_causal_mask}: query step i attends to value steps 0..i only. */
    public Attention useCausalMask(boolean b) { this.useCausalMask = b; return this; }
    /** Keras's call argument {@code return_attention_scores}: a second output with the attention weights. */
    public Attention returnAttentionScores(boolean b) { checkNotBuilt("return_attention_scores"); this.returnAttentionScores = b; return this; }

    public boolean useScale() { return useScale; }
    public String scoreMode() { return scoreMode; }
    public double dropout() { return dropout; }
    public boolean useCausalMask() { return useCausalMask; }
    public boolean returnAttentionScores() { return returnAttentionScores; }

    @Override protected void checkInputs(List<Shape> shapes) {
        if (shapes.size() < 2 || shapes.size() > 3) throw new IllegalArgumentException(className() + " layer \"" + name() + "\" accepts inputs list "
                + "of length 2 or 3, namely [query, value] or [query, value, key]. Received length: " + shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            if (shapes.get(i).rank() < 3) throw new IllegalArgumentException("Input " + i + " of layer \"" + name() + "\" must be (batch, steps, dim),"
                    + " received shape " + shapes.get(i));
        }
        Shape q = shapes.get(0), v = shapes.get(1), k = shapes.size() > 2 ? shapes.get(2) : v;
        if (known(q.dim(-1)) && known(k.dim(-1)) && q.dim(-1) != k.dim(-1)) {
            throw new IllegalArgumentException("Layer \"" + name() + "\": the last dimension of query (" + q.dim(-1) + ") and key (" + k.dim(-1)
                    + ") must be equal. Received shapes query=" + q + ", key=" + k);
        }
        if (known(v.dim(-2)) && known(k.dim(-2)) && v.dim(-2) != k.dim(-2)) throw new IllegalArgumentException("Layer \"" + name()
                + "\": value and key need the same number of steps, received value=" + v + ", key=" + k);
    }

    private static boolean known(int d) { return d != Shape.UNKNOWN; }

    @Override public void build(List<Shape> inputShapes) {
        if (useScale) scale = addWeight("scale", Shape.SCALAR, Initializers.ones(), true);
        if (scoreMode.equals("concat")) concatScoreWeight = addWeight("concat_score_weight", Shape.SCALAR, Initializers.ones(), true);
    }

    /** The attention scores {@code (batch, Tq, Tv)} of a query and a key. */
    protected Tensor scores(Tensor query, Tensor key) {
        if (scoreMode.equals("dot")) {
            Tensor s = Ops.matmul(query, key, false, true);
            return scale == null ? s : Ops.multiply(s, scale.value());
        }
        Tensor sum = Ops.add(Ops.expandDims(query, -2), Ops.expandDims(key, -3));     // (B, Tq, Tv, dim)
        if (scale != null) sum = Ops.multiply(sum, scale.value());
        return Ops.multiply(Ops.sum(Ops.tanh(sum), -1), concatScoreWeight.value());
    }

    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return call(inputs, Collections.nCopies(inputs.size(), null), training);
    }

    @Override protected List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor q = inputs.get(0), v = inputs.get(1), k = inputs.size() > 2 ? inputs.get(2) : v;
        Tensor qMask = masks == null ? null : masks.get(0), vMask = masks == null ? null : masks.get(1);
        Tensor s = scores(q, k);                                               // (B, Tq, Tv)
        Tensor scoreMask = vMask == null ? null : Ops.expandDims(bool(vMask), -2);   // (B, 1, Tv)
        if (useCausalMask) {
            Tensor causal = Ops.reshape(causalMask(s.dim(-2), s.dim(-1)), 1, s.dim(-2), s.dim(-1));
            scoreMask = scoreMask == null ? causal : Ops.logicalAnd(scoreMask, causal);
        }
        if (scoreMask != null) s = Ops.where(scoreMask, s, Ops.subtract(s, 1.0e9));
        Tensor weights = Ops.softmax(s, -1);
        Tensor w = weights;
        if (training && dropout > 0) {
            dropoutMasks.reset();
            w = Ops.multiply(weights, dropoutMasks.get(weights, dropout, 1)[0]);
        }
        Tensor out = Ops.matmul(w, v);
        if (qMask != null) out = Ops.where(Ops.expandDims(bool(qMask), -1), out, Ops.zerosLike(out));
        List<Tensor> res = new ArrayList<>();
        res.add(out);
        if (returnAttentionScores) res.add(weights);
        return res;
    }

    static Tensor bool(Tensor m) { return m.dtype() == DType.BOOL ? m : Ops.notEqual(m, Ops.scalar(0, m.dtype())); }

    /** {@code [t, s] = s <= t}: a (T, S) lower-triangular boolean matrix. */
    static Tensor causalMask(int t, int s) {
        boolean[] m = new boolean[t * s];
        for (int i = 0; i < t; i++) for (int j = 0; j <= Math.min(i, s - 1); j++) m[i * s + j] = true;
        return Tensor.of(m, t, s);
    }

    @Override public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        List<Tensor> out = new ArrayList<>();
        out.add(masks == null ? null : masks.get(0));
        if (returnAttentionScores) out.add(null);
        return out;
    }

    @Override public List<Shape> computeOutputShape(List<Shape> inputShapes) {
        Shape q = inputShapes.get(0), v = inputShapes.get(1), k = inputShapes.size() > 2 ? inputShapes.get(2) : v;
        List<Shape> out = new ArrayList<>();
        out.add(q.withDim(-1, v.dim(-1)));
        if (returnAttentionScores) out.add(q.withDim(-1, k.dim(-2)));
        return out;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("use_scale", useScale);
        c.put("score_mode", scoreMode);
        c.put("dropout", dropout);
        c.put("seed", seed);
        return c;
    }

    /** From a Keras config; registered as {@code "Attention"}. */
    public static Attention fromConfig(Config c) {
        Attention a = new Attention(c.getBoolean("use_scale", false), c.getString("score_mode", "dot")).dropout(c.getDouble("dropout", 0.0));
        Long s = c.getLongOrNull("seed");
        if (s != null) a.seed(s);
        return KerasSerialization.applyBaseConfig(a, c);
    }
}
