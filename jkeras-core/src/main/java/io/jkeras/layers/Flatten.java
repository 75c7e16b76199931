package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Locale;
import java.util.Map;

/**
 * Flattens every axis but the batch axis (Keras's {@code keras.layers.Flatten}). An input of shape
 * {@code (batch,)} becomes {@code (batch, 1)}. With {@code dataFormat("channels_first")} the
 * channels axis is moved last before flattening, so the order of the values matches a
 * channels-last model.
 *
 * <pre>{@code
 * KerasTensor x = Input.of(10, 64);
 * KerasTensor y = new Flatten().apply(x);   // (None, 640)
 * }</pre>
 */
public class Flatten extends Layer {
    private String dataFormat = "channels_last";

    public Flatten() { this.inputSpec = InputSpec.minRank(1); }

    /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
    public Flatten dataFormat(String format) {
        String f = format == null ? "channels_last" : format.toLowerCase(Locale.ROOT);
        if (!f.equals("channels_last") && !f.equals("channels_first")) throw new IllegalArgumentException("The `data_format` argument must be one of "
                + "{'channels_first', 'channels_last'}. Received: data_format=" + format);
        this.dataFormat = f;
        return this;
    }

    public String dataFormat() { return dataFormat; }

    @Override public Flatten name(String n) { super.name(n); return this; }
    @Override public Flatten inputShape(int... s) { super.inputShape(s); return this; }

    @Override protected Tensor call(Tensor x, boolean training) {
        int rank = x.rank();
        if (dataFormat.equals("channels_first") && rank > 2) {
            int[] perm = new int[rank];
            perm[0] = 0;
            for (int i = 2; i < rank; i++) perm[i - 1] = i;
            perm[rank - 1] = 1;
            x = Ops.transpose(x, perm);
        }
        int flat = rank == 1 ? 1 : (int) x.shape().withoutBatch().size();
        return Ops.reshape(x, Shape.of(x.dim(0), flat));
    }

    @Override public Shape computeOutputShape(Shape inputShape) {
        if (inputShape.rank() < 1) throw new IllegalArgumentException("Input 0 of layer \"" + name()
                + "\" is incompatible with the layer: expected min_ndim=1, found ndim=0. Full shape received: " + inputShape);
        int flat;
        if (inputShape.rank() == 1) flat = 1;
        else if (!inputShape.withoutBatch().isFullyDefined()) flat = Shape.UNKNOWN;
        else {
            long n = inputShape.withoutBatch().size();
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("Layer \"" + name() + "\": flattening " + inputShape
                    + " gives " + n + " values per sample, more than an int dimension can hold");
            flat = (int) n;
        }
        return Shape.of(inputShape.dim(0), flat);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", dataFormat);
        return c;
    }
}
