package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.saving.Config;

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
public class LSTM extends AbstractRNNLayer<LSTM, LSTMCell> {
    public LSTM(int units) { this(new LSTMCell(units).name("lstm_cell")); }

    /** {@code LSTM(units, activation=...)}. */
    public LSTM(int units, String activation) { this(units); activation(activation); }

    private LSTM(LSTMCell cell) { super(cell); }

    @Override protected RNN newInstance(RNNCell cell) { return new LSTM((LSTMCell) cell); }

    public LSTM recurrentActivation(String id) { cell().recurrentActivation(id); return this; }
    public LSTM recurrentActivation(Activation a) { cell().recurrentActivation(a); return this; }
    public LSTM unitForgetBias(boolean b) { cell().unitForgetBias(b); return this; }

    public Activation recurrentActivation() { return cell().recurrentActivation(); }
    public boolean unitForgetBias() { return cell().unitForgetBias(); }

    /** A LSTM layer from its Keras config (Keras 3, or Keras 1/2 and tfjs); registered as {@code "LSTM"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static LSTM fromConfig(Config c) {
        return applyConfig(new LSTM(RNN.units(c)), c);
    }
}
