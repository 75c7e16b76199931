package io.jkeras.constraints;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Caps the norm of the weights along {@code axis} (Keras {@code MaxNorm(max_value=2, axis=0)}):
 * {@code w * clip(norms, 0, max_value) / (1e-7 + norms)}. For a Dense kernel {@code (in, units)},
 * axis 0 caps each unit's incoming weight vector; for a Conv2D kernel use axes {@code 0, 1, 2}.
 */
public class MaxNorm extends NormConstraint {
    private final double maxValue;

    /** Keras defaults: max_value 2, axis 0. */
    public MaxNorm() { this(2.0, 0); }

    public MaxNorm(double maxValue, int... axis) {
        super(axis.length == 0 ? new int[] {0} : axis);
        if (!(maxValue >= 0)) throw new IllegalArgumentException("MaxNorm: max_value must be >= 0, received max_value=" + maxValue);
        this.maxValue = maxValue;
    }

    public double maxValue() { return maxValue; }
    public int[] axis() { return axes.clone(); }

    @Override public Tensor apply(Tensor w) {
        Tensor norms = norms(w);
        Tensor desired = Ops.clip(norms, 0.0, maxValue);
        return Ops.multiply(w, Ops.divide(desired, Ops.add(norms, EPSILON)));
    }

    @Override public String className() { return "MaxNorm"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_value", maxValue);
        m.put("axis", axisConfig());
        return m;
    }
}
