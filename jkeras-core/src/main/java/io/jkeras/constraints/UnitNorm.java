package io.jkeras.constraints;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** Scales the weights along {@code axis} to unit norm (Keras {@code UnitNorm(axis=0)}): {@code w / (1e-7 + norms)}. */
public class UnitNorm extends NormConstraint {
    /** Keras default: axis 0. */
    public UnitNorm() { this(0); }

    public UnitNorm(int... axis) { super(axis.length == 0 ? new int[] {0} : axis); }

    public int[] axis() { return axes.clone(); }

    @Override public Tensor apply(Tensor w) { return Ops.divide(w, Ops.add(norms(w), EPSILON)); }

    @Override public String className() { return "UnitNorm"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("axis", axisConfig());
        return m;
    }
}
