package io.jkeras.layers;

/**
 * 2-d convolution over images, inputs {@code (batch, rows, cols, channels)}; kernel {@code (kh, kw, in/groups, filters)}.
 * Keras's {@code keras.layers.Conv2D}; see {@link BaseConv} for the options and defaults.
 *
 * <pre>{@code
 * new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1)   // Keras: Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1))
 * }</pre>
 */
public class Conv2D extends BaseConv<Conv2D> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public Conv2D(int filters, int... kernelSize) { super(2, filters, kernelSize); }

    /** {@code Conv2D(filters, kernel_size, activation=activation)}. */
    public Conv2D(int filters, int kernelSize, String activation) { this(filters, kernelSize); activation(activation); }
}
