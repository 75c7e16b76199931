package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.List;

/**
 * The elementwise mean of a list of inputs (Keras's {@code keras.layers.Average}); shapes broadcast
 * as in {@link Merge}.
 *
 * <pre>{@code
 * KerasTensor m = new Average().apply(a, b, c);
 * }</pre>
 */
public class Average extends Merge {
    public Average() {}

    @Override public Average name(String n) { super.name(n); return this; }

    @Override protected Tensor merge(Tensor a, Tensor b) { return Ops.add(a, b); }

    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor sum = super.call(inputs, training).get(0);
        return List.of(Ops.divide(sum, (double) inputs.size()));
    }
}
