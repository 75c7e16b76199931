package io.jkeras.layers;

/**
 * Removes cells at the start and end of each spatial axis (Keras's {@code keras.layers.Cropping3D}).
 *
 * <pre>{@code
 * new Cropping3D(1).apply(x)         // one cell at both ends of each spatial axis
 * }</pre>
 */
public class Cropping3D extends SpatialPadCrop {
    /** Keras's default: 1 cell at each end. */
    public Cropping3D() { this(1); }

    /** @param cropping one amount for every end of every axis, or one per axis (both ends) */
    public Cropping3D(int... cropping) { super(3, false, symmetric(3, cropping)); }

    /** @param cropping one (before, after) pair per spatial axis */
    public Cropping3D(int[][] cropping) { super(3, false, cropping); }

    /** "channels_last" (the default) or "channels_first". */
    public Cropping3D dataFormat(String f) { this.dataFormat = ConfigUtil.dataFormat(f, name()); return this; }

    @Override public Cropping3D name(String n) { super.name(n); return this; }
    @Override public Cropping3D inputShape(int... s) { super.inputShape(s); return this; }
}
