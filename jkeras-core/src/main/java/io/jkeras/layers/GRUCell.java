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
 * The cell of a {@link GRU} (Keras's {@code GRUCell}): one step of a gated recurrent unit, with
 * Keras's weight layout. Weights: {@code kernel (input_dim, 3*units)} and
 * {@code recurrent_kernel (units, 3*units)} with the gate blocks in the order update (z), reset
 * (r), candidate (h), and a bias of shape {@code (2, 3*units)} (input bias, recurrent bias) when
 * {@code reset_after} is true (Keras's default, the cuDNN variant) or {@code (3*units,)} when false.
 *
 * <pre>
 * z = sigmoid(x Wz + h Uz + b)      r = sigmoid(x Wr + h Ur + b)
 * reset_after=true:   h~ = tanh(x Wh + bh + r * (h Uh + bh'))
 * reset_after=false:  h~ = tanh(x Wh + (r * h) Uh + bh)
 * h' = z * h + (1 - z) * h~
 * </pre>
 */
public class GRUCell extends RNNCell {
    private final int units;
    private Activation activation = Activations.tanh();
    private Activation recurrentActivation = Activations.sigmoid();
    private boolean useBias = true;
    private boolean resetAfter = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Initializer recurrentInitializer = Initializers.get("orthogonal");
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer, recurrentRegularizer, biasRegularizer;
    private Constraint kernelConstraint, recurrentConstraint, biasConstraint;
    private double dropout, recurrentDropout;
    private Long seed;
    private final DropoutMasks inputMasks = new DropoutMasks(), stateMasks = new DropoutMasks();
    private Variable kernel, recurrentKernel, bias;

    public GRUCell(int units) {
        if (units <= 0) throw new IllegalArgumentException("Received an invalid value for argument `units`, expected a positive integer, got " + units + ".");
        this.units = units;
    }

    @Override public GRUCell name(String n) { super.name(n); return this; }
    public GRUCell activation(String id) { return activation(Activations.get(id)); }
    public GRUCell activation(Activation a) { checkNotBuilt("activation"); this.activation = a; return this; }
    public GRUCell recurrentActivation(String id) { return recurrentActivation(Activations.get(id)); }
    public GRUCell recurrentActivation(Activation a) { checkNotBuilt("recurrent_activation"); this.recurrentActivation = a; return this; }
    public GRUCell useBias(boolean b) { checkNotBuilt("use_bias"); this.useBias = b; return this; }
    /** Applies the reset gate after the recurrent matmul (Keras's default {@code True}; bias shape {@code (2, 3*units)}). */
    public GRUCell resetAfter(boolean b) { checkNotBuilt("reset_after"); this.resetAfter = b; return this; }
    public GRUCell kernelInitializer(String id) { return kernelInitializer(Initializers.get(id)); }
    public GRUCell kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return this; }
    public GRUCell recurrentInitializer(String id) { return recurrentInitializer(Initializers.get(id)); }
    public GRUCell recurrentInitializer(Initializer i) { checkNotBuilt("recurrent_initializer"); this.recurrentInitializer = i; return this; }
    public GRUCell biasInitializer(String id) { return biasInitializer(Initializers.get(id)); }
    public GRUCell biasInitializer(Initializer i) { checkNotBuilt("bias_initializer"); this.biasInitializer = i; return this; }
    public GRUCell kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return this; }
    public GRUCell recurrentRegularizer(Regularizer r) { checkNotBuilt("recurrent_regularizer"); this.recurrentRegularizer = r; return this; }
    public GRUCell biasRegularizer(Regularizer r) { checkNotBuilt("bias_regularizer"); this.biasRegularizer = r; return this; }
    public GRUCell kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return this; }
    public GRUCell recurrentConstraint(Constraint c) { checkNotBuilt("recurrent_constraint"); this.recurrentConstraint = c; return this; }
    public GRUCell biasConstraint(Constraint c) { checkNotBuilt("bias_constraint"); this.biasConstraint = c; return this; }
    /** Fraction of the input units to drop in training (one mask per sequence). */
    public GRUCell dropout(double rate) { this.dropout = checkRate("GRUCell \"" + name() + "\"", "dropout", rate); return this; }
    /** Fraction of the recurrent state units to drop in training (one mask per sequence and gate). */
    public GRUCell recurrentDropout(double rate) { this.recurrentDropout = checkRate("GRUCell \"" + name() + "\"", "recurrent_dropout", rate); return this; }
    /** Seeds the dropout masks. */
    public GRUCell seed(long seed) { this.seed = seed; inputMasks.seed(seed); stateMasks.seed(seed ^ 0x5DEECE66DL); return this; }

    public int units() { return units; }
    public Activation activation() { return activation; }
    public Activation recurrentActivation() { return recurrentActivation; }
    public boolean useBias() { return useBias; }
    public boolean resetAfter() { return resetAfter; }
    public double dropout() { return dropout; }
    public double recurrentDropout() { return recurrentDropout; }
    public Variable kernel() { return kernel; }
    public Variable recurrentKernel() { return recurrentKernel; }
    public Variable bias() { return bias; }

    @Override public List<Shape> stateShapes() { return List.of(Shape.of(units)); }

    @Override public void build(Shape stepInputShape) {
        int in = stepInputShape.dim(-1);
        if (in == Shape.UNKNOWN) throw new IllegalArgumentException("GRUCell \"" + name() + "\": the last dimension of the input must be known, received " + stepInputShape);
        kernel = addWeight("kernel", Shape.of(in, 3 * units), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, 3 * units), recurrentInitializer, recurrentRegularizer, recurrentConstraint, true);
        if (useBias) {
            Shape bs = resetAfter ? Shape.of(2, 3 * units) : Shape.of(3 * units);
            bias = addWeight("bias", bs, biasInitializer, biasRegularizer, biasConstraint, true);
        }
    }

    private Tensor gate(Tensor t, int g) { return Ops.sliceAxis(t, -1, g * units, (g + 1) * units); }

    @Override public Output call(Tensor x, List<Tensor> states, boolean training) {
        Tensor h = states.get(0);
        Tensor inputBias = null, recurrentBias = null;
        if (useBias) {
            if (resetAfter) {
                inputBias = Ops.reshape(Ops.sliceAxis(bias.value(), 0, 0, 1), 3 * units);
                recurrentBias = Ops.reshape(Ops.sliceAxis(bias.value(), 0, 1, 2), 3 * units);
            } else {
                inputBias = bias.value();
            }
        }
        boolean dropIn = training && dropout > 0 && dropout < 1;
        boolean dropRec = training && recurrentDropout > 0 && recurrentDropout < 1;
        Tensor K = kernel.value(), R = recurrentKernel.value();
        Tensor z, r, hh;
        if (recurrentDropout > 0) {
            // Keras's implementation 1: a separate mask and matmul per gate
            Tensor[] dm = dropIn ? inputMasks.get(x, dropout, 3) : null;
            Tensor[] rm = dropRec ? stateMasks.get(h, recurrentDropout, 3) : null;
            Tensor[] xg = new Tensor[3], hg = new Tensor[3];
            for (int g = 0; g < 3; g++) {
                xg[g] = Ops.matmul(dm == null ? x : Ops.multiply(x, dm[g]), gate(K, g));
                if (useBias) xg[g] = Ops.add(xg[g], gate(inputBias, g));
                hg[g] = rm == null ? h : Ops.multiply(h, rm[g]);
            }
            Tensor rz = Ops.matmul(hg[0], gate(R, 0)), rr = Ops.matmul(hg[1], gate(R, 1));
            if (resetAfter && useBias) { rz = Ops.add(rz, gate(recurrentBias, 0)); rr = Ops.add(rr, gate(recurrentBias, 1)); }
            z = recurrentActivation.apply(Ops.add(xg[0], rz));
            r = recurrentActivation.apply(Ops.add(xg[1], rr));
            Tensor rh;
            if (resetAfter) {
                rh = Ops.matmul(hg[2], gate(R, 2));
                if (useBias) rh = Ops.add(rh, gate(recurrentBias, 2));
                rh = Ops.multiply(r, rh);
            } else {
                rh = Ops.matmul(Ops.multiply(r, hg[2]), gate(R, 2));
            }
            hh = activation.apply(Ops.add(xg[2], rh));
        } else {
            Tensor xin = dropIn ? Ops.multiply(x, inputMasks.get(x, dropout, 1)[0]) : x;
            Tensor mx = Ops.matmul(xin, K);
            if (useBias) mx = Ops.add(mx, inputBias);
            Tensor inner;
            if (resetAfter) {
                inner = Ops.matmul(h, R);
                if (useBias) inner = Ops.add(inner, recurrentBias);
            } else {
                inner = Ops.matmul(h, Ops.sliceAxis(R, 1, 0, 2 * units));
            }
            z = recurrentActivation.apply(Ops.add(gate(mx, 0), gate(inner, 0)));
            r = recurrentActivation.apply(Ops.add(gate(mx, 1), gate(inner, 1)));
            Tensor rh = resetAfter ? Ops.multiply(r, gate(inner, 2)) : Ops.matmul(Ops.multiply(r, h), gate(R, 2));
            hh = activation.apply(Ops.add(gate(mx, 2), rh));
        }
        // h' = z * h + (1 - z) * h~
        Tensor hNew = Ops.add(Ops.multiply(z, h), Ops.multiply(Ops.subtract(1.0, z), hh));
        return new Output(hNew, List.of(hNew));
    }

    @Override public void resetDropoutMasks() { inputMasks.reset(); stateMasks.reset(); }

    @Override public GRUCell copy() {
        GRUCell c = new GRUCell(units).name(name()).activation(activation).recurrentActivation(recurrentActivation).useBias(useBias)
                .resetAfter(resetAfter).kernelInitializer(kernelInitializer).recurrentInitializer(recurrentInitializer)
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
        c.put("kernel_regularizer", KerasSerialization.serializeRegularizer(kernelRegularizer));
        c.put("recurrent_regularizer", KerasSerialization.serializeRegularizer(recurrentRegularizer));
        c.put("bias_regularizer", KerasSerialization.serializeRegularizer(biasRegularizer));
        c.put("activity_regularizer", KerasSerialization.serializeRegularizer(activityRegularizer));
        c.put("kernel_constraint", KerasSerialization.serializeConstraint(kernelConstraint));
        c.put("recurrent_constraint", KerasSerialization.serializeConstraint(recurrentConstraint));
        c.put("bias_constraint", KerasSerialization.serializeConstraint(biasConstraint));
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        c.put("reset_after", resetAfter);
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
        resetAfter(c.getBoolean("reset_after", true));
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

    /** A GRUCell from its Keras config; registered as {@code "GRUCell"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static GRUCell fromConfig(Config c) {
        GRUCell cell = new GRUCell(c.getInt("units"));
        cell.applyConfig(c);
        return KerasSerialization.applyBaseConfig(cell, c);
    }
}
