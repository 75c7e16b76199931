package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/** Shared resizing helpers for the up-sampling layers. */
final class UpSampling {
    private UpSampling() {}

    /** Nearest-neighbour up-sampling: each cell repeated {@code factor} times along {@code axis}. */
    static Tensor nearest(Tensor x, int axis, int factor) { return factor == 1 ? x : Ops.repeat(x, factor, axis); }

    /**
     * Linear up-sampling along {@code axis} by an integer factor with half-pixel centres (as
     * TensorFlow's and JAX's resize): output cell {@code i} samples input position
     * {@code (i + 0.5) / factor - 0.5}, clamped to the edge cells. Done as a product with the
     * interpolation matrix, so the gradient is its transpose.
     */
    static Tensor linear(Tensor x, int axis, int factor) {
        if (factor == 1) return x;
        int in = x.dim(axis), out = in * factor;
        double[] m = new double[out * in];   // m[i, j]: weight of input j in output i
        for (int i = 0; i < out; i++) {
            double src = Math.max((i + 0.5) / factor - 0.5, 0);
            int i0 = Math.min((int) Math.floor(src), in - 1), i1 = Math.min(i0 + 1, in - 1);
            double frac = src - i0;
            m[i * in + i0] += 1 - frac;
            m[i * in + i1] += frac;
        }
        DType dt = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        Tensor mt = Ops.cast(Tensor.of(m, out, in), dt);
        int r = x.rank();
        int[] perm = new int[r];
        for (int i = 0, k = 0; i < r; i++) if (i != axis) perm[k++] = i;
        perm[r - 1] = axis;
        Tensor moved = Ops.transpose(Ops.cast(x, dt), perm);                  // axis last
        Tensor y = Ops.matmul(moved, mt, false, true);                         // (..., in) @ (in, out)
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) inv[perm[i]] = i;
        return Ops.transpose(y, inv);
    }

    static Shape scaled(Shape s, int[] axes, int[] factors) {
        Shape out = s;
        for (int i = 0; i < axes.length; i++) {
            int d = s.dim(axes[i]);
            out = out.withDim(axes[i], d == Shape.UNKNOWN ? Shape.UNKNOWN : d * factors[i]);
        }
        return out;
    }
}
