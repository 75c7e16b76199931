package io.jkeras.models;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;

/**
 * A symbolic tensor of the Functional API: a shape (batch dimension usually unknown) and a dtype,
 * plus the node and output index that produced it. Calling a layer on one records a node and runs
 * no kernel.
 */
public final class KerasTensor {
    private final Shape shape;
    private final DType dtype;
    private final Node node;
    private final int index;

    public KerasTensor(Shape shape, DType dtype, Node node, int index) {
        this.shape = shape;
        this.dtype = dtype;
        this.node = node;
        this.index = index;
    }

    public Shape shape() { return shape; }
    public DType dtype() { return dtype; }
    /** The node that produced this tensor. */
    public Node node() { return node; }
    /** Which output of its node this is. */
    public int index() { return index; }

    /** Keras's name for the tensor: the producing layer's name. */
    public String name() { return node.layer().name(); }

    @Override public String toString() {
        return "<KerasTensor shape=" + shape + ", dtype=" + dtype + ", name=" + name() + ">";
    }
}
