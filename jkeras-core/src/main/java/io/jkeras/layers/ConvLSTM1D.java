package io.jkeras.layers;

import io.jkeras.saving.Config;

/**
 * A 1-D convolutional LSTM (Keras's {@code keras.layers.ConvLSTM1D}): input {@code (batch, timesteps, steps, channels)}, each step's
 * matrix products replaced by 1-D convolutions (see {@link ConvLSTMCell}).
 *
 * <pre>{@code
 * new ConvLSTM1D(8, 3).padding("same").returnSequences(true)   // 8 filters, kernel 3
 * }</pre>
 */
public class ConvLSTM1D extends ConvLSTM<ConvLSTM1D> {
    /** @param kernelSize one size, or one per spatial axis */
    public ConvLSTM1D(int filters, int... kernelSize) { super(1, filters, kernelSize); }

    private ConvLSTM1D(ConvLSTMCell cell) { super(cell); }

    @Override protected RNN newInstance(RNNCell cell) { return new ConvLSTM1D((ConvLSTMCell) cell); }

    /** From a Keras config; registered as {@code "ConvLSTM1D"}. */
    public static ConvLSTM1D fromConfig(Config c) {
        return ConvLSTM.fromConfig(new ConvLSTM1D(c.getInt("filters"), c.getIntArray("kernel_size")), c);
    }
}
