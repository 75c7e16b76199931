package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * The exponential linear unit as a layer (Keras's {@code keras.layers.ELU}): {@code x} for
 * {@code x > 0}, else {@code alpha * (exp(x) - 1)}.
 *
 * <pre>{@code
 * new ELU().apply(Tensor.of(-1f, 2f));   // [-0.632, 2]
 * }</pre>
 */
public class ELU extends Layer {
    private final double alpha;

    /** {@code alpha = 1}. */
    public ELU() { this(1.0); }

    /** @param alpha the scale of the negative part */
    public ELU(double alpha) {
        if (!Double.isFinite(alpha)) throw new IllegalArgumentException("ELU layer (\"" + name() + "\"): alpha must be a finite number. Received: alpha=" + alpha);
        this.alpha = alpha;
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    @Override public ELU name(String n) { super.name(n); return this; }
    @Override public ELU inputShape(int... s) { super.inputShape(s); return this; }

    public double alpha() { return alpha; }

    @Override protected Tensor call(Tensor x, boolean training) { return Activations.elu(alpha).apply(x); }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("alpha", alpha);
        return c;
    }
}
