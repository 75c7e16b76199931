package io.jkeras.models;

import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plain stack of layers, each with one input and one output.
 *
 * <pre>{@code
 * Sequential model = new Sequential();
 * model.add(new Dense(64, "relu").inputShape(100));
 * model.add(new Dense(32, "relu"));
 * model.add(new Dense(10, "softmax"));
 * }</pre>
 *
 * Once the input shape is known (from {@code add(Input.of(...))}, a first layer's
 * {@code inputShape}, or the first batch of data) the model is a graph like a Functional one.
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    private InputLayer inputLayer;

    public Sequential() {}

    public Sequential(String name) { super(name); }

    public Sequential(List<Layer> layers) { for (Layer l : layers) add(l); }

    public Sequential(String name, List<Layer> layers) { super(name); for (Layer l : layers) add(l); }

    /** Adds an input ({@code Input.of(...)}); must come first. */
    public Sequential add(KerasTensor input) {
        if (!(input.node().layer() instanceof InputLayer il)) throw new IllegalArgumentException("Sequential.add(KerasTensor) takes an Input.of(...) tensor; "
                + input + " was produced by layer \"" + input.name() + "\"");
        if (!stack.isEmpty() || inputLayer != null) throw new IllegalArgumentException("An Input must be the first thing added to Sequential model \"" + name() + "\"");
        inputLayer = il;
        return this;
    }

    /** Adds a layer on top of the stack. */
    public Sequential add(Layer layer) {
        if (layer instanceof InputLayer il) {
            if (!stack.isEmpty() || inputLayer != null) throw new IllegalArgumentException("An InputLayer must be the first layer of Sequential model \"" + name() + "\"");
            inputLayer = il;
            return this;
        }
        for (Layer l : stack) if (l.name().equals(layer.name())) throw new IllegalArgumentException("All layers added to a Sequential model should have unique names. "
                + "Name \"" + layer.name() + "\" is already the name of a layer in this model. Update the `name` argument to pass a unique name.");
        stack.add(layer);
        if (inputLayer == null && stack.size() == 1 && layer.batchInputShape() != null) {
            inputLayer = new InputLayer(layer.batchInputShape(), layer.dtype(), null);
        }
        rebuildGraph();
        return this;
    }

    /** Removes the last layer (Keras's {@code pop()}). */
    public Layer pop() {
        if (stack.isEmpty()) throw new IllegalStateException("There are no layers in the model to pop");
        Layer l = stack.remove(stack.size() - 1);
        rebuildGraph();
        return l;
    }

    /** The layers, without the InputLayer (as Keras lists them). */
    @Override public List<Layer> layers() { return Collections.unmodifiableList(stack); }

    @Override public List<io.jkeras.layers.Layer> sublayers() { return Collections.unmodifiableList(stack); }

    private void rebuildGraph() {
        if (inputLayer == null || stack.isEmpty()) return;
        KerasTensor x = inputLayer.output();
        for (Layer l : stack) x = l.apply(x);
        initGraph(List.of(inputLayer.output()), List.of(x));
    }

    /** Builds the model for a batch input shape (Keras: {@code model.build((None, 100))}). */
    public void build(int... batchInputShape) {
        if (inputLayer == null) {
            inputLayer = new InputLayer(Shape.of(batchInputShape), io.jkeras.tensor.DType.FLOAT32, null);
            rebuildGraph();
        }
    }

    /**
     * Builds an input-less Sequential when it is first called, e.g. on a symbolic tensor inside
     * a Functional model: the model gets an InputLayer of that shape and becomes a graph.
     */
    @Override public void build(List<Shape> inputShapes) {
        if (inputLayer != null || stack.isEmpty()) return;
        if (inputShapes.size() != 1) throw new IllegalArgumentException("Sequential model \"" + name() + "\" takes one input, received "
                + inputShapes.size());
        inputLayer = new InputLayer(inputShapes.get(0), dtype(), null);
        rebuildGraph();
    }

    @Override public List<Tensor> apply(List<Tensor> xs, boolean training) {
        buildOnFirstCall(xs);
        return super.apply(xs, training);
    }

    @Override public MaskedOutputs applyMasked(List<Tensor> xs, List<Tensor> masks, boolean training) {
        buildOnFirstCall(xs);
        return super.applyMasked(xs, masks, training);
    }

    private void buildOnFirstCall(List<Tensor> xs) {
        if (!isGraph()) {
            if (stack.isEmpty()) throw new IllegalStateException("Sequential model \"" + name() + "\" has no layers: add layers before calling it");
            if (xs.size() != 1) throw new IllegalArgumentException("Sequential model \"" + name() + "\" takes one input, received " + xs.size());
            Shape s = xs.get(0).shape();
            inputLayer = new InputLayer(s.withDim(0, Shape.UNKNOWN), xs.get(0).dtype(), null);
            rebuildGraph();
        }
    }

    @Override protected List<Tensor> call(List<Tensor> xs, boolean training) {
        return callMasked(xs, Collections.singletonList(null), training).outputs();
    }

    /** Runs the stack, handing each layer's output mask to the next (Embedding(mask_zero) to LSTM, ...). */
    @Override protected MaskedOutputs callMasked(List<Tensor> xs, List<Tensor> masks, boolean training) {
        Tensor x = xs.get(0);
        Tensor mask = masks.get(0);
        for (Layer l : stack) {
            MaskedOutputs r = l.applyMasked(List.of(x), Collections.singletonList(mask), training);
            if (r.outputs().size() != 1) throw new IllegalStateException("Layer \"" + l.name() + "\" in Sequential model \"" + name()
                    + "\" returns " + r.outputs().size() + " outputs; every layer of a Sequential model must have exactly one output"
                    + " (use the Functional API for layers with several outputs, e.g. an RNN with return_state)");
            x = r.outputs().get(0);
            mask = r.mask(0);
        }
        return new MaskedOutputs(List.of(x), Collections.singletonList(mask));
    }

    /** The InputLayer, once the input shape is known. */
    public InputLayer inputLayer() { return inputLayer; }
}
