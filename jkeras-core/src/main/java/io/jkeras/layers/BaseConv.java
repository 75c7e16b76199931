package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.activations.Activations;
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
 * The shared part of {@link Conv1D}, {@link Conv2D} and {@link Conv3D} (Keras's {@code BaseConv}):
 * {@code output = activation(conv(inputs, kernel) + bias)} with a kernel of shape
 * {@code kernel_size + (input_channels / groups, filters)}. Defaults are Keras's: strides 1,
 * 'valid' padding, channels last, no dilation, one group, no activation, a bias, glorot_uniform
 * kernel and zeros bias.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseConv<T extends BaseConv<T>> extends Layer {
    protected final int rank;
    protected final int filters;
    protected int[] kernelSize;
    protected int[] strides;
    protected String padding = "valid";
    protected String dataFormat = "channels_last";
    protected int[] dilationRate;
    protected int groups = 1;
    protected Activation activation = Activations.linear();
    protected boolean useBias = true;
    protected Initializer kernelInitializer = Initializers.get("glorot_uniform");
    protected Initializer biasInitializer = Initializers.zeros();
    protected Regularizer kernelRegularizer, biasRegularizer;
    protected Constraint kernelConstraint, biasConstraint;
    protected Variable kernel, bias;

    protected BaseConv(int rank, int filters, int[] kernelSize) {
        this.rank = rank;
        if (filters <= 0) throw new IllegalArgumentException("Invalid value for argument `filters` of layer \"" + name()
                + "\". Expected a strictly positive value. Received filters=" + filters + ".");
        this.filters = filters;
        this.kernelSize = kernelTuple(kernelSize);
        this.strides = ones(rank);
        this.dilationRate = ones(rank);
        this.inputSpec = InputSpec.rank(rank + 2);
    }

    static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }

    private int[] kernelTuple(int[] k) {
        if (k != null) for (int v : k) if (v == 0) throw new IllegalArgumentException("The argument `kernel_size` cannot contain 0. Received kernel_size="
                + Arrays.toString(k) + " (layer \"" + name() + "\")");
        return ConfigUtil.tupleOf(k, rank, "kernel_size", name(), false);
    }

    @SuppressWarnings("unchecked")
    protected T self() { return (T) this; }

    /** One stride per spatial axis, or one for all. */
    public T strides(int... s) { checkNotBuilt("strides"); this.strides = ConfigUtil.tupleOf(s, rank, "strides", name(), false); return self(); }
    /** "valid" (the default), "same" or, for {@link Conv1D}, "causal". */
    public T padding(String p) { checkNotBuilt("padding"); this.padding = ConfigUtil.padding(p, rank == 1, name()); return self(); }
    /** "channels_last" (the default) or "channels_first". */
    public T dataFormat(String f) { checkNotBuilt("data_format"); this.dataFormat = ConfigUtil.dataFormat(f, name()); return self(); }
    /** One dilation rate per spatial axis, or one for all. */
    public T dilationRate(int... d) { checkNotBuilt("dilation_rate"); this.dilationRate = ConfigUtil.tupleOf(d, rank, "dilation_rate", name(), false); return self(); }
    /** Splits the channels into {@code groups} independent convolutions; filters and input channels must both divide by it. */
    public T groups(int g) {
        checkNotBuilt("groups");
        if (g <= 0) throw new IllegalArgumentException("Invalid value for argument `groups` of layer \"" + name() + "\". Expected a strictly positive value. Received groups=" + g + ".");
        this.groups = g;
        return self();
    }
    public T activation(String name) { checkNotBuilt("activation"); this.activation = Activations.get(name); return self(); }
    public T activation(Activation a) { checkNotBuilt("activation"); this.activation = a; return self(); }
    public T useBias(boolean b) { checkNotBuilt("use_bias"); this.useBias = b; return self(); }
    public T kernelInitializer(String id) { return kernelInitializer(Initializers.get(id)); }
    public T kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return self(); }
    public T biasInitializer(String id) { return biasInitializer(Initializers.get(id)); }
    public T biasInitializer(Initializer i) { checkNotBuilt("bias_initializer"); this.biasInitializer = i; return self(); }
    public T kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return self(); }
    public T biasRegularizer(Regularizer r) { checkNotBuilt("bias_regularizer"); this.biasRegularizer = r; return self(); }
    public T kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return self(); }
    public T biasConstraint(Constraint c) { checkNotBuilt("bias_constraint"); this.biasConstraint = c; return self(); }
    @Override public T activityRegularizer(Regularizer r) { super.activityRegularizer(r); return self(); }
    @Override public T name(String n) { super.name(n); return self(); }
    @Override public T inputShape(int... s) { super.inputShape(s); return self(); }

    public int filters() { return filters; }
    public int[] kernelSize() { return kernelSize.clone(); }
    public int[] strides() { return strides.clone(); }
    public String padding() { return padding; }
    public String dataFormat() { return dataFormat; }
    public int[] dilationRate() { return dilationRate.clone(); }
    public int groups() { return groups; }
    public Activation activation() { return activation; }
    public boolean useBias() { return useBias; }
    public Variable kernel() { return kernel; }
    public Variable bias() { return bias; }

    protected int channelAxis(int inputRank) { return dataFormat.equals("channels_first") ? 1 : inputRank - 1; }

    /** Keras refuses strides and dilation above 1 together. */
    protected void checkStridesAndDilation() {
        if (Arrays.stream(strides).max().orElse(1) > 1 && Arrays.stream(dilationRate).max().orElse(1) > 1)
            throw new IllegalArgumentException("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides="
                    + ConfigUtil.tuple(strides) + " and dilation_rate=" + ConfigUtil.tuple(dilationRate) + " (layer \"" + name() + "\")");
    }

    /** The input's channel count, with a Keras-style error when it is unknown. */
    protected int inputChannels(Shape inputShape) {
        int c = inputShape.dim(channelAxis(inputShape.rank()));
        if (c == Shape.UNKNOWN) throw new IllegalArgumentException("Layer \"" + name() + "\": the channel dimension of the inputs should be defined. "
                + "Received input shape " + inputShape + " with data_format=" + dataFormat);
        return c;
    }

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
        Tensor y = NNOps.conv(x, kernel.value(), useBias ? bias.value() : null, strides, padding, dataFormat, dilationRate);
        return activation.apply(y);
    }

    @Override public Shape computeOutputShape(Shape inputShape) {
        if (inputShape.rank() != rank + 2) throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim="
                + (rank + 2) + ", found ndim=" + inputShape.rank() + ". Full shape received: " + inputShape);
        boolean first = dataFormat.equals("channels_first");
        int[] out = inputShape.toArray();
        for (int i = 0; i < rank; i++) {
            int ax = first ? 2 + i : 1 + i;
            out[ax] = NNOps.convOutputLength(out[ax], kernelSize[i], strides[i], dilationRate[i], padding);
            if (inputShape.dim(ax) != Shape.UNKNOWN && out[ax] < 0) throw new IllegalArgumentException("Layer \"" + name() + "\": computed output size would be negative. "
                    + "Received input shape " + inputShape + ", kernel_size=" + ConfigUtil.tuple(kernelSize) + ", dilation_rate=" + ConfigUtil.tuple(dilationRate)
                    + "; use padding='same' or a larger input");
        }
        out[first ? 1 : rank + 1] = filters;
        return Shape.of(out);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("kernel_size", ConfigUtil.list(kernelSize));
        c.put("strides", ConfigUtil.list(strides));
        c.put("padding", padding);
        c.put("data_format", dataFormat);
        c.put("dilation_rate", ConfigUtil.list(dilationRate));
        c.put("groups", groups);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", ConfigUtil.serialize(kernelInitializer));
        c.put("bias_initializer", ConfigUtil.serialize(biasInitializer));
        c.put("kernel_regularizer", ConfigUtil.serialize(kernelRegularizer));
        c.put("bias_regularizer", ConfigUtil.serialize(biasRegularizer));
        c.put("activity_regularizer", ConfigUtil.serialize(activityRegularizer()));
        c.put("kernel_constraint", ConfigUtil.serialize(kernelConstraint));
        c.put("bias_constraint", ConfigUtil.serialize(biasConstraint));
        return c;
    }
}
