package io.jkeras.initializers;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every value equal to {@code value} (Keras {@code Constant(value=0.0)}). */
public class Constant implements Initializer {
    private final double value;

    public Constant() { this(0.0); }

    public Constant(double value) { this.value = value; }

    public double value() { return value; }

    @Override public Tensor generate(Shape shape, DType dtype) { return Tensor.full(shape, value, dtype); }

    @Override public String className() { return "Constant"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        return m;
    }

    @Override public String toString() { return className() + getConfig(); }
}
