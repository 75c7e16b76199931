package io.jkeras.layers.preprocessing;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Adds a random brightness offset to each image in training (Keras's
 * {@code keras.layers.RandomBrightness}); identity in inference. The offset is drawn from
 * {@code [lower, upper]} times the width of {@link #valueRange(double, double) valueRange}
 * (default {@code [0, 255]}), the same for every pixel and channel of an image, and the result is
 * clipped to the value range. {@code factor} {@code 0.2} means {@code [-0.2, 0.2]}.
 *
 * <pre>{@code
 * new RandomBrightness(0.2).seed(9)                        // +-20% of 255
 * new RandomBrightness(-0.1, 0.3).valueRange(0, 1)         // for images in [0, 1]
 * }</pre>
 */
public class RandomBrightness extends RandomImageLayer<RandomBrightness> {
    private final double lower, upper;
    private double[] valueRange = {0, 255};

    /** {@code factor} in [-1, 1]: offsets in {@code [-|factor|, |factor|]} of the value range. */
    public RandomBrightness(double factor) { this(new double[] {factor}); }

    /** Offsets in {@code [lower, upper]} of the value range (the pair is sorted). */
    public RandomBrightness(double lower, double upper) { this(new double[] {lower, upper}); }

    RandomBrightness(double[] f) {
        double[] b = baseFactor(f, -1, 1, who());
        this.lower = b[0];
        this.upper = b[1];
    }

    /** The value range of the images (sorted), default [0, 255]. */
    public RandomBrightness valueRange(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) throw new IllegalArgumentException(who()
                + "The `value_range` argument should be a list of two numbers. Received: value_range=[" + a + ", " + b + "]");
        this.valueRange = new double[] {Math.min(a, b), Math.max(a, b)};
        return this;
    }

    public double[] factor() { return new double[] {lower, upper}; }
    public double[] valueRange() { return valueRange.clone(); }

    @Override protected Tensor augment(Tensor x) {
        int n = batchSize(x), r = x.rank();
        SplittableRandom rnd = nextRandom();
        double[] d = uniform(rnd, n, lower, upper);
        for (int i = 0; i < n; i++) d[i] *= valueRange[1] - valueRange[0];
        Tensor delta = Ops.cast(Tensor.wrap(d, r == 4 ? Shape.of(n, 1, 1, 1) : Shape.of(1, 1, 1)), x.dtype());
        return Ops.clip(Ops.add(x, delta), valueRange[0], valueRange[1]);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("factor", List.of(lower, upper));
        c.put("value_range", List.of(valueRange[0], valueRange[1]));
        return c;
    }
}
