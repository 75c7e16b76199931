package io.jkeras.layers;

/**
 * 3-d transposed convolution (Keras's {@code keras.layers.Conv3DTranspose}); see
 * {@link BaseConvTranspose} for the output size and kernel layout.
 *
 * <pre>{@code
 * new Conv3DTranspose(16, 3).strides(2).padding("same")   // doubles each spatial size
 * }</pre>
 */
public class Conv3DTranspose extends BaseConvTranspose<Conv3DTranspose> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public Conv3DTranspose(int filters, int... kernelSize) { super(3, filters, kernelSize); }
}
