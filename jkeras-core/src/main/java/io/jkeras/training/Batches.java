package io.jkeras.training;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/** Cutting batches out of whole-dataset tensors along the first axis, without going through the tape. */
final class Batches {
    private Batches() {}

    /**
     * Rows {@code [from, to)} of {@code x} as a view over its storage, nothing copied
     * ({@link Tensor#sliceRows}): the batches of predict, evaluate and unshuffled fit.
     */
    static Tensor view(Tensor x, int from, int to) {
        rowSize(x);   // the scalar check, with its message
        return x.sliceRows(from, to);
    }

    /**
     * Rows {@code order[from..to)} of {@code x}, gathered in that order into {@code buffers[slot]}
     * (allocated there on first use; a slot serves one tensor for a whole fit): shuffled fit cuts
     * every full batch into the same few arrays instead of a fresh (zeroed, soon garbage) one per
     * step. A batch of another length (the last, shorter one) gets an array of its own. The caller
     * must be done with the previous batch gathered into the slot. Without an order, a view of rows
     * {@code [from, to)}.
     */
    static Tensor rows(Tensor x, int[] order, int from, int to, Object[] buffers, int slot) {
        if (order == null) return view(x, from, to);
        int n = (to - from) * rowSize(x);
        Object dst = buffers[slot];
        if (dst == null) buffers[slot] = dst = Tensor.allocate(x.dtype(), n);
        else if (java.lang.reflect.Array.getLength(dst) != n) dst = Tensor.allocate(x.dtype(), n);
        gather(x, order, from, to, dst);
        return Tensor.wrap(dst, x.shape().withDim(0, to - from));
    }

    /** Copies rows {@code order[from..to)} of {@code x} into the start of {@code dst}. */
    private static void gather(Tensor x, int[] order, int from, int to, Object dst) {
        int row = rowSize(x), base = x.storageOffset();
        Object src = x.storage();
        for (int i = from; i < to; i++) System.arraycopy(src, base + order[i] * row, dst, (i - from) * row, row);
    }

    static int rowSize(Tensor x) {
        Shape s = x.shape();
        if (s.rank() == 0) throw new IllegalArgumentException("Data must have a batch dimension; received a scalar");
        return s.dim(0) == 0 ? 0 : x.size() / s.dim(0);
    }
}
