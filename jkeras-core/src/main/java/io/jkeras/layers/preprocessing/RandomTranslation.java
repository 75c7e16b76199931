package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Tensor;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Shifts each image by a random fraction of its height and width in training (Keras's
 * {@code keras.layers.RandomTranslation}); identity in inference. Factors are fractions of the
 * size: {@code 0.1} shifts by up to 10% either way, {@code (-0.2, 0.3)} by 20% up/left to 30%
 * down/right. Positive shifts move the content down and right.
 *
 * <pre>{@code
 * new RandomTranslation(0.1, 0.1).fillMode("nearest").seed(3)
 * }</pre>
 */
public class RandomTranslation extends RandomAffineLayer<RandomTranslation> {
    private final double[] heightGiven, widthGiven;
    private final double hLow, hHigh, wLow, wHigh;

    /** Shifts in {@code [-|h|, |h|]} of the height and {@code [-|w|, |w|]} of the width; both in [-1, 1]. */
    public RandomTranslation(double heightFactor, double widthFactor) {
        this(new double[] {heightFactor}, new double[] {widthFactor});
    }

    /** Each factor one number or a pair {@code (lower, upper)}, values in [-1, 1]. */
    public RandomTranslation(double[] heightFactor, double[] widthFactor) {
        double[] hb = pairFactor(heightFactor, false, "height_factor", who(), "[-1.0, 1.0]");
        double[] wb = pairFactor(widthFactor, false, "width_factor", who(), "[-1.0, 1.0]");
        this.heightGiven = heightFactor.clone();
        this.widthGiven = widthFactor.clone();
        hLow = hb[0]; hHigh = hb[1]; wLow = wb[0]; wHigh = wb[1];
    }

    public double[] heightFactor() { return new double[] {hLow, hHigh}; }
    public double[] widthFactor() { return new double[] {wLow, wHigh}; }

    @Override protected Tensor augment(Tensor x) {
        int n = batchSize(x), r = x.rank();
        double h = x.dim(heightAxis(r)), w = x.dim(widthAxis(r));
        SplittableRandom rnd = nextRandom();
        double[] dy = uniform(rnd, n, hLow, hHigh), dx = uniform(rnd, n, wLow, wHigh);
        double[][] maps = new double[n][];
        for (int i = 0; i < n; i++) maps[i] = new double[] {1, 0, -dx[i] * w, 0, 1, -dy[i] * h};
        return transform(x, maps);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("height_factor", factorConfig(heightGiven));
        c.put("width_factor", factorConfig(widthGiven));
        putAffineConfig(c);
        return c;
    }
}
