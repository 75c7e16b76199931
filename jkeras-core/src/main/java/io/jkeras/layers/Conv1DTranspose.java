package io.jkeras.layers;

/**
 * 1-d transposed convolution (Keras's {@code keras.layers.Conv1DTranspose}); see
 * {@link BaseConvTranspose} for the output size and kernel layout.
 *
 * <pre>{@code
 * new Conv1DTranspose(16, 3).strides(2).padding("same")   // doubles each spatial size
 * }</pre>
 */
public class Conv1DTranspose extends BaseConvTranspose<Conv1DTranspose> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public Conv1DTranspose(int filters, int... kernelSize) { super(1, filters, kernelSize); }
}
