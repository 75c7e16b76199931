package io.jkeras.layers;

/**
 * The average over all spatial axes of inputs {@code (batch, d1, d2, d3, channels)} (Keras's
 * {@code keras.layers.GlobalAveragePooling3D}): {@code (batch, channels)}, or with
 * {@code keepdims(true)} the spatial axes kept with size 1.
 *
 * <pre>{@code
 * new GlobalAveragePooling3D().apply(x)   // (None, ..., 16) -> (None, 16)
 * }</pre>
 */
public class GlobalAveragePooling3D extends BaseGlobalPooling<GlobalAveragePooling3D> {
    public GlobalAveragePooling3D() { super(3, false); }
}
