package io.jkeras.layers;

import io.jkeras.saving.Config;

/**
 * A 3-D convolutional LSTM (Keras's {@code keras.layers.ConvLSTM3D}): input {@code (batch, timesteps, d1, d2, d3, channels)}, each step's
 * matrix products replaced by 3-D convolutions (see {@link ConvLSTMCell}).
 *
 * <pre>{@code
 * new ConvLSTM3D(8, 3).padding("same").returnSequences(true)   // 8 filters, kernel 3
 * }</pre>
 */
public class ConvLSTM3D extends ConvLSTM<ConvLSTM3D> {
    /** @param kernelSize one size, or one per spatial axis */
    public ConvLSTM3D(int filters, int... kernelSize) { super(3, filters, kernelSize); }

    private ConvLSTM3D(ConvLSTMCell cell) { super(cell); }

    @Override protected RNN newInstance(RNNCell cell) { return new ConvLSTM3D((ConvLSTMCell) cell); }

    /** From a Keras config; registered as {@code "ConvLSTM3D"}. */
    public static ConvLSTM3D fromConfig(Config c) {
        return ConvLSTM.fromConfig(new ConvLSTM3D(c.getInt("filters"), c.getIntArray("kernel_size")), c);
    }
}
