package io.jkeras.layers;

import java.util.Map;

/**
 * Drops whole feature maps instead of single values (Keras's {@code keras.layers.SpatialDropout2D}):
 * in training each channel of each sample of {@code (batch, rows, cols, channels)} is zeroed with probability {@code rate}
 * everywhere at once, the kept ones scaled by {@code 1 / (1 - rate)}. Useful where neighbouring
 * cells are strongly correlated. Identity in inference.
 *
 * <pre>{@code
 * new SpatialDropout2D(0.2).seed(7)
 * }</pre>
 */
public class SpatialDropout2D extends Dropout {
    private String dataFormat = "channels_last";

    public SpatialDropout2D(double rate) {
        super(rate);
        this.inputSpec = InputSpec.rank(2 + 2);
        noiseShape(-1, 1, 1, -1);
    }

    /** "channels_last" (the default) or "channels_first": which axis holds the channels. */
    public SpatialDropout2D dataFormat(String f) {
        this.dataFormat = ConfigUtil.dataFormat(f, name());
        if (dataFormat.equals("channels_first")) noiseShape(-1, -1, 1, 1); else noiseShape(-1, 1, 1, -1);
        return this;
    }

    public String dataFormat() { return dataFormat; }

    @Override public SpatialDropout2D seed(long seed) { super.seed(seed); return this; }
    @Override public SpatialDropout2D name(String n) { super.name(n); return this; }
    @Override public SpatialDropout2D inputShape(int... s) { super.inputShape(s); return this; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("noise_shape");
        c.put("data_format", dataFormat);
        return c;
    }
}
