package io.jkeras.layers;

/**
 * The maximum over all spatial axes of inputs {@code (batch, d1, d2, d3, channels)} (Keras's
 * {@code keras.layers.GlobalMaxPooling3D}): {@code (batch, channels)}, or with
 * {@code keepdims(true)} the spatial axes kept with size 1.
 *
 * <pre>{@code
 * new GlobalMaxPooling3D().apply(x)   // (None, ..., 16) -> (None, 16)
 * }</pre>
 */
public class GlobalMaxPooling3D extends BaseGlobalPooling<GlobalMaxPooling3D> {
    public GlobalMaxPooling3D() { super(3, true); }
}
