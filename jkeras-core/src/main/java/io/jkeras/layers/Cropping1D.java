package io.jkeras.layers;

/**
 * Removes cells at the start and end of each spatial axis (Keras's {@code keras.layers.Cropping1D}).
 *
 * <pre>{@code
 * new Cropping1D(2).apply(x)          // (None, 10, 4) -> (None, 6, 4)
 * }</pre>
 */
public class Cropping1D extends SpatialPadCrop {
    /** Keras's default: 1 cell at each end. */
    public Cropping1D() { this(1); }

    /** @param cropping one amount for both ends, or (before, after) */
    public Cropping1D(int... cropping) {
        super(1, false, new int[][] {cropping.length == 1 ? new int[] {cropping[0], cropping[0]} : cropping});
    }

    @Override public Cropping1D name(String n) { super.name(n); return this; }
    @Override public Cropping1D inputShape(int... s) { super.inputShape(s); return this; }
}
