package io.jkeras.layers.preprocessing;

import io.jkeras.layers.Layer;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * The base of the image preprocessing layers (Keras's {@code BaseImagePreprocessingLayer}): they
 * take one image {@code (height, width, channels)} or a batch {@code (batch, height, width, channels)},
 * or channels first with {@link #dataFormat(String) dataFormat("channels_first")}, and have no weights.
 * Integer images are cast to float32.
 *
 * @param <L> the concrete layer, so the fluent setters return it
 */
public abstract class ImageLayer<L extends ImageLayer<L>> extends Layer {
    private String dataFormat = "channels_last";

    protected ImageLayer() {
        super(null);
        this.built = true;
    }

    @SuppressWarnings("unchecked")
    protected final L self() { return (L) this; }

    /** "channels_last" (the default, Keras's {@code image_data_format()}) or "channels_first". */
    public L dataFormat(String f) { this.dataFormat = ImageTransforms.dataFormat(f, name()); return self(); }

    public String dataFormat() { return dataFormat; }

    @Override public L name(String n) { super.name(n); return self(); }
    @Override public L inputShape(int... s) { super.inputShape(s); return self(); }

    /** The height axis of an input of this rank. */
    protected final int heightAxis(int rank) { return ImageTransforms.heightAxis(rank, dataFormat); }

    /** The width axis of an input of this rank. */
    protected final int widthAxis(int rank) { return ImageTransforms.widthAxis(rank, dataFormat); }

    /** Checks the rank (3 or 4) of {@code s}, naming this layer in the error. */
    protected final void checkImages(Shape s) { ImageTransforms.checkRank(s, name(), className()); }

    /** {@code x} as floats (integer images become float32). */
    protected static Tensor floating(Tensor x) { return ImageTransforms.floating(x); }

    /** {@code s} with the spatial axes set to {@code (h, w)}. */
    protected final Shape withSpatial(Shape s, int h, int w) {
        checkImages(s);
        return s.withDim(heightAxis(s.rank()), h).withDim(widthAxis(s.rank()), w);
    }

    @Override public Shape computeOutputShape(Shape s) {
        checkImages(s);
        return s;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", dataFormat);
        return c;
    }

    /** "Layer "name" (Class): " for error messages. */
    protected final String who() { return "Layer \"" + name() + "\" (" + className() + "): "; }
}
