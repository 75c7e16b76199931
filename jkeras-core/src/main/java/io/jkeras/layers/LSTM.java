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
 * Long short-term memory (Hochreiter and Schmidhuber, 1997), Keras's {@code keras.layers.LSTM}: an
 * {@link RNN} over an {@link LSTMCell}. Weights as in Keras ({@code kernel (input_dim, 4*units)},
 * {@code recurrent_kernel (units, 4*units)}, {@code bias (4*units,)}; gates i, f, c, o), so weights
 * trained in Keras load unchanged. Defaults as in Keras: tanh, sigmoid recurrent activation,
 * glorot_uniform / orthogonal / zeros initializers, {@code unit_forget_bias=true}.
 *
 * <pre>{@code
 * Sequential model = new Sequential();
 * model.add(new Embedding(10000, 64).maskZero(true));
 * model.add(new LSTM(32));                                   // last output, padded steps skipped
 * model.add(new Dense(1, "sigmoid"));
 *
 * List<Tensor> hc = new LSTM(16).returnSequences(true).returnState(true).apply(List.of(x), false);   // [sequence, h, c]
 * }</pre>
 */
public class LSTM extends RNN {
    public LSTM(int units) { this(new LSTMCell(units).name("lstm_cell")); }

    /** {@code LSTM(units, activation=...)}. */
    public LSTM(int units, String activation) { this(units); activation(activation); }

    private LSTM(LSTMCell cell) { super(cell); }

    @Override protected RNN newInstance(RNNCell cell) { return new LSTM((LSTMCell) cell); }

    /** The cell holding the weights and the step computation. */
    @Override public LSTMCell cell() { return (LSTMCell) super.cell(); }

    @Override public LSTM name(String n) { super.name(n); return this; }
    @Override public LSTM inputShape(int... s) { super.inputShape(s); return this; }
    @Override public LSTM dtype(DType d) { super.dtype(d); return this; }
    @Override public LSTM returnSequences(boolean b) { super.returnSequences(b); return this; }
    @Override public LSTM returnState(boolean b) { super.returnState(b); return this; }
    @Override public LSTM goBackwards(boolean b) { super.goBackwards(b); return this; }
    @Override public LSTM stateful(boolean b) { super.stateful(b); return this; }
    @Override public LSTM unroll(boolean b) { super.unroll(b); return this; }
    @Override public LSTM zeroOutputForMask(boolean b) { super.zeroOutputForMask(b); return this; }

    public LSTM activation(String id) { cell().activation(id); return this; }
    public LSTM activation(Activation a) { cell().activation(a); return this; }
    public LSTM recurrentActivation(String id) { cell().recurrentActivation(id); return this; }
    public LSTM recurrentActivation(Activation a) { cell().recurrentActivation(a); return this; }
    public LSTM unitForgetBias(boolean b) { cell().unitForgetBias(b); return this; }
    public LSTM useBias(boolean b) { cell().useBias(b); return this; }
    public LSTM kernelInitializer(String id) { cell().kernelInitializer(id); return this; }
    public LSTM kernelInitializer(Initializer i) { cell().kernelInitializer(i); return this; }
    public LSTM recurrentInitializer(String id) { cell().recurrentInitializer(id); return this; }
    public LSTM recurrentInitializer(Initializer i) { cell().recurrentInitializer(i); return this; }
    public LSTM biasInitializer(String id) { cell().biasInitializer(id); return this; }
    public LSTM biasInitializer(Initializer i) { cell().biasInitializer(i); return this; }
    public LSTM kernelRegularizer(Regularizer r) { cell().kernelRegularizer(r); return this; }
    public LSTM recurrentRegularizer(Regularizer r) { cell().recurrentRegularizer(r); return this; }
    public LSTM biasRegularizer(Regularizer r) { cell().biasRegularizer(r); return this; }
    public LSTM kernelConstraint(Constraint c) { cell().kernelConstraint(c); return this; }
    public LSTM recurrentConstraint(Constraint c) { cell().recurrentConstraint(c); return this; }
    public LSTM biasConstraint(Constraint c) { cell().biasConstraint(c); return this; }
    /** Fraction of the input units to drop in training (one mask per sequence). */
    public LSTM dropout(double rate) { cell().dropout(rate); return this; }
    /** Fraction of the recurrent state units to drop in training (one mask per sequence). */
    public LSTM recurrentDropout(double rate) { cell().recurrentDropout(rate); return this; }
    /** Seeds the dropout masks. */
    public LSTM seed(long seed) { cell().seed(seed); return this; }

    public int units() { return cell().units(); }
    public Activation activation() { return cell().activation(); }
    public Activation recurrentActivation() { return cell().recurrentActivation(); }
    public boolean unitForgetBias() { return cell().unitForgetBias(); }
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

    /** A LSTM layer from its Keras config (Keras 3, or Keras 1/2 and tfjs); registered as {@code "LSTM"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static LSTM fromConfig(Config c) {
        LSTM l = new LSTM(RNN.units(c));
        l.cell().applyConfig(c);
        l.applyRnnConfig(c);
        return KerasSerialization.applyBaseConfig(l, c);
    }
}
