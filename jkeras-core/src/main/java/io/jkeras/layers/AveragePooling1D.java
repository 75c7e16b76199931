package io.jkeras.layers;

/**
 * 1-d average pooling over inputs {@code (batch, steps, channels)} (Keras's {@code keras.layers.AveragePooling1D});
 * see {@link BasePooling} for the options.
 *
 * <pre>{@code
 * new AveragePooling1D(2).apply(x)   // (None, 10, 8) -> (None, 5, 8)
 * }</pre>
 */
public class AveragePooling1D extends BasePooling<AveragePooling1D> {
    /** A window of 2 along each spatial axis, strides equal to it, 'valid' padding. */
    public AveragePooling1D() { this(2); }

    /** @param poolSize one window size per spatial axis, or one for all */
    public AveragePooling1D(int... poolSize) { super(1, false, poolSize); }
}
