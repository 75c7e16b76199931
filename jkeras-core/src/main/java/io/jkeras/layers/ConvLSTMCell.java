package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.activations.Activations;
import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.NNOps;
import io.jkeras.ops.Ops;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * The cell of the convolutional LSTMs ({@link ConvLSTM1D}, {@link ConvLSTM2D}, {@link ConvLSTM3D};
 * Keras's {@code ConvLSTMCell}): an {@link LSTMCell} whose matrix products are convolutions. The
 * input convolution uses the layer's strides, padding and dilation; the recurrent one stride 1 and
 * 'same' padding. Weights: {@code kernel (k..., in, 4*filters)}, {@code recurrent_kernel
 * (k..., filters, 4*filters)}, {@code bias (4*filters,)}, gate blocks i, f, c, o. States h and c have
 * the shape of the input convolution's output.
 */
public class ConvLSTMCell extends RNNCell {
    private final int rank, filters;
    private final int[] kernelSize;
    private int[] strides, dilationRate;
    private String padding = "valid", dataFormat = "channels_last";
    private Activation activation = Activations.tanh(), recurrentActivation = Activations.sigmoid();
    private boolean useBias = true, unitForgetBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform"), recurrentInitializer = Initializers.get("orthogonal"),
            biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer, recurrentRegularizer, biasRegularizer;
    private Constraint kernelConstraint, recurrentConstraint, biasConstraint;
    private double dropout, recurrentDropout;
    private Long seed;
    private final DropoutMasks inputMasks = new DropoutMasks(), stateMasks = new DropoutMasks();
    private Variable kernel, recurrentKernel, bias;
    private Shape stateShape;       // per sample, known once built

    /**
     * @param rank        1, 2 or 3 spatial axes
     * @param filters     the number of output channels
     * @param kernelSize  one size, or one per spatial axis
     */
    public ConvLSTMCell(int rank, int filters, int... kernelSize) {
        if (rank < 1 || rank > 3) throw new IllegalArgumentException("ConvLSTMCell: rank must be 1, 2 or 3, received " + rank);
        if (filters <= 0) throw new IllegalArgumentException("Invalid value for argument `filters`. Expected a strictly positive value. Received filters=" + filters + ".");
        this.rank = rank;
        this.filters = filters;
        this.kernelSize = ConfigUtil.tupleOf(kernelSize, rank, "kernel_size", "conv_lstm_cell", false);
        this.strides = ConfigUtil.tupleOf(new int[] {1}, rank, "strides", "conv_lstm_cell", false);
        this.dilationRate = ConfigUtil.tupleOf(new int[] {1}, rank, "dilation_rate", "conv_lstm_cell", false);
    }

    @Override public ConvLSTMCell name(String n) { super.name(n); return this; }
    public ConvLSTMCell strides(int... s) { checkNotBuilt("strides"); this.strides = ConfigUtil.tupleOf(s, rank, "strides", name(), false); return this; }
    public ConvLSTMCell dilationRate(int... d) { checkNotBuilt("dilation_rate"); this.dilationRate = ConfigUtil.tupleOf(d, rank, "dilation_rate", name(), false); return this; }
    /** "valid" (default) or "same", for the input convolution. */
    public ConvLSTMCell padding(String p) { checkNotBuilt("padding"); this.padding = ConfigUtil.padding(p, false, name()); return this; }
    public ConvLSTMCell dataFormat(String f) { checkNotBuilt("data_format"); this.dataFormat = ConfigUtil.dataFormat(f, name()); return this; }
    public ConvLSTMCell activation(String id) { return activation(Activations.get(id)); }
    public ConvLSTMCell activation(Activation a) { checkNotBuilt("activation"); this.activation = a; return this; }
    public ConvLSTMCell recurrentActivation(String id) { return recurrentActivation(Activations.get(id)); }
    public ConvLSTMCell recurrentActivation(Activation a) { checkNotBuilt("recurrent_activation"); this.recurrentActivation = a; return this; }
    public ConvLSTMCell useBias(boolean b) { checkNotBuilt("use_bias"); this.useBias = b; return this; }
    public ConvLSTMCell unitForgetBias(boolean b) { checkNotBuilt("unit_forget_bias"); this.unitForgetBias = b; return this; }
    public ConvLSTMCell kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return this; }
    public ConvLSTMCell recurrentInitializer(Initializer i) { checkNotBuilt("recurrent_initializer"); this.recurrentInitializer = i; return this; }
    public ConvLSTMCell biasInitializer(Initializer i) { checkNotBuilt("bias_initializer"); this.biasInitializer = i; return this; }
    public ConvLSTMCell kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return this; }
    public ConvLSTMCell recurrentRegularizer(Regularizer r) { checkNotBuilt("recurrent_regularizer"); this.recurrentRegularizer = r; return this; }
    public ConvLSTMCell biasRegularizer(Regularizer r) { checkNotBuilt("bias_regularizer"); this.biasRegularizer = r; return this; }
    public ConvLSTMCell kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return this; }
    public ConvLSTMCell recurrentConstraint(Constraint c) { checkNotBuilt("recurrent_constraint"); this.recurrentConstraint = c; return this; }
    public ConvLSTMCell biasConstraint(Constraint c) { checkNotBuilt("bias_constraint"); this.biasConstraint = c; return this; }
    public ConvLSTMCell dropout(double rate) { this.dropout = checkRate("ConvLSTMCell \"" + name() + "\"", "dropout", rate); return this; }
    public ConvLSTMCell recurrentDropout(double rate) { this.recurrentDropout = checkRate("ConvLSTMCell \"" + name() + "\"", "recurrent_dropout", rate); return this; }
    public ConvLSTMCell seed(long seed) { this.seed = seed; inputMasks.seed(seed); stateMasks.seed(seed ^ 0x5DEECE66DL); return this; }

    public int rank() { return rank; }
    public int filters() { return filters; }
    public Variable kernel() { return kernel; }
    public Variable recurrentKernel() { return recurrentKernel; }
    public Variable bias() { return bias; }

    private boolean first() { return dataFormat.equals("channels_first"); }

    @Override public int stateCount() { return 2; }

    @Override public List<Shape> stateShapes() {
        if (stateShape == null) throw new IllegalStateException("ConvLSTMCell \"" + name() + "\": the state shape is known once the cell is built "
                + "(it depends on the input's spatial size)");
        return List.of(stateShape, stateShape);
    }

    @Override public void build(Shape stepInputShape) {
        if (stepInputShape.rank() != rank + 2) throw new IllegalArgumentException("ConvLSTMCell \"" + name() + "\" expects steps of rank " + (rank + 2)
                + " (batch, spatial..., channels), received " + stepInputShape);
        int channels = stepInputShape.dim(first() ? 1 : -1);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int n = stepInputShape.dim(first() ? 2 + i : 1 + i);
            if (n == Shape.UNKNOWN || channels == Shape.UNKNOWN) throw new IllegalArgumentException("ConvLSTM layers only support static input shapes "
                    + "for the spatial dimensions and the channels. Received invalid input shape: " + stepInputShape);
            int eff = (kernelSize[i] - 1) * dilationRate[i] + 1;
            out[i] = padding.equals("same") ? (n + strides[i] - 1) / strides[i] : (n - eff) / strides[i] + 1;
            if (out[i] <= 0) throw new IllegalArgumentException("ConvLSTMCell \"" + name() + "\": the kernel " + java.util.Arrays.toString(kernelSize)
                    + " is larger than the input's spatial size " + stepInputShape + " with 'valid' padding");
        }
        int[] s = new int[rank + 1];
        if (first()) { s[0] = filters; System.arraycopy(out, 0, s, 1, rank); }
        else { System.arraycopy(out, 0, s, 0, rank); s[rank] = filters; }
        stateShape = Shape.of(s);
        int[] k = new int[rank + 2], rk = new int[rank + 2];
        System.arraycopy(kernelSize, 0, k, 0, rank);
        System.arraycopy(kernelSize, 0, rk, 0, rank);
        k[rank] = channels;
        k[rank + 1] = 4 * filters;
        rk[rank] = filters;
        rk[rank + 1] = 4 * filters;
        kernel = addWeight("kernel", Shape.of(k), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(rk), recurrentInitializer, recurrentRegularizer, recurrentConstraint, true);
        if (useBias) {
            Initializer base = biasInitializer;
            int f = filters;
            Initializer init = !unitForgetBias ? base : new Initializer() {
                @Override public Tensor generate(Shape shape, DType dtype) {
                    return Ops.concatenate(List.of(base.generate(Shape.of(f), dtype), Tensor.ones(Shape.of(f), dtype), base.generate(Shape.of(2 * f), dtype)), 0);
                }
                @Override public String className() { return base.className(); }
                @Override public Map<String, Object> getConfig() { return base.getConfig(); }
            };
            bias = addWeight("bias", Shape.of(4 * filters), init, biasRegularizer, biasConstraint, true);
        }
    }

    private Tensor gate(Tensor t, int g) { return Ops.sliceAxis(t, first() ? 1 : -1, g * filters, (g + 1) * filters); }

    @Override public Output call(Tensor x, List<Tensor> states, boolean training) {
        Tensor h = states.get(0), c = states.get(1);
        boolean dropIn = training && dropout > 0 && dropout < 1, dropRec = training && recurrentDropout > 0 && recurrentDropout < 1;
        Tensor[] z = new Tensor[4];
        if (dropIn || dropRec) {
            // Keras uses one mask per gate; the convolutions then run per gate
            Tensor[] dm = dropIn ? inputMasks.get(x, dropout, 4) : null, rm = dropRec ? stateMasks.get(h, recurrentDropout, 4) : null;
            int ax = rank + 1;
            for (int g = 0; g < 4; g++) {
                Tensor kg = Ops.sliceAxis(kernel.value(), ax, g * filters, (g + 1) * filters);
                Tensor rg = Ops.sliceAxis(recurrentKernel.value(), ax, g * filters, (g + 1) * filters);
                Tensor bg = useBias ? Ops.sliceAxis(bias.value(), 0, g * filters, (g + 1) * filters) : null;
                Tensor xg = NNOps.conv(dm == null ? x : Ops.multiply(x, dm[g]), kg, bg, strides, padding, dataFormat, dilationRate);
                Tensor hg = NNOps.conv(rm == null ? h : Ops.multiply(h, rm[g]), rg, null, null, "same", dataFormat, null);
                z[g] = Ops.add(xg, hg);
            }
        } else {
            Tensor xz = NNOps.conv(x, kernel.value(), useBias ? bias.value() : null, strides, padding, dataFormat, dilationRate);
            Tensor all = Ops.add(xz, NNOps.conv(h, recurrentKernel.value(), null, null, "same", dataFormat, null));
            for (int g = 0; g < 4; g++) z[g] = gate(all, g);
        }
        Tensor i = recurrentActivation.apply(z[0]);
        Tensor f = recurrentActivation.apply(z[1]);
        Tensor cNew = Ops.add(Ops.multiply(f, c), Ops.multiply(i, activation.apply(z[2])));
        Tensor o = recurrentActivation.apply(z[3]);
        Tensor hNew = Ops.multiply(o, activation.apply(cNew));
        return new Output(hNew, List.of(hNew, cNew));
    }

    @Override public void resetDropoutMasks() { inputMasks.reset(); stateMasks.reset(); }

    @Override public ConvLSTMCell copy() {
        ConvLSTMCell c = new ConvLSTMCell(rank, filters, kernelSize).name(name()).strides(strides).dilationRate(dilationRate).padding(padding)
                .dataFormat(dataFormat).activation(activation).recurrentActivation(recurrentActivation).useBias(useBias).unitForgetBias(unitForgetBias)
                .kernelInitializer(kernelInitializer).recurrentInitializer(recurrentInitializer).biasInitializer(biasInitializer)
                .kernelRegularizer(kernelRegularizer).recurrentRegularizer(recurrentRegularizer).biasRegularizer(biasRegularizer)
                .kernelConstraint(kernelConstraint).recurrentConstraint(recurrentConstraint).biasConstraint(biasConstraint)
                .dropout(dropout).recurrentDropout(recurrentDropout);
        if (seed != null) c.seed(seed);
        c.dtype(dtype());
        return c;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rank", rank);
        putCellConfig(c, activityRegularizer());
        return c;
    }

    /** The cell's arguments in Keras's order (also the layer's). */
    void putCellConfig(Map<String, Object> c, Regularizer activityRegularizer) {
        c.put("filters", filters);
        c.put("kernel_size", ConfigUtil.list(kernelSize));
        c.put("strides", ConfigUtil.list(strides));
        c.put("padding", padding);
        c.put("data_format", dataFormat);
        c.put("dilation_rate", ConfigUtil.list(dilationRate));
        c.put("activation", activation.name());
        c.put("recurrent_activation", recurrentActivation.name());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", KerasSerialization.serializeInitializer(kernelInitializer));
        c.put("recurrent_initializer", KerasSerialization.serializeInitializer(recurrentInitializer));
        c.put("bias_initializer", KerasSerialization.serializeInitializer(biasInitializer));
        c.put("unit_forget_bias", unitForgetBias);
        c.put("kernel_regularizer", KerasSerialization.serializeRegularizer(kernelRegularizer));
        c.put("recurrent_regularizer", KerasSerialization.serializeRegularizer(recurrentRegularizer));
        c.put("bias_regularizer", KerasSerialization.serializeRegularizer(biasRegularizer));
        c.put("activity_regularizer", KerasSerialization.serializeRegularizer(activityRegularizer));
        c.put("kernel_constraint", KerasSerialization.serializeConstraint(kernelConstraint));
        c.put("recurrent_constraint", KerasSerialization.serializeConstraint(recurrentConstraint));
        c.put("bias_constraint", KerasSerialization.serializeConstraint(biasConstraint));
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        c.put("seed", seed);
    }

    /** Sets the cell's arguments (all but rank, filters and kernel_size) from a Keras config, a cell's or a ConvLSTM layer's. */
    void applyConfig(Config c) {
        if (c.has("strides")) strides(c.getIntArray("strides"));
        if (c.has("dilation_rate")) dilationRate(c.getIntArray("dilation_rate"));
        padding(c.getString("padding", "valid"));
        dataFormat(c.getString("data_format", "channels_last"));
        if (c.keys().contains("activation")) activation(KerasSerialization.activation(c, "activation"));
        if (c.has("recurrent_activation")) recurrentActivation(KerasSerialization.activation(c, "recurrent_activation"));
        useBias(c.getBoolean("use_bias", true));
        unitForgetBias(c.getBoolean("unit_forget_bias", true));
        kernelInitializer(KerasSerialization.initializer(c, "kernel_initializer", kernelInitializer));
        recurrentInitializer(KerasSerialization.initializer(c, "recurrent_initializer", recurrentInitializer));
        biasInitializer(KerasSerialization.initializer(c, "bias_initializer", biasInitializer));
        kernelRegularizer(KerasSerialization.regularizer(c, "kernel_regularizer"));
        recurrentRegularizer(KerasSerialization.regularizer(c, "recurrent_regularizer"));
        biasRegularizer(KerasSerialization.regularizer(c, "bias_regularizer"));
        kernelConstraint(KerasSerialization.constraint(c, "kernel_constraint"));
        recurrentConstraint(KerasSerialization.constraint(c, "recurrent_constraint"));
        biasConstraint(KerasSerialization.constraint(c, "bias_constraint"));
        dropout(c.getDouble("dropout", 0.0));
        recurrentDropout(c.getDouble("recurrent_dropout", 0.0));
        Long s = c.getLongOrNull("seed");
        if (s != null) seed(s);
    }

    /** A ConvLSTMCell from its own Keras config ({@code rank} included); registered as {@code "ConvLSTMCell"}. */
    public static ConvLSTMCell fromConfig(Config c) {
        ConvLSTMCell cell = new ConvLSTMCell(c.getInt("rank"), c.getInt("filters"), c.getIntArray("kernel_size"));
        cell.applyConfig(c);
        return KerasSerialization.applyBaseConfig(cell, c);
    }
}
