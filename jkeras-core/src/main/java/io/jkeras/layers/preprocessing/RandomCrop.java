package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Crops a random {@code (height, width)} window in training (Keras's {@code keras.layers.RandomCrop}):
 * one window position per call, shared by the images of the batch. When the input is not larger
 * than the window on both sides, it is cropped to the window's aspect ratio instead and resized
 * to it (bilinear). In inference the input passes through unchanged, as in Keras 3 (so the output
 * size then differs from the one {@link #computeOutputShape} reports); put a {@link CenterCrop}
 * or {@link Resizing} after it if inference needs the cropped size.
 *
 * <pre>{@code
 * new RandomCrop(28, 28).seed(0).apply(images, true)   // (n, 32, 32, 3) -> (n, 28, 28, 3)
 * }</pre>
 */
public class RandomCrop extends RandomImageLayer<RandomCrop> {
    private final int height, width;

    public RandomCrop(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException(who() + "`height` and `width` must be positive integers. Received: height="
                + height + ", width=" + width);
        this.height = height;
        this.width = width;
    }

    public int height() { return height; }
    public int width() { return width; }

    @Override protected Tensor augment(Tensor x) {
        int r = x.rank(), h = x.dim(heightAxis(r)), w = x.dim(widthAxis(r));
        if (h > height && w > width) {
            SplittableRandom rnd = nextRandom();
            int h0 = (int) (rnd.nextDouble() * (h - height + 1)), w0 = (int) (rnd.nextDouble() * (w - width + 1));
            return ImageTransforms.crop(x, h0, height, w0, width, dataFormat());
        }
        return ImageTransforms.smartResize(x, height, width, "bilinear", false, dataFormat());
    }

    @Override public Shape computeOutputShape(Shape s) { return withSpatial(s, height, width); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("height", height);
        c.put("width", width);
        return c;
    }
}
