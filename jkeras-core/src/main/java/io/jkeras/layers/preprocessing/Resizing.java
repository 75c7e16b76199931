package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Resizes images to {@code (height, width)} (Keras's {@code keras.layers.Resizing}), for a single
 * image or a batch, channels last or first.
 *
 * <pre>{@code
 * new Resizing(180, 180).apply(images)                            // bilinear, aspect ratio not kept
 * new Resizing(224, 224).cropToAspectRatio(true).apply(images)    // centre crop to 1:1 first, no distortion
 * new Resizing(64, 64).padToAspectRatio(true).fillValue(0)        // pad to 1:1 with zeros first
 * new Resizing(32, 32).interpolation("nearest")
 * }</pre>
 *
 * Bilinear interpolation uses half-pixel centres, as Keras on JAX or TensorFlow; with
 * {@link #antialias(boolean) antialias} a down-scaling resize averages over the whole footprint
 * of each output pixel. "nearest" takes the input cell {@code floor((i + 0.5) * in / out)}.
 * Keras's "bicubic", "lanczos3", "lanczos5" and "area" are not implemented.
 */
public class Resizing extends ImageLayer<Resizing> {
    private static final List<String> KERAS_ONLY = List.of("bicubic", "lanczos3", "lanczos5", "area");
    private final int height, width;
    private String interpolation = "bilinear";
    private boolean cropToAspectRatio, padToAspectRatio, antialias;
    private double fillValue;

    /** @param height the output height, @param width the output width (both positive) */
    public Resizing(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException(who() + "`height` and `width` must be positive integers. Received: height="
                + height + ", width=" + width);
        this.height = height;
        this.width = width;
    }

    /** "bilinear" (the default) or "nearest". */
    public Resizing interpolation(String i) {
        if (i != null && KERAS_ONLY.contains(i.toLowerCase(java.util.Locale.ROOT))) throw new IllegalArgumentException(who()
                + "interpolation=\"" + i + "\" is not implemented in jkeras; use \"bilinear\" or \"nearest\"");
        this.interpolation = ImageTransforms.choice(i, ImageTransforms.INTERPOLATIONS, "interpolation", name());
        return this;
    }

    /** Crops the largest centred window with the target's aspect ratio before resizing (no distortion). */
    public Resizing cropToAspectRatio(boolean b) {
        if (b && padToAspectRatio) throw new IllegalArgumentException(who() + "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.");
        this.cropToAspectRatio = b;
        return this;
    }

    /** Pads with {@link #fillValue(double)} to the target's aspect ratio before resizing (no distortion). */
    public Resizing padToAspectRatio(boolean b) {
        if (b && cropToAspectRatio) throw new IllegalArgumentException(who() + "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.");
        this.padToAspectRatio = b;
        return this;
    }

    /** The value of the padding added by {@link #padToAspectRatio(boolean)} (default 0). */
    public Resizing fillValue(double v) { this.fillValue = v; return this; }

    /** Only "constant" is supported, as in Keras. */
    public Resizing fillMode(String m) {
        ImageTransforms.choice(m, List.of("constant"), "fill_mode", name());
        return this;
    }

    /** Low-pass filters when down-scaling (Keras's {@code antialias}, default false). */
    public Resizing antialias(boolean b) { this.antialias = b; return this; }

    public int height() { return height; }
    public int width() { return width; }
    public String interpolation() { return interpolation; }
    public boolean cropToAspectRatio() { return cropToAspectRatio; }
    public boolean padToAspectRatio() { return padToAspectRatio; }
    public double fillValue() { return fillValue; }
    public boolean antialias() { return antialias; }

    @Override protected Tensor call(Tensor x, boolean training) {
        checkImages(x.shape());
        Tensor in = floating(x);
        if (cropToAspectRatio) return ImageTransforms.smartResize(in, height, width, interpolation, antialias, dataFormat());
        if (padToAspectRatio) in = ImageTransforms.padToAspect(in, height, width, fillValue, dataFormat());
        return ImageTransforms.resize(in, height, width, interpolation, antialias, dataFormat());
    }

    @Override public Shape computeOutputShape(Shape s) { return withSpatial(s, height, width); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("height", height);
        c.put("width", width);
        c.put("interpolation", interpolation);
        c.put("crop_to_aspect_ratio", cropToAspectRatio);
        c.put("pad_to_aspect_ratio", padToAspectRatio);
        c.put("fill_mode", "constant");
        c.put("fill_value", fillValue);
        c.put("antialias", antialias);
        return c;
    }
}
