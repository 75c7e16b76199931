package io.jkeras.regularizers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code l2 * sum(x^2)} (Keras {@code L2(l2=0.01)}, identifier {@code "l2"}); note: no factor 1/2. */
public class L2 implements Regularizer {
    private final double l2;

    /** Keras default: {@code l2 = 0.01}. */
    public L2() { this(0.01); }

    public L2(double l2) { this.l2 = Regularizers.checkFactor(l2, "l2"); }

    public double l2() { return l2; }

    @Override public Tensor apply(Tensor x) { return Ops.multiply(Ops.sum(Ops.square(x)), l2); }

    @Override public String className() { return "L2"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("l2", l2);
        return m;
    }

    @Override public String toString() { return className() + getConfig(); }
}
