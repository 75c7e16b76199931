package io.jkeras.layers;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Repeats each cell of a volume {@code size} times along each spatial axis (Keras's
 * {@code keras.layers.UpSampling3D}).
 *
 * <pre>{@code
 * new UpSampling3D(2).apply(x)   // (None, 4, 4, 4, 8) -> (None, 8, 8, 8, 8)
 * }</pre>
 */
public class UpSampling3D extends Layer {
    private final int[] size;
    private String dataFormat = "channels_last";

    public UpSampling3D() { this(2); }

    /** @param size one factor for all three axes, or three */
    public UpSampling3D(int... size) {
        this.size = ConfigUtil.tupleOf(size, 3, "size", name(), false);
        this.inputSpec = InputSpec.rank(5);
        this.built = true;
    }

    public UpSampling3D dataFormat(String f) { this.dataFormat = ConfigUtil.dataFormat(f, name()); return this; }
    @Override public UpSampling3D name(String n) { super.name(n); return this; }
    @Override public UpSampling3D inputShape(int... s) { super.inputShape(s); return this; }

    public int[] size() { return size.clone(); }

    private int[] axes() { return dataFormat.equals("channels_first") ? new int[] {2, 3, 4} : new int[] {1, 2, 3}; }

    @Override protected Tensor call(Tensor x, boolean training) {
        int[] ax = axes();
        Tensor y = x;
        for (int i = 0; i < 3; i++) y = UpSampling.nearest(y, ax[i], size[i]);
        return y;
    }

    @Override public Shape computeOutputShape(Shape s) { return UpSampling.scaled(s, axes(), size); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", ConfigUtil.list(size));
        c.put("data_format", dataFormat);
        return c;
    }
}
