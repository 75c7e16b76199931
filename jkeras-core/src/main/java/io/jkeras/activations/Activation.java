package io.jkeras.activations;

import io.jkeras.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * An activation function with its Keras name ({@code keras.activations}). Built-in ones come from
 * {@link Activations}; every one is made of {@code Ops}, so gradients flow through it.
 *
 * <pre>{@code
 * Activation act = Activations.get("gelu");
 * Tensor y = act.apply(x);
 * act.name();                                   // "gelu", the identifier a config stores
 * }</pre>
 */
public interface Activation {
    /** Applies the activation to {@code x}. */
    Tensor apply(Tensor x);

    /**
     * The Keras identifier stored in configs, e.g. {@code "relu"}. Aliases report the name Keras
     * writes: {@code swish} is {@code "silu"}, {@code hard_swish} is {@code "hard_silu"}.
     */
    String name();

    /** Wraps a function under a name (for user-defined activations). */
    static Activation of(String name, UnaryOperator<Tensor> fn) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(fn, "fn");
        return new Activation() {
            @Override public Tensor apply(Tensor x) { return fn.apply(x); }
            @Override public String name() { return name; }
            @Override public String toString() { return name; }
        };
    }
}
