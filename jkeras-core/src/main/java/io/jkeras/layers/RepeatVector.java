package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Repeats a vector {@code n} times (Keras's {@code keras.layers.RepeatVector}):
 * {@code (batch, features)} to {@code (batch, n, features)}.
 *
 * <pre>{@code
 * new RepeatVector(3).apply(Input.of(32))   // (None, 3, 32)
 * }</pre>
 */
public class RepeatVector extends Layer {
    private final int n;

    public RepeatVector(int n) {
        if (n < 0) throw new IllegalArgumentException("RepeatVector: n must be >= 0, received " + n);
        this.n = n;
        this.inputSpec = InputSpec.rank(2);
        this.built = true;
    }

    @Override public RepeatVector name(String name) { super.name(name); return this; }
    @Override public RepeatVector inputShape(int... s) { super.inputShape(s); return this; }

    public int n() { return n; }

    @Override protected Tensor call(Tensor x, boolean training) {
        return Ops.broadcastTo(Ops.expandDims(x, 1), Shape.of(x.dim(0), n, x.dim(1)));
    }

    @Override public Shape computeOutputShape(Shape s) { return Shape.of(s.dim(0), n, s.dim(1)); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("n", n);
        return c;
    }
}
