package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * The shared part of the global pooling layers: the max or mean over every spatial axis, giving
 * {@code (batch, channels)}, or with {@code keepdims} {@code (batch, 1, ..., 1, channels)}.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseGlobalPooling<T extends BaseGlobalPooling<T>> extends Layer {
    protected final int rank;
    private final boolean max;
    protected String dataFormat = "channels_last";
    protected boolean keepdims;

    protected BaseGlobalPooling(int rank, boolean max) {
        this.rank = rank;
        this.max = max;
        this.inputSpec = InputSpec.rank(rank + 2);
        this.built = true;
    }

    @SuppressWarnings("unchecked")
    protected T self() { return (T) this; }

    /** "channels_last" (the default) or "channels_first". */
    public T dataFormat(String f) { this.dataFormat = ConfigUtil.dataFormat(f, name()); return self(); }
    /** Keep the spatial axes, with size 1. */
    public T keepdims(boolean k) { this.keepdims = k; return self(); }
    @Override public T name(String n) { super.name(n); return self(); }
    @Override public T inputShape(int... s) { super.inputShape(s); return self(); }

    public String dataFormat() { return dataFormat; }
    public boolean keepdims() { return keepdims; }

    private int[] spatialAxes() {
        int[] a = new int[rank];
        int off = dataFormat.equals("channels_first") ? 2 : 1;
        for (int i = 0; i < rank; i++) a[i] = off + i;
        return a;
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor in = x.dtype().isFloating() ? x : Ops.cast(x, io.jkeras.tensor.DType.FLOAT32);
        return max ? Ops.max(in, spatialAxes(), keepdims) : Ops.mean(in, spatialAxes(), keepdims);
    }

    @Override public Shape computeOutputShape(Shape inputShape) {
        if (inputShape.rank() != rank + 2) throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim="
                + (rank + 2) + ", found ndim=" + inputShape.rank() + ". Full shape received: " + inputShape);
        int[] in = inputShape.toArray();
        boolean first = dataFormat.equals("channels_first");
        int channels = first ? in[1] : in[rank + 1];
        if (!keepdims) return Shape.of(in[0], channels);
        int[] out = new int[rank + 2];
        java.util.Arrays.fill(out, 1);
        out[0] = in[0];
        out[first ? 1 : rank + 1] = channels;
        return Shape.of(out);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", dataFormat);
        c.put("keepdims", keepdims);
        return c;
    }
}
