package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Adds a list of inputs elementwise (Keras's {@code keras.layers.Add}).
 *
 * <pre>{@code
 * KerasTensor sum = new Add().apply(x1, x2);
 * }</pre>
 */
public class Add extends Merge {
    public Add() {}

    @Override public Add name(String n) { super.name(n); return this; }

    @Override protected Tensor merge(Tensor a, Tensor b) { return Ops.add(a, b); }
}
