package io.jkeras.models;

import io.jkeras.layers.Layer;

import java.util.List;

/** One call of a layer on symbolic tensors: the layer, its inputs, its outputs. */
public final class Node {
    private final Layer layer;
    private final List<KerasTensor> inputs;
    private final int indexInLayer;
    private List<KerasTensor> outputs = List.of();

    public Node(Layer layer, List<KerasTensor> inputs, int indexInLayer) {
        this.layer = layer;
        this.inputs = inputs;
        this.indexInLayer = indexInLayer;
    }

    public Layer layer() { return layer; }
    public List<KerasTensor> inputs() { return inputs; }
    public List<KerasTensor> outputs() { return outputs; }
    /** Position of this node among the layer's inbound nodes (the {@code [i]} in {@code dense[1][0]}). */
    public int indexInLayer() { return indexInLayer; }
    /** True for the node of an InputLayer. */
    public boolean isInput() { return inputs.isEmpty(); }

    public void setOutputs(List<KerasTensor> outs) { this.outputs = List.copyOf(outs); }
}
