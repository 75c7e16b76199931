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
    public GlobalAveragePooling1D() { super(1, false); }
}
