package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.activations.Activations;
import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
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
 * The cell of an {@link LSTM} (Keras's {@code LSTMCell}): one step of a long short-term memory
 * network, with Keras's weight layout so that Keras weights load unchanged. Weights:
 * {@code kernel (input_dim, 4*units)}, {@code recurrent_kernel (units, 4*units)} and
 * {@code bias (4*units,)}, each with the gate blocks in the order input, forget, cell, output.
 *
 * <pre>
 * i = sigmoid(x Wi + h Ui + bi)     f = sigmoid(x Wf + h Uf + bf)     o = sigmoid(x Wo + h Uo + bo)
 * c' = f * c + i * tanh(x Wc + h Uc + bc)                               h' = o * tanh(c')
 * </pre>
 * States: {@code [h, c]}, each {@code (batch, units)}; the output is {@code h'}.
 *
 * <pre>{@code
 * RNN rnn = new RNN(new LSTMCell(32).dropout(0.1));   // the same as new LSTM(32).dropout(0.1)
 * }</pre>
 */
public class LSTMCell extends RNNCell {
    private final int units;
    private Activation activation = Activations.tanh();
    private Activation recurrentActivation = Activations.sigmoid();
    private boolean useBias = true;
    private boolean unitForgetBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Initializer recurrentInitializer = Initializers.get("orthogonal");
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer, recurrentRegularizer, biasRegularizer;
    private Constraint kernelConstraint, recurrentConstraint, biasConstraint;
    private double dropout, recurrentDropout;
    private Long seed;
    private final DropoutMasks inputMasks = new DropoutMasks(), stateMasks = new DropoutMasks();
    private Variable kernel, recurrentKernel, bias;

    public LSTMCell(int units) {
        if (units <= 0) throw new IllegalArgumentException("Received an invalid value for argument `units`, expected a positive integer, got " + units + ".");
        this.units = units;
    }

    @Override public LSTMCell name(String n) { super.name(n); return this; }
    public LSTMCell activation(String id) { return activation(Activations.get(id)); }
    public LSTMCell activation(Activation a) { checkNotBuilt("activation"); this.activation = a; return this; }
    public LSTMCell recurrentActivation(String id) { return recurrentActivation(Activations.get(id)); }
    public LSTMCell recurrentActivation(Activation a) { checkNotBuilt("recurrent_activation"); this.recurrentActivation = a; return this; }
    public LSTMCell useBias(boolean b) { checkNotBuilt("use_bias"); this.useBias = b; return this; }
    /** Adds 1 to the forget gate's bias at initialization (Keras's default {@code unit_forget_bias=True}). */
    public LSTMCell unitForgetBias(boolean b) { checkNotBuilt("unit_forget_bias"); this.unitForgetBias = b; return this; }
    public LSTMCell kernelInitializer(String id) { return kernelInitializer(Initializers.get(id)); }
    public LSTMCell kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return this; }
    public LSTMCell recurrentInitializer(String id) { return recurrentInitializer(Initializers.get(id)); }
    public LSTMCell recurrentInitializer(Initializer i) { checkNotBuilt("recurrent_initializer"); this.recurrentInitializer = i; return this; }
    public LSTMCell biasInitializer(String id) { return biasInitializer(Initializers.get(id)); }
    public LSTMCell biasInitializer(Initializer i) { checkNotBuilt("bias_initializer"); this.biasInitializer = i; return this; }
    public LSTMCell kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return this; }
    public LSTMCell recurrentRegularizer(Regularizer r) { checkNotBuilt("recurrent_regularizer"); this.recurrentRegularizer = r; return this; }
    public LSTMCell biasRegularizer(Regularizer r) { checkNotBuilt("bias_regularizer"); this.biasRegularizer = r; return this; }
    public LSTMCell kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return this; }
    public LSTMCell recurrentConstraint(Constraint c) { checkNotBuilt("recurrent_constraint"); this.recurrentConstraint = c; return this; }
    public LSTMCell biasConstraint(Constraint c) { checkNotBuilt("bias_constraint"); this.biasConstraint = c; return this; }
    /** Fraction of the input units to drop in training (one mask per sequence). */
    public LSTMCell dropout(double rate) { this.dropout = checkRate("LSTMCell \"" + name() + "\"", "dropout", rate); return this; }
    /** Fraction of the recurrent state units to drop in training (one mask per sequence and gate). */
    public LSTMCell recurrentDropout(double rate) { this.recurrentDropout = checkRate("LSTMCell \"" + name() + "\"", "recurrent_dropout", rate); return this; }
    /** Seeds the dropout masks. */
    public LSTMCell seed(long seed) { this.seed = seed; inputMasks.seed(seed); stateMasks.seed(seed ^ 0x5DEECE66DL); return this; }

    public int units() { return units; }
    public Activation activation() { return activation; }
    public Activation recurrentActivation() { return recurrentActivation; }
    public boolean useBias() { return useBias; }
    public boolean unitForgetBias() { return unitForgetBias; }
    public double dropout() { return dropout; }
    public double recurrentDropout() { return recurrentDropout; }
    public Variable kernel() { return kernel; }
    public Variable recurrentKernel() { return recurrentKernel; }
    public Variable bias() { return bias; }

    @Override public List<Shape> stateShapes() { return List.of(Shape.of(units), Shape.of(units)); }

    @Override public void build(Shape stepInputShape) {
        int in = stepInputShape.dim(-1);
        if (in == Shape.UNKNOWN) throw new IllegalArgumentException("LSTMCell \"" + name() + "\": the last dimension of the input must be known, received " + stepInputShape);
        kernel = addWeight("kernel", Shape.of(in, 4 * units), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, 4 * units), recurrentInitializer, recurrentRegularizer, recurrentConstraint, true);
        if (useBias) {
            Initializer init = unitForgetBias ? forgetBiasInitializer(biasInitializer, units) : biasInitializer;
            bias = addWeight("bias", Shape.of(4 * units), init, biasRegularizer, biasConstraint, true);
        }
    }

    /** {@code [init(units), ones(units), init(2*units)]}, as Keras builds the bias with {@code unit_forget_bias}. */
    private static Initializer forgetBiasInitializer(Initializer base, int units) {
        return new Initializer() {
            @Override public Tensor generate(Shape shape, DType dtype) {
                return Ops.concatenate(List.of(base.generate(Shape.of(units), dtype), Tensor.ones(Shape.of(units), dtype),
                        base.generate(Shape.of(2 * units), dtype)), 0);
            }
            @Override public String className() { return base.className(); }
            @Override public Map<String, Object> getConfig() { return base.getConfig(); }
        };
    }

    @Override public Output call(Tensor x, List<Tensor> states, boolean training) {
        Tensor h = states.get(0), c = states.get(1);
        Tensor zi, zf, zc, zo;
        boolean dropIn = training && dropout > 0 && dropout < 1;
        boolean dropRec = training && recurrentDropout > 0 && recurrentDropout < 1;
        if (recurrentDropout > 0) {
            // Keras's implementation 1: a separate mask and matmul per gate
            Tensor[] dm = dropIn ? inputMasks.get(x, dropout, 4) : null;
            Tensor[] rm = dropRec ? stateMasks.get(h, recurrentDropout, 4) : null;
            Tensor[] z = new Tensor[4];
            for (int g = 0; g < 4; g++) {
                Tensor xg = dm == null ? x : Ops.multiply(x, dm[g]);
                Tensor hg = rm == null ? h : Ops.multiply(h, rm[g]);
                Tensor zg = Ops.matmul(xg, Ops.sliceAxis(kernel.value(), 1, g * units, (g + 1) * units));
                if (useBias) zg = Ops.add(zg, Ops.sliceAxis(bias.value(), 0, g * units, (g + 1) * units));
                z[g] = Ops.add(zg, Ops.matmul(hg, Ops.sliceAxis(recurrentKernel.value(), 1, g * units, (g + 1) * units)));
            }
            zi = z[0]; zf = z[1]; zc = z[2]; zo = z[3];
        } else {
            Tensor xin = dropIn ? Ops.multiply(x, inputMasks.get(x, dropout, 1)[0]) : x;
            Tensor z = Ops.add(Ops.matmul(xin, kernel.value()), Ops.matmul(h, recurrentKernel.value()));
            if (useBias) z = Ops.add(z, bias.value());
            zi = Ops.sliceAxis(z, 1, 0, units);
            zf = Ops.sliceAxis(z, 1, units, 2 * units);
            zc = Ops.sliceAxis(z, 1, 2 * units, 3 * units);
            zo = Ops.sliceAxis(z, 1, 3 * units, 4 * units);
        }
        Tensor i = recurrentActivation.apply(zi);
        Tensor f = recurrentActivation.apply(zf);
        Tensor cNew = Ops.add(Ops.multiply(f, c), Ops.multiply(i, activation.apply(zc)));
        Tensor o = recurrentActivation.apply(zo);
        Tensor hNew = Ops.multiply(o, activation.apply(cNew));
        return new Output(hNew, List.of(hNew, cNew));
    }

    @Override public void resetDropoutMasks() { inputMasks.reset(); stateMasks.reset(); }

    @Override public LSTMCell copy() {
        LSTMCell c = new LSTMCell(units).name(name()).activation(activation).recurrentActivation(recurrentActivation).useBias(useBias)
                .unitForgetBias(unitForgetBias).kernelInitializer(kernelInitializer).recurrentInitializer(recurrentInitializer)
                .biasInitializer(biasInitializer).kernelRegularizer(kernelRegularizer).recurrentRegularizer(recurrentRegularizer)
                .biasRegularizer(biasRegularizer).kernelConstraint(kernelConstraint).recurrentConstraint(recurrentConstraint)
                .biasConstraint(biasConstraint).dropout(dropout).recurrentDropout(recurrentDropout);
        if (seed != null) c.seed(seed);
        c.dtype(dtype());
        return c;
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        putCellConfig(c, activityRegularizer());
        return c;
    }

    /** The cell's arguments as Keras writes them, in Keras's order (also the arguments of the layer's config). */
    void putCellConfig(Map<String, Object> c, Regularizer activityRegularizer) {
        c.put("units", units);
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

    /** Sets the cell's arguments from a Keras config (a cell's or its layer's; Keras 1/2 configs too). */
    void applyConfig(Config c) {
        if (c.keys().contains("activation")) activation(KerasSerialization.activation(c, "activation"));   // null means linear, as in Keras
        if (c.has("recurrent_activation")) recurrentActivation(KerasSerialization.activation(c, "recurrent_activation"));
        useBias(c.getBoolean("use_bias", true));
        kernelInitializer(KerasSerialization.initializer(c, "kernel_initializer", kernelInitializer));
        recurrentInitializer(KerasSerialization.initializer(c, "recurrent_initializer", recurrentInitializer));
        biasInitializer(KerasSerialization.initializer(c, "bias_initializer", biasInitializer));
        unitForgetBias(c.getBoolean("unit_forget_bias", true));
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

    /** A LSTMCell from its Keras config; registered as {@code "LSTMCell"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static LSTMCell fromConfig(Config c) {
        LSTMCell cell = new LSTMCell(c.getInt("units"));
        cell.applyConfig(c);
        return KerasSerialization.applyBaseConfig(cell, c);
    }
}
