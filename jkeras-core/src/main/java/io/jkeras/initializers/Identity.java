package io.jkeras.initializers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code gain} times the identity matrix (Keras {@code Identity(gain=1.0)}); 2-D shapes only,
 * rectangular ones get ones on the main diagonal.
 */
public class Identity implements Initializer {
    private final double gain;

    public Identity() { this(1.0); }

    public Identity(double gain) { this.gain = gain; }

    public double gain() { return gain; }

    @Override public Tensor generate(Shape shape, DType dtype) {
        if (shape.rank() != 2) throw new IllegalArgumentException("Identity matrix initializer can only be used for 2D matrices. "
                + "Received: shape=" + shape + " of rank " + shape.rank() + ".");
        int r = shape.dim(0), c = shape.dim(1);
        double[] d = new double[r * c];
        for (int i = 0; i < Math.min(r, c); i++) d[i * c + i] = gain;
        Tensor t = Tensor.wrap(d, shape);
        return dtype == DType.FLOAT64 ? t : Ops.cast(t, dtype);
    }

    @Override public String className() { return "Identity"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gain", gain);
        return m;
    }

    @Override public String toString() { return className() + getConfig(); }
}
