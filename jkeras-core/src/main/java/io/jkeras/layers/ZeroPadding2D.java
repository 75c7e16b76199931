package io.jkeras.layers;

/**
 * Adds zeros at the start and end of each spatial axis (Keras's {@code keras.layers.ZeroPadding2D}).
 *
 * <pre>{@code
 * new ZeroPadding2D(1).apply(x)         // one cell at both ends of each spatial axis
 * }</pre>
 */
public class ZeroPadding2D extends SpatialPadCrop {
    /** Keras's default: 1 cell at each end. */
    public ZeroPadding2D() { this(1); }

    /** @param padding one amount for every end of every axis, or one per axis (both ends) */
    public ZeroPadding2D(int... padding) { super(2, true, symmetric(2, padding)); }

    /** @param padding one (before, after) pair per spatial axis */
    public ZeroPadding2D(int[][] padding) { super(2, true, padding); }

    /** "channels_last" (the default) or "channels_first". */
    public ZeroPadding2D dataFormat(String f) { this.dataFormat = ConfigUtil.dataFormat(f, name()); return this; }

    @Override public ZeroPadding2D name(String n) { super.name(n); return this; }
    @Override public ZeroPadding2D inputShape(int... s) { super.inputShape(s); return this; }
}
