package io.jkeras.layers;

/**
 * 1-d convolution over the steps of a sequence, inputs {@code (batch, steps, channels)}; kernel {@code (k, in/groups, filters)}. Padding may also be "causal" (output step t sees only inputs up to t).
 * Keras's {@code keras.layers.Conv1D}; see {@link BaseConv} for the options and defaults.
 *
 * <pre>{@code
 * new Conv1D(32, 3).activation("relu").padding("causal").inputShape(100, 8)   // (None, 100, 32)
 * }</pre>
 */
public class Conv1D extends BaseConv<Conv1D> {
    /** @param kernelSize one size per spatial axis, or one for all */
    public Conv1D(int filters, int... kernelSize) { super(1, filters, kernelSize); }

    /** {@code Conv1D(filters, kernel_size, activation=activation)}. */
    public Conv1D(int filters, int kernelSize, String activation) { this(filters, kernelSize); activation(activation); }
}
