package io.jkeras.layers;

/**
 * 2-d transposed convolution (Keras's {@code keras.layers.Conv2DTranspose}); see
 * {@link BaseConvTranspose} for the output size and kernel layout.
 *
 * <pre>{@code
 * new Conv2DTranspose(16, 3).strides(2).padding("same")   // doubles each spatial size
 * }</pre>
 */
public class Conv2DTranspose extends BaseConvTranspose<Conv2DTranspose> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public Conv2DTranspose(int filters, int... kernelSize) { super(2, filters, kernelSize); }
}
