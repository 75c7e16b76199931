package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Adds zero-centred Gaussian noise of standard deviation {@code stddev} in training (Keras's
 * {@code keras.layers.GaussianNoise}); identity in inference. Seeded like {@link Dropout}.
 *
 * <pre>{@code
 * new GaussianNoise(0.1).seed(3)
 * }</pre>
 */
public class GaussianNoise extends Layer {
    private final double stddev;
    private final NoiseSeeds seeds = new NoiseSeeds();

    public GaussianNoise(double stddev) {
        if (!(stddev >= 0)) throw new IllegalArgumentException("Invalid value received for argument `stddev` of layer \"" + name()
                + "\". Expected a float value >= 0. Received: stddev=" + stddev);
        this.stddev = stddev;
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    public GaussianNoise seed(long seed) { seeds.seed(seed); return this; }
    @Override public GaussianNoise name(String n) { super.name(n); return this; }
    @Override public GaussianNoise inputShape(int... s) { super.inputShape(s); return this; }

    public double stddev() { return stddev; }

    @Override protected Tensor call(Tensor x, boolean training) {
        if (!training || stddev == 0) return x;
        DType dt = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        return Ops.add(x, Ops.randomNormal(x.shape(), 0, stddev, dt, seeds.next()));
    }

    @Override public Shape computeOutputShape(Shape s) { return s; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("stddev", stddev);
        c.put("seed", seeds.seed());
        return c;
    }
}
