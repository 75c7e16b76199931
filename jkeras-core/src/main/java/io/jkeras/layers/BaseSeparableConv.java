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
 * The shared part of {@link SeparableConv1D} and {@link SeparableConv2D} (Keras's
 * {@code BaseSeparableConv}): a depthwise convolution ({@code depthwise_kernel} of shape
 * {@code kernel_size + (input_channels, depth_multiplier)}) followed by a 1x1 convolution mixing the
 * channels ({@code pointwise_kernel} of shape {@code (1, ..., input_channels * depth_multiplier, filters)}),
 * then the bias and activation. Strides, padding and dilation apply to the depthwise step.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseSeparableConv<T extends BaseSeparableConv<T>> extends AbstractConv<T> {
    protected final int filters;
    protected int depthMultiplier = 1;
    protected Initializer depthwiseInitializer = Initializers.get("glorot_uniform");
    protected Initializer pointwiseInitializer = Initializers.get("glorot_uniform");
    protected Regularizer depthwiseRegularizer, pointwiseRegularizer;
    protected Constraint depthwiseConstraint, pointwiseConstraint;
    protected Variable depthwiseKernel, pointwiseKernel;

    protected BaseSeparableConv(int rank, int filters, int[] kernelSize) {
        super(rank, kernelSize);
        if (filters <= 0) throw new IllegalArgumentException("Invalid value for argument `filters` of layer \"" + name()
                + "\". Expected a strictly positive value. Received filters=" + filters + ".");
        this.filters = filters;
    }

    public T depthMultiplier(int m) {
        checkNotBuilt("depth_multiplier");
        if (m <= 0) throw new IllegalArgumentException("Invalid value for argument `depth_multiplier` of layer \"" + name()
                + "\". Expected a strictly positive value. Received depth_multiplier=" + m + ".");
        this.depthMultiplier = m;
        return self();
    }
    public T depthwiseInitializer(String id) { return depthwiseInitializer(Initializers.get(id)); }
    public T depthwiseInitializer(Initializer i) { checkNotBuilt("depthwise_initializer"); this.depthwiseInitializer = i; return self(); }
    public T pointwiseInitializer(String id) { return pointwiseInitializer(Initializers.get(id)); }
    public T pointwiseInitializer(Initializer i) { checkNotBuilt("pointwise_initializer"); this.pointwiseInitializer = i; return self(); }
    public T depthwiseRegularizer(Regularizer r) { checkNotBuilt("depthwise_regularizer"); this.depthwiseRegularizer = r; return self(); }
    public T pointwiseRegularizer(Regularizer r) { checkNotBuilt("pointwise_regularizer"); this.pointwiseRegularizer = r; return self(); }
    public T depthwiseConstraint(Constraint c) { checkNotBuilt("depthwise_constraint"); this.depthwiseConstraint = c; return self(); }
    public T pointwiseConstraint(Constraint c) { checkNotBuilt("pointwise_constraint"); this.pointwiseConstraint = c; return self(); }

    public int filters() { return filters; }
    public int depthMultiplier() { return depthMultiplier; }
    public Variable depthwiseKernel() { return depthwiseKernel; }
    public Variable pointwiseKernel() { return pointwiseKernel; }

    @Override public void build(Shape inputShape) {
        checkStridesAndDilation();
        int c = inputChannels(inputShape);
        int[] ds = Arrays.copyOf(kernelSize, rank + 2);
        ds[rank] = c;
        ds[rank + 1] = depthMultiplier;
        int[] ps = new int[rank + 2];
        Arrays.fill(ps, 1);
        ps[rank] = c * depthMultiplier;
        ps[rank + 1] = filters;
        depthwiseKernel = addWeight("depthwise_kernel", Shape.of(ds), depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, true);
        pointwiseKernel = addWeight("pointwise_kernel", Shape.of(ps), pointwiseInitializer, pointwiseRegularizer, pointwiseConstraint, true);
        if (useBias) bias = addWeight("bias", Shape.of(filters), biasInitializer, biasRegularizer, biasConstraint, true);
        inputSpec = InputSpec.rank(rank + 2).withAxis(channelAxis(rank + 2), c);
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor y = NNOps.separableConv(x, depthwiseKernel.value(), pointwiseKernel.value(), useBias ? bias.value() : null,
                strides, padding, dataFormat, dilationRate);
        return activation.apply(y);
    }

    @Override protected int outputLength(int i, int in) { return NNOps.convOutputLength(in, kernelSize[i], strides[i], dilationRate[i], padding); }

    @Override protected int outputChannels(int inChannels) { return filters; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("depth_multiplier", depthMultiplier);
        c.put("depthwise_initializer", ConfigUtil.serialize(depthwiseInitializer));
        c.put("pointwise_initializer", ConfigUtil.serialize(pointwiseInitializer));
        c.put("depthwise_regularizer", ConfigUtil.serialize(depthwiseRegularizer));
        c.put("pointwise_regularizer", ConfigUtil.serialize(pointwiseRegularizer));
        c.put("depthwise_constraint", ConfigUtil.serialize(depthwiseConstraint));
        c.put("pointwise_constraint", ConfigUtil.serialize(pointwiseConstraint));
        return c;
    }
}
