package io.jkeras.layers;

import io.jkeras.ops.NNOps;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * The shared part of the max and average pooling layers (Keras's {@code BasePooling}): a window
 * of {@code pool_size} slides by {@code strides} (the pool size when not given) over the spatial
 * axes; 'valid' (the default) or 'same' padding. With 'same', padded cells never count: a max
 * ignores them and an average divides by the number of real cells.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BasePooling<T extends BasePooling<T>> extends Layer {
    protected final int rank;
    private final boolean max;
    protected int[] poolSize;
    protected int[] strides;       // null: the pool size
    protected String padding = "valid";
    protected String dataFormat = "channels_last";

    protected BasePooling(int rank, boolean max, int[] poolSize) {
        this.rank = rank;
        this.max = max;
        this.poolSize = ConfigUtil.tupleOf(poolSize, rank, "pool_size", name(), false);
        this.inputSpec = InputSpec.rank(rank + 2);
        this.built = true;
    }

    @SuppressWarnings("unchecked")
    protected T self() { return (T) this; }

    /** One stride per spatial axis, or one for all; by default the pool size. */
    public T strides(int... s) { this.strides = s == null ? null : ConfigUtil.tupleOf(s, rank, "strides", name(), false); return self(); }
    /** "valid" (the default) or "same". */
    public T padding(String p) { this.padding = ConfigUtil.padding(p, false, name()); return self(); }
    /** "channels_last" (the default) or "channels_first". */
    public T dataFormat(String f) { this.dataFormat = ConfigUtil.dataFormat(f, name()); return self(); }
    @Override public T name(String n) { super.name(n); return self(); }
    @Override public T inputShape(int... s) { super.inputShape(s); return self(); }

    public int[] poolSize() { return poolSize.clone(); }
    /** The strides in use (the pool size unless set). */
    public int[] strides() { return (strides == null ? poolSize : strides).clone(); }
    public String padding() { return padding; }
    public String dataFormat() { return dataFormat; }

    @Override protected Tensor call(Tensor x, boolean training) {
        int[] s = strides();
        return max ? NNOps.maxPool(x, poolSize, s, padding, dataFormat) : NNOps.averagePool(x, poolSize, s, padding, dataFormat);
    }

    @Override public Shape computeOutputShape(Shape inputShape) {
        if (inputShape.rank() != rank + 2) throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim="
                + (rank + 2) + ", found ndim=" + inputShape.rank() + ". Full shape received: " + inputShape);
        int[] out = inputShape.toArray();
        int[] s = strides();
        int off = dataFormat.equals("channels_first") ? 2 : 1;
        for (int i = 0; i < rank; i++) {
            out[off + i] = NNOps.poolOutputLength(out[off + i], poolSize[i], s[i], padding);
            if (inputShape.dim(off + i) != Shape.UNKNOWN && out[off + i] < 0) throw new IllegalArgumentException("Layer \"" + name()
                    + "\": computed output size would be negative. Received input shape " + inputShape + ", pool_size=" + ConfigUtil.tuple(poolSize)
                    + "; use padding='same' or a larger input");
        }
        return Shape.of(out);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("pool_size", ConfigUtil.list(poolSize));
        c.put("padding", padding);
        c.put("strides", ConfigUtil.list(strides()));
        c.put("data_format", dataFormat);
        return c;
    }
}
