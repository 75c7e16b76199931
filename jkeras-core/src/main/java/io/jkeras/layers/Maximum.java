package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Takes the elementwise maximum of a list of inputs elementwise (Keras's {@code keras.layers.Maximum}); shapes broadcast as in {@link Merge}.
 *
 * <pre>{@code
 * KerasTensor y = new Maximum().apply(a, b);
 * }</pre>
 */
public class Maximum extends Merge {
    public Maximum() {}

    @Override public Maximum name(String n) { super.name(n); return this; }

    @Override protected Tensor merge(Tensor a, Tensor b) { return Ops.maximum(a, b); }
}
