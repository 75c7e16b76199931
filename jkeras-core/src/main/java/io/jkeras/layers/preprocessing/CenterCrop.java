package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Crops the central {@code (height, width)} window of images (Keras's {@code keras.layers.CenterCrop}),
 * in training and inference alike. The window starts at {@code (H - height) / 2} rows and
 * {@code (W - width) / 2} columns (rounded down). An image smaller than the window on either side
 * is instead cropped to the target's aspect ratio and resized to it (bilinear), as Keras does.
 *
 * <pre>{@code
 * new CenterCrop(224, 224).apply(images)   // (n, 256, 256, 3) -> (n, 224, 224, 3)
 * }</pre>
 */
public class CenterCrop extends ImageLayer<CenterCrop> {
    private final int height, width;

    public CenterCrop(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException(who() + "`height` and `width` must be positive integers. Received: height="
                + height + ", width=" + width);
        this.height = height;
        this.width = width;
    }

    public int height() { return height; }
    public int width() { return width; }

    @Override protected Tensor call(Tensor x, boolean training) {
        checkImages(x.shape());
        Tensor in = floating(x);
        int r = in.rank(), h = in.dim(heightAxis(r)), w = in.dim(widthAxis(r));
        if (h >= height && w >= width) return ImageTransforms.crop(in, (h - height) / 2, height, (w - width) / 2, width, dataFormat());
        return ImageTransforms.smartResize(in, height, width, "bilinear", false, dataFormat());
    }

    @Override public Shape computeOutputShape(Shape s) { return withSpatial(s, height, width); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("height", height);
        c.put("width", width);
        return c;
    }
}
