package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Leaky ReLU as a layer (Keras's {@code keras.layers.LeakyReLU}): {@code x} for {@code x >= 0},
 * else {@code negative_slope * x}. Note the layer's default slope is Keras's 0.3, while the
 * {@code "leaky_relu"} activation's is 0.2.
 *
 * <pre>{@code
 * new LeakyReLU().apply(Tensor.of(-10f, 5f));      // [-3, 5]
 * new LeakyReLU(0.5).apply(Tensor.of(-10f, 5f));   // [-5, 5]
 * }</pre>
 */
public class LeakyReLU extends Layer {
    private final double negativeSlope;

    /** Slope 0.3 (Keras 3's default for this layer). */
    public LeakyReLU() { this(0.3); }

    /** @param negativeSlope the slope for negative inputs, >= 0 */
    public LeakyReLU(double negativeSlope) {
        if (!(negativeSlope >= 0)) throw new IllegalArgumentException("The negative_slope value of a Leaky ReLU layer (\"" + name()
                + "\") cannot be negative. Expected a float >= 0. Received: negative_slope=" + negativeSlope);
        this.negativeSlope = negativeSlope;
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    @Override public LeakyReLU name(String n) { super.name(n); return this; }
    @Override public LeakyReLU inputShape(int... s) { super.inputShape(s); return this; }

    public double negativeSlope() { return negativeSlope; }

    @Override protected Tensor call(Tensor x, boolean training) { return Activations.leakyRelu(negativeSlope).apply(x); }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("negative_slope", negativeSlope);
        return c;
    }
}
