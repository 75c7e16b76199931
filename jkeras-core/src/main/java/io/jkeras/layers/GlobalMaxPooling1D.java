package io.jkeras.layers;

/**
 * The maximum over all spatial axes of inputs {@code (batch, steps, channels)} (Keras's
 * {@code keras.layers.GlobalMaxPooling1D}): {@code (batch, channels)}, or with
 * {@code keepdims(true)} the spatial axes kept with size 1.
 *
 * <pre>{@code
 * new GlobalMaxPooling1D().apply(x)   // (None, ..., 16) -> (None, 16)
 * }</pre>
 */
public class GlobalMaxPooling1D extends BaseGlobalPooling<GlobalMaxPooling1D> {
    public GlobalMaxPooling1D() { super(1, true); }
}
