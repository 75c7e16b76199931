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
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * The cell of a {@link SimpleRNN} (Keras's {@code SimpleRNNCell}): {@code h' = tanh(x W + h U + b)}.
 * Weights: {@code kernel (input_dim, units)}, {@code recurrent_kernel (units, units)},
 * {@code bias (units,)}. One state, {@code (batch, units)}, which is also the output.
 */
public class SimpleRNNCell extends RNNCell {
    private final int units;
    private Activation activation = Activations.tanh();
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Initializer recurrentInitializer = Initializers.get("orthogonal");
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer, recurrentRegularizer, biasRegularizer;
    private Constraint kernelConstraint, recurrentConstraint, biasConstraint;
    private double dropout, recurrentDropout;
    private Long seed;
    private final DropoutMasks inputMasks = new DropoutMasks(), stateMasks = new DropoutMasks();
    private Variable kernel, recurrentKernel, bias;

    public SimpleRNNCell(int units) {
        if (units <= 0) throw new IllegalArgumentException("Received an invalid value for argument `units`, expected a positive integer, got " + units + ".");
        this.units = units;
    }

    @Override public SimpleRNNCell name(String n) { super.name(n); return this; }
    public SimpleRNNCell activation(String id) { return activation(Activations.get(id)); }
    public SimpleRNNCell activation(Activation a) { checkNotBuilt("activation"); this.activation = a; return this; }
    public SimpleRNNCell useBias(boolean b) { checkNotBuilt("use_bias"); this.useBias = b; return this; }
    public SimpleRNNCell kernelInitializer(String id) { return kernelInitializer(Initializers.get(id)); }
    public SimpleRNNCell kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return this; }
    public SimpleRNNCell recurrentInitializer(String id) { return recurrentInitializer(Initializers.get(id)); }
    public SimpleRNNCell recurrentInitializer(Initializer i) { checkNotBuilt("recurrent_initializer"); this.recurrentInitializer = i; return this; }
    public SimpleRNNCell biasInitializer(String id) { return biasInitializer(Initializers.get(id)); }
    public SimpleRNNCell biasInitializer(Initializer i) { checkNotBuilt("bias_initializer"); this.biasInitializer = i; return this; }
    public SimpleRNNCell kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return this; }
    public SimpleRNNCell recurrentRegularizer(Regularizer r) { checkNotBuilt("recurrent_regularizer"); this.recurrentRegularizer = r; return this; }
    public SimpleRNNCell biasRegularizer(Regularizer r) { checkNotBuilt("bias_regularizer"); this.biasRegularizer = r; return this; }
    public SimpleRNNCell kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return this; }
    public SimpleRNNCell recurrentConstraint(Constraint c) { checkNotBuilt("recurrent_constraint"); this.recurrentConstraint = c; return this; }
    public SimpleRNNCell biasConstraint(Constraint c) { checkNotBuilt("bias_constraint"); this.biasConstraint = c; return this; }
    /** Fraction of the input units to drop in training (one mask per sequence). */
    public SimpleRNNCell dropout(double rate) { this.dropout = checkRate("SimpleRNNCell \"" + name() + "\"", "dropout", rate); return this; }
    /** Fraction of the recurrent state units to drop in training (one mask per sequence). */
    public SimpleRNNCell recurrentDropout(double rate) { this.recurrentDropout = checkRate("SimpleRNNCell \"" + name() + "\"", "recurrent_dropout", rate); return this; }
    /** Seeds the dropout masks. */
    public SimpleRNNCell seed(long seed) { this.seed = seed; inputMasks.seed(seed); stateMasks.seed(seed ^ 0x5DEECE66DL); return this; }

    public int units() { return units; }
    public Activation activation() { return activation; }
    public boolean useBias() { return useBias; }
    public double dropout() { return dropout; }
    public double recurrentDropout() { return recurrentDropout; }
    public Variable kernel() { return kernel; }
    public Variable recurrentKernel() { return recurrentKernel; }
    public Variable bias() { return bias; }

    @Override public List<Shape> stateShapes() { return List.of(Shape.of(units)); }

    @Override public void build(Shape stepInputShape) {
        int in = stepInputShape.dim(-1);
        if (in == Shape.UNKNOWN) throw new IllegalArgumentException("SimpleRNNCell \"" + name() + "\": the last dimension of the input must be known, received " + stepInputShape);
        kernel = addWeight("kernel", Shape.of(in, units), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, units), recurrentInitializer, recurrentRegularizer, recurrentConstraint, true);
        if (useBias) bias = addWeight("bias", Shape.of(units), biasInitializer, biasRegularizer, biasConstraint, true);
    }

    @Override public Output call(Tensor x, List<Tensor> states, boolean training) {
        Tensor prev = states.get(0);
        if (training && dropout > 0 && dropout < 1) x = Ops.multiply(x, inputMasks.get(x, dropout, 1)[0]);
        Tensor h = Ops.matmul(x, kernel.value());
        if (useBias) h = Ops.add(h, bias.value());
        if (training && recurrentDropout > 0 && recurrentDropout < 1) prev = Ops.multiply(prev, stateMasks.get(prev, recurrentDropout, 1)[0]);
        Tensor out = activation.apply(Ops.add(h, Ops.matmul(prev, recurrentKernel.value())));
        return new Output(out, List.of(out));
    }

    @Override public void resetDropoutMasks() { inputMasks.reset(); stateMasks.reset(); }

    @Override public SimpleRNNCell copy() {
        SimpleRNNCell c = new SimpleRNNCell(units).name(name()).activation(activation).useBias(useBias)
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
        putCellConfig(c, activityRegularizer());
        return c;
    }

    /** The cell's arguments as Keras writes them, in Keras's order (also the arguments of the layer's config). */
    void putCellConfig(Map<String, Object> c, Regularizer activityRegularizer) {
        c.put("units", units);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", KerasSerialization.serializeInitializer(kernelInitializer));
        c.put("recurrent_initializer", KerasSerialization.serializeInitializer(recurrentInitializer));
        c.put("bias_initializer", KerasSerialization.serializeInitializer(biasInitializer));
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
        useBias(c.getBoolean("use_bias", true));
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

    /** A SimpleRNNCell from its Keras config; registered as {@code "SimpleRNNCell"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static SimpleRNNCell fromConfig(Config c) {
        SimpleRNNCell cell = new SimpleRNNCell(c.getInt("units"));
        cell.applyConfig(c);
        return KerasSerialization.applyBaseConfig(cell, c);
    }
}
