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

    /**
     * An InputLayer from its Keras config: {@code batch_shape} (Keras 3), {@code batch_input_shape}
     * (Keras 1/2) or {@code shape} with {@code batch_size}; {@code dtype}; {@code name}.
     */
    public static InputLayer fromConfig(io.jkeras.saving.Config c) {
        int[] batch = c.getShape("batch_shape");
        if (batch == null) batch = c.getShape("batch_input_shape");
        if (batch == null && c.has("shape")) {
            int[] s = c.getShape("shape");
            batch = new int[s.length + 1];
            batch[0] = c.has("batch_size") ? c.getInt("batch_size") : Shape.UNKNOWN;
            System.arraycopy(s, 0, batch, 1, s.length);
        }
        if (batch == null) throw new IllegalArgumentException(c.owner() + ": an InputLayer config needs 'batch_shape' (or 'batch_input_shape' / 'shape')");
        if (batch.length == 0) throw new IllegalArgumentException(c.owner() + ": 'batch_shape' must include the batch dimension, found []");
        if (c.getBoolean("sparse", false)) throw new IllegalArgumentException(c.owner() + ": sparse inputs are not supported");
        if (c.getBoolean("ragged", false)) throw new IllegalArgumentException(c.owner() + ": ragged inputs are not supported");
        if (c.getBoolean("optional", false)) throw new IllegalArgumentException(c.owner() + ": optional inputs are not supported");
        return new InputLayer(Shape.of(batch), c.getDType("dtype", DType.FLOAT32), c.getString("name", null));
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("batch_shape", batchInputShape().toArray());
        c.put("dtype", dtype().kerasName());
        c.put("sparse", false);
        c.put("name", name());
        return c;
    }
}
