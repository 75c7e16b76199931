package io.jkeras.layers;

/**
 * 3-d maximum pooling over inputs {@code (batch, d1, d2, d3, channels)} (Keras's {@code keras.layers.MaxPooling3D});
 * see {@link BasePooling} for the options.
 *
 * <pre>{@code
 * new MaxPooling3D(2, 2, 2).apply(x)   // (None, 8, 8, 8, 4) -> (None, 4, 4, 4, 4)
 * }</pre>
 */
public class MaxPooling3D extends BasePooling<MaxPooling3D> {
    /** A window of 2 along each spatial axis, strides equal to it, 'valid' padding. */
    public MaxPooling3D() { this(2); }

    /** @param poolSize one window size per spatial axis, or one for all */
    public MaxPooling3D(int... poolSize) { super(3, true, poolSize); }
}
