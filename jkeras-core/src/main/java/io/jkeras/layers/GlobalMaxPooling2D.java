package io.jkeras.layers;

/**
 * The maximum over all spatial axes of inputs {@code (batch, rows, cols, channels)} (Keras's
 * {@code keras.layers.GlobalMaxPooling2D}): {@code (batch, channels)}, or with
 * {@code keepdims(true)} the spatial axes kept with size 1.
 *
 * <pre>{@code
 * new GlobalMaxPooling2D().apply(x)   // (None, ..., 16) -> (None, 16)
 * }</pre>
 */
public class GlobalMaxPooling2D extends BaseGlobalPooling<GlobalMaxPooling2D> {
    public GlobalMaxPooling2D() { super(2, true); }
}
