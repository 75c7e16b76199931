package io.jkeras.activations;

import io.jkeras.tensor.Tensor;

/** An elementwise (or per-axis) activation function with its Keras name. */
public interface Activation {
    Tensor apply(Tensor x);

    /** The Keras identifier, e.g. {@code "relu"}. */
    String name();

    /** Wraps a function under a name (for user-defined activations). */
    static Activation of(String name, java.util.function.UnaryOperator<Tensor> fn) {
        return new Activation() {
            @Override public Tensor apply(Tensor x) { return fn.apply(x); }
            @Override public String name() { return name; }
            @Override public String toString() { return name; }
        };
    }
}
