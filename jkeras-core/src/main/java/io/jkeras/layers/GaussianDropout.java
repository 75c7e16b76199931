package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Multiplies by Gaussian noise of mean 1 and standard deviation {@code sqrt(rate / (1 - rate))} in
 * training (Keras's {@code keras.layers.GaussianDropout}); identity in inference.
 *
 * <pre>{@code
 * new GaussianDropout(0.2).seed(3)
 * }</pre>
 */
public class GaussianDropout extends Layer {
    private final double rate;
    private final NoiseSeeds seeds = new NoiseSeeds();

    public GaussianDropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Invalid value received for argument `rate` of layer \"" + name()
                + "\". Expected a float value between 0 (inclusive) and 1 (exclusive). Received: rate=" + rate);
        this.rate = rate;
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    public GaussianDropout seed(long seed) { seeds.seed(seed); return this; }
    @Override public GaussianDropout name(String n) { super.name(n); return this; }
    @Override public GaussianDropout inputShape(int... s) { super.inputShape(s); return this; }

    public double rate() { return rate; }

    @Override protected Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0) return x;
        DType dt = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        double stddev = Math.sqrt(rate / (1 - rate));
        return Ops.multiply(x, Ops.randomNormal(x.shape(), 1, stddev, dt, seeds.next()));
    }

    @Override public Shape computeOutputShape(Shape s) { return s; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", seeds.seed());
        return c;
    }
}
