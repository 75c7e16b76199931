package io.jkeras.utils;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/**
 * Small array helpers from {@code keras.utils}.
 *
 * <pre>{@code
 * Tensor y = Tensor.of(new int[] {0, 2, 1}, 3);
 * Tensor oneHot = Utils.toCategorical(y, 3);   // [[1, 0, 0], [0, 0, 1], [0, 1, 0]], float32
 * }</pre>
 */
public final class Utils {
    private Utils() {}

    /**
     * Converts class indices to one-hot rows ({@code keras.utils.to_categorical}). The output has the
     * input's shape plus a last axis of {@code numClasses} and dtype float32; as in Keras, a last
     * input axis of size 1 (e.g. labels of shape (n, 1)) is dropped first.
     *
     * @param y          integer class indices in {@code 0..numClasses-1} (an int or float tensor holding whole numbers)
     * @param numClasses the number of classes, at least 1
     * @throws IllegalArgumentException for a value that is not a whole number in range
     */
    public static Tensor toCategorical(Tensor y, int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("to_categorical: numClasses must be >= 1, got " + numClasses);
        Shape in = y.shape();
        if (in.rank() > 1 && in.dim(-1) == 1) in = in.sub(0, in.rank() - 1);
        int n = y.size();
        long outSize = (long) n * numClasses;
        if (outSize > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("to_categorical: " + n + " labels x " + numClasses
                + " classes is too large for one tensor");
        float[] out = new float[(int) outSize];
        for (int i = 0; i < n; i++) {
            int c = classIndex(y, i, numClasses);
            out[i * numClasses + c] = 1f;
        }
        return Tensor.wrap(out, in.append(numClasses));
    }

    /**
     * {@link #toCategorical(Tensor, int)} with {@code numClasses = max(y) + 1}, as Keras does when
     * {@code num_classes} is None.
     */
    public static Tensor toCategorical(Tensor y) {
        if (y.size() == 0) throw new IllegalArgumentException("to_categorical: cannot infer numClasses from an empty tensor; pass it explicitly");
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < y.size(); i++) max = Math.max(max, y.getFlat(i));
        if (!(max >= 0) || max > Integer.MAX_VALUE - 1) throw new IllegalArgumentException("to_categorical: labels must be class indices >= 0, the largest is " + max);
        return toCategorical(y, (int) max + 1);
    }

    private static int classIndex(Tensor y, int i, int numClasses) {
        if (y.dtype() == DType.INT32) {
            int c = ((int[]) y.array())[i];
            if (c < 0 || c >= numClasses) throw outOfRange(c, i, numClasses);
            return c;
        }
        double v = y.getFlat(i);
        if (v != Math.rint(v)) throw new IllegalArgumentException("to_categorical: label at flat index " + i + " is " + v
                + ", not a whole number; labels must be class indices");
        if (v < 0 || v >= numClasses) throw outOfRange((long) v, i, numClasses);
        return (int) v;
    }

    private static IllegalArgumentException outOfRange(long c, int i, int numClasses) {
        return new IllegalArgumentException("to_categorical: label at flat index " + i + " is " + c + ", outside 0.." + (numClasses - 1)
                + " for numClasses=" + numClasses + "; pass a larger numClasses or fix the labels");
    }
}
