package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * The base of the augmentations that move pixels (RandomRotation, RandomZoom, RandomTranslation):
 * each output pixel samples the input at an affine image of its position, with
 * {@link #interpolation(String) interpolation} "bilinear" (the default) or "nearest", and points
 * that fall outside the image filled by {@link #fillMode(String) fillMode}: "reflect" (the default,
 * {@code d c b a | a b c d | d c b a}), "wrap" ({@code a b c d | a b c d}), "nearest" (the edge
 * pixel) or "constant" ({@link #fillValue(double) fillValue}).
 *
 * @param <L> the concrete layer
 */
public abstract class RandomAffineLayer<L extends RandomAffineLayer<L>> extends RandomImageLayer<L> {
    private String fillMode = "reflect";
    private String interpolation = "bilinear";
    private double fillValue;

    /** "reflect" (the default), "wrap", "constant" or "nearest". */
    public L fillMode(String m) { this.fillMode = ImageTransforms.choice(m, ImageTransforms.FILL_MODES, "fill_mode", name()); return self(); }

    /** "bilinear" (the default) or "nearest". */
    public L interpolation(String i) {
        this.interpolation = ImageTransforms.choice(i, ImageTransforms.INTERPOLATIONS, "interpolation", name());
        return self();
    }

    /** The value outside the image with fill mode "constant" (default 0). */
    public L fillValue(double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(who() + "`fill_value` must be a finite number. Received: fill_value=" + v);
        this.fillValue = v;
        return self();
    }

    public String fillMode() { return fillMode; }
    public String interpolation() { return interpolation; }
    public double fillValue() { return fillValue; }

    /** Resamples {@code x} through one affine map per image: {@code {a0, a1, a2, b0, b1, b2}} sends output pixel (x, y) to input column {@code a0 x + a1 y + a2}, row {@code b0 x + b1 y + b2}. */
    protected final Tensor transform(Tensor x, double[][] maps) {
        return ImageTransforms.affine(x, maps, interpolation, fillMode, fillValue, dataFormat());
    }

    /** Puts fill_mode, interpolation and fill_value into {@code c}. */
    protected final void putAffineConfig(Map<String, Object> c) {
        c.put("fill_mode", fillMode);
        c.put("interpolation", interpolation);
        c.put("fill_value", fillValue);
    }
}
