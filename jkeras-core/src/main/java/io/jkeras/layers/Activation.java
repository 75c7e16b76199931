package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Applies an activation function to its input (Keras's {@code keras.layers.Activation}). It has no
 * weights and keeps the input's shape.
 *
 * <pre>{@code
 * Tensor y = new Activation("relu").apply(Tensor.of(-3f, -1f, 0f, 2f));   // [0, 0, 0, 2]
 * KerasTensor h = new Activation("softmax").apply(logits);
 * }</pre>
 */
public class Activation extends Layer {
    private final io.jkeras.activations.Activation activation;

    /** An activation by its Keras identifier ({@code "relu"}, {@code "softmax"}, ...). */
    public Activation(String activation) { this(Activations.get(activation)); }

    /** An activation function object (a built-in one or a user's {@code Activation.of(name, fn)}). */
    public Activation(io.jkeras.activations.Activation activation) {
        if (activation == null) throw new IllegalArgumentException("Activation layer: the activation must not be null; "
                + "pass an identifier such as \"relu\" or an io.jkeras.activations.Activation");
        this.activation = activation;
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    @Override public Activation name(String n) { super.name(n); return this; }
    @Override public Activation inputShape(int... s) { super.inputShape(s); return this; }

    /** The activation function this layer applies. */
    public io.jkeras.activations.Activation activation() { return activation; }

    @Override protected Tensor call(Tensor x, boolean training) { return activation.apply(x); }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", activation.name());
        return c;
    }
}
