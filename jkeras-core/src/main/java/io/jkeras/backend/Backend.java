package io.jkeras.backend;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;

/**
 * The kernels a backend provides. Layers never call this directly: {@link io.jkeras.ops.Ops}
 * checks shapes, dispatches here and records gradients. Arguments arrive already validated
 * (axes normalized, shapes compatible), so a backend implements arithmetic only.
 */
public interface Backend {
    String name();

    Tensor unary(UnaryOp op, Tensor x);

    /** {@code op(a, b)} with NumPy broadcasting to {@code outShape}; operands already share a dtype. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b, Shape outShape);

    /** {@code cond ? a : b}, all broadcast to {@code outShape}. */
    Tensor where(Tensor cond, Tensor a, Tensor b, Shape outShape);

    Tensor cast(Tensor x, DType dtype);

    /** Reduces over {@code axes} (sorted, distinct, normalized). */
    Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims);

    /** Index of the max (or min) along {@code axis}, as int32. Ties take the first index. */
    Tensor argReduce(boolean max, Tensor x, int axis, boolean keepDims);

    /**
     * Batched matrix product of the last two axes, batch axes broadcast to {@code outShape}'s leading
     * axes; {@code transA}/{@code transB} transpose the last two axes of an operand without copying it.
     */
    Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB, Shape outShape);

    Tensor transpose(Tensor x, int[] perm);

    Tensor broadcastTo(Tensor x, Shape shape);

    Tensor concat(List<Tensor> xs, int axis, Shape outShape);

    /** Strided slice: element {@code i} along axis {@code d} is input index {@code begin[d] + i*step[d]}. */
    Tensor slice(Tensor x, int[] begin, int[] step, Shape outShape);

    /** Pads each axis with {@code pads[d][0]} before and {@code pads[d][1]} after, filled with {@code value}. */
    Tensor pad(Tensor x, int[][] pads, double value);

    /** Gathers slices of {@code x} along {@code axis} at int {@code indices} (already range-checked). */
    Tensor take(Tensor x, Tensor indices, int axis);

    /** The adjoint of {@link #take}: scatters {@code updates} into zeros of {@code shape}, adding duplicates. */
    Tensor takeGrad(Tensor updates, Tensor indices, int axis, Shape shape);

    /**
     * Indices (int32) that sort {@code x} along {@code axis}; stable (equal values keep their order),
     * NaN counts as larger than every number, so it comes last ascending and first descending.
     */
    Tensor argsort(Tensor x, int axis, boolean descending);

    /** Running sum along {@code axis} (from the end when {@code reverse}); bool sums as int32. */
    Tensor cumsum(Tensor x, int axis, boolean reverse);

    Tensor softmax(Tensor x, int axis);

    Tensor logSoftmax(Tensor x, int axis);

    Tensor oneHot(Tensor indices, int depth, DType dtype);

    /** Uniform in [low, high). Deterministic for a seed. */
    Tensor randomUniform(Shape shape, DType dtype, double low, double high, long seed);

    /** Normal(mean, stddev); truncated re-draws values beyond two standard deviations. */
    Tensor randomNormal(Shape shape, DType dtype, double mean, double stddev, boolean truncated, long seed);

    /** Overwrites {@code dst}'s storage with {@code src}'s values (same shape and dtype). Used by Variable.assign. */
    void assignInPlace(Tensor dst, Tensor src);
}
