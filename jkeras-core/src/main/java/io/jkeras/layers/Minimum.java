package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Takes the elementwise minimum of a list of inputs elementwise (Keras's {@code keras.layers.Minimum}); shapes broadcast as in {@link Merge}.
 *
 * <pre>{@code
 * KerasTensor y = new Minimum().apply(a, b);
 * }</pre>
 */
public class Minimum extends Merge {
    public Minimum() {}

    @Override public Minimum name(String n) { super.name(n); return this; }

    @Override protected Tensor merge(Tensor a, Tensor b) { return Ops.minimum(a, b); }
}
