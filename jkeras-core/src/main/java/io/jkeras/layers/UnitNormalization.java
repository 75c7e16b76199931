package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Scales each sample to unit L2 norm over {@code axis} (the last by default), as Keras's
 * {@code keras.layers.UnitNormalization}: {@code x * min(rsqrt(sum(x^2)), 1e12)}, so a zero vector
 * stays zero. No weights.
 *
 * <pre>{@code
 * new UnitNormalization().apply(Tensor.of(new float[] {3, 4}, 1, 2))   // [[0.6, 0.8]]
 * }</pre>
 */
public class UnitNormalization extends Layer {
    private final int[] axes;

    public UnitNormalization() { this(-1); }

    public UnitNormalization(int... axes) {
        if (axes == null || axes.length == 0) throw new IllegalArgumentException("UnitNormalization: give at least one axis");
        this.axes = axes.clone();
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    @Override public UnitNormalization name(String n) { super.name(n); return this; }
    @Override public UnitNormalization inputShape(int... s) { super.inputShape(s); return this; }

    public int[] axes() { return axes.clone(); }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor in = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
        Tensor sq = Ops.sum(Ops.square(in), axes, true);
        Tensor inv = Ops.minimum(Ops.rsqrt(sq), 1e12);
        return Ops.multiply(in, inv);
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axes.length == 1 ? (Object) axes[0] : ConfigUtil.list(axes));
        return c;
    }
}
