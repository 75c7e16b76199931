package io.jkeras.layers.preprocessing;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scales each image's contrast by a random factor in training (Keras's
 * {@code keras.layers.RandomContrast}); identity in inference. Per image and channel,
 * {@code (x - mean) * f + mean} with the mean over the pixels, then clipped to
 * {@link #valueRange(double, double) valueRange} (default {@code [0, 255]}). {@code f} is drawn
 * from {@code [1 - lower, 1 + upper]}.
 *
 * <p>As in Keras 3, one number {@code factor} in [0, 1] is read as {@code (lower, upper) = (0, factor)},
 * so {@code new RandomContrast(0.2)} draws {@code f} from {@code [1, 1.2]} and only raises the
 * contrast; for the symmetric range {@code [0.8, 1.2]} give the pair {@code (0.2, 0.2)}.
 *
 * <pre>{@code
 * new RandomContrast(0.2).seed(5)
 * }</pre>
 */
public class RandomContrast extends RandomImageLayer<RandomContrast> {
    private final double lower, upper;
    private double[] valueRange = {0, 255};

    /** {@code factor} in [0, 1]: contrast factor in {@code [1, 1 + factor]} (Keras 3's reading of one number). */
    public RandomContrast(double factor) { this(new double[] {factor}); }

    /** Contrast factor in {@code [1 - lower, 1 + upper]} (the pair is sorted first). */
    public RandomContrast(double lower, double upper) { this(new double[] {lower, upper}); }

    RandomContrast(double[] f) {
        double[] b = baseFactor(f, 0, 1, who());
        this.lower = b[0];
        this.upper = b[1];
    }

    /** The range outputs are clipped to (default [0, 255]). */
    public RandomContrast valueRange(double low, double high) {
        if (!(low <= high)) throw new IllegalArgumentException(who() + "`value_range` must be (low, high) with low <= high. Received: value_range=["
                + num(low) + ", " + num(high) + "]");
        this.valueRange = new double[] {low, high};
        return this;
    }

    public double[] factor() { return new double[] {lower, upper}; }
    public double[] valueRange() { return valueRange.clone(); }

    @Override protected Tensor augment(Tensor x) {
        int n = batchSize(x), r = x.rank();
        SplittableRandom rnd = nextRandom();
        double[] f = uniform(rnd, n, 1 - lower, 1 + upper);
        Tensor factor = Ops.cast(Tensor.wrap(f, r == 4 ? Shape.of(n, 1, 1, 1) : Shape.of(1, 1, 1)), x.dtype());
        Tensor mean = Ops.mean(x, new int[] {heightAxis(r), widthAxis(r)}, true);
        Tensor out = Ops.add(Ops.multiply(Ops.subtract(x, mean), factor), mean);
        return Ops.clip(out, valueRange[0], valueRange[1]);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("factor", List.of(lower, upper));
        c.put("value_range", List.of(valueRange[0], valueRange[1]));
        return c;
    }
}
