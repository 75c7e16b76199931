package io.jkeras.regularizers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pushes the rows (or columns) of a rank-2 weight towards orthogonality (Keras
 * {@code OrthogonalRegularizer(factor=0.01, mode="rows")}): with the rows L2-normalized (norm
 * floored at 1e-7), the penalty is {@code factor * 0.5 * sum(|P - diag(P)|) / (n (n - 1) / 2)}
 * where {@code P} is the matrix of their dot products and {@code n} their number.
 */
public class OrthogonalRegularizer implements Regularizer {
    private static final double EPSILON = 1e-7;
    private final double factor;
    private final boolean rows;

    /** Keras defaults: factor 0.01, rows. */
    public OrthogonalRegularizer() { this(0.01, "rows"); }

    /** @param mode {@code "rows"} or {@code "columns"} */
    public OrthogonalRegularizer(double factor, String mode) {
        this.factor = Regularizers.checkFactor(factor, "factor");
        if (!"rows".equals(mode) && !"columns".equals(mode)) throw new IllegalArgumentException(
                "Invalid value for argument `mode`. Expected one of {\"rows\", \"columns\"}. Received: mode=" + mode);
        this.rows = mode.equals("rows");
    }

    public double factor() { return factor; }
    public String mode() { return rows ? "rows" : "columns"; }

    @Override public Tensor apply(Tensor x) {
        if (x.rank() != 2) throw new IllegalArgumentException("Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=" + x.shape());
        int axis = rows ? 1 : 0;
        Tensor inv = Ops.minimum(Ops.rsqrt(Ops.sum(Ops.square(x), new int[] {axis}, true)), 1.0 / EPSILON);
        Tensor u = Ops.multiply(x, inv);
        Tensor p = rows ? Ops.matmul(u, u, false, true) : Ops.matmul(u, u, true, false);
        int n = p.dim(0);
        double[] offDiag = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) offDiag[i * n + j] = i == j ? 0 : 1;
        Tensor mask = Ops.cast(Tensor.of(offDiag, n, n), x.dtype());
        double pairs = n * (n - 1.0) / 2.0;
        return Ops.divide(Ops.multiply(Ops.sum(Ops.abs(Ops.multiply(p, mask))), factor * 0.5), pairs);
    }

    @Override public String className() { return "OrthogonalRegularizer"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("factor", factor);
        m.put("mode", mode());
        return m;
    }

    @Override public String toString() { return className() + getConfig(); }
}
