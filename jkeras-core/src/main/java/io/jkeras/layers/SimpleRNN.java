package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;

import java.util.Map;

/**
 * A fully connected RNN whose output is fed back as its state, Keras's
 * {@code keras.layers.SimpleRNN}: {@code h_t = tanh(x_t W + h_{t-1} U + b)}. Weights:
 * {@code kernel (input_dim, units)}, {@code recurrent_kernel (units, units)}, {@code bias (units,)}.
 *
 * <pre>{@code
 * Tensor y = new SimpleRNN(16).returnSequences(true).apply(x);   // (batch, timesteps, 16)
 * }</pre>
 */
public class SimpleRNN extends RNN {
    public SimpleRNN(int units) { this(new SimpleRNNCell(units).name("simple_rnn_cell")); }

    /** {@code SimpleRNN(units, activation=...)}. */
    public SimpleRNN(int units, String activation) { this(units); activation(activation); }

    private SimpleRNN(SimpleRNNCell cell) { super(cell); }

    @Override protected RNN newInstance(RNNCell cell) { return new SimpleRNN((SimpleRNNCell) cell); }

    /** The cell holding the weights and the step computation. */
    @Override public SimpleRNNCell cell() { return (SimpleRNNCell) super.cell(); }

    @Override public SimpleRNN name(String n) { super.name(n); return this; }
    @Override public SimpleRNN inputShape(int... s) { super.inputShape(s); return this; }
    @Override public SimpleRNN dtype(DType d) { super.dtype(d); return this; }
    @Override public SimpleRNN returnSequences(boolean b) { super.returnSequences(b); return this; }
    @Override public SimpleRNN returnState(boolean b) { super.returnState(b); return this; }
    @Override public SimpleRNN goBackwards(boolean b) { super.goBackwards(b); return this; }
    @Override public SimpleRNN stateful(boolean b) { super.stateful(b); return this; }
    @Override public SimpleRNN unroll(boolean b) { super.unroll(b); return this; }
    @Override public SimpleRNN zeroOutputForMask(boolean b) { super.zeroOutputForMask(b); return this; }

    public SimpleRNN activation(String id) { cell().activation(id); return this; }
    public SimpleRNN activation(Activation a) { cell().activation(a); return this; }
    public SimpleRNN useBias(boolean b) { cell().useBias(b); return this; }
    public SimpleRNN kernelInitializer(String id) { cell().kernelInitializer(id); return this; }
    public SimpleRNN kernelInitializer(Initializer i) { cell().kernelInitializer(i); return this; }
    public SimpleRNN recurrentInitializer(String id) { cell().recurrentInitializer(id); return this; }
    public SimpleRNN recurrentInitializer(Initializer i) { cell().recurrentInitializer(i); return this; }
    public SimpleRNN biasInitializer(String id) { cell().biasInitializer(id); return this; }
    public SimpleRNN biasInitializer(Initializer i) { cell().biasInitializer(i); return this; }
    public SimpleRNN kernelRegularizer(Regularizer r) { cell().kernelRegularizer(r); return this; }
    public SimpleRNN recurrentRegularizer(Regularizer r) { cell().recurrentRegularizer(r); return this; }
    public SimpleRNN biasRegularizer(Regularizer r) { cell().biasRegularizer(r); return this; }
    public SimpleRNN kernelConstraint(Constraint c) { cell().kernelConstraint(c); return this; }
    public SimpleRNN recurrentConstraint(Constraint c) { cell().recurrentConstraint(c); return this; }
    public SimpleRNN biasConstraint(Constraint c) { cell().biasConstraint(c); return this; }
    /** Fraction of the input units to drop in training (one mask per sequence). */
    public SimpleRNN dropout(double rate) { cell().dropout(rate); return this; }
    /** Fraction of the recurrent state units to drop in training (one mask per sequence). */
    public SimpleRNN recurrentDropout(double rate) { cell().recurrentDropout(rate); return this; }
    /** Seeds the dropout masks. */
    public SimpleRNN seed(long seed) { cell().seed(seed); return this; }

    public int units() { return cell().units(); }
    public Activation activation() { return cell().activation(); }
    public boolean useBias() { return cell().useBias(); }
    public double dropout() { return cell().dropout(); }
    public double recurrentDropout() { return cell().recurrentDropout(); }

    /** Keras's config: the RNN arguments and the cell's, flattened (no nested {@code cell} entry). */
    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = baseConfig();
        putRnnConfig(c);
        cell().putCellConfig(c, activityRegularizer());
        return c;
    }

    /** A SimpleRNN layer from its Keras config (Keras 3, or Keras 1/2 and tfjs); registered as {@code "SimpleRNN"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static SimpleRNN fromConfig(Config c) {
        SimpleRNN l = new SimpleRNN(RNN.units(c));
        l.cell().applyConfig(c);
        l.applyRnnConfig(c);
        return KerasSerialization.applyBaseConfig(l, c);
    }
}
