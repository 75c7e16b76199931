package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * The rectified linear unit as a layer, with Keras's three options (Keras's
 * {@code keras.layers.ReLU}):
 * <pre>
 * f(x) = max_value                      for x >= max_value
 * f(x) = x                              for threshold <= x < max_value
 * f(x) = negative_slope * (x - threshold)  otherwise
 * </pre>
 * The defaults ({@code max_value = None}, slope 0, threshold 0) give the plain {@code max(x, 0)}.
 *
 * <pre>{@code
 * new ReLU().apply(Tensor.of(-2f, 3f));                          // [0, 3]
 * new ReLU(6.0, 0.1, 0.5).apply(Tensor.of(-1.5f, 1f, 9f));       // [-0.2, 1, 6]
 * }</pre>
 */
public class ReLU extends Layer {
    private Double maxValue;
    private double negativeSlope;
    private double threshold;

    /** {@code ReLU()}: {@code max(x, 0)}. */
    public ReLU() { this(null, 0, 0); }

    /**
     * {@code ReLU(max_value, negative_slope, threshold)}.
     *
     * @param maxValue      the saturation value (>= 0), or null for none
     * @param negativeSlope the slope below the threshold (>= 0)
     * @param threshold     where the unit turns on (>= 0)
     */
    public ReLU(Double maxValue, double negativeSlope, double threshold) {
        maxValue(maxValue);
        negativeSlope(negativeSlope);
        threshold(threshold);
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    /** The saturation value ({@code max_value}, >= 0), or null for none. */
    public ReLU maxValue(Double v) {
        if (v != null && !(v >= 0)) throw new IllegalArgumentException("max_value of a ReLU layer (\"" + name()
                + "\") cannot be a negative value. Received: max_value=" + v);
        this.maxValue = v;
        return this;
    }

    /** The slope below the threshold ({@code negative_slope}, >= 0). */
    public ReLU negativeSlope(double s) {
        if (!(s >= 0)) throw new IllegalArgumentException("negative_slope of a ReLU layer (\"" + name()
                + "\") cannot be a negative value. Received: negative_slope=" + s);
        this.negativeSlope = s;
        return this;
    }

    /** Where the unit turns on ({@code threshold}, >= 0). */
    public ReLU threshold(double t) {
        if (!(t >= 0)) throw new IllegalArgumentException("threshold of a ReLU layer (\"" + name()
                + "\") cannot be a negative value. Received: threshold=" + t);
        this.threshold = t;
        return this;
    }

    @Override public ReLU name(String n) { super.name(n); return this; }
    @Override public ReLU inputShape(int... s) { super.inputShape(s); return this; }

    public Double maxValue() { return maxValue; }
    public double negativeSlope() { return negativeSlope; }
    public double threshold() { return threshold; }

    @Override protected Tensor call(Tensor x, boolean training) {
        return Activations.relu(negativeSlope, maxValue, threshold).apply(x);
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("max_value", maxValue);
        c.put("negative_slope", negativeSlope);
        c.put("threshold", threshold);
        return c;
    }
}
