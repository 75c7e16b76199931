package io.jkeras.layers;

import io.jkeras.saving.Config;

/**
 * A 2-D convolutional LSTM (Keras's {@code keras.layers.ConvLSTM2D}): input {@code (batch, timesteps, rows, cols, channels)}, each step's
 * matrix products replaced by 2-D convolutions (see {@link ConvLSTMCell}).
 *
 * <pre>{@code
 * new ConvLSTM2D(8, 3).padding("same").returnSequences(true)   // 8 filters, kernel 3
 * }</pre>
 */
public class ConvLSTM2D extends ConvLSTM<ConvLSTM2D> {
    /** @param kernelSize one size, or one per spatial axis */
    public ConvLSTM2D(int filters, int... kernelSize) { super(2, filters, kernelSize); }

    private ConvLSTM2D(ConvLSTMCell cell) { super(cell); }

    @Override protected RNN newInstance(RNNCell cell) { return new ConvLSTM2D((ConvLSTMCell) cell); }

    /** From a Keras config; registered as {@code "ConvLSTM2D"}. */
    public static ConvLSTM2D fromConfig(Config c) {
        return ConvLSTM.fromConfig(new ConvLSTM2D(c.getInt("filters"), c.getIntArray("kernel_size")), c);
    }
}
