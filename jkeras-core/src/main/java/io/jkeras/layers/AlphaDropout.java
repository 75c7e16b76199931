package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Dropout that keeps the mean and variance of its inputs, for self-normalizing (SELU) networks
 * (Keras's {@code keras.layers.AlphaDropout}): in training each value is replaced with probability
 * {@code rate} by SELU's negative saturation value {@code -alpha*scale}, then all are mapped by
 * {@code a*x + b} with {@code a = ((1-rate)(1 + rate*alpha'^2))^-1/2} and {@code b = -a*alpha'*rate}.
 * Identity in inference.
 *
 * <pre>{@code
 * new AlphaDropout(0.1).seed(3)
 * }</pre>
 */
public class AlphaDropout extends Layer {
    private static final double ALPHA = 1.6732632423543772848170429916717;
    private static final double SCALE = 1.0507009873554804934193349852946;
    private final double rate;
    private int[] noiseShape;
    private final NoiseSeeds seeds = new NoiseSeeds();

    public AlphaDropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Invalid value received for argument `rate` of layer \"" + name()
                + "\". Expected a float value between 0 (inclusive) and 1 (exclusive). Received: rate=" + rate);
        this.rate = rate;
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    public AlphaDropout seed(long seed) { seeds.seed(seed); return this; }

    /** The mask's shape, batch axis included; -1 takes the input's size, 1 shares one draw along that axis. */
    public AlphaDropout noiseShape(int... shape) { this.noiseShape = shape == null ? null : shape.clone(); return this; }

    @Override public AlphaDropout name(String n) { super.name(n); return this; }
    @Override public AlphaDropout inputShape(int... s) { super.inputShape(s); return this; }

    public double rate() { return rate; }

    @Override protected Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0) return x;
        DType dt = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        Shape ns = x.shape();
        if (noiseShape != null) {
            if (noiseShape.length != x.rank()) throw new IllegalArgumentException("Layer \"" + name() + "\" (AlphaDropout): noise_shape "
                    + Arrays.toString(noiseShape) + " has " + noiseShape.length + " dimensions, the input has shape " + x.shape());
            int[] d = new int[x.rank()];
            for (int i = 0; i < d.length; i++) d[i] = noiseShape[i] == -1 ? x.dim(i) : noiseShape[i];
            ns = Shape.of(d);
        }
        double alphaP = -ALPHA * SCALE;
        Tensor kept = Ops.cast(Ops.greaterEqual(Ops.randomUniform(ns, 0, 1, dt, seeds.next()), Ops.scalar(rate, dt)), dt);
        double a = Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
        double b = -a * alphaP * rate;
        Tensor masked = Ops.add(Ops.multiply(Ops.cast(x, dt), kept), Ops.multiply(Ops.subtract(1.0, kept), alphaP));
        return Ops.add(Ops.multiply(masked, a), b);
    }

    @Override public Shape computeOutputShape(Shape s) { return s; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", seeds.seed());
        c.put("noise_shape", noiseShape == null ? null : ConfigUtil.list(noiseShape));
        return c;
    }
}
