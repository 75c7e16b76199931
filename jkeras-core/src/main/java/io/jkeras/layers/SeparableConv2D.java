package io.jkeras.layers;

/**
 * 2-d separable convolution (Keras's {@code keras.layers.SeparableConv2D}): a depthwise
 * convolution then a pointwise one; see {@link BaseSeparableConv}.
 *
 * <pre>{@code
 * new SeparableConv2D(64, 3).activation("relu").padding("same")
 * }</pre>
 */
public class SeparableConv2D extends BaseSeparableConv<SeparableConv2D> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public SeparableConv2D(int filters, int... kernelSize) { super(2, filters, kernelSize); }
}
