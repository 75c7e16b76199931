package io.jkeras.layers;

/**
 * 2-d maximum pooling over inputs {@code (batch, rows, cols, channels)} (Keras's {@code keras.layers.MaxPooling2D});
 * see {@link BasePooling} for the options.
 *
 * <pre>{@code
 * new MaxPooling2D(2).strides(1).padding("same").apply(x)   // (None, 28, 28, 8) -> (None, 28, 28, 8)
 * }</pre>
 */
public class MaxPooling2D extends BasePooling<MaxPooling2D> {
    /** A window of 2 along each spatial axis, strides equal to it, 'valid' padding. */
    public MaxPooling2D() { this(2); }

    /** @param poolSize one window size per spatial axis, or one for all */
    public MaxPooling2D(int... poolSize) { super(2, true, poolSize); }
}
