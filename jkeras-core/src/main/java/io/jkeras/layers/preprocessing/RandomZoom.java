package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Tensor;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Zooms each image in or out about its centre by a random amount in training (Keras's
 * {@code keras.layers.RandomZoom}); identity in inference. A factor {@code f} draws the zoom from
 * {@code [1 + lower, 1 + upper]}: positive values zoom <em>out</em> (the content shrinks, the
 * border is filled), negative values zoom in. {@code 0.2} means {@code [-0.2, 0.2]}. Without a
 * width factor both axes use the height's draw, keeping the aspect ratio.
 *
 * <pre>{@code
 * new RandomZoom(0.2).seed(1)                         // same zoom on both axes
 * new RandomZoom(-0.3, -0.1).widthFactor(0.1, 0.2)    // zoom in on rows, out on columns
 * }</pre>
 */
public class RandomZoom extends RandomAffineLayer<RandomZoom> {
    private final double[] heightGiven;
    private final double hLow, hHigh;
    private double[] widthGiven;
    private double wLow, wHigh;

    /** {@code height_factor} in (-1, 1]: zoom in {@code [1 - |f|, 1 + |f|]}. */
    public RandomZoom(double heightFactor) { this(new double[] {heightFactor}); }

    /** {@code height_factor = (lower, upper)}. */
    public RandomZoom(double lower, double upper) { this(new double[] {lower, upper}); }

    RandomZoom(double[] f) {
        double[] b = pairFactor(f, true, "height_factor", who(), "(-1.0, 1.0]");
        this.heightGiven = f.clone();
        this.hLow = b[0];
        this.hHigh = b[1];
    }

    /** A separate zoom for the columns: one number or a pair, each in (-1, 1]. */
    public RandomZoom widthFactor(double... f) {
        if (f == null) { widthGiven = null; return this; }
        double[] b = pairFactor(f, true, "width_factor", who(), "(-1.0, 1.0]");
        this.widthGiven = f.clone();
        this.wLow = b[0];
        this.wHigh = b[1];
        return this;
    }

    public double[] heightFactor() { return new double[] {hLow, hHigh}; }

    /** The width range, or null when the width follows the height. */
    public double[] widthFactor() { return widthGiven == null ? null : new double[] {wLow, wHigh}; }

    @Override protected Tensor augment(Tensor x) {
        int n = batchSize(x), r = x.rank();
        double h = x.dim(heightAxis(r)), w = x.dim(widthAxis(r));
        SplittableRandom rnd = nextRandom();
        double[] zh = uniform(rnd, n, 1 + hLow, 1 + hHigh);
        double[] zw = widthGiven == null ? zh : uniform(rnd, n, 1 + wLow, 1 + wHigh);
        double[][] maps = new double[n][];
        for (int i = 0; i < n; i++) {
            maps[i] = new double[] {zw[i], 0, (w - 1) / 2 * (1 - zw[i]), 0, zh[i], (h - 1) / 2 * (1 - zh[i])};
        }
        return transform(x, maps);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("height_factor", factorConfig(heightGiven));
        c.put("width_factor", widthGiven == null ? null : factorConfig(widthGiven));
        putAffineConfig(c);
        return c;
    }
}
