package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.activations.Activations;
import io.jkeras.autodiff.Variable;
import io.jkeras.backend.Epilogue;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.Ops;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * A densely connected layer: {@code output = activation(inputs @ kernel + bias)}, applied to the
 * last axis of inputs of any rank >= 2. Kernel shape {@code (input_dim, units)}.
 *
 * <pre>{@code
 * new Dense(64).activation("relu").inputShape(100)   // Keras: Dense(64, activation='relu', input_shape=(100,))
 * }</pre>
 */
public class Dense extends Layer {
    private final int units;
    private Activation activation = Activations.linear();
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer, biasRegularizer;
    private Constraint kernelConstraint, biasConstraint;
    private Variable kernel, bias;

    public Dense(int units) {
        if (units <= 0) throw new IllegalArgumentException("Received an invalid value for `units`, expected a positive integer. Received: units=" + units);
        this.units = units;
        this.inputSpec = InputSpec.minRank(2);
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    /** {@code Dense(units, activation)}. */
    public Dense(int units, String activation) { this(units); activation(activation); }

    public Dense activation(String name) { checkNotBuilt("activation"); this.activation = Activations.get(name); return this; }
    public Dense activation(Activation a) { checkNotBuilt("activation"); this.activation = a; return this; }
    public Dense useBias(boolean b) { checkNotBuilt("use_bias"); this.useBias = b; return this; }
    public Dense kernelInitializer(String id) { return kernelInitializer(Initializers.get(id)); }
    public Dense kernelInitializer(Initializer i) { checkNotBuilt("kernel_initializer"); this.kernelInitializer = i; return this; }
    public Dense biasInitializer(String id) { return biasInitializer(Initializers.get(id)); }
    public Dense biasInitializer(Initializer i) { checkNotBuilt("bias_initializer"); this.biasInitializer = i; return this; }
    public Dense kernelRegularizer(Regularizer r) { checkNotBuilt("kernel_regularizer"); this.kernelRegularizer = r; return this; }
    public Dense biasRegularizer(Regularizer r) { checkNotBuilt("bias_regularizer"); this.biasRegularizer = r; return this; }
    public Dense kernelConstraint(Constraint c) { checkNotBuilt("kernel_constraint"); this.kernelConstraint = c; return this; }
    public Dense biasConstraint(Constraint c) { checkNotBuilt("bias_constraint"); this.biasConstraint = c; return this; }
    @Override public Dense name(String n) { super.name(n); return this; }
    @Override public Dense inputShape(int... s) { super.inputShape(s); return this; }

    public int units() { return units; }
    public Activation activation() { return activation; }
    public boolean useBias() { return useBias; }
    public Variable kernel() { return kernel; }
    public Variable bias() { return bias; }
    public Initializer kernelInitializer() { return kernelInitializer; }
    public Initializer biasInitializer() { return biasInitializer; }
    public Regularizer kernelRegularizer() { return kernelRegularizer; }
    public Regularizer biasRegularizer() { return biasRegularizer; }
    public Constraint kernelConstraint() { return kernelConstraint; }
    public Constraint biasConstraint() { return biasConstraint; }

    @Override public void build(Shape inputShape) {
        int inDim = inputShape.dim(-1);
        if (inDim == Shape.UNKNOWN) throw new IllegalArgumentException("Layer \"" + name() + "\": the last dimension of the input must be known, received input shape " + inputShape);
        kernel = addWeight("kernel", Shape.of(inDim, units), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) bias = addWeight("bias", Shape.of(units), biasInitializer, biasRegularizer, biasConstraint, true);
        inputSpec = InputSpec.minRank(2).withAxis(-1, inDim);
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor k = kernel.value();
        Epilogue fused = fusedEpilogue();
        if (fused != null && x.dtype() == k.dtype()) return Ops.dense(x, k, useBias ? bias.value() : null, fused);
        Tensor y = Ops.matmul(x, k);
        if (useBias) y = Ops.add(y, bias.value());
        return activation.apply(y);
    }

    /** The fused-kernel form of the built-in activations that have one (matmul, bias and activation in one op), else null. */
    private Epilogue fusedEpilogue() {
        if (activation == Activations.linear()) return Epilogue.LINEAR;
        if (activation == Activations.relu()) return Epilogue.RELU;
        if (activation == Activations.sigmoid()) return Epilogue.SIGMOID;
        if (activation == Activations.tanh()) return Epilogue.TANH;
        if (activation == Activations.softmax()) return Epilogue.SOFTMAX;
        return null;
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape.withDim(-1, units); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", KerasSerialization.serializeInitializer(kernelInitializer));
        c.put("bias_initializer", KerasSerialization.serializeInitializer(biasInitializer));
        c.put("kernel_regularizer", KerasSerialization.serializeRegularizer(kernelRegularizer));
        c.put("bias_regularizer", KerasSerialization.serializeRegularizer(biasRegularizer));
        c.put("kernel_constraint", KerasSerialization.serializeConstraint(kernelConstraint));
        c.put("bias_constraint", KerasSerialization.serializeConstraint(biasConstraint));
        return c;
    }

    /**
     * A Dense layer from its Keras config (Keras 3 and 2; Keras 1's {@code output_dim}, {@code bias}
     * and {@code init} are read too). Registered as {@code "Dense"} in {@link io.jkeras.saving.SavingRegistry}.
     */
    public static Dense fromConfig(Config c) {
        Dense d = new Dense(c.has("units") || !c.has("output_dim") ? c.getInt("units") : c.getInt("output_dim"));
        d.activation(KerasSerialization.activation(c, "activation"));
        d.useBias(c.getBoolean("use_bias", c.getBoolean("bias", true)));
        d.kernelInitializer(KerasSerialization.initializer(c, "kernel_initializer", KerasSerialization.initializer(c, "init", d.kernelInitializer)));
        d.biasInitializer(KerasSerialization.initializer(c, "bias_initializer", d.biasInitializer));
        d.kernelRegularizer(KerasSerialization.regularizer(c, "kernel_regularizer"));
        d.biasRegularizer(KerasSerialization.regularizer(c, "bias_regularizer"));
        d.kernelConstraint(KerasSerialization.constraint(c, "kernel_constraint"));
        d.biasConstraint(KerasSerialization.constraint(c, "bias_constraint"));
        if (c.has("lora_rank")) throw new IllegalArgumentException(c.owner() + ": LoRA-enabled Dense layers (lora_rank) are not supported yet");
        if (c.has("quantization_config")) throw new IllegalArgumentException(c.owner() + ": quantized Dense layers are not supported yet");
        return KerasSerialization.applyBaseConfig(d, c);
    }
}
