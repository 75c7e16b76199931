package io.jkeras.layers;

/**
 * The average over all spatial axes of inputs {@code (batch, rows, cols, channels)} (Keras's
 * {@code keras.layers.GlobalAveragePooling2D}): {@code (batch, channels)}, or with
 * {@code keepdims(true)} the spatial axes kept with size 1.
 *
 * <pre>{@code
 * new GlobalAveragePooling2D().apply(x)   // (None, ..., 16) -> (None, 16)
 * }</pre>
 */
public class GlobalAveragePooling2D extends BaseGlobalPooling<GlobalAveragePooling2D> {
    public GlobalAveragePooling2D() { super(2, false); }
}
