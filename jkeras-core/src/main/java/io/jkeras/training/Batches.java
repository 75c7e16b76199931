package io.jkeras.training;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/** Cutting batches out of whole-dataset tensors along the first axis, without going through the tape. */
final class Batches {
    private Batches() {}

    /** Rows {@code [from, to)} of {@code x} (a copy sharing nothing). */
    static Tensor rows(Tensor x, int from, int to) {
        if (from == 0 && to == x.dim(0)) return x;
        int row = rowSize(x);
        Object dst = Tensor.allocate(x.dtype(), (to - from) * row);
        System.arraycopy(x.array(), from * row, dst, 0, (to - from) * row);
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
