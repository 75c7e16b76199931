package io.jkeras.ops;

import io.jkeras.autodiff.GradFn;
import io.jkeras.autodiff.GradientTape;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.backend.ConvGeometry;
import io.jkeras.backend.Epilogue;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * Neural-network ops over spatial axes (Keras's {@code keras.ops.conv}, {@code depthwise_conv},
 * {@code separable_conv}, {@code conv_transpose}, {@code max_pool}, {@code average_pool}): shape
 * rules, dispatch to the backend's kernels, gradients recorded on the tape.
 *
 * <p>Inputs have 1, 2 or 3 spatial axes: {@code [batch, spatial..., channels]} for
 * {@code "channels_last"} (the default, also taken for a null format) or
 * {@code [batch, channels, spatial...]} for {@code "channels_first"}. Kernels always have Keras's
 * layout, e.g. {@code [kh, kw, in/groups, filters]}. Window arguments ({@code strides},
 * {@code dilationRate}, {@code poolSize}) take one value per spatial axis or a single value for
 * all; null means 1 (for pooling strides: the pool size).
 *
 * <p>Padding follows TensorFlow: {@code "valid"} uses no padding; {@code "same"} pads so that the
 * output has {@code ceil(in / stride)} cells, the smaller half of the padding before; {@code "causal"}
 * (1-d convolution only) pads {@code dilation * (kernel - 1)} cells before.
 *
 * <pre>{@code
 * Tensor x = Tensor.ones(8, 28, 28, 1);                       // NHWC
 * Tensor k = Tensor.ones(3, 3, 1, 16);                        // [kh, kw, in, out]
 * Tensor y = NNOps.conv(x, k, new int[] {1}, "same", null, null);   // (8, 28, 28, 16)
 * Tensor p = NNOps.maxPool(y, new int[] {2}, null, "valid", null);  // (8, 14, 14, 16)
 * }</pre>
 *
 * Every gradient is exact in both float32 and float64 and itself differentiable (the convolution's
 * forward pass and its two adjoints are each other's gradients).
 */
public final class NNOps {
    private NNOps() {}

    private static Backend be() { return Backends.current(); }

    private static Tensor rec(Tensor out, GradFn fn, Tensor... inputs) {
        if (GradientTape.isRecording()) GradientTape.record(out, inputs, fn);
        return out;
    }

    // ================================================================ convolution

    /** {@code conv(x, kernel)} with stride 1, 'valid' padding, channels last, no dilation. */
    public static Tensor conv(Tensor x, Tensor kernel) { return conv(x, kernel, null, null, "valid", null, null); }

    /**
     * N-d convolution (Keras's {@code keras.ops.conv}); groups are inferred as
     * {@code channels / kernel.shape[-2]}.
     *
     * @param x            {@code [N, spatial..., C]} (or channels first)
     * @param kernel       {@code [k..., C/groups, filters]}
     * @param strides      one per spatial axis, or one for all; null = 1
     * @param padding      "valid", "same" or (1-d only) "causal"
     * @param dataFormat   "channels_last" (null) or "channels_first"
     * @param dilationRate one per spatial axis, or one for all; null = 1
     */
    public static Tensor conv(Tensor x, Tensor kernel, int[] strides, String padding, String dataFormat, int[] dilationRate) {
        return conv(x, kernel, null, strides, padding, dataFormat, dilationRate);
    }

    /** {@link #conv(Tensor, Tensor, int[], String, String, int[])} plus a {@code [filters]} bias (may be null), added in the same pass. */
    public static Tensor conv(Tensor x, Tensor kernel, Tensor bias, int[] strides, String padding, String dataFormat, int[] dilationRate) {
        return conv(x, kernel, bias, Epilogue.LINEAR, strides, padding, dataFormat, dilationRate);
    }

    /**
     * {@code act(conv(x, kernel) + bias)}: {@link #conv(Tensor, Tensor, Tensor, int[], String, String, int[])}
     * followed by an activation, as a convolution layer computes it. {@link Epilogue#RELU} runs in
     * the convolution's output loop and records one tape entry; the other activations are applied
     * after it (the same values as {@code Ops.relu(conv(...))} and so on).
     *
     * <pre>{@code
     * Tensor h = NNOps.conv(x, k, b, Epilogue.RELU, null, "same", null, null);
     * }</pre>
     */
    public static Tensor conv(Tensor x, Tensor kernel, Tensor bias, Epilogue act, int[] strides, String padding, String dataFormat,
                              int[] dilationRate) {
        java.util.Objects.requireNonNull(act, "act");
        String op = "conv";
        boolean first = channelsFirst(dataFormat, op);
        int spatial = spatialRank(x, op);
        if (kernel.rank() != spatial + 2) throw new IllegalArgumentException(op + ": the kernel must have rank " + (spatial + 2)
                + " ([k..., in_channels/groups, filters]) for an input of shape " + x.shape() + ", received kernel shape " + kernel.shape());
        DType dt = floatType(x, kernel, bias);
        Tensor xl = toChannelsLast(Ops.cast(x, dt), first);
        Tensor w = Ops.cast(kernel, dt);
        Tensor b = bias == null ? null : Ops.cast(bias, dt);
        int c = xl.dim(-1), cg = w.dim(-2), f = w.dim(-1);
        if (cg <= 0 || c % cg != 0) throw new IllegalArgumentException(op + ": the number of input channels (" + c + ", input shape "
                + x.shape() + ") must be evenly divisible by kernel.shape[-2] (" + cg + ", kernel shape " + kernel.shape() + ")");
        int groups = c / cg;
        if (f % groups != 0) throw new IllegalArgumentException(op + ": the number of filters (" + f + ") must be evenly divisible by the number of groups ("
                + groups + " = " + c + " input channels / kernel.shape[-2] " + cg + "); kernel shape " + kernel.shape());
        if (b != null && (b.rank() != 1 || b.dim(0) != f)) throw new IllegalArgumentException(op + ": the bias must have shape (" + f
                + ",) to match the kernel's " + f + " filters, received " + b.shape());
        int[] k = Arrays.copyOfRange(w.shape().toArray(), 0, spatial);
        ConvGeometry g = geometry(op, spatialDims(xl), k, perAxis(strides, spatial, "strides", op), perAxis(dilationRate, spatial, "dilation_rate", op), padding);
        Tensor y = switch (act) {
            case LINEAR -> convCore(xl, w, b, g, groups);
            case RELU -> convRelu(xl, w, b, g, groups);
            case SIGMOID -> Ops.sigmoid(convCore(xl, w, b, g, groups));
            case TANH -> Ops.tanh(convCore(xl, w, b, g, groups));
            case SOFTMAX -> Ops.softmax(convCore(xl, w, b, g, groups), -1);
        };
        return toChannelsFirst(y, first);
    }

    /**
     * Depthwise convolution (Keras's {@code keras.ops.depthwise_conv}): each input channel is
     * convolved with its own {@code depth_multiplier} filters; output channel {@code c*dm + m}.
     *
     * @param kernel {@code [k..., in_channels, depth_multiplier]}
     */
    public static Tensor depthwiseConv(Tensor x, Tensor kernel, int[] strides, String padding, String dataFormat, int[] dilationRate) {
        String op = "depthwiseConv";
        boolean first = channelsFirst(dataFormat, op);
        int spatial = spatialRank(x, op);
        if (kernel.rank() != spatial + 2) throw new IllegalArgumentException(op + ": the kernel must have rank " + (spatial + 2)
                + " ([k..., in_channels, depth_multiplier]) for an input of shape " + x.shape() + ", received kernel shape " + kernel.shape());
        int c = first ? x.dim(1) : x.dim(-1);
        if (kernel.dim(-2) != c) throw new IllegalArgumentException(op + ": kernel.shape[-2] (" + kernel.dim(-2) + ", kernel shape " + kernel.shape()
                + ") must equal the number of input channels (" + c + ", input shape " + x.shape() + ")");
        int[] ks = kernel.shape().toArray();
        ks[spatial] = 1;
        ks[spatial + 1] = c * kernel.dim(-1);
        // [k..., C, dm] and [k..., 1, C*dm] hold the same values in the same order: filter c*dm+m of group c
        return conv(x, Ops.reshape(kernel, Shape.of(ks)), null, strides, padding, dataFormat, dilationRate);
    }

    /**
     * Separable convolution (Keras's {@code keras.ops.separable_conv}): a depthwise convolution,
     * then a 1x1 convolution mixing the channels.
     *
     * @param depthwiseKernel {@code [k..., in_channels, depth_multiplier]}
     * @param pointwiseKernel {@code [1..., in_channels*depth_multiplier, filters]}
     */
    public static Tensor separableConv(Tensor x, Tensor depthwiseKernel, Tensor pointwiseKernel, int[] strides, String padding,
                                       String dataFormat, int[] dilationRate) {
        return separableConv(x, depthwiseKernel, pointwiseKernel, null, strides, padding, dataFormat, dilationRate);
    }

    /** {@link #separableConv(Tensor, Tensor, Tensor, int[], String, String, int[])} plus a {@code [filters]} bias (may be null). */
    public static Tensor separableConv(Tensor x, Tensor depthwiseKernel, Tensor pointwiseKernel, Tensor bias, int[] strides, String padding,
                                       String dataFormat, int[] dilationRate) {
        Tensor d = depthwiseConv(x, depthwiseKernel, strides, padding, dataFormat, dilationRate);
        return conv(d, pointwiseKernel, bias, null, "valid", dataFormat, null);
    }

    /**
     * Transposed convolution (Keras's {@code keras.ops.conv_transpose}), the adjoint of a convolution
     * in its input. Each output length is {@code in*stride + max(k - stride, 0)} ('valid') or
     * {@code in*stride} ('same'); with {@code outputPadding} it is
     * {@code (in-1)*stride + k - 2*pad + outputPadding} where {@code pad} is 0 ('valid') or
     * {@code k/2} ('same'), {@code k} being the dilated kernel size.
     *
     * @param kernel        {@code [k..., filters, in_channels]} (output channels before input channels)
     * @param outputPadding one per spatial axis, one for all, or null; each must be smaller than its stride
     */
    public static Tensor convTranspose(Tensor x, Tensor kernel, int[] strides, String padding, int[] outputPadding,
                                       String dataFormat, int[] dilationRate) {
        return convTranspose(x, kernel, null, strides, padding, outputPadding, dataFormat, dilationRate);
    }

    /** {@link #convTranspose(Tensor, Tensor, int[], String, int[], String, int[])} plus a {@code [filters]} bias (may be null). */
    public static Tensor convTranspose(Tensor x, Tensor kernel, Tensor bias, int[] strides, String padding, int[] outputPadding,
                                       String dataFormat, int[] dilationRate) {
        String op = "convTranspose";
        boolean first = channelsFirst(dataFormat, op);
        int spatial = spatialRank(x, op);
        if (kernel.rank() != spatial + 2) throw new IllegalArgumentException(op + ": the kernel must have rank " + (spatial + 2)
                + " ([k..., filters, in_channels]) for an input of shape " + x.shape() + ", received kernel shape " + kernel.shape());
        DType dt = floatType(x, kernel, bias);
        Tensor xl = toChannelsLast(Ops.cast(x, dt), first);
        Tensor w = Ops.cast(kernel, dt);
        if (w.dim(-1) != xl.dim(-1)) throw new IllegalArgumentException(op + ": kernel.shape[-1] (" + w.dim(-1) + ", kernel shape " + kernel.shape()
                + ") must equal the number of input channels (" + xl.dim(-1) + ", input shape " + x.shape() + ")");
        int f = w.dim(-2);
        int[] k = Arrays.copyOfRange(w.shape().toArray(), 0, spatial);
        int[] s = perAxis(strides, spatial, "strides", op), d = perAxis(dilationRate, spatial, "dilation_rate", op);
        int[] op2 = outputPadding == null ? null : perAxisNonNeg(outputPadding, spatial, "output_padding", op);
        String pad = normPadding(padding, op, false);
        int[] in = spatialDims(xl), len = new int[spatial], pb = new int[spatial];
        for (int i = 0; i < spatial; i++) {
            int[] lp = transposePadding(k[i], s[i], d[i], pad, op2 == null ? null : op2[i], op);
            int effk = (k[i] - 1) * d[i] + 1;
            len[i] = (in[i] - 1) * s[i] + lp[0] + lp[1] - effk + 2;
            pb[i] = effk - 1 - lp[0];
            if (len[i] < 0) throw new IllegalArgumentException(op + ": the output would have negative size along spatial axis " + i
                    + " for input shape " + x.shape() + " and kernel shape " + kernel.shape());
        }
        // the forward convolution this one is the adjoint of: from the output (len) back to the input (in)
        ConvGeometry g = new ConvGeometry(len, in, k, s, d, pb);
        Shape outShape = batchShape(xl.dim(0), len, f);
        Tensor y = convBackpropInput(xl, w, outShape, g, 1);
        if (bias != null) {
            Tensor b = Ops.cast(bias, dt);
            if (b.rank() != 1 || b.dim(0) != f) throw new IllegalArgumentException(op + ": the bias must have shape (" + f + ",), received " + b.shape());
            y = Ops.add(y, b);
        }
        return toChannelsFirst(y, first);
    }

    /** The output length of a convolution along one axis (Keras's rule); {@link Shape#UNKNOWN} stays unknown. */
    public static int convOutputLength(int in, int kernel, int stride, int dilation, String padding) {
        if (in == Shape.UNKNOWN) return Shape.UNKNOWN;
        int effk = (kernel - 1) * dilation + 1;
        return switch (normPadding(padding, "conv", true)) {
            case "valid" -> Math.floorDiv(in - effk, stride) + 1;
            default -> Math.floorDiv(in - 1, stride) + 1;   // same, causal
        };
    }

    /** The output length of a transposed convolution along one axis; {@code outputPadding} may be null. */
    public static int convTransposeOutputLength(int in, int kernel, int stride, int dilation, String padding, Integer outputPadding) {
        if (in == Shape.UNKNOWN) return Shape.UNKNOWN;
        int[] lp = transposePadding(kernel, stride, dilation, normPadding(padding, "convTranspose", false), outputPadding, "convTranspose");
        return (in - 1) * stride + lp[0] + lp[1] - ((kernel - 1) * dilation + 1) + 2;
    }

    /** Padding (left, right) of the stride-dilated input, as Keras 3 computes it for conv_transpose. */
    private static int[] transposePadding(int k, int s, int d, String padding, Integer outputPadding, String op) {
        if (outputPadding != null && outputPadding >= s && outputPadding > 0) throw new IllegalArgumentException(op
                + ": output_padding (" + outputPadding + ") must be smaller than the stride (" + s + ")");
        int effk = (k - 1) * d + 1;
        if (padding.equals("valid")) {
            int opad = outputPadding == null ? Math.max(effk, s) - effk : outputPadding;
            return new int[] {effk - 1, effk - 1 + opad};
        }
        int padLen = outputPadding == null ? s + effk - 2 : effk + effk % 2 - 2 + outputPadding;
        int left = Math.min(padLen / 2 + padLen % 2, effk - 1);
        return new int[] {left, padLen - left};
    }

    // the forward pass and its two adjoints; each one's gradients are the other two

    // an operand that no tape tracks (e.g. the images fed to a first layer) gets no gradient: its
    // adjoint, as costly as the forward pass, is skipped

    private static Tensor convCore(Tensor x, Tensor w, Tensor b, ConvGeometry g, int groups) {
        Tensor out = be().conv(x, w, b, g, groups);
        if (!GradientTape.isRecording()) return out;
        boolean needX = GradientTape.isTracked(x), needW = GradientTape.isTracked(w), needB = GradientTape.isTracked(b);
        return rec(out, up -> convGradients(x, w, b, up, g, groups, needX, needW, needB), x, w, b);
    }

    /** conv + bias + relu as one kernel and one tape entry; the gradient masks {@code up} with the output once. */
    private static Tensor convRelu(Tensor x, Tensor w, Tensor b, ConvGeometry g, int groups) {
        Tensor out = be().conv(x, w, b, Epilogue.RELU, g, groups);
        if (!GradientTape.isRecording()) return out;
        boolean needX = GradientTape.isTracked(x), needW = GradientTape.isTracked(w), needB = GradientTape.isTracked(b);
        return rec(out, up -> {
            if (!needX && needW && !GradientTape.isRecording() && up.dtype() == out.dtype()) {
                // a first layer: the relu mask and the bias sum run inside the kernel gradient's pass
                Tensor[] r = be().convBackpropFilterAct(x, up, out, w.shape(), b != null && needB, g, groups);
                return new Tensor[] {null, r[0], r[1]};
            }
            return convGradients(x, w, b, Ops.activationGrad(Epilogue.RELU, out, up), g, groups, needX, needW, needB);
        }, x, w, b);
    }

    private static Tensor[] convGradients(Tensor x, Tensor w, Tensor b, Tensor dz, ConvGeometry g, int groups,
                                          boolean needX, boolean needW, boolean needB) {
        return new Tensor[] {
                needX ? convBackpropInput(dz, w, x.shape(), g, groups) : null,
                needW ? convBackpropFilter(x, dz, w.shape(), g, groups) : null,
                b != null && needB ? Ops.sum(dz, allButLast(dz.rank()), false) : null};
    }

    private static Tensor convBackpropInput(Tensor dy, Tensor w, Shape xShape, ConvGeometry g, int groups) {
        Tensor out = be().convBackpropInput(dy, w, xShape, g, groups);
        if (!GradientTape.isRecording()) return out;
        boolean needDy = GradientTape.isTracked(dy), needW = GradientTape.isTracked(w);
        return rec(out, up -> new Tensor[] {
                needDy ? convCore(up, w, null, g, groups) : null,
                needW ? convBackpropFilter(up, dy, w.shape(), g, groups) : null}, dy, w);
    }

    private static Tensor convBackpropFilter(Tensor x, Tensor dy, Shape wShape, ConvGeometry g, int groups) {
        Tensor out = be().convBackpropFilter(x, dy, wShape, g, groups);
        if (!GradientTape.isRecording()) return out;
        boolean needX = GradientTape.isTracked(x), needDy = GradientTape.isTracked(dy);
        return rec(out, up -> new Tensor[] {
                needX ? convBackpropInput(dy, up, x.shape(), g, groups) : null,
                needDy ? convCore(x, up, null, g, groups) : null}, x, dy);
    }

    // ================================================================ pooling

    /**
     * Max pooling (Keras's {@code keras.ops.max_pool}). Padded cells never win; the gradient goes
     * to the first maximal cell of each window.
     *
     * @param poolSize one per spatial axis, or one for all
     * @param strides  one per spatial axis, one for all, or null for the pool size
     * @param padding  "valid" or "same"
     */
    public static Tensor maxPool(Tensor x, int[] poolSize, int[] strides, String padding, String dataFormat) {
        String op = "maxPool";
        boolean first = channelsFirst(dataFormat, op);
        Tensor xl = toChannelsLast(Ops.cast(x, floatType(x, null, null)), first);
        ConvGeometry g = poolGeometry(op, xl, spatialRank(x, op), poolSize, strides, padding);
        // with no tape to feed, the argmax (as large as the output) is not worked out
        if (!GradientTape.isTracked(xl)) return toChannelsFirst(be().maxPoolValues(xl, g), first);
        Tensor[] r = be().maxPool(xl, g);
        Tensor arg = r[1];
        Shape xs = xl.shape();
        Tensor y = rec(r[0], up -> new Tensor[] {maxPoolBackprop(up, arg, xs, g)}, xl);
        return toChannelsFirst(y, first);
    }

    private static Tensor maxPoolBackprop(Tensor dy, Tensor argmax, Shape xShape, ConvGeometry g) {
        Tensor out = be().maxPoolBackprop(dy, argmax, xShape, g);
        return rec(out, up -> new Tensor[] {Ops.take(Ops.reshape(up, -1), argmax, 0)}, dy);
    }

    /**
     * Average pooling (Keras's {@code keras.ops.average_pool}); with 'same' padding each window is
     * divided by its number of real (unpadded) cells.
     */
    public static Tensor averagePool(Tensor x, int[] poolSize, int[] strides, String padding, String dataFormat) {
        String op = "averagePool";
        boolean first = channelsFirst(dataFormat, op);
        Tensor xl = toChannelsLast(Ops.cast(x, floatType(x, null, null)), first);
        ConvGeometry g = poolGeometry(op, xl, spatialRank(x, op), poolSize, strides, padding);
        return toChannelsFirst(avgPoolCore(xl, g), first);
    }

    private static Tensor avgPoolCore(Tensor x, ConvGeometry g) {
        Tensor out = be().avgPool(x, g);
        Shape xs = x.shape();
        return rec(out, up -> new Tensor[] {avgPoolBackprop(up, xs, g)}, x);
    }

    private static Tensor avgPoolBackprop(Tensor dy, Shape xShape, ConvGeometry g) {
        Tensor out = be().avgPoolBackprop(dy, xShape, g);
        return rec(out, up -> new Tensor[] {avgPoolCore(up, g)}, dy);
    }

    /** The output length of a pooling window along one axis ('valid' or 'same'); unknown stays unknown. */
    public static int poolOutputLength(int in, int pool, int stride, String padding) {
        if (in == Shape.UNKNOWN) return Shape.UNKNOWN;
        return normPadding(padding, "pool", false).equals("valid") ? Math.floorDiv(in - pool, stride) + 1 : Math.floorDiv(in - 1, stride) + 1;
    }

    private static ConvGeometry poolGeometry(String op, Tensor xl, int spatial, int[] poolSize, int[] strides, String padding) {
        if (poolSize == null) throw new IllegalArgumentException(op + ": pool_size must be given");
        int[] p = perAxis(poolSize, spatial, "pool_size", op);
        int[] s = strides == null ? p : perAxis(strides, spatial, "strides", op);
        int[] ones = new int[spatial];
        Arrays.fill(ones, 1);
        return geometry(op, spatialDims(xl), p, s, ones, normPadding(padding, op, false));
    }

    // ================================================================ normalization

    /** The mean and (biased) variance of {@code x} over {@code axes}, as {@code keras.ops.moments}. */
    public record Moments(Tensor mean, Tensor variance) {}

    /** Mean and biased variance over {@code axes} (float inputs; integers are taken as float32); both differentiable. */
    public static Moments moments(Tensor x, int[] axes, boolean keepDims) {
        Tensor in = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
        Tensor mean = Ops.mean(in, axes, true);
        Tensor variance = Ops.mean(Ops.square(Ops.subtract(in, mean)), axes, keepDims);
        return new Moments(keepDims ? mean : Ops.squeeze(mean, normalized(axes, in.rank())), variance);
    }

    /**
     * {@code (x - mean) / sqrt(variance + epsilon) * scale + offset}, computed as Keras does
     * ({@code x * inv + (offset - mean * inv)} with {@code inv = rsqrt(variance + epsilon) * scale}).
     * {@code mean}, {@code variance}, {@code offset} and {@code scale} are vectors along {@code axis}
     * (offset and scale may be null) or tensors that broadcast against {@code x}.
     */
    public static Tensor batchNormalization(Tensor x, Tensor mean, Tensor variance, int axis, Tensor offset, Tensor scale, double epsilon) {
        int ax = x.shape().normalizeAxis(axis);
        Tensor inv = Ops.rsqrt(Ops.add(along(variance, x, ax), epsilon));
        if (scale != null) inv = Ops.multiply(inv, along(scale, x, ax));
        Tensor res = Ops.negative(Ops.multiply(along(mean, x, ax), inv));
        if (offset != null) res = Ops.add(res, along(offset, x, ax));
        return Ops.add(Ops.multiply(x, inv), res);
    }

    /** The result of {@link #batchNormTraining}: the normalized output and the batch statistics it used. */
    public record BatchNormResult(Tensor output, Tensor mean, Tensor variance) {}

    /**
     * Batch normalization with the batch's own statistics (training mode), fused: the mean and
     * biased variance of {@code x} over every axis but {@code axis}, then
     * {@code (x - mean) * rsqrt(variance + epsilon) * gamma + beta}. {@code gamma} and {@code beta}
     * ({@code [C]}) may be null. Gradients flow to {@code x}, {@code gamma} and {@code beta}; the
     * returned statistics carry none (they feed the moving averages).
     */
    public static BatchNormResult batchNormTraining(Tensor x, Tensor gamma, Tensor beta, int axis, double epsilon) {
        DType dt = floatType(x, null, null);
        Tensor in = Ops.cast(x, dt);
        int ax = in.shape().normalizeAxis(axis);
        int c = in.dim(ax);
        Tensor g = gamma == null ? null : Ops.cast(gamma, dt), b = beta == null ? null : Ops.cast(beta, dt);
        for (Tensor p : new Tensor[] {g, b}) {
            if (p != null && (p.rank() != 1 || p.dim(0) != c)) throw new IllegalArgumentException("batchNormTraining: gamma and beta must have shape ("
                    + c + ",) for axis " + axis + " of input shape " + x.shape() + ", received " + p.shape());
        }
        Tensor[] r = be().batchNormTrain(in, g, b, ax, epsilon);
        Tensor mean = r[1], variance = r[2];
        Tensor out = rec(r[0], up -> {
            if (GradientTape.isRecording()) return batchNormTrainingGradComposite(up, in, g, ax, epsilon);
            Tensor[] d = be().batchNormTrainBackward(up, in, g, mean, variance, ax, epsilon);
            return new Tensor[] {d[0], g == null ? null : d[1], b == null ? null : d[2]};
        }, in, g, b);
        return new BatchNormResult(out, mean, variance);
    }

    /** The same gradient as the fused kernel, from differentiable ops, for when an outer tape records it (second order). */
    private static Tensor[] batchNormTrainingGradComposite(Tensor dy, Tensor x, Tensor gamma, int ax, double epsilon) {
        int[] red = new int[x.rank() - 1];
        for (int i = 0, k = 0; i < x.rank(); i++) if (i != ax) red[k++] = i;
        Moments m = moments(x, red, true);
        Tensor invstd = Ops.rsqrt(Ops.add(m.variance(), epsilon));
        Tensor xhat = Ops.multiply(Ops.subtract(x, m.mean()), invstd);
        double n = (double) x.size() / x.dim(ax);
        Tensor dbeta = Ops.sum(dy, red, true);
        Tensor dgamma = Ops.sum(Ops.multiply(dy, xhat), red, true);
        Tensor scale = gamma == null ? invstd : Ops.multiply(invstd, along(gamma, x, ax));
        Tensor dx = Ops.multiply(scale, Ops.subtract(Ops.subtract(dy, Ops.divide(dbeta, n)), Ops.multiply(xhat, Ops.divide(dgamma, n))));
        int[] vec = {x.dim(ax)};
        return new Tensor[] {dx, gamma == null ? null : Ops.reshape(dgamma, Shape.of(vec)), Ops.reshape(dbeta, Shape.of(vec))};
    }

    /** A vector of size x.dim(axis) reshaped to broadcast along {@code axis}; other tensors unchanged. */
    private static Tensor along(Tensor v, Tensor x, int axis) {
        if (v.rank() != 1 || axis == x.rank() - 1) return v;
        int[] d = new int[x.rank()];
        Arrays.fill(d, 1);
        d[axis] = v.dim(0);
        return Ops.reshape(v, Shape.of(d));
    }

    private static int[] normalized(int[] axes, int rank) {
        if (axes == null) { int[] a = new int[rank]; for (int i = 0; i < rank; i++) a[i] = i; return a; }
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) a[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        return a;
    }

    // ================================================================ shape helpers

    private static ConvGeometry geometry(String op, int[] in, int[] k, int[] s, int[] d, String padding) {
        String pad = normPadding(padding, op, true);
        int n = in.length;
        if (pad.equals("causal") && n != 1) throw new IllegalArgumentException(op + ": padding 'causal' is only supported for 1-d inputs "
                + "(Conv1D), this input has " + n + " spatial axes; use 'valid' or 'same'");
        int[] out = new int[n], pb = new int[n];
        for (int i = 0; i < n; i++) {
            if (k[i] <= 0) throw new IllegalArgumentException(op + ": window sizes must be positive, received " + Arrays.toString(k));
            int effk = (k[i] - 1) * d[i] + 1;
            switch (pad) {
                case "valid" -> {
                    out[i] = Math.floorDiv(in[i] - effk, s[i]) + 1;
                    if (out[i] < 0) throw new IllegalArgumentException(op + ": the output size would be negative: spatial axis " + i + " has "
                            + in[i] + " cells, fewer than the window of " + effk + (d[i] > 1 ? " (kernel " + k[i] + " dilated by " + d[i] + ")" : "")
                            + ". Received input spatial shape " + Arrays.toString(in) + ", window " + Arrays.toString(k) + "; use padding='same' or a larger input");
                }
                case "same" -> {
                    out[i] = Math.floorDiv(in[i] - 1, s[i]) + 1;
                    pb[i] = Math.max((out[i] - 1) * s[i] + effk - in[i], 0) / 2;
                }
                default -> {   // causal
                    out[i] = Math.floorDiv(in[i] - 1, s[i]) + 1;
                    pb[i] = effk - 1;
                }
            }
            if (in[i] == 0) out[i] = 0;
        }
        return new ConvGeometry(in, out, k, s, d, pb);
    }

    static String normPadding(String padding, String op, boolean allowCausal) {
        String p = padding == null ? "valid" : padding.toLowerCase(Locale.ROOT);
        if (p.equals("valid") || p.equals("same") || (allowCausal && p.equals("causal"))) return p;
        throw new IllegalArgumentException(op + ": the `padding` argument must be one of " + (allowCausal ? "{'valid', 'same', 'causal'}" : "{'valid', 'same'}")
                + ". Received: padding=" + padding);
    }

    private static boolean channelsFirst(String dataFormat, String op) {
        if (dataFormat == null) return false;
        String f = dataFormat.toLowerCase(Locale.ROOT);
        if (f.equals("channels_last")) return false;
        if (f.equals("channels_first")) return true;
        throw new IllegalArgumentException(op + ": the `data_format` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=" + dataFormat);
    }

    private static int spatialRank(Tensor x, String op) {
        int s = x.rank() - 2;
        if (s < 1 || s > 3) throw new IllegalArgumentException(op + ": expected an input of rank 3, 4 or 5 ([batch, spatial..., channels] with 1 to 3 "
                + "spatial axes), received shape " + x.shape());
        return s;
    }

    private static int[] spatialDims(Tensor channelsLast) {
        return Arrays.copyOfRange(channelsLast.shape().toArray(), 1, channelsLast.rank() - 1);
    }

    private static int[] perAxis(int[] v, int n, String what, String op) {
        if (v == null) { int[] r = new int[n]; Arrays.fill(r, 1); return r; }
        int[] r = expand(v, n, what, op);
        for (int x : r) if (x <= 0) throw new IllegalArgumentException(op + ": `" + what + "` must be positive integers, received " + Arrays.toString(v));
        return r;
    }

    private static int[] perAxisNonNeg(int[] v, int n, String what, String op) {
        int[] r = expand(v, n, what, op);
        for (int x : r) if (x < 0) throw new IllegalArgumentException(op + ": `" + what + "` must be non-negative integers, received " + Arrays.toString(v));
        return r;
    }

    private static int[] expand(int[] v, int n, String what, String op) {
        if (v.length == n) return v.clone();
        if (v.length == 1) { int[] r = new int[n]; Arrays.fill(r, v[0]); return r; }
        throw new IllegalArgumentException(op + ": `" + what + "` needs 1 or " + n + " values for an input with " + n + " spatial axes, received "
                + Arrays.toString(v));
    }

    private static DType floatType(Tensor x, Tensor k, Tensor b) {
        DType t = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        if (k != null && k.dtype().isFloating()) t = DType.promote(t, k.dtype());
        if (b != null && b.dtype().isFloating()) t = DType.promote(t, b.dtype());
        return t;
    }

    private static Tensor toChannelsLast(Tensor x, boolean first) {
        if (!first) return x;
        int r = x.rank();
        int[] perm = new int[r];
        for (int i = 1; i < r - 1; i++) perm[i] = i + 1;
        perm[r - 1] = 1;
        return Ops.transpose(x, perm);
    }

    private static Tensor toChannelsFirst(Tensor y, boolean first) {
        if (!first) return y;
        int r = y.rank();
        int[] perm = new int[r];
        perm[1] = r - 1;
        for (int i = 2; i < r; i++) perm[i] = i - 1;
        return Ops.transpose(y, perm);
    }

    private static Shape batchShape(int n, int[] spatial, int channels) {
        int[] d = new int[spatial.length + 2];
        d[0] = n;
        System.arraycopy(spatial, 0, d, 1, spatial.length);
        d[d.length - 1] = channels;
        return Shape.of(d);
    }

    private static int[] allButLast(int rank) {
        int[] a = new int[rank - 1];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }
}
