package io.jkeras.layers;

import io.jkeras.saving.Config;

/**
 * A fully connected RNN whose output is fed back as its state, Keras's
 * {@code keras.layers.SimpleRNN}: {@code h_t = tanh(x_t W + h_{t-1} U + b)}. Weights:
 * {@code kernel (input_dim, units)}, {@code recurrent_kernel (units, units)}, {@code bias (units,)}.
 *
 * <pre>{@code
 * Tensor y = new SimpleRNN(16).returnSequences(true).apply(x);   // (batch, timesteps, 16)
 * }</pre>
 */
public class SimpleRNN extends AbstractRNNLayer<SimpleRNN, SimpleRNNCell> {
    public SimpleRNN(int units) { this(new SimpleRNNCell(units).name("simple_rnn_cell")); }

    /** {@code SimpleRNN(units, activation=...)}. */
    public SimpleRNN(int units, String activation) { this(units); activation(activation); }

    private SimpleRNN(SimpleRNNCell cell) { super(cell); }

    @Override protected RNN newInstance(RNNCell cell) { return new SimpleRNN((SimpleRNNCell) cell); }

    /** A SimpleRNN layer from its Keras config (Keras 3, or Keras 1/2 and tfjs); registered as {@code "SimpleRNN"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static SimpleRNN fromConfig(Config c) {
        return applyConfig(new SimpleRNN(RNN.units(c)), c);
    }
}
