package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;

/**
 * Keras's {@code Input(shape=...)}: a symbolic input for the Functional API.
 *
 * <pre>{@code
 * KerasTensor x = Input.of(784);                 // shape (None, 784)
 * KerasTensor img = Input.of("image", 28, 28, 1);
 * }</pre>
 */
public final class Input {
    private Input() {}

    /** An input with per-sample {@code shape} (the batch dimension is added, unknown). */
    public static KerasTensor of(int... shape) { return of(null, DType.FLOAT32, shape); }

    public static KerasTensor of(String name, int... shape) { return of(name, DType.FLOAT32, shape); }

    public static KerasTensor of(String name, DType dtype, int... shape) {
        return new InputLayer(Shape.batched(shape), dtype, name).output();
    }

    /** An input with a full batch shape (use -1 for unknown dimensions), like Keras's {@code batch_shape=}. */
    public static KerasTensor ofBatchShape(String name, DType dtype, Shape batchShape) {
        return new InputLayer(batchShape, dtype, name).output();
    }
}
