package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;

/**
 * Subtracts the second of exactly two inputs from the first (Keras's {@code keras.layers.Subtract}).
 *
 * <pre>{@code
 * KerasTensor d = new Subtract().apply(a, b);   // a - b
 * }</pre>
 */
public class Subtract extends Merge {
    public Subtract() {}

    @Override public Subtract name(String n) { super.name(n); return this; }

    @Override protected Tensor merge(Tensor a, Tensor b) { return Ops.subtract(a, b); }

    private void checkTwo(int n) {
        if (n != 2) throw new IllegalArgumentException("A `Subtract` layer should be called on exactly 2 inputs. Layer \"" + name() + "\" received " + n + " inputs");
    }

    @Override public List<Shape> computeOutputShape(List<Shape> shapes) {
        checkTwo(shapes.size());
        return super.computeOutputShape(shapes);
    }

    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        checkTwo(inputs.size());
        return super.call(inputs, training);
    }
}
