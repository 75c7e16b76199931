package io.jkeras.layers;

/**
 * 3-d convolution over volumes, inputs {@code (batch, d1, d2, d3, channels)}; kernel {@code (k1, k2, k3, in/groups, filters)}.
 * Keras's {@code keras.layers.Conv3D}; see {@link BaseConv} for the options and defaults.
 *
 * <pre>{@code
 * new Conv3D(8, 3, 3, 3).padding("same").inputShape(16, 32, 32, 1)   // (None, 16, 32, 32, 8)
 * }</pre>
 */
public class Conv3D extends BaseConv<Conv3D> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public Conv3D(int filters, int... kernelSize) { super(3, filters, kernelSize); }

    /** {@code Conv3D(filters, kernel_size, activation=activation)}. */
    public Conv3D(int filters, int kernelSize, String activation) { this(filters, kernelSize); activation(activation); }
}
