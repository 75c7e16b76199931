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
 * The shared part of {@link Conv1DTranspose}, {@link Conv2DTranspose} and {@link Conv3DTranspose}
 * (Keras's {@code BaseConvTranspose}, sometimes called deconvolution): the adjoint of a convolution,
 * mapping each input cell to a window of output cells. Kernel shape
 * {@code kernel_size + (filters, input_channels)} (output channels first). Output length per axis:
 * {@code in*stride + max(k - stride, 0)} ('valid'), {@code in*stride} ('same'), or with
 * {@code output_padding} {@code (in-1)*stride + k - 2*pad + output_padding}.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseConvTranspose<T extends BaseConvTranspose<T>> extends AbstractConv<T> {
    protected final int filters;
    protected int[] outputPadding;
    protected Initializer kernelInitializer = Initializers.get("glorot_uniform");
    protected Regularizer kernelRegularizer;
    protected Constraint kernelConstraint;
    protected Variable kernel;

    protected BaseConvTranspose(int rank, int filters, int[] kernelSize) {
        super(rank, kernelSize);
        if (filters <= 0) throw new IllegalArgumentException("Invalid value for argument `filters` of layer \"" + name()
                + "\". Expected a strictly positive value. Received filters=" + filters + ".");
        this.filters = filters;
    }

    /** Extra cells at the end of each spatial axis (each smaller than its stride); null for none. */
    public T outputPadding(int... p) {
        checkNotBuilt("output_padding");
        this.outputPadding = p == null ? null : ConfigUtil.tupleOf(p, rank, "output_padding", name(), true);
        return self();
    }
    public T kernelInitializer(String id) { return kernelInitializer(Initializers.get(id)); }
    public T kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return self(); }
    public T kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return self(); }
    public T kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return self(); }

    public int filters() { return filters; }
    public int[] outputPadding() { return outputPadding == null ? null : outputPadding.clone(); }
    public Variable kernel() { return kernel; }

    private void checkOutputPadding() {
        if (outputPadding == null) return;
        for (int i = 0; i < rank; i++) {
            if (outputPadding[i] >= strides[i]) throw new IllegalArgumentException("Strides must be greater than output padding. Received strides="
                    + ConfigUtil.tuple(strides) + ", output_padding=" + ConfigUtil.tuple(outputPadding) + " (layer \"" + name() + "\")");
        }
    }

    @Override public void build(Shape inputShape) {
        checkStridesAndDilation();
        checkOutputPadding();
        int c = inputChannels(inputShape);
        int[] ks = Arrays.copyOf(kernelSize, rank + 2);
        ks[rank] = filters;
        ks[rank + 1] = c;
        kernel = addWeight("kernel", Shape.of(ks), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) bias = addWeight("bias", Shape.of(filters), biasInitializer, biasRegularizer, biasConstraint, true);
        inputSpec = InputSpec.rank(rank + 2).withAxis(channelAxis(rank + 2), c);
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor y = NNOps.convTranspose(x, kernel.value(), useBias ? bias.value() : null, strides, padding, outputPadding, dataFormat, dilationRate);
        return activation.apply(y);
    }

    @Override protected int outputLength(int i, int in) {
        return NNOps.convTransposeOutputLength(in, kernelSize[i], strides[i], dilationRate[i], padding, outputPadding == null ? null : outputPadding[i]);
    }

    @Override protected int outputChannels(int inChannels) { return filters; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("output_padding", ConfigUtil.list(outputPadding));
        c.put("kernel_initializer", ConfigUtil.serialize(kernelInitializer));
        c.put("kernel_regularizer", ConfigUtil.serialize(kernelRegularizer));
        c.put("kernel_constraint", ConfigUtil.serialize(kernelConstraint));
        return c;
    }
}
