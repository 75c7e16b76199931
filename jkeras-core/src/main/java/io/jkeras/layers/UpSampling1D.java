package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Repeats each step {@code size} times along the time axis (Keras's {@code keras.layers.UpSampling1D}):
 * {@code (batch, steps, features)} to {@code (batch, steps * size, features)}.
 *
 * <pre>{@code
 * new UpSampling1D(2).apply(x)   // [[a], [b]] -> [[a], [a], [b], [b]]
 * }</pre>
 */
public class UpSampling1D extends Layer {
    private final int size;

    public UpSampling1D() { this(2); }

    public UpSampling1D(int size) {
        if (size <= 0) throw new IllegalArgumentException("UpSampling1D: size must be positive, received " + size);
        this.size = size;
        this.inputSpec = InputSpec.rank(3);
        this.built = true;
    }

    @Override public UpSampling1D name(String n) { super.name(n); return this; }
    @Override public UpSampling1D inputShape(int... s) { super.inputShape(s); return this; }

    public int size() { return size; }

    @Override protected Tensor call(Tensor x, boolean training) { return Ops.repeat(x, size, 1); }

    @Override public Shape computeOutputShape(Shape s) {
        return s.withDim(1, s.dim(1) == Shape.UNKNOWN ? Shape.UNKNOWN : s.dim(1) * size);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", size);
        return c;
    }
}
