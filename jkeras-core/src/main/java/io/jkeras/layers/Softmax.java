package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Softmax as a layer (Keras's {@code keras.layers.Softmax}): {@code exp(x) / sum(exp(x))} over
 * {@code axis} (the last by default), or jointly over several axes. An optional mask (1 keeps, 0
 * masks) pushes the masked logits to -1e9 first, so they get (almost) zero probability.
 *
 * <pre>{@code
 * new Softmax().apply(Tensor.of(1f, 2f, 1f));                       // [0.212, 0.576, 0.212]
 * new Softmax(1).apply(x);                                           // over axis 1
 * new Softmax().apply(scores, mask, false);                          // masked positions get ~0
 * }</pre>
 */
public class Softmax extends Layer {
    private static final double LARGE_NEGATIVE = -1e9;
    private final int[] axes;

    /** Softmax over the last axis. */
    public Softmax() { this(-1); }

    /** Softmax over {@code axes} (one axis, or several normalized jointly; negative counts from the end). */
    public Softmax(int... axes) {
        if (axes == null || axes.length == 0) throw new IllegalArgumentException("Softmax layer: give at least one axis (Keras's default is -1)");
        this.axes = axes.clone();
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    @Override public Softmax name(String n) { super.name(n); return this; }
    @Override public Softmax inputShape(int... s) { super.inputShape(s); return this; }

    /** The axes the softmax normalizes over, as given. */
    public int[] axes() { return axes.clone(); }

    /**
     * With a mask (Keras's {@code softmax(x, mask=mask)}, here {@code apply(x, mask, training)}): where
     * the mask is 0 or false the logit is lowered by 1e9 first, as Keras does. The mask has the
     * input's shape or broadcasts to it; a mask of lower rank, such as the {@code (batch, timesteps)}
     * mask an {@code Embedding(mask_zero)} hands on, is aligned with the leading axes.
     */
    @Override protected List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor mask = masks == null || masks.isEmpty() ? null : masks.get(0);
        if (mask == null) return call(inputs, training);
        Tensor x = inputs.get(0);
        x = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
        Tensor m = Ops.cast(mask, x.dtype());
        if (m.rank() < x.rank()) {
            int[] d = new int[x.rank()];
            java.util.Arrays.fill(d, 1);
            for (int i = 0; i < m.rank(); i++) d[i] = m.dim(i);
            m = Ops.reshape(m, Shape.of(d));
        }
        Tensor adder = Ops.multiply(Ops.subtract(1.0, m), LARGE_NEGATIVE);
        return List.of(call(Ops.add(x, adder), training));
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        if (axes.length == 1) return Ops.softmax(x, axes[0]);
        Tensor in = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
        return Ops.exp(Ops.subtract(in, Ops.logsumexp(in, axes, true)));
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axes.length == 1 ? (Object) axes[0] : ConfigUtil.list(axes));
        return c;
    }
}
