package io.jkeras.layers;

/**
 * 2-d average pooling over inputs {@code (batch, rows, cols, channels)} (Keras's {@code keras.layers.AveragePooling2D});
 * see {@link BasePooling} for the options.
 *
 * <pre>{@code
 * new AveragePooling2D(2).strides(1).padding("same").apply(x)   // (None, 28, 28, 8) -> (None, 28, 28, 8)
 * }</pre>
 */
public class AveragePooling2D extends BasePooling<AveragePooling2D> {
    /** A window of 2 along each spatial axis, strides equal to it, 'valid' padding. */
    public AveragePooling2D() { this(2); }

    /** @param poolSize one window size per spatial axis, or one for all */
    public AveragePooling2D(int... poolSize) { super(2, false, poolSize); }
}
