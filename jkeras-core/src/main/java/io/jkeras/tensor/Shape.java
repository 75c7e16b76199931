package io.jkeras.tensor;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * An immutable tensor shape. A dimension of {@link #UNKNOWN} (-1) stands for Keras's {@code None}
 * (e.g. the batch dimension of a symbolic tensor); concrete tensors have only known dimensions.
 */
public final class Shape {
    /** Marker for an unknown dimension (Keras's {@code None}). */
    public static final int UNKNOWN = -1;
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;

    private Shape(int[] dims) { this.dims = dims; }

    /** A shape from its dimensions; -1 marks an unknown dimension. */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < UNKNOWN) throw new IllegalArgumentException("Invalid dimension " + d + " in shape " + Arrays.toString(dims)
                    + ": dimensions must be >= 0, or -1 for an unknown (None) dimension");
        }
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** {@code (None, dims...)}: a shape with an unknown leading batch dimension. */
    public static Shape batched(int... dims) {
        int[] d = new int[dims.length + 1];
        d[0] = UNKNOWN;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return of(d);
    }

    public int rank() { return dims.length; }

    /** Dimension at {@code axis}; negative axes count from the end. */
    public int dim(int axis) { return dims[normalizeAxis(axis)]; }

    public int[] toArray() { return dims.clone(); }

    /** Number of elements; throws if a dimension is unknown. */
    public long size() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) throw new IllegalStateException("Shape " + this + " has an unknown dimension; its size is not defined");
            n *= d;
        }
        return n;
    }

    /** Number of elements as an int, with a clear error when it does not fit an array. */
    public int intSize() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("Shape " + this + " has " + n
                + " elements, more than one Java array can hold (" + (Integer.MAX_VALUE - 8) + ")");
        return (int) n;
    }

    public boolean isFullyDefined() {
        for (int d : dims) if (d == UNKNOWN) return false;
        return true;
    }

    /** Normalizes a possibly negative axis, with a Keras-style message when it is out of range. */
    public int normalizeAxis(int axis) {
        int r = dims.length;
        if (axis < -r || axis >= r) throw new IllegalArgumentException("Axis " + axis + " is out of range for a tensor of rank " + r
                + " (shape " + this + "); valid axes are " + (-r) + " to " + (r - 1));
        return axis < 0 ? axis + r : axis;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) { s[i] = acc; acc *= Math.max(dims[i], 0); }
        return s;
    }

    public Shape withDim(int axis, int value) {
        int[] d = dims.clone();
        d[normalizeAxis(axis)] = value;
        return new Shape(d);
    }

    /** Dimensions {@code [from, to)} as a new shape. */
    public Shape sub(int from, int to) { return of(Arrays.copyOfRange(dims, from, to)); }

    /** Drops the first dimension (the batch dimension). */
    public Shape withoutBatch() { return sub(1, dims.length); }

    /** Prepends a dimension. */
    public Shape prepend(int d) {
        int[] n = new int[dims.length + 1];
        n[0] = d;
        System.arraycopy(dims, 0, n, 1, dims.length);
        return new Shape(n);
    }

    public Shape append(int d) {
        int[] n = Arrays.copyOf(dims, dims.length + 1);
        n[dims.length] = d;
        return new Shape(n);
    }

    /** True when every known dimension agrees (unknown dimensions match anything). */
    public boolean isCompatibleWith(Shape other) {
        if (other.rank() != rank()) return false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && other.dims[i] != UNKNOWN && dims[i] != other.dims[i]) return false;
        }
        return true;
    }

    @Override public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }

    @Override public int hashCode() { return Arrays.hashCode(dims); }

    /** Keras's notation: {@code (None, 784)}, {@code (3,)}, {@code ()}. */
    @Override public String toString() {
        if (dims.length == 1) return "(" + fmt(dims[0]) + ",)";
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int d : dims) j.add(fmt(d));
        return j.toString();
    }

    private static String fmt(int d) { return d == UNKNOWN ? "None" : Integer.toString(d); }
}
