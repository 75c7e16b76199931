package io.jkeras.regularizers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code l1 * sum(|x|) + l2 * sum(x^2)} (Keras {@code L1L2(l1=0.0, l2=0.0)}, identifiers
 * {@code "l1l2"} and {@code "l1_l2"}). As in Keras, both factors default to 0, unlike
 * {@link L1} and {@link L2}; a term whose factor is 0 is left out.
 */
public class L1L2 implements Regularizer {
    private final double l1, l2;

    /** Keras defaults: both factors 0 (a zero penalty). */
    public L1L2() { this(0.0, 0.0); }

    public L1L2(double l1, double l2) {
        this.l1 = Regularizers.checkFactor(l1, "l1");
        this.l2 = Regularizers.checkFactor(l2, "l2");
    }

    public double l1() { return l1; }
    public double l2() { return l2; }

    @Override public Tensor apply(Tensor x) {
        Tensor r = Ops.scalar(0, x.dtype());
        if (l1 != 0) r = Ops.add(r, Ops.multiply(Ops.sum(Ops.abs(x)), l1));
        if (l2 != 0) r = Ops.add(r, Ops.multiply(Ops.sum(Ops.square(x)), l2));
        return r;
    }

    @Override public String className() { return "L1L2"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("l1", l1);
        m.put("l2", l2);
        return m;
    }

    @Override public String toString() { return className() + getConfig(); }
}
