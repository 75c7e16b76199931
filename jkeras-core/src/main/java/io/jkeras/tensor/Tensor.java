package io.jkeras.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable n-dimensional array of one {@link DType}, stored densely in row-major (C) order.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
 * Tensor y = Ops.matmul(x, x);            // math lives in io.jkeras.ops.Ops
 * float[] out = y.toFloatArray();
 * }</pre>
 *
 * <p>Tensors are values: no public method changes one. The backing array is owned by the tensor
 * (factories copy their input unless named {@code wrap}). Only a {@link io.jkeras.autodiff.Variable}'s
 * optimizer update writes into storage in place, through the backend.
 *
 * <p>{@link #sliceRows} makes a view: a tensor over a range of rows of another tensor's array, with
 * nothing copied. Kernels that know views read it in place ({@link #storage()},
 * {@link #storageOffset()}); everything else sees, through {@link #array()}, a copy of just its
 * elements, so no code needs to know views exist.
 */
public final class Tensor {
    private final Shape shape;
    private final DType dtype;
    /**
     * float[], double[], int[], long[] or boolean[], matching {@link #dtype}: the tensor's elements
     * are {@code data[offset, offset + size)}. For a dense tensor (every factory but
     * {@link #sliceRows}) {@code offset} is 0 and the array holds exactly the elements.
     */
    private final Object data;
    private final int offset;
    /** True for a view that covers only part of {@link #data}. */
    private final boolean view;
    /** A view's elements copied into an array of their own, made on the first {@link #array()} call. */
    private volatile Object denseCopy;

    private Tensor(Shape shape, DType dtype, Object data) {
        this(shape, dtype, data, 0, false);
    }

    private Tensor(Shape shape, DType dtype, Object data, int offset, boolean view) {
        this.shape = shape;
        this.dtype = dtype;
        this.data = data;
        this.offset = offset;
        this.view = view;
    }

    // ---------------------------------------------------------------- factories

    /** Wraps an existing array without copying. The caller must not change the array afterwards. */
    public static Tensor wrap(Object array, Shape shape) {
        Objects.requireNonNull(array, "array");
        if (!shape.isFullyDefined()) throw new IllegalArgumentException("A concrete tensor needs a fully known shape, got " + shape);
        DType dt = dtypeOfArray(array);
        int len = java.lang.reflect.Array.getLength(array);
        if (len != shape.size()) throw new IllegalArgumentException("Cannot make a tensor of shape " + shape + " (" + shape.size()
                + " elements) from an array of " + len + " elements");
        return new Tensor(shape, dt, array);
    }

    public static Tensor wrap(float[] data, int... shape) { return wrap(data, Shape.of(shape)); }
    public static Tensor wrap(double[] data, int... shape) { return wrap(data, Shape.of(shape)); }

    public static Tensor of(float[] data, int... shape) { return wrap(data.clone(), Shape.of(shape)); }
    public static Tensor of(double[] data, int... shape) { return wrap(data.clone(), Shape.of(shape)); }
    public static Tensor of(int[] data, int... shape) { return wrap(data.clone(), Shape.of(shape)); }
    public static Tensor of(long[] data, int... shape) { return wrap(data.clone(), Shape.of(shape)); }
    public static Tensor of(boolean[] data, int... shape) { return wrap(data.clone(), Shape.of(shape)); }

    /** A 1-D float32 tensor. */
    public static Tensor of(float... data) { return of(data, data.length); }

    /** A 1-D float64 tensor: {@code Tensor.of(1.0, 2.0, 3.0)}. */
    public static Tensor of(double... data) { return of(data, data.length); }

    /** A 2-D float32 tensor from a rectangular Java array. */
    public static Tensor of(float[][] rows) {
        int r = rows.length, c = r == 0 ? 0 : rows[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) throw new IllegalArgumentException("Ragged array: row 0 has " + c + " values, row " + i + " has " + rows[i].length);
            System.arraycopy(rows[i], 0, d, i * c, c);
        }
        return wrap(d, Shape.of(r, c));
    }

    /** A 2-D float64 tensor from a rectangular Java array. */
    public static Tensor of(double[][] rows) {
        int r = rows.length, c = r == 0 ? 0 : rows[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) throw new IllegalArgumentException("Ragged array: row 0 has " + c + " values, row " + i + " has " + rows[i].length);
            System.arraycopy(rows[i], 0, d, i * c, c);
        }
        return wrap(d, Shape.of(r, c));
    }

    public static Tensor scalar(float v) { return wrap(new float[] {v}, Shape.SCALAR); }
    public static Tensor scalar(double v, DType dtype) { return full(Shape.SCALAR, v, dtype); }

    public static Tensor zeros(Shape shape, DType dtype) { return wrap(allocate(dtype, shape.intSize()), shape); }
    public static Tensor zeros(int... shape) { return zeros(Shape.of(shape), DType.FLOAT32); }
    public static Tensor ones(Shape shape, DType dtype) { return full(shape, 1, dtype); }
    public static Tensor ones(int... shape) { return ones(Shape.of(shape), DType.FLOAT32); }

    /** A tensor of {@code shape} filled with {@code value} (converted to {@code dtype}). */
    public static Tensor full(Shape shape, double value, DType dtype) {
        int n = shape.intSize();
        Object a = allocate(dtype, n);
        switch (dtype) {
            case FLOAT32 -> Arrays.fill((float[]) a, (float) value);
            case FLOAT64 -> Arrays.fill((double[]) a, value);
            case INT32 -> Arrays.fill((int[]) a, (int) value);
            case INT64 -> Arrays.fill((long[]) a, (long) value);
            case BOOL -> Arrays.fill((boolean[]) a, value != 0);
        }
        return wrap(a, shape);
    }

    /** A new zeroed primitive array for {@code dtype}. */
    public static Object allocate(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
        };
    }

    static DType dtypeOfArray(Object a) {
        if (a instanceof float[]) return DType.FLOAT32;
        if (a instanceof double[]) return DType.FLOAT64;
        if (a instanceof int[]) return DType.INT32;
        if (a instanceof long[]) return DType.INT64;
        if (a instanceof boolean[]) return DType.BOOL;
        throw new IllegalArgumentException("Unsupported array type " + a.getClass().getSimpleName()
                + ": use float[], double[], int[], long[] or boolean[]");
    }

    // ---------------------------------------------------------------- accessors

    public Shape shape() { return shape; }
    public DType dtype() { return dtype; }
    public int rank() { return shape.rank(); }
    /** Number of elements. */
    public int size() { return (int) shape.size(); }
    public int dim(int axis) { return shape.dim(axis); }

    /**
     * The backing primitive array, for backends and I/O, holding exactly this tensor's elements in
     * row-major order. Never write into it: tensors are values and may share storage. For a view
     * made by {@link #sliceRows} this is a copy of the viewed elements (made once, then kept);
     * kernels that can read in place use {@link #storage()} and {@link #storageOffset()} instead.
     */
    public Object array() { return view ? dense() : data; }

    /**
     * The array this tensor's elements live in, possibly shared with a larger tensor: the elements
     * are {@code storage()[storageOffset() .. storageOffset() + size())}. Equal to {@link #array()}
     * (offset 0) for every tensor that is not a {@link #sliceRows} view. Read only.
     */
    public Object storage() { return data; }

    /** Where element 0 of this tensor lies in {@link #storage()}; 0 unless this is a view. */
    public int storageOffset() { return offset; }

    /** True when this tensor is a view over part of another tensor's storage (see {@link #sliceRows}). */
    public boolean isView() { return view; }

    /**
     * Rows {@code [from, to)} along the first axis, as a view that shares this tensor's storage (no
     * copy): the batch cut that {@code predict} and {@code evaluate} take from a whole data set.
     *
     * <pre>{@code
     * Tensor x = Tensor.wrap(new float[60_000 * 784], 60_000, 784);
     * Tensor batch = x.sliceRows(1024, 2048);   // shape (1024, 784), nothing copied
     * }</pre>
     *
     * @throws IllegalArgumentException for a scalar, or a range outside {@code [0, dim(0)]}
     */
    public Tensor sliceRows(int from, int to) {
        if (rank() == 0) throw new IllegalArgumentException("sliceRows needs a tensor with a first axis; this one is a scalar");
        int rows = shape.dim(0);
        if (from < 0 || to < from || to > rows) throw new IllegalArgumentException("sliceRows: rows [" + from + ", " + to
                + ") are out of range for a tensor of shape " + shape + " (" + rows + " rows)");
        if (from == 0 && to == rows) return this;
        int row = rows == 0 ? 0 : size() / rows;
        Shape s = shape.withDim(0, to - from);
        int off = offset + from * row;
        boolean partial = off != 0 || s.size() != java.lang.reflect.Array.getLength(data);
        return new Tensor(s, dtype, data, off, partial);
    }

    private Object dense() {
        Object d = denseCopy;
        if (d == null) {
            int n = size();
            d = Tensor.allocate(dtype, n);
            System.arraycopy(data, offset, d, 0, n);
            denseCopy = d;
        }
        return d;
    }

    /** The backing float[] of a float32 tensor (not a copy; read only). */
    public float[] floats() {
        if (dtype != DType.FLOAT32) throw new IllegalStateException("floats() needs a float32 tensor, this one is " + dtype);
        return (float[]) array();
    }

    /** The backing double[] of a float64 tensor (not a copy; read only). */
    public double[] doubles() {
        if (dtype != DType.FLOAT64) throw new IllegalStateException("doubles() needs a float64 tensor, this one is " + dtype);
        return (double[]) array();
    }

    /** The backing int[] of an int32 tensor (not a copy; read only). */
    public int[] ints() {
        if (dtype != DType.INT32) throw new IllegalStateException("ints() needs an int32 tensor, this one is " + dtype);
        return (int[]) array();
    }

    /** The backing long[] of an int64 tensor (not a copy; read only). */
    public long[] longs() {
        if (dtype != DType.INT64) throw new IllegalStateException("longs() needs an int64 tensor, this one is " + dtype);
        return (long[]) array();
    }

    /** The backing boolean[] of a bool tensor (not a copy; read only). */
    public boolean[] booleans() {
        if (dtype != DType.BOOL) throw new IllegalStateException("booleans() needs a bool tensor, this one is " + dtype);
        return (boolean[]) array();
    }

    /** Element {@code i} of the flat row-major data, as a double (bool: 1 or 0). */
    public double getFlat(int i) {
        if (view) {
            if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("Index " + i + " out of bounds for a tensor of " + size() + " elements");
            i += offset;
        }
        return switch (dtype) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            case BOOL -> ((boolean[]) data)[i] ? 1 : 0;
        };
    }

    /** The element at the given index (one entry per axis), as a double. */
    public double get(int... index) {
        if (index.length != rank()) throw new IllegalArgumentException("get() needs " + rank() + " indices for shape " + shape + ", got " + index.length);
        int flat = 0;
        int[] st = shape.strides();
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            int ix = index[i] < 0 ? index[i] + d : index[i];
            if (ix < 0 || ix >= d) throw new IndexOutOfBoundsException("Index " + index[i] + " is out of bounds for axis " + i + " with size " + d);
            flat += ix * st[i];
        }
        return getFlat(flat);
    }

    /** The single value of a tensor with one element. */
    public double item() {
        if (size() != 1) throw new IllegalStateException("item() needs a tensor with one element, this one has shape " + shape);
        return getFlat(0);
    }

    /** A copy of the data as float[] (converting from any dtype). */
    public float[] toFloatArray() {
        if (array() instanceof float[] f) return f.clone();
        int n = size();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) getFlat(i);
        return out;
    }

    /** A copy of the data as double[] (converting from any dtype). */
    public double[] toDoubleArray() {
        if (array() instanceof double[] d) return d.clone();
        int n = size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = getFlat(i);
        return out;
    }

    /** A copy of the data as int[] (floats truncate toward zero, int64 wraps like a cast). */
    public int[] toIntArray() {
        if (array() instanceof int[] d) return d.clone();
        int n = size();
        int[] out = new int[n];
        if (array() instanceof long[] d) for (int i = 0; i < n; i++) out[i] = (int) d[i];
        else for (int i = 0; i < n; i++) out[i] = (int) getFlat(i);
        return out;
    }

    /** A copy of the data as long[] (exact for int64; floats truncate toward zero). */
    public long[] toLongArray() {
        if (array() instanceof long[] d) return d.clone();
        int n = size();
        long[] out = new long[n];
        if (array() instanceof int[] d) for (int i = 0; i < n; i++) out[i] = d[i];
        else for (int i = 0; i < n; i++) out[i] = (long) getFlat(i);
        return out;
    }

    /** A copy of the data as boolean[] (non-zero is true). */
    public boolean[] toBooleanArray() {
        if (array() instanceof boolean[] d) return d.clone();
        int n = size();
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) out[i] = getFlat(i) != 0;
        return out;
    }

    /** A copy of this 2-D tensor as float[rows][cols]. */
    public float[][] toFloatMatrix() {
        if (rank() != 2) throw new IllegalStateException("toFloatMatrix() needs a rank-2 tensor, got shape " + shape);
        float[] f = toFloatArray();
        int r = dim(0), c = dim(1);
        float[][] out = new float[r][c];
        for (int i = 0; i < r; i++) System.arraycopy(f, i * c, out[i], 0, c);
        return out;
    }

    /** Same data, different shape of the same size (no copy). */
    public Tensor reshapeView(Shape newShape) {
        if (newShape.size() != shape.size()) throw new IllegalArgumentException("Cannot reshape " + shape + " (" + shape.size()
                + " elements) to " + newShape + " (" + newShape.size() + " elements)");
        return new Tensor(newShape, dtype, data, offset, view);
    }

    /** True when both tensors have the same shape, dtype and elements. */
    public boolean contentEquals(Tensor o) {
        if (!shape.equals(o.shape) || dtype != o.dtype) return false;
        int n = size(), a = offset, b = o.offset;
        return switch (dtype) {
            case FLOAT32 -> Arrays.equals((float[]) data, a, a + n, (float[]) o.data, b, b + n);
            case FLOAT64 -> Arrays.equals((double[]) data, a, a + n, (double[]) o.data, b, b + n);
            case INT32 -> Arrays.equals((int[]) data, a, a + n, (int[]) o.data, b, b + n);
            case INT64 -> Arrays.equals((long[]) data, a, a + n, (long[]) o.data, b, b + n);
            case BOOL -> Arrays.equals((boolean[]) data, a, a + n, (boolean[]) o.data, b, b + n);
        };
    }

    /** NumPy-like text: {@code Tensor(shape=(2, 2), dtype=float32, [[1, 2], [3, 4]])}, long tensors abbreviated. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(shape=").append(shape).append(", dtype=").append(dtype).append(", ");
        if (size() > 1000) sb.append("...");
        else appendNested(sb, 0, 0);
        return sb.append(')').toString();
    }

    private int appendNested(StringBuilder sb, int axis, int offset) {
        if (axis == rank()) { sb.append(fmt(getFlat(offset))); return offset + 1; }
        sb.append('[');
        for (int i = 0; i < dim(axis); i++) {
            if (i > 0) sb.append(", ");
            offset = appendNested(sb, axis + 1, offset);
        }
        sb.append(']');
        return offset;
    }

    private String fmt(double v) {
        if (dtype == DType.BOOL) return v != 0 ? "True" : "False";
        if (!dtype.isFloating() || v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return dtype == DType.FLOAT32 ? Float.toString((float) v) : Double.toString(v);
    }
}
