package io.jkeras.layers;

/**
 * Adds zeros at the start and end of each spatial axis (Keras's {@code keras.layers.ZeroPadding3D}).
 *
 * <pre>{@code
 * new ZeroPadding3D(1).apply(x)         // one cell at both ends of each spatial axis
 * }</pre>
 */
public class ZeroPadding3D extends SpatialPadCrop {
    /** Keras's default: 1 cell at each end. */
    public ZeroPadding3D() { this(1); }

    /** @param padding one amount for every end of every axis, or one per axis (both ends) */
    public ZeroPadding3D(int... padding) { super(3, true, symmetric(3, padding)); }

    /** @param padding one (before, after) pair per spatial axis */
    public ZeroPadding3D(int[][] padding) { super(3, true, padding); }

    /** "channels_last" (the default) or "channels_first". */
    public ZeroPadding3D dataFormat(String f) { this.dataFormat = ConfigUtil.dataFormat(f, name()); return this; }

    @Override public ZeroPadding3D name(String n) { super.name(n); return this; }
    @Override public ZeroPadding3D inputShape(int... s) { super.inputShape(s); return this; }
}
