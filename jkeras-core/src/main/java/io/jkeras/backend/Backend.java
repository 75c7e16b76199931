package io.jkeras.backend;

import io.jkeras.backend.cpu.ConvKernels;
import io.jkeras.backend.cpu.NormKernels;
import io.jkeras.backend.cpu.PoolKernels;
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

    // ---------------------------------------------------------------- convolution and pooling
    // Channels-last, float32/float64, geometry checked by NNOps. The defaults are the portable
    // pure-Java kernels; a backend with its own overrides them.

    /** N-d convolution: {@code x [N, in..., C]}, {@code kernel [k..., C/groups, F]}, {@code bias [F]} or null, to {@code [N, out..., F]}. */
    default Tensor conv(Tensor x, Tensor kernel, Tensor bias, ConvGeometry geometry, int groups) {
        return ConvKernels.conv(x, kernel, bias, geometry, groups);
    }

    /** The adjoint of {@link #conv} in its input: {@code dy [N, out..., F]} to {@code xShape}. */
    default Tensor convBackpropInput(Tensor dy, Tensor kernel, Shape xShape, ConvGeometry geometry, int groups) {
        return ConvKernels.backpropInput(dy, kernel, xShape, geometry, groups);
    }

    /** The adjoint of {@link #conv} in its kernel, shaped {@code kernelShape}. */
    default Tensor convBackpropFilter(Tensor x, Tensor dy, Shape kernelShape, ConvGeometry geometry, int groups) {
        return ConvKernels.backpropFilter(x, dy, kernelShape, geometry, groups);
    }

    /** Max pooling; returns the values and the flat int32 index of the input cell each came from. */
    default Tensor[] maxPool(Tensor x, ConvGeometry geometry) { return PoolKernels.maxPool(x, geometry); }

    /** Scatters {@code dy} onto the cells {@code argmax} names, in zeros of {@code xShape}. */
    default Tensor maxPoolBackprop(Tensor dy, Tensor argmax, Shape xShape) { return PoolKernels.maxPoolBackprop(dy, argmax, xShape); }

    /** Average pooling over the real (unpadded) cells of each window. */
    default Tensor avgPool(Tensor x, ConvGeometry geometry) { return PoolKernels.avgPool(x, geometry); }

    /** The adjoint of {@link #avgPool}. */
    default Tensor avgPoolBackprop(Tensor dy, Shape xShape, ConvGeometry geometry) { return PoolKernels.avgPoolBackprop(dy, xShape, geometry); }

    /**
     * Batch normalization in training mode along {@code axis}: {@code {y, batchMean, batchVariance}}
     * (biased variance); {@code gamma}/{@code beta} may be null.
     */
    default Tensor[] batchNormTrain(Tensor x, Tensor gamma, Tensor beta, int axis, double epsilon) {
        return NormKernels.batchNormTrain(x, gamma, beta, axis, epsilon);
    }

    /** The backward pass of {@link #batchNormTrain}: {@code {dx, dgamma, dbeta}}. */
    default Tensor[] batchNormTrainBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor variance, int axis, double epsilon) {
        return NormKernels.batchNormTrainBackward(dy, x, gamma, mean, variance, axis, epsilon);
    }
}
