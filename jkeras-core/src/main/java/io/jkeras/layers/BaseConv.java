package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.autodiff.Variable;
import io.jkeras.backend.Epilogue;
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
 * The shared part of {@link Conv1D}, {@link Conv2D} and {@link Conv3D} (Keras's {@code BaseConv}):
 * {@code output = activation(conv(inputs, kernel) + bias)} with a kernel of shape
 * {@code kernel_size + (input_channels / groups, filters)}. Defaults are Keras's: strides 1,
 * 'valid' padding, channels last, no dilation, one group, no activation, a bias, glorot_uniform
 * kernel and zeros bias.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseConv<T extends BaseConv<T>> extends AbstractConv<T> {
    protected final int filters;
    protected int groups = 1;
    protected Initializer kernelInitializer = Initializers.get("glorot_uniform");
    protected Regularizer kernelRegularizer;
    protected Constraint kernelConstraint;
    protected Variable kernel;

    protected BaseConv(int rank, int filters, int[] kernelSize) {
        super(rank, kernelSize);
        if (filters <= 0) throw new IllegalArgumentException("Invalid value for argument `filters` of layer \"" + name()
                + "\". Expected a strictly positive value. Received filters=" + filters + ".");
        this.filters = filters;
    }

    @Override protected boolean allowsCausal() { return rank == 1; }

    /** Splits the channels into {@code groups} independent convolutions; filters and input channels must both divide by it. */
    public T groups(int g) {
        checkNotBuilt("groups");
        if (g <= 0) throw new IllegalArgumentException("Invalid value for argument `groups` of layer \"" + name() + "\". Expected a strictly positive value. Received groups=" + g + ".");
        this.groups = g;
        return self();
    }
    public T kernelInitializer(String id) { return kernelInitializer(Initializers.get(id)); }
    public T kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return self(); }
    public T kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return self(); }
    public T kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return self(); }

    public int filters() { return filters; }
    public int groups() { return groups; }
    public Variable kernel() { return kernel; }

    @Override public void build(Shape inputShape) {
        checkStridesAndDilation();
        if (filters % groups != 0) throw new IllegalArgumentException("The number of filters must be evenly divisible by the number of groups. Received: groups="
                + groups + ", filters=" + filters + " (layer \"" + name() + "\")");
        int c = inputChannels(inputShape);
        if (c % groups != 0) throw new IllegalArgumentException("The number of input channels must be evenly divisible by the number of groups. Received groups="
                + groups + ", but the input has " + c + " channels (full input shape is " + inputShape + ", layer \"" + name() + "\")");
        int[] ks = Arrays.copyOf(kernelSize, rank + 2);
        ks[rank] = c / groups;
        ks[rank + 1] = filters;
        kernel = addWeight("kernel", Shape.of(ks), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) bias = addWeight("bias", Shape.of(filters), biasInitializer, biasRegularizer, biasConstraint, true);
        inputSpec = InputSpec.rank(rank + 2).withAxis(channelAxis(rank + 2), c);
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor k = kernel.value(), b = useBias ? bias.value() : null;
        // relu runs in the convolution's output loop (one pass and one tape entry instead of two)
        if (activation == Activations.relu()) return NNOps.conv(x, k, b, Epilogue.RELU, strides, padding, dataFormat, dilationRate);
        Tensor y = NNOps.conv(x, k, b, strides, padding, dataFormat, dilationRate);
        return activation.apply(y);
    }

    @Override protected int outputLength(int i, int in) { return NNOps.convOutputLength(in, kernelSize[i], strides[i], dilationRate[i], padding); }

    @Override protected int outputChannels(int inChannels) { return filters; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("groups", groups);
        c.put("kernel_initializer", ConfigUtil.serialize(kernelInitializer));
        c.put("kernel_regularizer", ConfigUtil.serialize(kernelRegularizer));
        c.put("kernel_constraint", ConfigUtil.serialize(kernelConstraint));
        return c;
    }
}
