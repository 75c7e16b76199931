package io.jkeras.layers;

/**
 * Removes cells at the start and end of each spatial axis (Keras's {@code keras.layers.Cropping2D}).
 *
 * <pre>{@code
 * new Cropping2D(1).apply(x)         // one cell at both ends of each spatial axis
 * }</pre>
 */
public class Cropping2D extends SpatialPadCrop {
    /** Keras's default: no cropping. */
    public Cropping2D() { this(0); }

    /** @param cropping one amount for every end of every axis, or one per axis (both ends) */
    public Cropping2D(int... cropping) { super(2, false, symmetric(2, cropping)); }

    /** @param cropping one (before, after) pair per spatial axis */
    public Cropping2D(int[][] cropping) { super(2, false, cropping); }

    /** "channels_last" (the default) or "channels_first". */
    public Cropping2D dataFormat(String f) { this.dataFormat = ConfigUtil.dataFormat(f, name()); return this; }

    @Override public Cropping2D name(String n) { super.name(n); return this; }
    @Override public Cropping2D inputShape(int... s) { super.inputShape(s); return this; }
}
