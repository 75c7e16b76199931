package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Applies a layer to every timestep of its input, with the same weights for each (Keras's
 * {@code keras.layers.TimeDistributed}). The input is {@code (batch, timesteps, ...)}; the wrapped
 * layer sees {@code (batch, ...)} shapes. The timesteps are folded into the batch, so the layer
 * runs once on {@code (batch * timesteps, ...)}, which is the same for layers that treat samples
 * independently (all but BatchNormalization in training).
 *
 * <pre>{@code
 * model.add(new TimeDistributed(new Dense(8)));        // (batch, 10, 16) -> (batch, 10, 8)
 * }</pre>
 */
public class TimeDistributed extends Layer {
    private final Layer layer;

    public TimeDistributed(Layer layer) {
        if (layer == null) throw new IllegalArgumentException("Please initialize `TimeDistributed` layer with a `Layer` instance. Received: null");
        this.layer = trackSublayer(layer);
        setSupportsMasking(true);
    }

    @Override public TimeDistributed name(String n) { super.name(n); return this; }
    @Override public TimeDistributed inputShape(int... s) { super.inputShape(s); return this; }
    @Override public TimeDistributed dtype(DType d) { super.dtype(d); if (layer != null) layer.dtype(d); return this; }

    /** The wrapped layer. */
    public Layer layer() { return layer; }

    private Shape childShape(Shape in) {
        if (in.rank() < 3) throw new IllegalArgumentException("`TimeDistributed` Layer \"" + name() + "\" should be passed an input with at least "
                + "3 dimensions (batch, timesteps, ...), received: " + in);
        int[] d = new int[in.rank() - 1];
        d[0] = in.dim(0);
        for (int i = 2; i < in.rank(); i++) d[i - 1] = in.dim(i);
        return Shape.of(d);
    }

    @Override protected void checkInputs(List<Shape> shapes) {
        if (shapes.size() != 1) throw new IllegalArgumentException("TimeDistributed layer \"" + name() + "\" takes one input, received " + shapes.size());
        childShape(shapes.get(0));
    }

    @Override public void build(Shape inputShape) {
        if (!layer.isBuilt()) layer.buildFor(childShape(inputShape));
    }

    @Override public Shape computeOutputShape(Shape inputShape) {
        Shape child = layer.computeOutputShape(childShape(inputShape));
        return child.sub(1, child.rank()).prepend(inputShape.dim(1)).prepend(inputShape.dim(0));
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        return call(List.of(x), Collections.singletonList(null), training).get(0);
    }

    @Override protected List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor x = inputs.get(0);
        int batch = x.dim(0), steps = x.dim(1);
        int[] folded = x.shape().sub(1, x.rank()).toArray();
        folded[0] = batch * steps;
        Tensor mask = masks == null ? null : masks.get(0);
        Tensor innerMask = null;
        if (mask != null) {
            if (mask.rank() < 2 || mask.dim(0) != batch || mask.dim(1) != steps) throw new IllegalArgumentException("The `mask` passed to the "
                    + "`TimeDistributed` layer \"" + name() + "\" has a shape " + mask.shape() + " that is incompatible with the input shape "
                    + x.shape() + ": its first two dimensions must be (batch, timesteps) = (" + batch + ", " + steps + ")");
            int[] md = mask.shape().sub(1, mask.rank()).toArray();
            md[0] = batch * steps;
            innerMask = Ops.reshape(mask, md);
        }
        Tensor y = layer.applyMasked(List.of(Ops.reshape(x, folded)), Collections.singletonList(innerMask), training).outputs().get(0);
        int[] out = new int[y.rank() + 1];
        out[0] = batch;
        out[1] = steps;
        for (int i = 1; i < y.rank(); i++) out[i + 1] = y.dim(i);
        return List.of(Ops.reshape(y, out));
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("layer", KerasSerialization.serializeLayer(layer));
        return c;
    }

    /** From a Keras config with the wrapped {@code layer}; registered as {@code "TimeDistributed"}. */
    @SuppressWarnings("unchecked")
    public static TimeDistributed fromConfig(Config c) {
        if (!(c.get("layer") instanceof Map<?, ?> m)) throw new IllegalArgumentException(c.owner() + ": a TimeDistributed config needs a 'layer' entry");
        return KerasSerialization.applyBaseConfig(new TimeDistributed(KerasSerialization.layerFromEntry((Map<String, Object>) m)), c);
    }

    /** Keras saves the wrapped layer under {@code layer}. */
    @Override public Map<String, Layer> savedSublayers() { return Map.of("layer", layer); }
}
