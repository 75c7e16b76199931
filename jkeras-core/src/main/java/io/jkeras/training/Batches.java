package io.jkeras.training;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/** Cutting batches out of whole-dataset tensors along the first axis, without going through the tape. */
final class Batches {
    private Batches() {}

    /** Rows {@code [from, to)} of {@code x} (a copy sharing nothing). */
    static Tensor rows(Tensor x, int from, int to) {
        if (from == 0 && to == x.dim(0)) return x;
        int row = rowSize(x), a = from * row, b = to * row;
        // copyOfRange: the JIT skips zeroing an array that the copy overwrites whole (a 1024-row batch
        // of MNIST is 3.2 MB, so the memset would cost as much as the copy)
        Object dst = switch (x.dtype()) {
            case FLOAT32 -> java.util.Arrays.copyOfRange(x.floats(), a, b);
            case FLOAT64 -> java.util.Arrays.copyOfRange(x.doubles(), a, b);
            case INT32 -> java.util.Arrays.copyOfRange(x.ints(), a, b);
            case INT64 -> java.util.Arrays.copyOfRange(x.longs(), a, b);
            case BOOL -> java.util.Arrays.copyOfRange(x.booleans(), a, b);
        };
        return Tensor.wrap(dst, x.shape().withDim(0, to - from));
    }

    /** Rows {@code order[from..to)} of {@code x}, gathered in that order. */
    static Tensor rows(Tensor x, int[] order, int from, int to) {
        if (order == null) return rows(x, from, to);
        int row = rowSize(x);
        Object dst = Tensor.allocate(x.dtype(), (to - from) * row);
        Object src = x.array();
        for (int i = from; i < to; i++) System.arraycopy(src, order[i] * row, dst, (i - from) * row, row);
        return Tensor.wrap(dst, x.shape().withDim(0, to - from));
    }

    static int rowSize(Tensor x) {
        Shape s = x.shape();
        if (s.rank() == 0) throw new IllegalArgumentException("Data must have a batch dimension; received a scalar");
        return s.dim(0) == 0 ? 0 : x.size() / s.dim(0);
    }
}
