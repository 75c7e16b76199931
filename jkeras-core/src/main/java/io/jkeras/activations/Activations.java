package io.jkeras.activations;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Keras 3's built-in activations ({@code keras.activations}), by identifier or by factory method.
 * Each is a composition of {@code Ops}, so it runs on any backend and carries gradients.
 *
 * <pre>{@code
 * Activation a = Activations.get("leaky_relu");      // Keras identifiers, case-insensitive
 * Activation b = Activations.leakyRelu(0.1);         // the same function with another slope
 * Activation c = Activations.relu(0.1, 6.0, 0.5);    // keras.activations.relu(x, 0.1, 6, 0.5)
 * }</pre>
 *
 * <p>Defaults are Keras 3's: {@code leaky_relu} has slope 0.2, {@code elu} alpha 1,
 * {@code gelu} is the exact erf form, {@code hard_sigmoid} is {@code relu6(x + 3) / 6}.
 * Integer inputs are converted to float32 first, except for {@code linear}, {@code relu} and
 * {@code relu6}, which keep the input dtype as in Keras.
 *
 * <p>Activations built with non-default parameters report the base identifier as their
 * {@link Activation#name()} (Keras cannot store the parameters in a string either; use the
 * corresponding layer, e.g. {@code LeakyReLU}, where a config must keep them).
 */
public final class Activations {
    /** SELU's alpha (Klambauer et al., 2017), the constant Keras uses. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** SELU's scale (Klambauer et al., 2017), the constant Keras uses. */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private static final double SQRT_2 = Math.sqrt(2.0);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private static final Map<String, Activation> BY_NAME = new LinkedHashMap<>();

    private static final Activation LINEAR = Activation.of("linear", x -> x);
    private static final Activation RELU = Activation.of("relu", Ops::relu);
    private static final Activation RELU6 = Activation.of("relu6", Ops::relu6);
    private static final Activation LEAKY_RELU = leakyRelu(0.2);
    private static final Activation SIGMOID = act("sigmoid", Ops::sigmoid);
    private static final Activation TANH = act("tanh", Ops::tanh);
    private static final Activation SOFTMAX = softmax(-1);
    private static final Activation LOG_SOFTMAX = logSoftmax(-1);
    private static final Activation ELU = elu(1.0);
    private static final Activation SELU = act("selu", x -> Ops.multiply(eluFn(x, SELU_ALPHA), SELU_SCALE));
    private static final Activation GELU = gelu(false);
    private static final Activation SILU = act("silu", x -> Ops.multiply(x, Ops.sigmoid(x)));
    private static final Activation SOFTPLUS = act("softplus", Ops::softplus);
    private static final Activation SOFTSIGN = act("softsign", Ops::softsign);
    private static final Activation HARD_SIGMOID = act("hard_sigmoid", Activations::hardSigmoidFn);
    private static final Activation HARD_SILU = act("hard_silu", x -> Ops.multiply(x, hardSigmoidFn(x)));
    private static final Activation MISH = act("mish", x -> Ops.multiply(x, Ops.tanh(Ops.softplus(x))));
    private static final Activation EXPONENTIAL = act("exponential", Ops::exp);
    private static final Activation CELU = celu(1.0);
    private static final Activation GLU = glu(-1);
    private static final Activation HARD_TANH = act("hard_tanh", x -> Ops.clip(x, -1.0, 1.0));
    private static final Activation HARD_SHRINK = hardShrink(0.5);
    private static final Activation SOFT_SHRINK = softShrink(0.5);
    private static final Activation SPARSE_PLUS = act("sparse_plus", Activations::sparsePlusFn);
    private static final Activation SPARSE_SIGMOID = act("sparse_sigmoid", Activations::sparseSigmoidFn);
    private static final Activation SQUAREPLUS = squareplus(4.0);
    private static final Activation TANH_SHRINK = act("tanh_shrink", x -> Ops.subtract(x, Ops.tanh(x)));
    private static final Activation LOG_SIGMOID = act("log_sigmoid", x -> Ops.negative(Ops.softplus(Ops.negative(x))));

    static {
        for (Activation a : List.of(LINEAR, RELU, LEAKY_RELU, RELU6, SIGMOID, TANH, SOFTMAX, LOG_SOFTMAX, ELU, SELU,
                GELU, SILU, SOFTPLUS, SOFTSIGN, HARD_SIGMOID, HARD_SILU, MISH, EXPONENTIAL, CELU, GLU, HARD_TANH,
                HARD_SHRINK, SOFT_SHRINK, SPARSE_PLUS, SPARSE_SIGMOID, SQUAREPLUS, TANH_SHRINK, LOG_SIGMOID)) {
            BY_NAME.put(a.name(), a);
        }
        BY_NAME.put("swish", SILU);          // Keras alias; serializes as "silu"
        BY_NAME.put("hard_swish", HARD_SILU); // Keras alias; serializes as "hard_silu"
    }

    private Activations() {}

    // ================================================================ lookup

    /**
     * The activation for a Keras identifier such as {@code "relu"} or {@code "hard_swish"}
     * (case-insensitive); {@code null} or {@code "None"} give {@code linear}, as in Keras.
     *
     * @throws IllegalArgumentException for an unknown identifier, listing the valid ones
     */
    public static Activation get(String identifier) {
        if (identifier == null) return LINEAR;
        String n = identifier.trim().toLowerCase(Locale.ROOT);
        if (n.equals("none")) return LINEAR;
        Activation a = BY_NAME.get(n);
        if (a != null) return a;
        if (n.equals("sparsemax") || n.equals("threshold")) {
            throw new UnsupportedOperationException("Activation '" + identifier + "' exists in Keras but is not available by "
                    + "identifier in jkeras" + (n.equals("threshold") ? ": it needs arguments, use Activations.threshold(threshold, defaultValue)" : " yet")
                    + ". Valid identifiers: " + String.join(", ", BY_NAME.keySet()));
        }
        throw new IllegalArgumentException("Unknown activation '" + identifier + "'. Valid identifiers: " + String.join(", ", BY_NAME.keySet()));
    }

    /** The identifiers {@link #get} accepts (aliases included), in registry order. */
    public static Set<String> identifiers() { return Collections.unmodifiableSet(BY_NAME.keySet()); }

    // ================================================================ the activations

    /** {@code x}, unchanged. */
    public static Activation linear() { return LINEAR; }

    /** {@code max(x, 0)}. */
    public static Activation relu() { return RELU; }

    /**
     * Keras's general ReLU ({@code keras.activations.relu(x, negative_slope, max_value, threshold)}):
     * {@code x} above {@code threshold} (capped at {@code maxValue}), and
     * {@code negativeSlope * (x - threshold)} below it.
     *
     * @param negativeSlope slope below the threshold (Keras default 0)
     * @param maxValue      saturation value, or {@code null} for none (Keras default None)
     * @param threshold     where the function turns on (Keras default 0)
     */
    public static Activation relu(double negativeSlope, Double maxValue, double threshold) {
        if (negativeSlope == 0 && maxValue == null && threshold == 0) return RELU;
        if (maxValue != null && maxValue < 0) throw new IllegalArgumentException("relu: max_value must be >= 0 or null, received max_value=" + maxValue);
        return Activation.of("relu", x -> reluFn(x, negativeSlope, maxValue, threshold));
    }

    /** Leaky ReLU with Keras 3's slope 0.2: {@code x} for {@code x >= 0}, else {@code 0.2 x}. */
    public static Activation leakyRelu() { return LEAKY_RELU; }

    /** Leaky ReLU: {@code x} for {@code x >= 0}, else {@code negativeSlope * x}. */
    public static Activation leakyRelu(double negativeSlope) {
        return act("leaky_relu", x -> Ops.where(Ops.greaterEqual(x, zero(x)), x, Ops.multiply(x, negativeSlope)));
    }

    /** {@code min(max(x, 0), 6)}. */
    public static Activation relu6() { return RELU6; }

    /** {@code 1 / (1 + exp(-x))}. */
    public static Activation sigmoid() { return SIGMOID; }

    /** Hyperbolic tangent. */
    public static Activation tanh() { return TANH; }

    /** Softmax over the last axis. */
    public static Activation softmax() { return SOFTMAX; }

    /** Softmax over {@code axis} (negative counts from the end). */
    public static Activation softmax(int axis) { return act("softmax", x -> Ops.softmax(x, axis)); }

    /** Log-softmax over the last axis. */
    public static Activation logSoftmax() { return LOG_SOFTMAX; }

    /** Log-softmax over {@code axis}. */
    public static Activation logSoftmax(int axis) { return act("log_softmax", x -> Ops.logSoftmax(x, axis)); }

    /** ELU with alpha 1: {@code x} for {@code x > 0}, else {@code exp(x) - 1}. */
    public static Activation elu() { return ELU; }

    /** ELU: {@code x} for {@code x > 0}, else {@code alpha * (exp(x) - 1)}. */
    public static Activation elu(double alpha) { return act("elu", x -> eluFn(x, alpha)); }

    /** SELU: {@code SELU_SCALE * elu(x, SELU_ALPHA)}. */
    public static Activation selu() { return SELU; }

    /** GELU in its exact form {@code x * (1 + erf(x / sqrt(2))) / 2} (the {@code "gelu"} identifier). */
    public static Activation gelu() { return GELU; }

    /**
     * GELU; {@code approximate} selects the tanh form
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
     */
    public static Activation gelu(boolean approximate) {
        return act("gelu", approximate ? Activations::geluTanh : Activations::geluErf);
    }

    /** SiLU (swish): {@code x * sigmoid(x)}. */
    public static Activation silu() { return SILU; }

    /** Alias of {@link #silu()}; its name is {@code "silu"}, as Keras serializes it. */
    public static Activation swish() { return SILU; }

    /** {@code log(1 + exp(x))}, computed stably. */
    public static Activation softplus() { return SOFTPLUS; }

    /** {@code x / (1 + |x|)}. */
    public static Activation softsign() { return SOFTSIGN; }

    /** Keras 3's hard sigmoid: {@code relu6(x + 3) / 6} (Keras 2 used {@code 0.2 x + 0.5}). */
    public static Activation hardSigmoid() { return HARD_SIGMOID; }

    /** Hard SiLU (hard swish): {@code x * hard_sigmoid(x)}. */
    public static Activation hardSilu() { return HARD_SILU; }

    /** Alias of {@link #hardSilu()}; its name is {@code "hard_silu"}. */
    public static Activation hardSwish() { return HARD_SILU; }

    /** Mish: {@code x * tanh(softplus(x))}. */
    public static Activation mish() { return MISH; }

    /** {@code exp(x)}. */
    public static Activation exponential() { return EXPONENTIAL; }

    /** CELU with alpha 1. */
    public static Activation celu() { return CELU; }

    /** CELU: {@code max(x, 0) + alpha * (exp(min(x, 0) / alpha) - 1)}. */
    public static Activation celu(double alpha) {
        if (!(alpha > 0)) throw new IllegalArgumentException("celu: alpha must be positive, received alpha=" + alpha);
        return act("celu", x -> Ops.add(Ops.relu(x), Ops.multiply(Ops.expm1(Ops.divide(Ops.minimum(x, 0.0), alpha)), alpha)));
    }

    /** Gated linear unit over the last axis. */
    public static Activation glu() { return GLU; }

    /** Gated linear unit: splits {@code axis} into halves {@code a, b} and returns {@code a * sigmoid(b)}. */
    public static Activation glu(int axis) {
        return act("glu", x -> {
            int ax = x.shape().normalizeAxis(axis);
            if (x.dim(ax) % 2 != 0) throw new IllegalArgumentException("glu: the size of axis " + axis
                    + " must be divisible by 2. Received: x.shape=" + x.shape() + " with axis=" + axis);
            List<Tensor> ab = Ops.split(x, 2, ax);
            return Ops.multiply(ab.get(0), Ops.sigmoid(ab.get(1)));
        });
    }

    /** {@code clip(x, -1, 1)}. */
    public static Activation hardTanh() { return HARD_TANH; }

    /** Hard shrink with threshold 0.5. */
    public static Activation hardShrink() { return HARD_SHRINK; }

    /** {@code x} where {@code |x| > threshold}, else 0. */
    public static Activation hardShrink(double threshold) {
        return act("hard_shrink", x -> Ops.where(Ops.greater(Ops.abs(x), threshold), x, Ops.zerosLike(x)));
    }

    /** Soft shrink with threshold 0.5. */
    public static Activation softShrink() { return SOFT_SHRINK; }

    /** {@code x - t} above {@code t}, {@code x + t} below {@code -t}, else 0. */
    public static Activation softShrink(double threshold) {
        return act("soft_shrink", x -> Ops.where(Ops.greater(x, threshold), Ops.subtract(x, threshold),
                Ops.where(Ops.less(x, -threshold), Ops.add(x, threshold), Ops.zerosLike(x))));
    }

    /** 0 for {@code x <= -1}, {@code (x + 1)^2 / 4} for {@code -1 < x < 1}, {@code x} for {@code x >= 1}. */
    public static Activation sparsePlus() { return SPARSE_PLUS; }

    /** 0 for {@code x <= -1}, {@code (x + 1) / 2} for {@code -1 < x < 1}, 1 for {@code x >= 1}. */
    public static Activation sparseSigmoid() { return SPARSE_SIGMOID; }

    /** Squareplus with {@code b = 4}. */
    public static Activation squareplus() { return SQUAREPLUS; }

    /**
     * Squareplus: {@code (x + sqrt(x^2 + b)) / 2}. For negative {@code x} it is computed as
     * {@code b / (2 (sqrt(x^2 + b) - x))}, the same value without the cancellation that makes the
     * plain formula return 0 for large negative inputs.
     */
    public static Activation squareplus(double b) {
        if (!(b >= 0)) throw new IllegalArgumentException("squareplus: b must be >= 0, received b=" + b);
        if (b == 0) return act("squareplus", x -> Ops.relu(x));   // (x + |x|) / 2
        return act("squareplus", x -> {
            Tensor pos = Ops.divide(Ops.add(x, Ops.sqrt(Ops.add(Ops.square(x), b))), 2.0);
            Tensor xn = Ops.minimum(x, 0.0);   // keeps the negative branch finite where it is not taken
            Tensor neg = Ops.divide(Ops.scalar(b / 2, x.dtype()), Ops.subtract(Ops.sqrt(Ops.add(Ops.square(xn), b)), xn));
            return Ops.where(Ops.greaterEqual(x, zero(x)), pos, neg);
        });
    }

    /** {@code x - tanh(x)}. */
    public static Activation tanhShrink() { return TANH_SHRINK; }

    /** {@code log(sigmoid(x)) = -softplus(-x)}, computed stably. */
    public static Activation logSigmoid() { return LOG_SIGMOID; }

    /** {@code x} where {@code x > threshold}, else {@code defaultValue} (Keras needs both arguments). */
    public static Activation threshold(double threshold, double defaultValue) {
        return act("threshold", x -> Ops.where(Ops.greater(x, threshold), x, Ops.fullLike(x, defaultValue)));
    }

    // ================================================================ compositions

    private static Activation act(String name, UnaryOperator<Tensor> f) {
        return Activation.of(name, x -> f.apply(floating(x)));
    }

    private static Tensor floating(Tensor x) { return x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32); }

    private static Tensor zero(Tensor x) { return Ops.scalar(0, x.dtype()); }

    /**
     * relu(x) + alpha * expm1(min(x, 0)): the exp branch never sees a positive input, so large
     * positive inputs give neither inf in the forward pass nor 0 * inf in the gradient.
     */
    private static Tensor eluFn(Tensor x, double alpha) {
        return Ops.add(Ops.relu(x), Ops.multiply(Ops.expm1(Ops.minimum(x, 0.0)), alpha));
    }

    private static Tensor geluErf(Tensor x) {
        return Ops.divide(Ops.multiply(x, Ops.add(Ops.erf(Ops.divide(x, SQRT_2)), 1.0)), 2.0);
    }

    private static Tensor geluTanh(Tensor x) {
        Tensor inner = Ops.multiply(Ops.add(x, Ops.multiply(Ops.multiply(x, Ops.square(x)), 0.044715)), SQRT_2_OVER_PI);
        return Ops.multiply(x, Ops.multiply(Ops.add(Ops.tanh(inner), 1.0), 0.5));
    }

    private static Tensor hardSigmoidFn(Tensor x) { return Ops.divide(Ops.relu6(Ops.add(x, 3.0)), 6.0); }

    private static Tensor sparsePlusFn(Tensor x) {
        Tensor mid = Ops.multiply(Ops.square(Ops.add(x, 1.0)), 0.25);
        return Ops.where(Ops.lessEqual(x, Ops.scalar(-1, x.dtype())), Ops.zerosLike(x), Ops.where(Ops.less(x, 1.0), mid, x));
    }

    private static Tensor sparseSigmoidFn(Tensor x) {
        Tensor mid = Ops.multiply(Ops.add(x, 1.0), 0.5);
        return Ops.where(Ops.lessEqual(x, Ops.scalar(-1, x.dtype())), Ops.zerosLike(x),
                Ops.where(Ops.greaterEqual(x, Ops.scalar(1, x.dtype())), Ops.onesLike(x), mid));
    }

    /** Keras's {@code ReLU.static_call}, step by step. */
    private static Tensor reluFn(Tensor x0, double negativeSlope, Double maxValue, double threshold) {
        Tensor x = x0.dtype().isFloating() ? x0 : Ops.cast(x0, DType.FLOAT32);
        if (negativeSlope != 0 && maxValue == null && threshold == 0) {
            return Ops.where(Ops.greaterEqual(x, zero(x)), x, Ops.multiply(x, negativeSlope));
        }
        Tensor negativePart = null;
        if (negativeSlope != 0) {
            negativePart = threshold != 0 ? Ops.relu(Ops.add(Ops.negative(x), threshold)) : Ops.relu(Ops.negative(x));
        }
        boolean clipMax = maxValue != null;
        Tensor y;
        if (threshold != 0) {
            y = Ops.where(Ops.greater(x, threshold), x, Ops.zerosLike(x));
        } else if (maxValue != null && maxValue == 6.0) {
            y = Ops.relu6(x);
            clipMax = false;
        } else {
            y = Ops.relu(x);
        }
        if (clipMax) y = Ops.clip(y, 0.0, maxValue);
        if (negativePart != null) y = Ops.subtract(y, Ops.multiply(negativePart, negativeSlope));
        return y;
    }
}
