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

    // ------------------------------------------------------------------ fused kernels
    // Each default composes the kernels above, so a backend gets them for free; a backend overrides
    // them to run in one pass. Ops checks shapes before calling.

    /**
     * {@code act(x @ kernel + bias)} on the last axis of {@code x} (any rank >= 2); {@code kernel} is
     * {@code (in, units)}, {@code bias} is {@code (units,)} or null. SOFTMAX normalizes the last axis.
     */
    default Tensor dense(Tensor x, Tensor kernel, Tensor bias, Epilogue act) {
        Shape out = x.shape().withDim(-1, kernel.dim(1));
        Tensor y = matmul(x, kernel, false, false, out);
        if (bias != null) y = binary(BinaryOp.ADD, y, bias, out);
        return switch (act) {
            case LINEAR -> y;
            case RELU -> unary(UnaryOp.RELU, y);
            case SIGMOID -> unary(UnaryOp.SIGMOID, y);
            case TANH -> unary(UnaryOp.TANH, y);
            case SOFTMAX -> softmax(y, out.rank() - 1);
        };
    }

    /**
     * The gradients of {@code out = dense(x, kernel, bias, act)} from the upstream gradient {@code g}
     * in one kernel: {@code {dx, dkernel, dbias}}, each null where its flag says it is not needed
     * ({@code dbias} always null without a bias). Returns null where the backend has no such kernel
     * for these operands; {@code Ops.dense} then composes the gradient from matmul, sum and
     * {@link #activationGrad} (the default).
     */
    default Tensor[] denseGrad(Tensor x, Tensor kernel, boolean hasBias, Epilogue act, Tensor out, Tensor g,
                               boolean needX, boolean needKernel, boolean needBias) {
        return null;
    }

    /**
     * The gradient with respect to the pre-activation, given the activation's output {@code y} and the
     * upstream gradient {@code g} (same shape): RELU {@code g * (y > 0)}, SIGMOID {@code g y (1 - y)},
     * TANH {@code g (1 - y^2)}, SOFTMAX {@code y (g - sum(g y))} over the last axis.
     */
    default Tensor activationGrad(Epilogue act, Tensor y, Tensor g) {
        Shape s = y.shape();
        Tensor one = cast(Tensor.scalar(1f), y.dtype());
        return switch (act) {
            case LINEAR -> g;
            case RELU -> where(binary(BinaryOp.GREATER, y, cast(Tensor.scalar(0f), y.dtype()), s), g, cast(Tensor.scalar(0f), y.dtype()), s);
            case SIGMOID -> binary(BinaryOp.MUL, g, binary(BinaryOp.MUL, y, binary(BinaryOp.SUB, one, y, s), s), s);
            case TANH -> binary(BinaryOp.MUL, g, binary(BinaryOp.SUB, one, binary(BinaryOp.MUL, y, y, s), s), s);
            case SOFTMAX -> {
                Tensor dot = reduce(ReduceOp.SUM, binary(BinaryOp.MUL, g, y, s), new int[] {s.rank() - 1}, true);
                yield binary(BinaryOp.MUL, y, binary(BinaryOp.SUB, g, dot, s), s);
            }
        };
    }

    /**
     * Per-row categorical crossentropy of probabilities, as Keras computes it on a softmax output:
     * {@code q = p / sum(p)}, {@code -sum(target * log(clip(q, eps, 1 - eps)))} over the last axis.
     * Returns {@code p}'s shape without its last axis.
     */
    default Tensor categoricalCrossentropy(Tensor target, Tensor probs, double eps) {
        Shape s = probs.shape();
        int last = s.rank() - 1;
        Tensor q = binary(BinaryOp.DIV, probs, reduce(ReduceOp.SUM, probs, new int[] {last}, true), s);
        Tensor c = binary(BinaryOp.MINIMUM, binary(BinaryOp.MAXIMUM, q, cast(Tensor.scalar((float) eps), q.dtype()), s),
                cast(Tensor.scalar((float) (1 - eps)), q.dtype()), s);
        Tensor prod = binary(BinaryOp.MUL, target, unary(UnaryOp.LOG, c), s);
        return unary(UnaryOp.NEG, reduce(ReduceOp.SUM, prod, new int[] {last}, false));
    }

    /**
     * The gradient of {@link #categoricalCrossentropy} with respect to {@code probs}: the chain
     * through the normalization and the clip (zero where {@code q} was clipped), scaled per row by
     * {@code g}, the upstream gradient of the per-row losses ({@code probs}' shape without its last axis).
     */
    default Tensor categoricalCrossentropyGrad(Tensor target, Tensor probs, Tensor g, double eps) {
        Shape s = probs.shape();
        int[] last = {s.rank() - 1};
        DType dt = probs.dtype();
        Tensor sum = reduce(ReduceOp.SUM, probs, last, true);
        Tensor q = binary(BinaryOp.DIV, probs, sum, s);
        Tensor inRange = binary(BinaryOp.LOGICAL_AND, binary(BinaryOp.GREATER_EQUAL, q, cast(Tensor.scalar((float) eps), dt), s),
                binary(BinaryOp.LESS_EQUAL, q, cast(Tensor.scalar((float) (1 - eps)), dt), s), s);
        Tensor c = binary(BinaryOp.MINIMUM, binary(BinaryOp.MAXIMUM, q, cast(Tensor.scalar((float) eps), dt), s),
                cast(Tensor.scalar((float) (1 - eps)), dt), s);
        Tensor zero = cast(Tensor.scalar(0f), dt);
        Shape keep = sum.shape();
        Tensor gk = reshape(g, keep);
        // dL/dq = -g t / c where q was inside the clip range
        Tensor dq = where(inRange, unary(UnaryOp.NEG, binary(BinaryOp.DIV, binary(BinaryOp.MUL, target, gk, s), c, s)), zero, s);
        // q = p / sum(p): dL/dp = (dq - sum(dq q)) / sum(p)
        return binary(BinaryOp.DIV, binary(BinaryOp.SUB, dq, reduce(ReduceOp.SUM, binary(BinaryOp.MUL, dq, q, s), last, true), s), sum, s);
    }

    /** Per-row {@code mean((target - pred)^2)} over the last axis (same shapes); {@code pred}'s shape without its last axis. */
    default Tensor meanSquaredError(Tensor target, Tensor pred) {
        Shape s = pred.shape();
        Tensor d = binary(BinaryOp.SUB, target, pred, s);
        return reduce(ReduceOp.MEAN, binary(BinaryOp.MUL, d, d, s), new int[] {s.rank() - 1}, false);
    }

    /**
     * The gradient of {@link #meanSquaredError} with respect to {@code pred}, scaled per row by
     * {@code g}: {@code -(g / n) * 2 (target - pred)}, with {@code n} the last axis' length.
     */
    default Tensor meanSquaredErrorGrad(Tensor target, Tensor pred, Tensor g) {
        Shape s = pred.shape();
        int n = s.dim(s.rank() - 1);
        Tensor scaled = binary(BinaryOp.MUL, reshape(g, s.withDim(s.rank() - 1, 1)), cast(Tensor.scalar(n == 0 ? 0.0 : 1.0 / n, DType.FLOAT64), pred.dtype()), s.withDim(s.rank() - 1, 1));
        Tensor twice = binary(BinaryOp.MUL, binary(BinaryOp.SUB, target, pred, s), cast(Tensor.scalar(2f), pred.dtype()), s);
        return unary(UnaryOp.NEG, binary(BinaryOp.MUL, scaled, twice, s));
    }

    /** {@code x} viewed with another shape of the same size (no copy). */
    private static Tensor reshape(Tensor x, Shape s) { return x.reshapeView(s); }

    /** Overwrites {@code dst}'s storage with {@code src}'s values (same shape and dtype). Used by Variable.assign. */
    void assignInPlace(Tensor dst, Tensor src);

    // ---------------------------------------------------------------- convolution and pooling
    // Channels-last, float32/float64, geometry checked by NNOps. The defaults are the portable
    // pure-Java kernels; a backend with its own overrides them.

    /** N-d convolution: {@code x [N, in..., C]}, {@code kernel [k..., C/groups, F]}, {@code bias [F]} or null, to {@code [N, out..., F]}. */
    default Tensor conv(Tensor x, Tensor kernel, Tensor bias, ConvGeometry geometry, int groups) {
        return ConvKernels.conv(x, kernel, bias, geometry, groups);
    }

    /**
     * {@code act(conv(x, kernel) + bias)} in one pass, {@code act} being {@link Epilogue#LINEAR} or
     * {@link Epilogue#RELU} (the activation of a convolution layer, fused into its output loop).
     */
    default Tensor conv(Tensor x, Tensor kernel, Tensor bias, Epilogue act, ConvGeometry geometry, int groups) {
        return ConvKernels.conv(x, kernel, bias, act, geometry, groups);
    }

    /**
     * The kernel and bias gradients of {@code relu(conv(x, kernel) + bias)} from its output {@code y}
     * (null: no activation) and the upstream gradient {@code g}, in one pass where the backend can:
     * for a layer whose input needs no gradient. Returns {@code {dKernel, dBias}} (dBias null unless
     * {@code biasGrad}).
     */
    default Tensor[] convBackpropFilterAct(Tensor x, Tensor g, Tensor y, Shape kernelShape, boolean biasGrad, ConvGeometry geometry, int groups) {
        return ConvKernels.backpropFilterAct(x, g, y, kernelShape, biasGrad, geometry, groups);
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

    /** The values of {@link #maxPool(Tensor, ConvGeometry)} alone, for inference. */
    default Tensor maxPoolValues(Tensor x, ConvGeometry geometry) { return PoolKernels.maxPoolValues(x, geometry); }

    /** Scatters {@code dy} onto the cells {@code argmax} names, in zeros of {@code xShape}. */
    default Tensor maxPoolBackprop(Tensor dy, Tensor argmax, Shape xShape) { return PoolKernels.maxPoolBackprop(dy, argmax, xShape); }

    /** {@link #maxPoolBackprop(Tensor, Tensor, Shape)} knowing the windows, so that non-overlapping ones are written whole instead of scattered into. */
    default Tensor maxPoolBackprop(Tensor dy, Tensor argmax, Shape xShape, ConvGeometry geometry) {
        return PoolKernels.maxPoolBackprop(dy, argmax, xShape, geometry);
    }

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
