package io.jkeras.layers;

/**
 * The average over all spatial axes of inputs {@code (batch, steps, channels)} (Keras's
 * {@code keras.layers.GlobalAveragePooling1D}): {@code (batch, channels)}, or with
 * {@code keepdims(true)} the spatial axes kept with size 1.
 *
 * <pre>{@code
 * new GlobalAveragePooling1D().apply(x)   // (None, ..., 16) -> (None, 16)
 * }</pre>
 */
public class GlobalAveragePooling1D extends BaseGlobalPooling<GlobalAveragePooling1D> {
    public GlobalAveragePooling1D() { super(1, false); setSupportsMasking(true); }

    /** With a mask {@code (batch, steps)}, as in Keras, the average of the unmasked steps only. */
    @Override protected java.util.List<io.jkeras.tensor.Tensor> call(java.util.List<io.jkeras.tensor.Tensor> inputs,
                                                                      java.util.List<io.jkeras.tensor.Tensor> masks, boolean training) {
        io.jkeras.tensor.Tensor mask = masks == null ? null : masks.get(0);
        if (mask == null) return call(inputs, training);
        io.jkeras.tensor.Tensor x = inputs.get(0);
        if (!x.dtype().isFloating()) x = io.jkeras.ops.Ops.cast(x, io.jkeras.tensor.DType.FLOAT32);
        boolean last = dataFormat.equals("channels_last");
        io.jkeras.tensor.Tensor m = io.jkeras.ops.Ops.expandDims(io.jkeras.ops.Ops.cast(mask, x.dtype()), last ? 2 : 1);
        int[] steps = {last ? 1 : 2};
        io.jkeras.tensor.Tensor sum = io.jkeras.ops.Ops.sum(io.jkeras.ops.Ops.multiply(x, m), steps, keepdims);
        return java.util.List.of(io.jkeras.ops.Ops.divide(sum, io.jkeras.ops.Ops.sum(m, steps, keepdims)));
    }

    /** The steps are averaged away, and so is the mask. */
    @Override public io.jkeras.tensor.Tensor computeMask(io.jkeras.tensor.Tensor inputs, io.jkeras.tensor.Tensor mask) { return null; }
}
