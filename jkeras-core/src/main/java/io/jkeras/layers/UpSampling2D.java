package io.jkeras.layers;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Locale;
import java.util.Map;

/**
 * Up-samples images by integer factors (Keras's {@code keras.layers.UpSampling2D}):
 * {@code "nearest"} (the default) repeats rows and columns, {@code "bilinear"} interpolates with
 * half-pixel centres (TensorFlow's and JAX's {@code resize}).
 *
 * <pre>{@code
 * new UpSampling2D(2).apply(x)                              // (None, 7, 7, 8) -> (None, 14, 14, 8)
 * new UpSampling2D(2, 3).interpolation("bilinear").apply(x) // (None, 14, 21, 8)
 * }</pre>
 */
public class UpSampling2D extends Layer {
    private final int[] size;
    private String dataFormat = "channels_last";
    private String interpolation = "nearest";

    public UpSampling2D() { this(2); }

    /** @param size one factor for rows and columns, or two */
    public UpSampling2D(int... size) {
        this.size = ConfigUtil.tupleOf(size, 2, "size", name(), false);
        this.inputSpec = InputSpec.rank(4);
        this.built = true;
    }

    public UpSampling2D dataFormat(String f) { this.dataFormat = ConfigUtil.dataFormat(f, name()); return this; }

    /** "nearest" (the default) or "bilinear". */
    public UpSampling2D interpolation(String i) {
        String s = i == null ? "" : i.toLowerCase(Locale.ROOT);
        if (!s.equals("nearest") && !s.equals("bilinear")) throw new IllegalArgumentException("Layer \"" + name()
                + "\": `interpolation` must be one of \"nearest\", \"bilinear\". Received: interpolation=" + i);
        this.interpolation = s;
        return this;
    }

    @Override public UpSampling2D name(String n) { super.name(n); return this; }
    @Override public UpSampling2D inputShape(int... s) { super.inputShape(s); return this; }

    public int[] size() { return size.clone(); }
    public String interpolation() { return interpolation; }
    public String dataFormat() { return dataFormat; }

    private int[] axes() { return dataFormat.equals("channels_first") ? new int[] {2, 3} : new int[] {1, 2}; }

    @Override protected Tensor call(Tensor x, boolean training) {
        int[] ax = axes();
        Tensor y = x;
        for (int i = 0; i < 2; i++) y = interpolation.equals("nearest") ? UpSampling.nearest(y, ax[i], size[i]) : UpSampling.linear(y, ax[i], size[i]);
        return y;
    }

    @Override public Shape computeOutputShape(Shape s) { return UpSampling.scaled(s, axes(), size); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", ConfigUtil.list(size));
        c.put("data_format", dataFormat);
        c.put("interpolation", interpolation);
        return c;
    }
}
