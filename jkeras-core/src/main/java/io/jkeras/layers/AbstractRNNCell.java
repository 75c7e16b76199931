package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.activations.Activations;
import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;

import java.util.Map;

/**
 * The arguments shared by {@link SimpleRNNCell}, {@link LSTMCell} and {@link GRUCell}: units,
 * activation, bias, the kernel/recurrent/bias initializers, regularizers and constraints, the two
 * dropout rates and the dropout seed, with their fluent setters (returning the concrete cell
 * type {@code C}), their Keras config entries and the weights every such cell has.
 *
 * <p>The config is written in Keras's key order; a cell adds its own keys through the
 * {@code put...} hooks, which are called at the places Keras puts them.
 */
abstract class AbstractRNNCell<C extends AbstractRNNCell<C>> extends RNNCell {
    private final String kind;
    final int units;
    Activation activation = Activations.tanh();
    boolean useBias = true;
    Initializer kernelInitializer = Initializers.get("glorot_uniform");
    Initializer recurrentInitializer = Initializers.get("orthogonal");
    Initializer biasInitializer = Initializers.zeros();
    Regularizer kernelRegularizer, recurrentRegularizer, biasRegularizer;
    Constraint kernelConstraint, recurrentConstraint, biasConstraint;
    double dropout, recurrentDropout;
    Long seed;
    final DropoutMasks inputMasks = new DropoutMasks(), stateMasks = new DropoutMasks();
    Variable kernel, recurrentKernel, bias;

    /** @param kind the cell's class name, for error messages */
    AbstractRNNCell(String kind, int units) {
        if (units <= 0) throw new IllegalArgumentException("Received an invalid value for argument `units`, expected a positive integer, got " + units + ".");
        this.kind = kind;
        this.units = units;
    }

    @SuppressWarnings("unchecked")
    private C self() { return (C) this; }

    @Override public C name(String n) { super.name(n); return self(); }
    public C activation(String id) { return activation(Activations.get(id)); }
    public C activation(Activation a) { checkNotBuilt("activation"); this.activation = a; return self(); }
    public C useBias(boolean b) { checkNotBuilt("use_bias"); this.useBias = b; return self(); }
    public C kernelInitializer(String id) { return kernelInitializer(Initializers.get(id)); }
    public C kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return self(); }
    public C recurrentInitializer(String id) { return recurrentInitializer(Initializers.get(id)); }
    public C recurrentInitializer(Initializer i) { checkNotBuilt("recurrent_initializer"); this.recurrentInitializer = i; return self(); }
    public C biasInitializer(String id) { return biasInitializer(Initializers.get(id)); }
    public C biasInitializer(Initializer i) { checkNotBuilt("bias_initializer"); this.biasInitializer = i; return self(); }
    public C kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return self(); }
    public C recurrentRegularizer(Regularizer r) { checkNotBuilt("recurrent_regularizer"); this.recurrentRegularizer = r; return self(); }
    public C biasRegularizer(Regularizer r) { checkNotBuilt("bias_regularizer"); this.biasRegularizer = r; return self(); }
    public C kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return self(); }
    public C recurrentConstraint(Constraint c) { checkNotBuilt("recurrent_constraint"); this.recurrentConstraint = c; return self(); }
    public C biasConstraint(Constraint c) { checkNotBuilt("bias_constraint"); this.biasConstraint = c; return self(); }
    /** Fraction of the input units to drop in training (one mask per sequence). */
    public C dropout(double rate) { this.dropout = checkRate(kind + " \"" + name() + "\"", "dropout", rate); return self(); }
    /** Fraction of the recurrent state units to drop in training (one mask per sequence, and per gate for gated cells). */
    public C recurrentDropout(double rate) { this.recurrentDropout = checkRate(kind + " \"" + name() + "\"", "recurrent_dropout", rate); return self(); }
    /** Seeds the dropout masks. */
    public C seed(long seed) { this.seed = seed; inputMasks.seed(seed); stateMasks.seed(seed ^ 0x5DEECE66DL); return self(); }

    public int units() { return units; }
    public Activation activation() { return activation; }
    public boolean useBias() { return useBias; }
    public double dropout() { return dropout; }
    public double recurrentDropout() { return recurrentDropout; }
    public Variable kernel() { return kernel; }
    public Variable recurrentKernel() { return recurrentKernel; }
    public Variable bias() { return bias; }

    @Override public void resetDropoutMasks() { inputMasks.reset(); stateMasks.reset(); }

    /** Copies name, dtype and the shared arguments onto {@code c}, a fresh cell of the same kind. */
    C copyCommonTo(C c) {
        c.name(name()).activation(activation).useBias(useBias).kernelInitializer(kernelInitializer)
                .recurrentInitializer(recurrentInitializer).biasInitializer(biasInitializer)
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

    /** Keys written right after {@code activation} (e.g. {@code recurrent_activation}). */
    void putAfterActivation(Map<String, Object> c) {}

    /** Keys written right after {@code bias_initializer} (e.g. {@code unit_forget_bias}). */
    void putAfterInitializers(Map<String, Object> c) {}

    /** Keys written right after {@code recurrent_dropout}, before {@code seed} (e.g. {@code reset_after}). */
    void putAfterDropout(Map<String, Object> c) {}

    /** The cell's arguments as Keras writes them, in Keras's order (also the arguments of the layer's config). */
    final void putCellConfig(Map<String, Object> c, Regularizer activityRegularizer) {
        c.put("units", units);
        c.put("activation", activation.name());
        putAfterActivation(c);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", KerasSerialization.serializeInitializer(kernelInitializer));
        c.put("recurrent_initializer", KerasSerialization.serializeInitializer(recurrentInitializer));
        c.put("bias_initializer", KerasSerialization.serializeInitializer(biasInitializer));
        putAfterInitializers(c);
        c.put("kernel_regularizer", KerasSerialization.serializeRegularizer(kernelRegularizer));
        c.put("recurrent_regularizer", KerasSerialization.serializeRegularizer(recurrentRegularizer));
        c.put("bias_regularizer", KerasSerialization.serializeRegularizer(biasRegularizer));
        c.put("activity_regularizer", KerasSerialization.serializeRegularizer(activityRegularizer));
        c.put("kernel_constraint", KerasSerialization.serializeConstraint(kernelConstraint));
        c.put("recurrent_constraint", KerasSerialization.serializeConstraint(recurrentConstraint));
        c.put("bias_constraint", KerasSerialization.serializeConstraint(biasConstraint));
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        putAfterDropout(c);
        c.put("seed", seed);
    }

    /** Sets the cell's arguments from a Keras config (a cell's or its layer's; Keras 1/2 configs too); cells add their own keys. */
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
}
