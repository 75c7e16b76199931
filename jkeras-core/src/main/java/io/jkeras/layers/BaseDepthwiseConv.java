package io.jkeras.layers;

import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.NNOps;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * The shared part of {@link DepthwiseConv1D} and {@link DepthwiseConv2D} (Keras's
 * {@code BaseDepthwiseConv}): each input channel is convolved with its own {@code depth_multiplier}
 * filters; output channel {@code c * depth_multiplier + m}. Kernel shape
 * {@code kernel_size + (input_channels, depth_multiplier)}, bias {@code (input_channels * depth_multiplier,)}.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseDepthwiseConv<T extends BaseDepthwiseConv<T>> extends AbstractConv<T> {
    protected int depthMultiplier = 1;
    protected Initializer depthwiseInitializer = Initializers.get("glorot_uniform");
    protected Regularizer depthwiseRegularizer;
    protected Constraint depthwiseConstraint;
    protected Variable kernel;

    protected BaseDepthwiseConv(int rank, int[] kernelSize) { super(rank, kernelSize); }

    public T depthMultiplier(int m) {
        checkNotBuilt("depth_multiplier");
        if (m <= 0) throw new IllegalArgumentException("Invalid value for argument `depth_multiplier` of layer \"" + name()
                + "\". Expected a strictly positive value. Received depth_multiplier=" + m + ".");
        this.depthMultiplier = m;
        return self();
    }
    public T depthwiseInitializer(String id) { return depthwiseInitializer(Initializers.get(id)); }
    public T depthwiseInitializer(Initializer i) { checkNotBuilt("depthwise_initializer"); this.depthwiseInitializer = i; return self(); }
    public T depthwiseRegularizer(Regularizer r) { checkNotBuilt("depthwise_regularizer"); this.depthwiseRegularizer = r; return self(); }
    public T depthwiseConstraint(Constraint c) { checkNotBuilt("depthwise_constraint"); this.depthwiseConstraint = c; return self(); }

    public int depthMultiplier() { return depthMultiplier; }
    /** The depthwise kernel (Keras 3 names it {@code kernel}). */
    public Variable kernel() { return kernel; }

    @Override public void build(Shape inputShape) {
        checkStridesAndDilation();
        int c = inputChannels(inputShape);
        int[] ks = Arrays.copyOf(kernelSize, rank + 2);
        ks[rank] = c;
        ks[rank + 1] = depthMultiplier;
        kernel = addWeight("kernel", Shape.of(ks), depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, true);
        if (useBias) bias = addWeight("bias", Shape.of(c * depthMultiplier), biasInitializer, biasRegularizer, biasConstraint, true);
        inputSpec = InputSpec.rank(rank + 2).withAxis(channelAxis(rank + 2), c);
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        int c = kernel.shape().dim(rank);
        int[] ks = kernel.shape().toArray();
        ks[rank] = 1;
        ks[rank + 1] = c * depthMultiplier;
        // a grouped convolution with one group per input channel: [k..., C, dm] read as [k..., 1, C*dm]
        Tensor w = io.jkeras.ops.Ops.reshape(kernel.value(), Shape.of(ks));
        Tensor y = NNOps.conv(x, w, useBias ? bias.value() : null, strides, padding, dataFormat, dilationRate);
        return activation.apply(y);
    }

    @Override protected int outputLength(int i, int in) { return NNOps.convOutputLength(in, kernelSize[i], strides[i], dilationRate[i], padding); }

    @Override protected int outputChannels(int inChannels) { return inChannels == Shape.UNKNOWN ? Shape.UNKNOWN : inChannels * depthMultiplier; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("depth_multiplier", depthMultiplier);
        c.put("depthwise_initializer", ConfigUtil.serialize(depthwiseInitializer));
        c.put("depthwise_regularizer", ConfigUtil.serialize(depthwiseRegularizer));
        c.put("depthwise_constraint", ConfigUtil.serialize(depthwiseConstraint));
        return c;
    }
}
