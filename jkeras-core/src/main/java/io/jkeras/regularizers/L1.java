package io.jkeras.regularizers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code l1 * sum(|x|)} (Keras {@code L1(l1=0.01)}, identifier {@code "l1"}). */
public class L1 implements Regularizer {
    private final double l1;

    /** Keras default: {@code l1 = 0.01}. */
    public L1() { this(0.01); }

    public L1(double l1) { this.l1 = Regularizers.checkFactor(l1, "l1"); }

    public double l1() { return l1; }

    @Override public Tensor apply(Tensor x) { return Ops.multiply(Ops.sum(Ops.abs(x)), l1); }

    @Override public String className() { return "L1"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("l1", l1);
        return m;
    }

    @Override public String toString() { return className() + getConfig(); }
}
