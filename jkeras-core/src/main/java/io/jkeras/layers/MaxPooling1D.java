package io.jkeras.layers;

/**
 * 1-d maximum pooling over inputs {@code (batch, steps, channels)} (Keras's {@code keras.layers.MaxPooling1D});
 * see {@link BasePooling} for the options.
 *
 * <pre>{@code
 * new MaxPooling1D(2).apply(x)   // (None, 10, 8) -> (None, 5, 8)
 * }</pre>
 */
public class MaxPooling1D extends BasePooling<MaxPooling1D> {
    /** A window of 2 along each spatial axis, strides equal to it, 'valid' padding. */
    public MaxPooling1D() { this(2); }

    /** @param poolSize one window size per spatial axis, or one for all */
    public MaxPooling1D(int... poolSize) { super(1, true, poolSize); }
}
