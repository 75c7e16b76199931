package io.jkeras.initializers;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Produces a weight's initial value ({@code keras.initializers}).
 *
 * <pre>{@code
 * Initializer init = new HeNormal(42);
 * Tensor w = init.generate(Shape.of(784, 128), DType.FLOAT32);
 * init.className();                      // "HeNormal"
 * init.getConfig();                      // {seed=42, input_axes=null, output_axes=null}
 * }</pre>
 */
public interface Initializer {
    /** A new tensor of {@code shape} and {@code dtype} (a floating dtype for the random initializers). */
    Tensor generate(Shape shape, DType dtype);

    /** {@link #generate(Shape, DType)} in float32. */
    default Tensor generate(Shape shape) { return generate(shape, DType.FLOAT32); }

    /** The Keras class name, e.g. {@code "GlorotUniform"}. */
    String className();

    /** The Keras config (keys as Keras writes them, e.g. {@code "stddev"}); empty by default. */
    default Map<String, Object> getConfig() { return Map.of(); }
}
