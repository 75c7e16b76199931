package io.jkeras.layers;

/**
 * 2-d depthwise convolution (Keras's {@code keras.layers.DepthwiseConv2D}): each input channel
 * gets its own {@code depth_multiplier} filters; see {@link BaseDepthwiseConv}.
 *
 * <pre>{@code
 * new DepthwiseConv2D(3).depthMultiplier(2).padding("same")   // C channels in, 2C out
 * }</pre>
 */
public class DepthwiseConv2D extends BaseDepthwiseConv<DepthwiseConv2D> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public DepthwiseConv2D(int... kernelSize) { super(2, kernelSize); }
}
