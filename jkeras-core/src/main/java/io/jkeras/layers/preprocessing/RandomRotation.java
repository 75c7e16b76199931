package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Rotates each image by a random angle about its centre in training (Keras's
 * {@code keras.layers.RandomRotation}); identity in inference. The angle is drawn uniformly from
 * {@code [lower * 360, upper * 360]} degrees, positive values turning the content counter-clockwise:
 * {@code new RandomRotation(0.1)} rotates by up to 36 degrees either way, and
 * {@code new RandomRotation(0.25, 0.25)} by exactly +90 degrees.
 *
 * <pre>{@code
 * new RandomRotation(0.1).fillMode("constant").fillValue(0).seed(7)
 * }</pre>
 */
public class RandomRotation extends RandomAffineLayer<RandomRotation> {
    private final double lower, upper;

    /** Angles in {@code [-|factor|, |factor|]} turns; {@code factor} in [-1, 1]. */
    public RandomRotation(double factor) { this(new double[] {factor}); }

    /** Angles in {@code [lower, upper]} turns (the pair is sorted). */
    public RandomRotation(double lower, double upper) { this(new double[] {lower, upper}); }

    RandomRotation(double[] f) {
        double[] b = baseFactor(f, -1, 1, who());
        this.lower = b[0];
        this.upper = b[1];
    }

    /** The range of the angle as fractions of a full turn, {@code {lower, upper}}. */
    public double[] factor() { return new double[] {lower, upper}; }

    @Override protected Tensor augment(Tensor x) {
        int n = batchSize(x), r = x.rank();
        double h = x.dim(heightAxis(r)), w = x.dim(widthAxis(r));
        SplittableRandom rnd = nextRandom();
        double[] angles = uniform(rnd, n, lower * 360, upper * 360);
        double cx = 0.5 * (w - 1), cy = 0.5 * (h - 1);
        double[][] maps = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = Math.toRadians(angles[i]), cos = Math.cos(a), sin = Math.sin(a);
            // input (column, row) = R(a) (x - c) + c, with R = [[cos, -sin], [sin, cos]]
            maps[i] = new double[] {cos, -sin, cx - cx * cos + cy * sin, sin, cos, cy - cx * sin - cy * cos};
        }
        return transform(x, maps);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("factor", List.of(lower, upper));
        putAffineConfig(c);
        return c;
    }
}
