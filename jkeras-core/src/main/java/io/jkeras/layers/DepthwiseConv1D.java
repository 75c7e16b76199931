package io.jkeras.layers;

/**
 * 1-d depthwise convolution (Keras's {@code keras.layers.DepthwiseConv1D}): each input channel
 * gets its own {@code depth_multiplier} filters; see {@link BaseDepthwiseConv}.
 *
 * <pre>{@code
 * new DepthwiseConv1D(3).depthMultiplier(2).padding("same")   // C channels in, 2C out
 * }</pre>
 */
public class DepthwiseConv1D extends BaseDepthwiseConv<DepthwiseConv1D> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public DepthwiseConv1D(int... kernelSize) { super(1, kernelSize); }
}
