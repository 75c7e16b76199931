package io.jkeras.constraints;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the norm of the weights along {@code axis} between two bounds (Keras
 * {@code MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)}):
 * {@code w * (rate * clip(norms, min, max) + (1 - rate) * norms) / (1e-7 + norms)}. A rate below 1
 * moves the norms only part of the way at each step.
 */
public class MinMaxNorm extends NormConstraint {
    private final double minValue, maxValue, rate;

    /** Keras defaults: min 0, max 1, rate 1, axis 0. */
    public MinMaxNorm() { this(0.0, 1.0, 1.0, 0); }

    public MinMaxNorm(double minValue, double maxValue) { this(minValue, maxValue, 1.0, 0); }

    public MinMaxNorm(double minValue, double maxValue, double rate, int... axis) {
        super(axis.length == 0 ? new int[] {0} : axis);
        if (!(minValue <= maxValue)) throw new IllegalArgumentException("MinMaxNorm: min_value must be <= max_value, received min_value="
                + minValue + ", max_value=" + maxValue);
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.rate = rate;
    }

    public double minValue() { return minValue; }
    public double maxValue() { return maxValue; }
    public double rate() { return rate; }
    public int[] axis() { return axes.clone(); }

    @Override public Tensor apply(Tensor w) {
        Tensor norms = norms(w);
        Tensor desired = Ops.add(Ops.multiply(Ops.clip(norms, minValue, maxValue), rate), Ops.multiply(norms, 1 - rate));
        return Ops.multiply(w, Ops.divide(desired, Ops.add(norms, EPSILON)));
    }

    @Override public String className() { return "MinMaxNorm"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_value", minValue);
        m.put("max_value", maxValue);
        m.put("rate", rate);
        m.put("axis", axisConfig());
        return m;
    }
}
