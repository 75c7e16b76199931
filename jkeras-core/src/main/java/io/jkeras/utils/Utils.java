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

    /**
     * Makes one int32 tensor of sequences of different lengths ({@code keras.utils.pad_sequences})
     * with Keras's defaults: length = the longest sequence, padding and truncation at the front
     * ("pre"), pad value 0.
     *
     * <pre>{@code
     * Utils.padSequences(List.of(new int[] {1}, new int[] {2, 3}, new int[] {4, 5, 6}), 2);   // [[0, 1], [2, 3], [5, 6]]
     * }</pre>
     */
    public static Tensor padSequences(java.util.List<int[]> sequences, Integer maxlen) {
        return padSequences(sequences, maxlen, "pre", "pre", 0);
    }

    /** {@link #padSequences(java.util.List, Integer)} padded to the longest sequence. */
    public static Tensor padSequences(java.util.List<int[]> sequences) { return padSequences(sequences, null); }

    /**
     * {@code keras.utils.pad_sequences} with every argument.
     *
     * @param maxlen     the length of each row; null for the longest sequence
     * @param padding    "pre" (pad in front, Keras's default) or "post"
     * @param truncating "pre" (drop the first values of a longer sequence, Keras's default) or "post"
     * @param value      the pad value
     */
    public static Tensor padSequences(java.util.List<int[]> sequences, Integer maxlen, String padding, String truncating, int value) {
        if (!"pre".equals(padding) && !"post".equals(padding)) throw new IllegalArgumentException("pad_sequences: padding must be \"pre\" or \"post\", received " + padding);
        if (!"pre".equals(truncating) && !"post".equals(truncating)) throw new IllegalArgumentException("pad_sequences: truncating must be \"pre\" or \"post\", received " + truncating);
        if (maxlen != null && maxlen < 0) throw new IllegalArgumentException("pad_sequences: maxlen must be >= 0, received " + maxlen);
        int len = 0;
        if (maxlen != null) len = maxlen;
        else for (int[] s : sequences) len = Math.max(len, s.length);
        int n = sequences.size();
        int[] out = new int[n * len];
        if (value != 0) java.util.Arrays.fill(out, value);
        for (int i = 0; i < n; i++) {
            int[] s = sequences.get(i);
            int take = Math.min(len, s.length);
            int from = "pre".equals(truncating) ? s.length - take : 0;
            int to = "pre".equals(padding) ? len - take : 0;
            System.arraycopy(s, from, out, i * len + to, take);
        }
        return Tensor.wrap(out, Shape.of(n, len));
    }
}
