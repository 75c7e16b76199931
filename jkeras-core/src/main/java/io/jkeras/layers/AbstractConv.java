package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.activations.Activations;
import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.tensor.Shape;

import java.util.Arrays;
import java.util.Map;

/**
 * What every convolution layer shares (plain, depthwise, separable, transposed): the window
 * options, the activation and the bias. Defaults are Keras's: strides 1, 'valid' padding, channels
 * last, no dilation, no activation, a zeros-initialized bias.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class AbstractConv<T extends AbstractConv<T>> extends Layer {
    protected final int rank;
    protected int[] kernelSize;
    protected int[] strides;
    protected String padding = "valid";
    protected String dataFormat = "channels_last";
    protected int[] dilationRate;
    protected Activation activation = Activations.linear();
    protected boolean useBias = true;
    protected Initializer biasInitializer = Initializers.zeros();
    protected Regularizer biasRegularizer;
    protected Constraint biasConstraint;
    protected Variable bias;

    protected AbstractConv(int rank, int[] kernelSize) {
        this.rank = rank;
        if (kernelSize != null) for (int v : kernelSize) if (v == 0) throw new IllegalArgumentException("The argument `kernel_size` cannot contain 0. "
                + "Received kernel_size=" + Arrays.toString(kernelSize) + " (layer \"" + name() + "\")");
        this.kernelSize = ConfigUtil.tupleOf(kernelSize, rank, "kernel_size", name(), false);
        this.strides = ones(rank);
        this.dilationRate = ones(rank);
        this.inputSpec = InputSpec.rank(rank + 2);
    }

    static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }

    @SuppressWarnings("unchecked")
    protected T self() { return (T) this; }

    /** Whether padding "causal" is allowed (Conv1D only). */
    protected boolean allowsCausal() { return false; }

    /** One stride per spatial axis, or one for all. */
    public T strides(int... s) { checkNotBuilt("strides"); this.strides = ConfigUtil.tupleOf(s, rank, "strides", name(), false); return self(); }
    /** "valid" (the default), "same" or, for {@link Conv1D}, "causal". */
    public T padding(String p) { checkNotBuilt("padding"); this.padding = ConfigUtil.padding(p, allowsCausal(), name()); return self(); }
    /** "channels_last" (the default) or "channels_first". */
    public T dataFormat(String f) { checkNotBuilt("data_format"); this.dataFormat = ConfigUtil.dataFormat(f, name()); return self(); }
    /** One dilation rate per spatial axis, or one for all. */
    public T dilationRate(int... d) { checkNotBuilt("dilation_rate"); this.dilationRate = ConfigUtil.tupleOf(d, rank, "dilation_rate", name(), false); return self(); }
    public T activation(String name) { checkNotBuilt("activation"); this.activation = Activations.get(name); return self(); }
    public T activation(Activation a) { checkNotBuilt("activation"); this.activation = a; return self(); }
    public T useBias(boolean b) { checkNotBuilt("use_bias"); this.useBias = b; return self(); }
    public T biasInitializer(String id) { return biasInitializer(Initializers.get(id)); }
    public T biasInitializer(Initializer i) { checkNotBuilt("bias_initializer"); this.biasInitializer = i; return self(); }
    public T biasRegularizer(Regularizer r) { checkNotBuilt("bias_regularizer"); this.biasRegularizer = r; return self(); }
    public T biasConstraint(Constraint c) { checkNotBuilt("bias_constraint"); this.biasConstraint = c; return self(); }
    @Override public T activityRegularizer(Regularizer r) { super.activityRegularizer(r); return self(); }
    @Override public T name(String n) { super.name(n); return self(); }
    @Override public T inputShape(int... s) { super.inputShape(s); return self(); }

    public int[] kernelSize() { return kernelSize.clone(); }
    public int[] strides() { return strides.clone(); }
    public String padding() { return padding; }
    public String dataFormat() { return dataFormat; }
    public int[] dilationRate() { return dilationRate.clone(); }
    public Activation activation() { return activation; }
    public boolean useBias() { return useBias; }
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

    /** Output length along spatial axis {@code i} for an input length (may be {@link Shape#UNKNOWN}). */
    protected abstract int outputLength(int i, int in);

    /** Output channels for a number of input channels (may be {@link Shape#UNKNOWN}). */
    protected abstract int outputChannels(int inChannels);

    @Override public Shape computeOutputShape(Shape inputShape) {
        if (inputShape.rank() != rank + 2) throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim="
                + (rank + 2) + ", found ndim=" + inputShape.rank() + ". Full shape received: " + inputShape);
        boolean first = dataFormat.equals("channels_first");
        int[] out = inputShape.toArray();
        for (int i = 0; i < rank; i++) {
            int ax = first ? 2 + i : 1 + i;
            out[ax] = inputShape.dim(ax) == Shape.UNKNOWN ? Shape.UNKNOWN : outputLength(i, inputShape.dim(ax));
            if (inputShape.dim(ax) != Shape.UNKNOWN && out[ax] < 0) throw new IllegalArgumentException("Layer \"" + name()
                    + "\": computed output size would be negative. Received input shape " + inputShape + ", kernel_size=" + ConfigUtil.tuple(kernelSize)
                    + ", dilation_rate=" + ConfigUtil.tuple(dilationRate) + "; use padding='same' or a larger input");
        }
        int ca = first ? 1 : rank + 1;
        out[ca] = outputChannels(inputShape.dim(ca));
        return Shape.of(out);
    }

    /** The shared config entries; subclasses add theirs. */
    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("kernel_size", ConfigUtil.list(kernelSize));
        c.put("strides", ConfigUtil.list(strides));
        c.put("padding", padding);
        c.put("data_format", dataFormat);
        c.put("dilation_rate", ConfigUtil.list(dilationRate));
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("bias_initializer", ConfigUtil.serialize(biasInitializer));
        c.put("bias_regularizer", ConfigUtil.serialize(biasRegularizer));
        c.put("activity_regularizer", ConfigUtil.serialize(activityRegularizer()));
        c.put("bias_constraint", ConfigUtil.serialize(biasConstraint));
        return c;
    }
}
