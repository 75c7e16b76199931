package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.models.Node;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** The entry point of a model's graph; made by {@link Input#of}. Its output is the symbolic input tensor. */
public final class InputLayer extends Layer {
    private final KerasTensor output;

    public InputLayer(Shape batchShape, DType dtype, String name) {
        super(name);
        dtype(dtype);
        setBatchInputShape(batchShape);
        built = true;
        Node node = new Node(this, List.of(), 0);
        output = new KerasTensor(batchShape, dtype, node, 0);
        node.setOutputs(List.of(output));
        registerNode(node);
    }

    @Override protected String defaultBaseName() { return "input_layer"; }

    /** The symbolic tensor this layer feeds into the graph. */
    public KerasTensor output() { return output; }

    @Override protected Tensor call(Tensor inputs, boolean training) { return inputs; }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public List<Shape> computeOutputShape(List<Shape> s) { return s; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("batch_shape", batchInputShape().toArray());
        c.put("dtype", dtype().kerasName());
        c.put("sparse", false);
        c.put("name", name());
        return c;
    }
}
