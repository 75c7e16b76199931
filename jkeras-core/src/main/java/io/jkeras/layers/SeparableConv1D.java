package io.jkeras.layers;

/**
 * 1-d separable convolution (Keras's {@code keras.layers.SeparableConv1D}): a depthwise
 * convolution then a pointwise one; see {@link BaseSeparableConv}.
 *
 * <pre>{@code
 * new SeparableConv1D(64, 3).activation("relu").padding("same")
 * }</pre>
 */
public class SeparableConv1D extends BaseSeparableConv<SeparableConv1D> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public SeparableConv1D(int filters, int... kernelSize) { super(1, filters, kernelSize); }
}
