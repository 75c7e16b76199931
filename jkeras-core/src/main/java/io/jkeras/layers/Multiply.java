package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Multiplies a list of inputs elementwise (Keras's {@code keras.layers.Multiply}); shapes broadcast as in {@link Merge}.
 *
 * <pre>{@code
 * KerasTensor y = new Multiply().apply(a, b);
 * }</pre>
 */
public class Multiply extends Merge {
    public Multiply() {}

    @Override public Multiply name(String n) { super.name(n); return this; }

    @Override protected Tensor merge(Tensor a, Tensor b) { return Ops.multiply(a, b); }
}
