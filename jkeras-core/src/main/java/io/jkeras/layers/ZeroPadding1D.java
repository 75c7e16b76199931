package io.jkeras.layers;

/**
 * Adds zeros at the start and end of each spatial axis (Keras's {@code keras.layers.ZeroPadding1D}).
 *
 * <pre>{@code
 * new ZeroPadding1D(2).apply(x)          // (None, 10, 4) -> (None, 14, 4)
 * }</pre>
 */
public class ZeroPadding1D extends SpatialPadCrop {
    /** Keras's default: 1 cell at each end. */
    public ZeroPadding1D() { this(1); }

    /** @param padding one amount for both ends, or (before, after) */
    public ZeroPadding1D(int... padding) {
        super(1, true, new int[][] {padding.length == 1 ? new int[] {padding[0], padding[0]} : padding});
    }

    @Override public ZeroPadding1D name(String n) { super.name(n); return this; }
    @Override public ZeroPadding1D inputShape(int... s) { super.inputShape(s); return this; }
}
