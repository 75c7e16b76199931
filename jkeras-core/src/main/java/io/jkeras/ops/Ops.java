package io.jkeras.ops;

import io.jkeras.autodiff.GradFn;
import io.jkeras.autodiff.GradientTape;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Epilogue;
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.UnaryOp;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The op set (Keras's {@code keras.ops}): every op checks its arguments, calls the active backend's
 * kernel and records its gradient rule on active {@link GradientTape}s. Each op's shape rule,
 * forward and gradient live together here.
 *
 * <p>Binary ops broadcast like NumPy and promote dtypes (float wins, wider wins).
 */
public final class Ops {
    private Ops() {}

    private static Backend be() { return Backends.current(); }

    private static Tensor rec(Tensor out, GradFn fn, Tensor... inputs) {
        if (GradientTape.isRecording()) GradientTape.record(out, inputs, fn);
        return out;
    }

    // ================================================================ constants and conversion

    /** A scalar of {@code dtype}. */
    public static Tensor scalar(double v, DType dtype) { return Tensor.full(Shape.SCALAR, v, dtype); }

    /**
     * A scalar to combine with {@code x} in a binary op, typed the way Keras types a Python number
     * ("weak" typing): it takes {@code x}'s dtype, except that a fractional value next to an integer
     * or bool tensor is float32 (so {@code add(intTensor, 0.5)} is not truncated to {@code + 0}).
     */
    static Tensor scalarFor(Tensor x, double v) {
        DType t = x.dtype();
        if (t.isFloating()) return scalar(v, t);
        if (v != Math.rint(v) || Double.isInfinite(v)) return scalar(v, DType.FLOAT32);
        return scalar(v, t == DType.BOOL ? DType.INT32 : t);
    }

    public static Tensor zerosLike(Tensor x) { return Tensor.zeros(x.shape(), x.dtype()); }

    public static Tensor onesLike(Tensor x) { return Tensor.ones(x.shape(), x.dtype()); }

    public static Tensor fullLike(Tensor x, double v) { return Tensor.full(x.shape(), v, x.dtype()); }

    /** Converts to {@code dtype}; gradients flow back for float-to-float casts. */
    public static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        Tensor out = be().cast(x, dtype);
        if (!x.dtype().isFloating() || !dtype.isFloating()) return out;
        DType src = x.dtype();
        return rec(out, g -> new Tensor[] {cast(g, src)}, x);
    }

    /** A copy that shares nothing with {@code x}; gradient is the identity. */
    public static Tensor copy(Tensor x) {
        Tensor out = Tensor.zeros(x.shape(), x.dtype());
        be().assignInPlace(out, x);
        return rec(out, g -> new Tensor[] {g}, x);
    }

    /** The identity in the forward pass, but no gradient flows through it. */
    public static Tensor stopGradient(Tensor x) { return x.reshapeView(x.shape()); }

    // ================================================================ broadcasting helpers

    /** The NumPy broadcast of two shapes, or an error naming both. */
    public static Shape broadcastShapes(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] o = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.rank()) >= 0 ? a.dim(i - (r - a.rank())) : 1;
            int db = i - (r - b.rank()) >= 0 ? b.dim(i - (r - b.rank())) : 1;
            if (da == db || db == 1) o[i] = da;
            else if (da == 1) o[i] = db;
            else if (da == Shape.UNKNOWN || db == Shape.UNKNOWN) o[i] = Math.max(da, db) == Shape.UNKNOWN ? Shape.UNKNOWN : Math.max(da, db);
            else throw new IllegalArgumentException("Cannot broadcast shapes " + a + " and " + b
                    + ": dimension " + i + " is " + da + " in one and " + db + " in the other (each must be equal or 1)");
        }
        return Shape.of(o);
    }

    /** Sums {@code g} down to {@code shape} (the adjoint of broadcasting). */
    public static Tensor unbroadcast(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) return g;
        int r = g.rank(), rs = shape.rank();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            int si = i - (r - rs);
            if (si < 0 || (shape.dim(si) == 1 && g.dim(i) != 1)) axes.add(i);
        }
        Tensor s = axes.isEmpty() ? g : sum(g, axes.stream().mapToInt(Integer::intValue).toArray(), true);
        return reshape(s, shape);
    }

    private static Tensor[] promote(Tensor a, Tensor b) {
        if (a.dtype() == b.dtype()) return new Tensor[] {a, b};
        DType t = DType.promote(a.dtype(), b.dtype());
        return new Tensor[] {cast(a, t), cast(b, t)};
    }

    // ================================================================ elementwise binary

    private static Tensor binary(BinaryOp op, Tensor a0, Tensor b0) {
        Tensor[] ab = promote(a0, b0);
        Tensor a = ab[0], b = ab[1];
        Shape out = broadcastShapes(a.shape(), b.shape());
        return be().binary(op, a, b, out);
    }

    public static Tensor add(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.ADD, x, y);
        return rec(out, g -> new Tensor[] {unbroadcast(g, x.shape()), unbroadcast(g, y.shape())}, x, y);
    }

    public static Tensor add(Tensor a, double b) { return add(a, scalarFor(a, b)); }

    public static Tensor subtract(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.SUB, x, y);
        return rec(out, g -> new Tensor[] {unbroadcast(g, x.shape()), unbroadcast(negative(g), y.shape())}, x, y);
    }

    public static Tensor subtract(Tensor a, double b) { return subtract(a, scalarFor(a, b)); }

    public static Tensor subtract(double a, Tensor b) { return subtract(scalarFor(b, a), b); }

    public static Tensor multiply(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.MUL, x, y);
        return rec(out, g -> new Tensor[] {unbroadcast(multiply(g, y), x.shape()), unbroadcast(multiply(g, x), y.shape())}, x, y);
    }

    public static Tensor multiply(Tensor a, double b) { return multiply(a, scalarFor(a, b)); }

    public static Tensor divide(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        if (!x.dtype().isFloating()) { x = cast(x, DType.FLOAT32); y = cast(y, DType.FLOAT32); }
        Tensor xx = x, yy = y;
        Tensor out = binary(BinaryOp.DIV, xx, yy);
        return rec(out, g -> new Tensor[] {
                unbroadcast(divide(g, yy), xx.shape()),
                unbroadcast(negative(divide(multiply(g, out), yy)), yy.shape())}, xx, yy);
    }

    public static Tensor divide(Tensor a, double b) { return divide(a, scalarFor(a, b)); }

    public static Tensor divide(double a, Tensor b) { return divide(scalarFor(b, a), b); }

    /** {@code a ** b}. */
    public static Tensor power(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.POW, x, y);
        if (!x.dtype().isFloating()) return out;
        return rec(out, g -> new Tensor[] {
                unbroadcast(multiply(g, multiply(y, power(x, subtract(y, 1.0)))), x.shape()),
                unbroadcast(multiply(g, multiply(out, log(where(greater(x, zerosLike(x)), x, onesLike(x))))), y.shape())}, x, y);
    }

    public static Tensor power(Tensor a, double b) { return power(a, scalarFor(a, b)); }

    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.MAXIMUM, x, y);
        return rec(out, g -> {
            Tensor m = greaterEqual(x, y);
            return new Tensor[] {unbroadcast(where(m, g, zerosLike(g)), x.shape()), unbroadcast(where(m, zerosLike(g), g), y.shape())};
        }, x, y);
    }

    public static Tensor maximum(Tensor a, double b) { return maximum(a, scalarFor(a, b)); }

    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.MINIMUM, x, y);
        return rec(out, g -> {
            Tensor m = lessEqual(x, y);
            return new Tensor[] {unbroadcast(where(m, g, zerosLike(g)), x.shape()), unbroadcast(where(m, zerosLike(g), g), y.shape())};
        }, x, y);
    }

    public static Tensor minimum(Tensor a, double b) { return minimum(a, scalarFor(a, b)); }

    /** Python-style modulo (result has the sign of the divisor). Gradient: 1 for a, -floor(a/b) for b. */
    public static Tensor mod(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.MOD, x, y);
        if (!x.dtype().isFloating()) return out;
        return rec(out, g -> new Tensor[] {unbroadcast(g, x.shape()),
                unbroadcast(negative(multiply(g, floorDivide(x, y))), y.shape())}, x, y);
    }

    public static Tensor floorDivide(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        return binary(BinaryOp.FLOOR_DIV, ab[0], ab[1]);
    }

    /** Squared difference {@code (a-b)^2}. */
    public static Tensor squaredDifference(Tensor a, Tensor b) { return square(subtract(a, b)); }

    // ================================================================ comparisons and logic (no gradient)

    public static Tensor equal(Tensor a, Tensor b) { return binary(BinaryOp.EQUAL, a, b); }
    public static Tensor notEqual(Tensor a, Tensor b) { return binary(BinaryOp.NOT_EQUAL, a, b); }
    public static Tensor less(Tensor a, Tensor b) { return binary(BinaryOp.LESS, a, b); }
    public static Tensor lessEqual(Tensor a, Tensor b) { return binary(BinaryOp.LESS_EQUAL, a, b); }
    public static Tensor greater(Tensor a, Tensor b) { return binary(BinaryOp.GREATER, a, b); }
    public static Tensor greaterEqual(Tensor a, Tensor b) { return binary(BinaryOp.GREATER_EQUAL, a, b); }
    public static Tensor greater(Tensor a, double b) { return greater(a, scalarFor(a, b)); }
    public static Tensor less(Tensor a, double b) { return less(a, scalarFor(a, b)); }
    public static Tensor equal(Tensor a, double b) { return equal(a, scalarFor(a, b)); }
    public static Tensor logicalAnd(Tensor a, Tensor b) { return binary(BinaryOp.LOGICAL_AND, a, b); }
    public static Tensor logicalOr(Tensor a, Tensor b) { return binary(BinaryOp.LOGICAL_OR, a, b); }
    public static Tensor logicalXor(Tensor a, Tensor b) { return binary(BinaryOp.LOGICAL_XOR, a, b); }
    public static Tensor logicalNot(Tensor a) { return be().unary(UnaryOp.LOGICAL_NOT, a); }
    public static Tensor isNan(Tensor a) { return be().unary(UnaryOp.IS_NAN, a); }
    public static Tensor isFinite(Tensor a) { return be().unary(UnaryOp.IS_FINITE, a); }

    /** {@code cond ? a : b}, broadcast together. Gradients flow to the branch that was taken. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor c = cond.dtype() == DType.BOOL ? cond : be().cast(cond, DType.BOOL);
        Shape out = broadcastShapes(c.shape(), broadcastShapes(x.shape(), y.shape()));
        Tensor res = be().where(c, x, y, out);
        return rec(res, g -> {
            Tensor z = zerosLike(g);
            return new Tensor[] {null, unbroadcast(where(c, g, z), x.shape()), unbroadcast(where(c, z, g), y.shape())};
        }, c, x, y);
    }

    // ================================================================ elementwise unary

    private static Tensor unaryFloat(UnaryOp op, Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        return be().unary(op, in);
    }

    public static Tensor negative(Tensor x) {
        Tensor out = be().unary(UnaryOp.NEG, x);
        return rec(out, g -> new Tensor[] {negative(g)}, x);
    }

    public static Tensor abs(Tensor x) {
        Tensor out = be().unary(UnaryOp.ABS, x);
        return rec(out, g -> new Tensor[] {multiply(g, sign(x))}, x);
    }

    public static Tensor sign(Tensor x) { return be().unary(UnaryOp.SIGN, x); }

    public static Tensor exp(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.EXP, in);
        return rec(out, g -> new Tensor[] {multiply(g, out)}, in);
    }

    public static Tensor log(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.LOG, in);
        return rec(out, g -> new Tensor[] {divide(g, in)}, in);
    }

    public static Tensor log1p(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.LOG1P, in);
        return rec(out, g -> new Tensor[] {divide(g, add(in, 1.0))}, in);
    }

    public static Tensor expm1(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.EXPM1, in);
        return rec(out, g -> new Tensor[] {multiply(g, add(out, 1.0))}, in);
    }

    public static Tensor sqrt(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.SQRT, in);
        return rec(out, g -> new Tensor[] {divide(g, multiply(out, 2.0))}, in);
    }

    public static Tensor rsqrt(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.RSQRT, in);
        // d/dx x^-1/2 = -1/2 x^-3/2 = -0.5 * out^3
        return rec(out, g -> new Tensor[] {multiply(g, multiply(power(out, 3.0), -0.5))}, in);
    }

    public static Tensor square(Tensor x) {
        Tensor out = be().unary(UnaryOp.SQUARE, x);
        return rec(out, g -> new Tensor[] {multiply(g, multiply(x, 2.0))}, x);
    }

    public static Tensor reciprocal(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.RECIPROCAL, in);
        return rec(out, g -> new Tensor[] {negative(multiply(g, square(out)))}, in);
    }

    public static Tensor sin(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.SIN, in);
        return rec(out, g -> new Tensor[] {multiply(g, cos(in))}, in);
    }

    public static Tensor cos(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.COS, in);
        return rec(out, g -> new Tensor[] {negative(multiply(g, sin(in)))}, in);
    }

    public static Tensor tan(Tensor x) {
        Tensor in = floatInput(x);
        Tensor out = be().unary(UnaryOp.TAN, in);
        return rec(out, g -> new Tensor[] {multiply(g, add(square(out), 1.0))}, in);
    }

    public static Tensor tanh(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.TANH, in);
        return rec(out, g -> new Tensor[] {activationGrad(Epilogue.TANH, out, g)}, in);
    }

    public static Tensor sigmoid(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.SIGMOID, in);
        return rec(out, g -> new Tensor[] {activationGrad(Epilogue.SIGMOID, out, g)}, in);
    }

    public static Tensor relu(Tensor x) {
        Tensor out = be().unary(UnaryOp.RELU, x);
        if (!x.dtype().isFloating()) return rec(out, g -> new Tensor[] {where(greater(x, 0.0), g, zerosLike(g))}, x);
        return rec(out, g -> new Tensor[] {activationGrad(Epilogue.RELU, out, g)}, x);
    }

    /** {@code min(max(x, 0), 6)}. */
    public static Tensor relu6(Tensor x) {
        Tensor out = be().unary(UnaryOp.RELU6, x);
        return rec(out, g -> new Tensor[] {where(logicalAnd(greater(x, 0.0), less(x, 6.0)), g, zerosLike(g))}, x);
    }

    /** {@code log(1 + exp(x))}, computed stably. */
    public static Tensor softplus(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.SOFTPLUS, in);
        return rec(out, g -> new Tensor[] {multiply(g, sigmoid(in))}, in);
    }

    /** {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.SOFTSIGN, in);
        return rec(out, g -> new Tensor[] {divide(g, square(add(abs(in), 1.0)))}, in);
    }

    /** The Gauss error function. */
    public static Tensor erf(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.ERF, in);
        return rec(out, g -> new Tensor[] {multiply(g, multiply(exp(negative(square(in))), 2.0 / Math.sqrt(Math.PI)))}, in);
    }

    // ================================================================ activations built from the ops above
    // Each is a composite, so its gradient is the chain of its parts' rules (and checked the same way).
    // Branches that where() discards are fed clamped inputs, so an overflow there cannot turn the
    // gradient into 0 * inf = NaN.

    /** {@code log(sigmoid(x)) = -softplus(-x)}, stable for large |x|. */
    public static Tensor logSigmoid(Tensor x) { return negative(softplus(negative(floatInput(x)))); }

    /**
     * Gaussian error linear unit. {@code approximate} uses the tanh form
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}; otherwise the exact
     * {@code 0.5 x (1 + erf(x / sqrt 2))}. Keras's {@code ops.gelu} defaults to the approximation,
     * its {@code activations.gelu} to the exact form.
     */
    public static Tensor gelu(Tensor x, boolean approximate) {
        Tensor in = floatInput(x);
        if (approximate) {
            Tensor inner = multiply(add(in, multiply(power(in, 3.0), 0.044715)), Math.sqrt(2.0 / Math.PI));
            return multiply(multiply(in, 0.5), add(tanh(inner), 1.0));
        }
        return multiply(multiply(in, 0.5), add(erf(multiply(in, 1.0 / Math.sqrt(2.0))), 1.0));
    }

    /** {@link #gelu(Tensor, boolean)} with {@code approximate = true}, as {@code keras.ops.gelu}. */
    public static Tensor gelu(Tensor x) { return gelu(x, true); }

    /** Exponential linear unit: {@code x} where {@code x > 0}, else {@code alpha (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        Tensor in = floatInput(x);
        Tensor neg = multiply(expm1(minimum(in, 0.0)), alpha);
        return where(greater(in, 0.0), in, neg);
    }

    /** {@link #elu(Tensor, double)} with {@code alpha = 1}. */
    public static Tensor elu(Tensor x) { return elu(x, 1.0); }

    /** Scaled ELU with the constants of Klambauer et al. (as Keras): {@code 1.0507 * elu(x, 1.67326)}. */
    public static Tensor selu(Tensor x) {
        return multiply(elu(x, 1.6732632423543772848170429916717), 1.0507009873554804934193349852946);
    }

    /** {@code x * sigmoid(x)} (also called swish). */
    public static Tensor silu(Tensor x) {
        Tensor in = floatInput(x);
        return multiply(in, sigmoid(in));
    }

    /** {@code x} where {@code x >= 0}, else {@code alpha * x}. Keras's {@code ops.leaky_relu} default is 0.2. */
    public static Tensor leakyRelu(Tensor x, double alpha) {
        Tensor in = floatInput(x);
        return where(greaterEqual(in, scalarFor(in, 0.0)), in, multiply(in, alpha));
    }

    /** {@link #leakyRelu(Tensor, double)} with Keras's default slope 0.2. */
    public static Tensor leakyRelu(Tensor x) { return leakyRelu(x, 0.2); }

    /** Keras 3's hard sigmoid: {@code relu6(x + 3) / 6}. */
    public static Tensor hardSigmoid(Tensor x) { return divide(relu6(add(floatInput(x), 3.0)), 6.0); }

    /** {@code x * hardSigmoid(x)} (hard swish). */
    public static Tensor hardSilu(Tensor x) {
        Tensor in = floatInput(x);
        return multiply(in, hardSigmoid(in));
    }

    /** {@code x * tanh(softplus(x))}. */
    public static Tensor mish(Tensor x) {
        Tensor in = floatInput(x);
        return multiply(in, tanh(softplus(in)));
    }

    /** Integer and bool inputs of float ops are computed in float32, as Keras does. */
    private static Tensor floatInput(Tensor x) { return x.dtype().isFloating() ? x : cast(x, DType.FLOAT32); }

    public static Tensor floor(Tensor x) { return be().unary(UnaryOp.FLOOR, x); }
    public static Tensor ceil(Tensor x) { return be().unary(UnaryOp.CEIL, x); }
    /** Rounds half to even, like NumPy. */
    public static Tensor round(Tensor x) { return be().unary(UnaryOp.ROUND, x); }

    /** Clips values to [lo, hi]; the gradient is passed where the value was inside the range. */
    public static Tensor clip(Tensor x, double lo, double hi) {
        if (lo > hi) throw new IllegalArgumentException("clip: lower bound " + lo + " is above upper bound " + hi);
        Tensor out = be().binary(BinaryOp.MINIMUM, be().binary(BinaryOp.MAXIMUM, x, scalar(lo, x.dtype()), x.shape()), scalar(hi, x.dtype()), x.shape());
        return rec(out, g -> new Tensor[] {where(logicalAnd(greaterEqual(x, scalar(lo, x.dtype())), lessEqual(x, scalar(hi, x.dtype()))), g, zerosLike(g))}, x);
    }

    // ================================================================ reductions

    private static int[] normAxes(Tensor x, int[] axes) {
        if (axes == null) {
            int[] all = new int[x.rank()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) a[i] = x.shape().normalizeAxis(axes[i]);
        Arrays.sort(a);
        for (int i = 1; i < a.length; i++) if (a[i] == a[i - 1]) throw new IllegalArgumentException("Duplicate axis " + a[i] + " in " + Arrays.toString(axes));
        return a;
    }

    private static Shape keepShape(Shape s, int[] axes) {
        Shape k = s;
        for (int a : axes) k = k.withDim(a, 1);
        return k;
    }

    /** Sum of all elements. */
    public static Tensor sum(Tensor x) { return sum(x, null, false); }

    public static Tensor sum(Tensor x, int axis) { return sum(x, new int[] {axis}, false); }

    /** Sum over {@code axes} (null: all axes). */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = normAxes(x, axes);
        Tensor out = be().reduce(ReduceOp.SUM, x, ax, keepDims);
        Shape ks = keepShape(x.shape(), ax);
        return rec(out, g -> new Tensor[] {broadcastTo(reshape(g, ks), x.shape())}, x);
    }

    public static Tensor mean(Tensor x) { return mean(x, null, false); }

    public static Tensor mean(Tensor x, int axis) { return mean(x, new int[] {axis}, false); }

    public static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        int[] ax = normAxes(in, axes);
        Tensor out = be().reduce(ReduceOp.MEAN, in, ax, keepDims);
        Shape ks = keepShape(in.shape(), ax);
        long count = 1;
        for (int a : ax) count *= in.dim(a);
        double inv = count == 0 ? 0 : 1.0 / count;
        return rec(out, g -> new Tensor[] {multiply(broadcastTo(reshape(g, ks), in.shape()), inv)}, in);
    }

    public static Tensor max(Tensor x) { return max(x, null, false); }

    public static Tensor max(Tensor x, int[] axes, boolean keepDims) { return extremum(ReduceOp.MAX, x, axes, keepDims); }

    public static Tensor min(Tensor x) { return min(x, null, false); }

    public static Tensor min(Tensor x, int[] axes, boolean keepDims) { return extremum(ReduceOp.MIN, x, axes, keepDims); }

    private static Tensor extremum(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        int[] ax = normAxes(x, axes);
        for (int a : ax) if (x.dim(a) == 0) throw new IllegalArgumentException(op.name().toLowerCase() + " of an empty axis " + a + " (shape " + x.shape() + ") has no value");
        Tensor out = be().reduce(op, x, ax, keepDims);
        Shape ks = keepShape(x.shape(), ax);
        // ties share the gradient equally
        return rec(out, g -> {
            Tensor mask = cast(equal(x, reshape(out, ks)), x.dtype());
            Tensor cnt = sum(mask, ax, true);
            return new Tensor[] {multiply(divide(mask, cnt), reshape(g, ks))};
        }, x);
    }

    /** Product over {@code axes} (null: all axes). The gradient is exact also where some entries are zero. */
    public static Tensor prod(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = normAxes(x, axes);
        Tensor out = be().reduce(ReduceOp.PROD, x, ax, keepDims);
        Shape ks = keepShape(x.shape(), ax);
        // d/dx_i prod = product of the others: prod/x_i where x_i != 0; where x_i is the only zero of its
        // group, the product of the non-zero entries; where a group has two zeros, 0
        return rec(out, g -> {
            Tensor isZero = equal(x, 0.0);
            Tensor nonZero = where(isZero, onesLike(x), x);
            Tensor prodNonZero = prod(nonZero, ax, true);
            Tensor zeros = sum(cast(isZero, DType.INT32), ax, true);
            Tensor others = where(isZero, where(equal(zeros, 1.0), prodNonZero, zerosLike(prodNonZero)),
                    divide(prodNonZero, nonZero));
            others = where(greater(zeros, 0.0), where(isZero, others, zerosLike(others)), others);
            return new Tensor[] {multiply(reshape(g, ks), others)};
        }, x);
    }

    /** Product of all elements. */
    public static Tensor prod(Tensor x) { return prod(x, null, false); }

    public static Tensor any(Tensor x, int[] axes, boolean keepDims) { return be().reduce(ReduceOp.ANY, x, normAxes(x, axes), keepDims); }

    public static Tensor all(Tensor x, int[] axes, boolean keepDims) { return be().reduce(ReduceOp.ALL, x, normAxes(x, axes), keepDims); }

    /** Index (int32) of the largest value along {@code axis}; ties give the first index, NaN counts as the largest. */
    public static Tensor argmax(Tensor x, int axis) { return argmax(x, axis, false); }

    public static Tensor argmax(Tensor x, int axis, boolean keepDims) { return argReduce(true, x, axis, keepDims); }

    /** Index (int32) of the smallest value along {@code axis}; ties give the first index, NaN counts as the smallest. */
    public static Tensor argmin(Tensor x, int axis) { return argmin(x, axis, false); }

    public static Tensor argmin(Tensor x, int axis, boolean keepDims) { return argReduce(false, x, axis, keepDims); }

    private static Tensor argReduce(boolean max, Tensor x, int axis, boolean keepDims) {
        int ax = x.shape().normalizeAxis(axis);
        if (x.dim(ax) == 0) throw new IllegalArgumentException((max ? "argmax" : "argmin") + " of an empty axis " + axis
                + " (shape " + x.shape() + ") has no value");
        return be().argReduce(max, x, ax, keepDims);
    }

    /** {@code log(sum(exp(x)))} over {@code axes}, computed stably. */
    public static Tensor logsumexp(Tensor x, int[] axes, boolean keepDims) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        int[] ax = normAxes(in, axes);
        // the shift by the max cancels in the gradient, so it needs none
        Tensor m = be().reduce(ReduceOp.MAX, in, ax, true);
        Tensor mSafe = be().where(be().unary(UnaryOp.IS_FINITE, m), m, zerosLike(m), m.shape());
        Tensor s = log(sum(exp(subtract(in, mSafe)), ax, true));
        Tensor r = add(s, mSafe);
        return keepDims ? r : reshape(r, reducedShape(in.shape(), ax));
    }

    /** {@code shape} without the (normalized) {@code axes}. */
    private static Shape reducedShape(Shape shape, int[] axes) {
        boolean[] drop = new boolean[shape.rank()];
        for (int a : axes) drop[a] = true;
        int[] d = new int[shape.rank() - axes.length];
        for (int i = 0, k = 0; i < shape.rank(); i++) if (!drop[i]) d[k++] = shape.dim(i);
        return Shape.of(d);
    }

    /** Variance (biased, like NumPy's default) over {@code axes}. */
    public static Tensor variance(Tensor x, int[] axes, boolean keepDims) {
        Tensor m = mean(x, axes, true);
        return mean(square(subtract(x, m)), axes, keepDims);
    }

    public static Tensor std(Tensor x, int[] axes, boolean keepDims) { return sqrt(variance(x, axes, keepDims)); }

    // ================================================================ linear algebra

    /**
     * Matrix product with NumPy semantics: 1-D operands are promoted (and the added axis removed),
     * leading batch axes broadcast.
     */
    public static Tensor matmul(Tensor a, Tensor b) { return matmul(a, b, false, false); }

    /** Matrix product of {@code a} (transposed on its last two axes if {@code transA}) and {@code b} (likewise). */
    public static Tensor matmul(Tensor a0, Tensor b0, boolean transA, boolean transB) {
        Tensor[] ab = promote(a0, b0);
        Tensor a = ab[0], b = ab[1];
        if (!a.dtype().isFloating()) { a = cast(a, DType.FLOAT32); b = cast(b, DType.FLOAT32); }
        if (a.rank() == 0 || b.rank() == 0) throw new IllegalArgumentException("matmul needs operands of rank >= 1, got shapes " + a.shape() + " and " + b.shape());
        boolean vecA = a.rank() == 1, vecB = b.rank() == 1;
        if (vecA) { a = reshape(a, 1, a.dim(0)); transA = false; }
        if (vecB) { b = reshape(b, b.dim(0), 1); transB = false; }
        int ra = a.rank(), rb = b.rank();
        int m = transA ? a.dim(ra - 1) : a.dim(ra - 2);
        int ka = transA ? a.dim(ra - 2) : a.dim(ra - 1);
        int kb = transB ? b.dim(rb - 1) : b.dim(rb - 2);
        int n = transB ? b.dim(rb - 2) : b.dim(rb - 1);
        if (ka != kb) throw new IllegalArgumentException("matmul: inner dimensions do not match: " + a.shape() + (transA ? "^T" : "")
                + " @ " + b.shape() + (transB ? "^T" : "") + " (" + ka + " != " + kb + ")");
        Shape batch = broadcastShapes(a.shape().sub(0, ra - 2), b.shape().sub(0, rb - 2));
        Shape outShape = batch.append(m).append(n);
        Tensor x = a, y = b;
        boolean tA = transA, tB = transB;
        Tensor out = be().matmul(x, y, tA, tB, outShape);
        if (GradientTape.isRecording()) {
            // an operand that no tape tracks (e.g. the data fed to a first layer) gets no gradient: skip its product
            boolean needX = GradientTape.isTracked(x), needY = GradientTape.isTracked(y);
            out = rec(out, g -> {
                // C = A B: dA = g B^T, dB = A^T g (with the transposes folded in)
                Tensor da = !needX ? null : tA ? matmul(y, g, tB, true) : matmul(g, y, false, !tB);
                Tensor db = !needY ? null : tB ? matmul(g, x, true, tA) : matmul(x, g, !tA, false);
                return new Tensor[] {da == null ? null : unbroadcast(da, x.shape()), db == null ? null : unbroadcast(db, y.shape())};
            }, x, y);
        }
        if (vecA && vecB) return reshape(out, batch.toArray());
        if (vecA) return squeeze(out, -2);
        if (vecB) return squeeze(out, -1);
        return out;
    }

    // ================================================================ fused ops
    // One kernel call and one tape entry where the plain composition takes several; each equals its
    // composition (tested against it, values and gradients).

    /**
     * The gradient with respect to an activation's input, from its output {@code y} and the upstream
     * gradient {@code g}. Runs the backend's one-pass kernel, or, while a tape records the backward
     * pass (second-order gradients), the same formula in differentiable ops.
     */
    static Tensor activationGrad(Epilogue act, Tensor y, Tensor g) {
        if (!GradientTape.isRecording()) {
            Tensor gg = g.dtype() == y.dtype() ? g : be().cast(g, y.dtype());
            return be().activationGrad(act, y, gg);
        }
        return switch (act) {
            case LINEAR -> g;
            case RELU -> multiply(g, cast(greater(y, 0.0), y.dtype()));
            case SIGMOID -> multiply(g, multiply(y, subtract(1.0, y)));
            case TANH -> multiply(g, subtract(1.0, square(y)));
            case SOFTMAX -> multiply(y, subtract(g, sum(multiply(g, y), new int[] {y.rank() - 1}, true)));
        };
    }

    /**
     * The dense layer in one op: {@code act(x @ kernel + bias)} on the last axis of {@code x}, with
     * one tape entry whose gradient runs the activation's backward, {@code x^T dz}, the column sums of
     * {@code dz} and (only when {@code x} needs a gradient) {@code dz kernel^T}.
     *
     * <pre>{@code
     * Tensor h = Ops.dense(x, w, b, Epilogue.RELU);   // == Ops.relu(Ops.add(Ops.matmul(x, w), b))
     * }</pre>
     *
     * @param x      inputs of shape {@code (..., in)}, rank >= 2
     * @param kernel {@code (in, units)}
     * @param bias   {@code (units,)}, or null for none
     */
    public static Tensor dense(Tensor x, Tensor kernel, Tensor bias, Epilogue act) {
        java.util.Objects.requireNonNull(act, "act");
        if (x.rank() < 2 || kernel.rank() != 2 || x.dim(-1) != kernel.dim(0))
            throw new IllegalArgumentException("dense: inputs of shape " + x.shape() + " do not fit a kernel of shape " + kernel.shape()
                    + "; the inputs need rank >= 2 and a last dimension equal to the kernel's first (" + kernel.dim(0) + ")");
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != kernel.dim(1)))
            throw new IllegalArgumentException("dense: the bias must have shape (" + kernel.dim(1) + ",) for a kernel of shape "
                    + kernel.shape() + ", received " + bias.shape());
        DType dt = kernel.dtype();
        if (!dt.isFloating() || x.dtype() != dt || (bias != null && bias.dtype() != dt)) return denseComposite(x, kernel, bias, act);
        Tensor out = be().dense(x, kernel, bias, act);
        if (!GradientTape.isRecording()) return out;
        boolean needX = GradientTape.isTracked(x), needK = GradientTape.isTracked(kernel), needB = GradientTape.isTracked(bias);
        Shape xs = x.shape();
        int in = kernel.dim(0), units = kernel.dim(1);
        Tensor[] inputs = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
        boolean hasBias = bias != null;
        return rec(out, g -> {
            // first-order gradients: the backend's one-kernel backward where it has one
            Tensor[] fused = GradientTape.isRecording() ? null : be().denseGrad(x, kernel, hasBias, act, out, g, needX, needK, needB);
            if (fused != null) return hasBias ? fused : new Tensor[] {fused[0], fused[1]};
            Tensor dz = activationGrad(act, out, g);
            Tensor dz2 = reshape(dz, -1, units), x2 = reshape(x, -1, in);
            Tensor dx = needX ? reshape(matmul(dz2, kernel, false, true), xs) : null;
            Tensor dk = needK ? matmul(x2, dz2, true, false) : null;
            if (bias == null) return new Tensor[] {dx, dk};
            Tensor db = needB ? sum(dz2, new int[] {0}, false) : null;
            return new Tensor[] {dx, dk, db};
        }, inputs);
    }

    private static Tensor denseComposite(Tensor x, Tensor kernel, Tensor bias, Epilogue act) {
        Tensor y = matmul(x, kernel);
        if (bias != null) y = add(y, bias);
        return switch (act) {
            case LINEAR -> y;
            case RELU -> relu(y);
            case SIGMOID -> sigmoid(y);
            case TANH -> tanh(y);
            case SOFTMAX -> softmax(y, -1);
        };
    }

    /**
     * Keras's categorical crossentropy of probabilities over the last axis, per row:
     * {@code -sum(target * log(clip(p / sum(p), eps, 1 - eps)))}, in one kernel with one tape entry
     * (the composition takes eight ops). Returns {@code probs}' shape without its last axis.
     *
     * @param target labels (one-hot or soft), the shape and float dtype of {@code probs}
     * @param probs  predicted probabilities, e.g. a softmax output
     * @param eps    the clip bound, Keras's {@code epsilon()} (1e-7)
     */
    public static Tensor categoricalCrossentropy(Tensor target, Tensor probs, double eps) {
        if (probs.rank() == 0 || !target.shape().equals(probs.shape()))
            throw new IllegalArgumentException("categoricalCrossentropy: target and probs must have the same shape of rank >= 1, received "
                    + target.shape() + " and " + probs.shape());
        if (!probs.dtype().isFloating() || target.dtype() != probs.dtype() || GradientTape.isTracked(target)) {
            int ax = probs.rank() - 1;
            Tensor p = divide(probs, sum(probs, new int[] {ax}, true));
            return negative(sum(multiply(target, log(clip(p, eps, 1.0 - eps))), new int[] {ax}, false));
        }
        Tensor out = be().categoricalCrossentropy(target, probs, eps);
        return rec(out, g -> {
            if (!GradientTape.isRecording()) {
                Tensor gg = g.dtype() == probs.dtype() ? g : be().cast(g, probs.dtype());
                return new Tensor[] {null, be().categoricalCrossentropyGrad(target, probs, gg, eps)};
            }
            int ax = probs.rank() - 1;
            Tensor s = sum(probs, new int[] {ax}, true);
            Tensor q = divide(probs, s);
            Tensor inRange = cast(logicalAnd(greaterEqual(q, scalarFor(q, eps)), lessEqual(q, scalarFor(q, 1.0 - eps))), q.dtype());
            Tensor c = clip(q, eps, 1.0 - eps);
            Tensor dq = negative(divide(multiply(multiply(target, expandDims(g, -1)), inRange), c));
            Tensor dp = divide(subtract(dq, sum(multiply(dq, q), new int[] {ax}, true)), s);
            return new Tensor[] {null, dp};
        }, target, probs);
    }

    /**
     * Keras's mean squared error per row: {@code mean((target - pred)^2)} over the last axis, in one
     * kernel with one tape entry (the composition takes three ops and their gradients). Operands of
     * different shapes broadcast, through the composition.
     */
    public static Tensor meanSquaredError(Tensor target, Tensor pred) {
        if (pred.rank() == 0 || !target.shape().equals(pred.shape()) || !pred.dtype().isFloating() || target.dtype() != pred.dtype()
                || GradientTape.isTracked(target)) {
            return mean(square(subtract(target, pred)), -1);
        }
        Tensor out = be().meanSquaredError(target, pred);
        return rec(out, g -> {
            if (!GradientTape.isRecording()) {
                Tensor gg = g.dtype() == pred.dtype() ? g : be().cast(g, pred.dtype());
                return new Tensor[] {null, be().meanSquaredErrorGrad(target, pred, gg)};
            }
            int n = pred.dim(-1);
            Tensor scaled = multiply(expandDims(g, -1), n == 0 ? 0.0 : 1.0 / n);
            return new Tensor[] {null, negative(multiply(scaled, multiply(subtract(target, pred), 2.0)))};
        }, target, pred);
    }

    // ================================================================ shape manipulation

    /** Reshape; one dimension may be -1 and is inferred. */
    public static Tensor reshape(Tensor x, int... dims) { return reshape(x, resolveReshape(x.shape(), dims)); }

    public static Tensor reshape(Tensor x, Shape s) {
        if (s.equals(x.shape())) return x;
        if (!s.isFullyDefined()) return reshape(x, s.toArray());
        if (s.size() != x.shape().size()) throw new IllegalArgumentException("Cannot reshape a tensor of shape " + x.shape()
                + " (" + x.shape().size() + " elements) to " + s + " (" + s.size() + " elements)");
        Tensor out = x.reshapeView(s);
        Shape in = x.shape();
        return rec(out, g -> new Tensor[] {reshape(g, in)}, x);
    }

    /** Resolves a target shape with at most one -1 against {@code in}'s element count. */
    public static Shape resolveReshape(Shape in, int[] dims) {
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("Reshape target " + Arrays.toString(dims) + " has more than one -1");
                unknown = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException("Invalid dimension " + dims[i] + " in reshape target " + Arrays.toString(dims));
            } else known *= dims[i];
        }
        int[] d = dims.clone();
        long total = in.size();
        if (unknown >= 0) {
            if (known == 0 || total % known != 0) throw new IllegalArgumentException("Cannot reshape a tensor of shape " + in + " (" + total
                    + " elements) to " + Arrays.toString(dims) + ": " + total + " is not divisible by " + known);
            d[unknown] = (int) (total / known);
        } else if (known != total) {
            throw new IllegalArgumentException("Cannot reshape a tensor of shape " + in + " (" + total + " elements) to "
                    + Shape.of(dims) + " (" + known + " elements)");
        }
        return Shape.of(d);
    }

    /** Permutes the axes; {@code perm} null or empty reverses them. */
    public static Tensor transpose(Tensor x, int... perm) {
        int r = x.rank();
        int[] p;
        if (perm == null || perm.length == 0) {
            p = new int[r];
            for (int i = 0; i < r; i++) p[i] = r - 1 - i;
        } else {
            if (perm.length != r) throw new IllegalArgumentException("transpose: permutation " + Arrays.toString(perm) + " has " + perm.length + " axes, the tensor has rank " + r);
            p = new int[r];
            boolean[] seen = new boolean[r];
            for (int i = 0; i < r; i++) {
                p[i] = x.shape().normalizeAxis(perm[i]);
                if (seen[p[i]]) throw new IllegalArgumentException("transpose: " + Arrays.toString(perm) + " is not a permutation");
                seen[p[i]] = true;
            }
        }
        boolean identity = true;
        for (int i = 0; i < r; i++) if (p[i] != i) identity = false;
        if (identity) return x;
        Tensor out = be().transpose(x, p);
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) inv[p[i]] = i;
        return rec(out, g -> new Tensor[] {transpose(g, inv)}, x);
    }

    public static Tensor expandDims(Tensor x, int axis) {
        int r = x.rank() + 1;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) throw new IllegalArgumentException("expandDims: axis " + axis + " is out of range for rank " + x.rank());
        int[] d = new int[r];
        for (int i = 0, j = 0; i < r; i++) d[i] = i == a ? 1 : x.dim(j++);
        return reshape(x, Shape.of(d));
    }

    /** Removes the given size-1 axes (all size-1 axes when none are given). */
    public static Tensor squeeze(Tensor x, int... axes) {
        boolean[] drop = new boolean[x.rank()];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < x.rank(); i++) drop[i] = x.dim(i) == 1;
        } else {
            for (int a : axes) {
                int n = x.shape().normalizeAxis(a);
                if (x.dim(n) != 1) throw new IllegalArgumentException("Cannot squeeze axis " + a + " of shape " + x.shape() + ": its size is " + x.dim(n) + ", not 1");
                drop[n] = true;
            }
        }
        int[] d = new int[x.rank()];
        int k = 0;
        for (int i = 0; i < x.rank(); i++) if (!drop[i]) d[k++] = x.dim(i);
        return reshape(x, Shape.of(Arrays.copyOf(d, k)));
    }

    /** Flattens all axes after the first: {@code (batch, ...)} to {@code (batch, prod(...))}. */
    public static Tensor flattenBatch(Tensor x) {
        if (x.rank() == 0) throw new IllegalArgumentException("Cannot flatten a scalar");
        return reshape(x, x.dim(0), x.rank() == 1 ? 1 : (int) x.shape().withoutBatch().size());
    }

    public static Tensor broadcastTo(Tensor x, Shape shape) {
        if (x.shape().equals(shape)) return x;
        Shape b = broadcastShapes(x.shape(), shape);
        if (!b.equals(shape)) throw new IllegalArgumentException("Cannot broadcast shape " + x.shape() + " to " + shape);
        Tensor out = be().broadcastTo(x, shape);
        Shape in = x.shape();
        return rec(out, g -> new Tensor[] {unbroadcast(g, in)}, x);
    }

    public static Tensor concatenate(List<Tensor> xs, int axis) {
        if (xs.isEmpty()) throw new IllegalArgumentException("concatenate needs at least one tensor");
        Tensor first = xs.get(0);
        int ax = first.shape().normalizeAxis(axis);
        DType dt = first.dtype();
        for (Tensor t : xs) dt = DType.promote(dt, t.dtype());
        List<Tensor> in = new ArrayList<>(xs.size());
        int total = 0;
        for (Tensor t : xs) {
            if (t.rank() != first.rank()) throw new IllegalArgumentException("concatenate: all inputs need the same rank; got shapes "
                    + xs.stream().map(Tensor::shape).toList());
            for (int i = 0; i < t.rank(); i++) {
                if (i != ax && t.dim(i) != first.dim(i)) throw new IllegalArgumentException("concatenate on axis " + axis
                        + ": all inputs must match on the other axes; got shapes " + xs.stream().map(Tensor::shape).toList());
            }
            total += t.dim(ax);
            in.add(cast(t, dt));
        }
        Shape outShape = first.shape().withDim(ax, total);
        Tensor out = be().concat(in, ax, outShape);
        Tensor[] ins = in.toArray(new Tensor[0]);
        return rec(out, g -> {
            Tensor[] gs = new Tensor[ins.length];
            int off = 0;
            for (int i = 0; i < ins.length; i++) {
                int len = ins[i].dim(ax);
                gs[i] = sliceAxis(g, ax, off, off + len);
                off += len;
            }
            return gs;
        }, ins);
    }

    public static Tensor stack(List<Tensor> xs, int axis) {
        if (xs.isEmpty()) throw new IllegalArgumentException("stack needs at least one tensor");
        List<Tensor> e = new ArrayList<>();
        for (Tensor t : xs) {
            if (!t.shape().equals(xs.get(0).shape())) throw new IllegalArgumentException("stack: all inputs need the same shape; got "
                    + xs.stream().map(Tensor::shape).toList());
            e.add(expandDims(t, axis));
        }
        return concatenate(e, axis < 0 ? axis : axis);
    }

    /** Splits into {@code sections} equal parts along {@code axis}. */
    public static List<Tensor> split(Tensor x, int sections, int axis) {
        int ax = x.shape().normalizeAxis(axis);
        int n = x.dim(ax);
        if (sections <= 0 || n % sections != 0) throw new IllegalArgumentException("split: axis " + axis + " of size " + n
                + " cannot be split into " + sections + " equal parts");
        List<Tensor> out = new ArrayList<>();
        int len = n / sections;
        for (int i = 0; i < sections; i++) out.add(sliceAxis(x, ax, i * len, (i + 1) * len));
        return out;
    }

    /**
     * Splits at the given indices along {@code axis}, as NumPy's {@code split(x, [i, j], axis)}:
     * {@code x[:i], x[i:j], x[j:]} (indices past the end give empty parts). Use
     * {@link #split(Tensor, int, int)} for equal sections.
     */
    public static List<Tensor> split(Tensor x, int[] indices, int axis) {
        int ax = x.shape().normalizeAxis(axis);
        List<Tensor> out = new ArrayList<>(indices.length + 1);
        int prev = 0;
        for (int idx : indices) {
            out.add(sliceAxis(x, ax, prev, idx));
            prev = idx;
        }
        out.add(sliceAxis(x, ax, prev, END));
        return out;
    }

    /** Start marker for {@link #sliceAxis(Tensor, int, int, int, int)}: like an omitted bound in Python's {@code x[:e]}, {@code x[::-1]}. */
    public static final int START = Integer.MIN_VALUE;
    /** End marker for {@link #sliceAxis(Tensor, int, int, int, int)}: like an omitted bound in Python's {@code x[s:]}. */
    public static final int END = Integer.MAX_VALUE;

    /**
     * Elements {@code [start, end)} along {@code axis}, as Python's {@code x[start:end]} on that axis:
     * negative bounds count from the end, bounds beyond the axis are clipped, an empty range gives an
     * empty tensor.
     */
    public static Tensor sliceAxis(Tensor x, int axis, int start, int end) { return sliceAxis(x, axis, start, end, 1); }

    /**
     * Python's {@code x[start:end:step]} along {@code axis}. {@code step} may be negative (then the
     * range runs backwards); use {@link #START} and {@link #END} for omitted bounds, e.g.
     * {@code sliceAxis(x, 0, END, START, -1)} reverses axis 0 and {@code sliceAxis(x, 1, 0, END, 2)}
     * takes every second column.
     */
    public static Tensor sliceAxis(Tensor x, int axis, int start, int end, int step) {
        if (step == 0) throw new IllegalArgumentException("sliceAxis: step must not be zero");
        int ax = x.shape().normalizeAxis(axis);
        int n = x.dim(ax);
        int[] r = sliceRange(n, start, end, step);
        int b = r[0], len = r[1];
        if (step == 1 || len <= 1) {
            int[] begin = new int[x.rank()];
            int[] size = x.shape().toArray();
            begin[ax] = len == 0 ? 0 : b;
            size[ax] = len;
            return slice(x, begin, size);
        }
        int[] begin = new int[x.rank()];
        int[] steps = new int[x.rank()];
        Arrays.fill(steps, 1);
        begin[ax] = b;
        steps[ax] = step;
        Tensor out = be().slice(x, begin, steps, x.shape().withDim(ax, len));
        return rec(out, g -> new Tensor[] {unslice(g, ax, b, step, n)}, x);
    }

    /** Python's {@code slice(start, end, step).indices(n)}: the first index and the count. */
    static int[] sliceRange(int n, long start, long end, int step) {
        long lower = step > 0 ? 0 : -1, upper = step > 0 ? n : n - 1;
        long s0 = start < 0 ? Math.max(start + n, lower) : Math.min(start, upper);
        long e0 = end < 0 ? Math.max(end + n, lower) : Math.min(end, upper);
        long len = step > 0 ? (e0 - s0 + step - 1) / step : (s0 - e0 - step - 1) / -step;
        return new int[] {(int) s0, (int) Math.max(len, 0)};
    }

    /** The adjoint of a strided slice along one axis: {@code g} placed at {@code begin + i*step} in zeros of length {@code n}. */
    private static Tensor unslice(Tensor g, int ax, int begin, int step, int n) {
        int len = g.dim(ax);
        if (step < 0) {
            g = sliceAxis(g, ax, END, START, -1);
            begin += (len - 1) * step;
            step = -step;
        }
        if (step > 1) {
            // interleave step-1 zeros after each element, then drop the trailing ones
            Tensor e = expandDims(g, ax + 1);
            int[][] pads = new int[e.rank()][2];
            pads[ax + 1][1] = step - 1;
            g = reshape(pad(e, pads, 0), g.shape().withDim(ax, len * step));
            g = sliceAxis(g, ax, 0, (len - 1) * step + 1);
        }
        int[][] pads = new int[g.rank()][2];
        pads[ax][0] = begin;
        pads[ax][1] = n - begin - g.dim(ax);
        return pad(g, pads, 0);
    }

    /**
     * A strided slice with Python semantics on every axis: {@code x[begin[0]:end[0]:strides[0], ...]}
     * ({@link #START}/{@link #END} for omitted bounds, negative bounds count from the end).
     */
    public static Tensor stridedSlice(Tensor x, int[] begin, int[] end, int[] strides) {
        int r = x.rank();
        if (begin.length != r || end.length != r || strides.length != r) throw new IllegalArgumentException("stridedSlice: begin, end "
                + "and strides need one entry per axis (" + r + " for shape " + x.shape() + "), got " + Arrays.toString(begin) + ", "
                + Arrays.toString(end) + ", " + Arrays.toString(strides));
        boolean unit = true;
        for (int st : strides) {
            if (st == 0) throw new IllegalArgumentException("stridedSlice: strides must not be zero, got " + Arrays.toString(strides));
            if (st != 1) unit = false;
        }
        if (unit) {
            int[] b = new int[r], size = new int[r];
            for (int i = 0; i < r; i++) {
                int[] rg = sliceRange(x.dim(i), begin[i], end[i], 1);
                b[i] = rg[1] == 0 ? 0 : rg[0];
                size[i] = rg[1];
            }
            return slice(x, b, size);
        }
        Tensor out = x;
        for (int i = 0; i < r; i++) out = sliceAxis(out, i, begin[i], end[i], strides[i]);
        return out;
    }

    /**
     * NumPy-style indexing from a string, for readable tests and scripts:
     * {@code slice(x, "1:3, :, ::2")}, {@code slice(x, "..., -1")}, {@code slice(x, "0, None")}.
     * Items are separated by commas: {@code start:stop:step} (any part may be omitted; negative
     * counts from the end), an integer (selects one index and drops the axis), {@code ...} (as many
     * {@code :} as needed) and {@code None} or {@code newaxis} (inserts an axis of size 1).
     */
    public static Tensor slice(Tensor x, String spec) {
        String[] raw = spec.trim().isEmpty() ? new String[0] : spec.split(",", -1);
        List<String> items = new ArrayList<>();
        int ellipsis = -1, consuming = 0;
        for (String it : raw) {
            String t = it.trim();
            if (t.isEmpty()) throw new IllegalArgumentException("slice: empty item in index \"" + spec + "\"");
            if (t.equals("...")) {
                if (ellipsis >= 0) throw new IllegalArgumentException("slice: an index can only have one ellipsis ('...'), got \"" + spec + "\"");
                ellipsis = items.size();
            } else if (!t.equals("None") && !t.equals("newaxis")) consuming++;
            items.add(t);
        }
        if (consuming > x.rank()) throw new IllegalArgumentException("slice: too many indices for a tensor of rank " + x.rank()
                + " (shape " + x.shape() + "): \"" + spec + "\"");
        if (ellipsis >= 0) {
            items.remove(ellipsis);
            for (int i = 0; i < x.rank() - consuming; i++) items.add(ellipsis, ":");
        }
        while (countConsuming(items) < x.rank()) items.add(":");
        int r = x.rank();
        int[] b = new int[r], e = new int[r], st = new int[r];
        int axis = 0;
        List<int[]> plan = new ArrayList<>();   // {kind, axis}: 0 = keep, 1 = drop (integer index), 2 = new axis
        for (String t : items) {
            if (t.equals("None") || t.equals("newaxis")) { plan.add(new int[] {2, -1}); continue; }
            int n = x.dim(axis);
            if (t.contains(":")) {
                String[] parts = t.split(":", -1);
                if (parts.length > 3) throw new IllegalArgumentException("slice: '" + t + "' has more than two ':' in \"" + spec + "\"");
                int step = parts.length == 3 && !parts[2].isBlank() ? parseIndex(parts[2], spec) : 1;
                if (step == 0) throw new IllegalArgumentException("slice: step must not be zero in \"" + spec + "\"");
                b[axis] = parts[0].isBlank() ? (step > 0 ? START : END) : parseIndex(parts[0], spec);
                e[axis] = parts[1].isBlank() ? (step > 0 ? END : START) : parseIndex(parts[1], spec);
                st[axis] = step;
                plan.add(new int[] {0, axis});
            } else {
                int i = parseIndex(t, spec);
                if (i < -n || i >= n) throw new IndexOutOfBoundsException("slice: index " + i + " is out of bounds for axis " + axis
                        + " with size " + n + " (shape " + x.shape() + ")");
                int ii = i < 0 ? i + n : i;
                b[axis] = ii;
                e[axis] = ii + 1;
                st[axis] = 1;
                plan.add(new int[] {1, axis});
            }
            axis++;
        }
        Tensor out = stridedSlice(x, b, e, st);
        List<Integer> outDims = new ArrayList<>();
        for (int[] p : plan) {
            if (p[0] == 0) outDims.add(out.dim(p[1]));
            else if (p[0] == 2) outDims.add(1);
        }
        return reshape(out, Shape.of(outDims.stream().mapToInt(Integer::intValue).toArray()));
    }

    private static int countConsuming(List<String> items) {
        int c = 0;
        for (String t : items) if (!t.equals("None") && !t.equals("newaxis")) c++;
        return c;
    }

    private static int parseIndex(String t, String spec) {
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("slice: '" + t.trim() + "' is not an integer in index \"" + spec
                    + "\" (use start:stop:step, an integer, '...' or None)");
        }
    }

    /** Reverses the order of elements along {@code axes} (all axes when none are given), like {@code keras.ops.flip}. */
    public static Tensor flip(Tensor x, int... axes) {
        int[] ax = normAxes(x, axes == null || axes.length == 0 ? null : axes);
        Tensor out = x;
        for (int a : ax) out = sliceAxis(out, a, END, START, -1);
        return out;
    }

    /** A contiguous block starting at {@code begin} with extent {@code size} (-1: to the end). */
    public static Tensor slice(Tensor x, int[] begin, int[] size) {
        int r = x.rank();
        if (begin.length != r || size.length != r) throw new IllegalArgumentException("slice: begin and size need " + r + " entries for shape " + x.shape());
        int[] sz = size.clone();
        int[] step = new int[r];
        for (int i = 0; i < r; i++) {
            if (sz[i] == -1) sz[i] = x.dim(i) - begin[i];
            if (begin[i] < 0 || sz[i] < 0 || begin[i] + sz[i] > x.dim(i)) throw new IllegalArgumentException("slice: begin "
                    + Arrays.toString(begin) + " size " + Arrays.toString(size) + " is out of bounds for shape " + x.shape());
            step[i] = 1;
        }
        Shape outShape = Shape.of(sz);
        if (outShape.equals(x.shape())) return x;
        Tensor out = be().slice(x, begin, step, outShape);
        int[][] pads = new int[r][2];
        for (int i = 0; i < r; i++) { pads[i][0] = begin[i]; pads[i][1] = x.dim(i) - begin[i] - sz[i]; }
        return rec(out, g -> new Tensor[] {pad(g, pads, 0)}, x);
    }

    /** Pads each axis with {@code pads[i][0]} values before and {@code pads[i][1]} after. */
    public static Tensor pad(Tensor x, int[][] pads, double value) {
        if (pads.length != x.rank()) throw new IllegalArgumentException("pad: " + pads.length + " pairs given for a tensor of rank " + x.rank());
        for (int[] p : pads) if (p.length != 2 || p[0] < 0 || p[1] < 0) throw new IllegalArgumentException("pad: each pair must be two non-negative counts, got " + Arrays.deepToString(pads));
        Tensor out = be().pad(x, pads, value);
        int[] begin = new int[x.rank()];
        for (int i = 0; i < begin.length; i++) begin[i] = pads[i][0];
        int[] size = x.shape().toArray();
        return rec(out, g -> new Tensor[] {slice(g, begin, size)}, x);
    }

    /** Gathers entries of {@code x} along {@code axis} at integer {@code indices} (negative counts from the end). */
    public static Tensor take(Tensor x, Tensor indices, int axis) {
        int ax = x.shape().normalizeAxis(axis);
        int len = x.dim(ax);
        int[] ix = indices.toIntArray();
        for (int i : ix) if (i < -len || i >= len) throw new IndexOutOfBoundsException("take: index " + i + " is out of bounds for axis "
                + axis + " with size " + len + " (shape " + x.shape() + ")");
        Tensor idx = indices.dtype() == DType.INT32 ? indices : Tensor.of(ix, indices.shape().toArray());
        Tensor out = be().take(x, idx, ax);
        Shape in = x.shape();
        return rec(out, g -> new Tensor[] {scatterAdd(g, idx, ax, in)}, x);
    }

    /** The adjoint of {@link #take}: adds {@code updates} into zeros of {@code shape} at {@code indices} along {@code axis}. */
    private static Tensor scatterAdd(Tensor updates, Tensor indices, int axis, Shape shape) {
        Tensor u = updates.dtype().isFloating() ? updates : cast(updates, DType.FLOAT32);
        Tensor out = be().takeGrad(u, indices, axis, shape);
        return rec(out, g -> new Tensor[] {take(g, indices, axis)}, u);
    }

    /**
     * {@code out[..., i, ...] = x[..., indices[..., i, ...], ...]} along {@code axis}, as
     * {@code keras.ops.take_along_axis}: {@code indices} has {@code x}'s rank; the other axes broadcast.
     */
    public static Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) {
        int ax = x.shape().normalizeAxis(axis);
        if (indices.rank() != x.rank()) throw new IllegalArgumentException("takeAlongAxis: indices need the rank of x (" + x.rank()
                + ", shape " + x.shape() + "), got shape " + indices.shape());
        if (indices.dtype().isFloating()) throw new IllegalArgumentException("takeAlongAxis: indices must be integers, got " + indices.dtype());
        int len = x.dim(ax);
        Shape common = broadcastShapes(x.shape().withDim(ax, 1), indices.shape().withDim(ax, 1));
        Shape outShape = common.withDim(ax, indices.dim(ax));
        Tensor xb = broadcastTo(x, common.withDim(ax, len));
        int[] ix = be().broadcastTo(cast(indices, DType.INT32), outShape).toIntArray();
        int outer = 1, inner = 1, m = outShape.dim(ax);
        for (int i = 0; i < ax; i++) outer *= outShape.dim(i);
        for (int i = ax + 1; i < outShape.rank(); i++) inner *= outShape.dim(i);
        int[] flat = new int[ix.length];
        for (int o = 0, p = 0; o < outer; o++) {
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < inner; c++, p++) {
                    int k = ix[p];
                    if (k < -len || k >= len) throw new IndexOutOfBoundsException("takeAlongAxis: index " + k
                            + " is out of bounds for axis " + axis + " with size " + len + " (shape " + x.shape() + ")");
                    flat[p] = (o * len + (k < 0 ? k + len : k)) * inner + c;
                }
            }
        }
        return take(reshape(xb, -1), Tensor.wrap(flat, outShape), 0);
    }

    /**
     * Repeats the whole tensor {@code repeats[i]} times along each axis, as {@code keras.ops.tile}
     * (a shorter {@code repeats} is padded with leading 1s; a longer one adds leading axes).
     */
    public static Tensor tile(Tensor x, int... repeats) {
        for (int rp : repeats) if (rp < 0) throw new IllegalArgumentException("tile: repeats must be >= 0, got " + Arrays.toString(repeats));
        int r = Math.max(x.rank(), repeats.length);
        int[] dims = new int[r], reps = new int[r];
        for (int i = 0; i < r; i++) {
            int xi = i - (r - x.rank()), ri = i - (r - repeats.length);
            dims[i] = xi >= 0 ? x.dim(xi) : 1;
            reps[i] = ri >= 0 ? repeats[ri] : 1;
        }
        // (d0, d1) -> (1, d0, 1, d1) -> broadcast to (r0, d0, r1, d1) -> (r0*d0, r1*d1)
        int[] split = new int[2 * r], wide = new int[2 * r], out = new int[r];
        for (int i = 0; i < r; i++) {
            split[2 * i] = 1;
            split[2 * i + 1] = dims[i];
            wide[2 * i] = reps[i];
            wide[2 * i + 1] = dims[i];
            out[i] = reps[i] * dims[i];
        }
        return reshape(broadcastTo(reshape(x, Shape.of(split)), Shape.of(wide)), Shape.of(out));
    }

    /** Repeats each element {@code repeats} times along {@code axis}: {@code [a, b]} to {@code [a, a, b, b]}. */
    public static Tensor repeat(Tensor x, int repeats, int axis) {
        if (repeats < 0) throw new IllegalArgumentException("repeat: repeats must be >= 0, got " + repeats);
        int ax = x.shape().normalizeAxis(axis);
        Tensor e = expandDims(x, ax + 1);
        Shape wide = e.shape().withDim(ax + 1, repeats);
        return reshape(broadcastTo(e, wide), x.shape().withDim(ax, x.dim(ax) * repeats));
    }

    /** Repeats element {@code i} along {@code axis} {@code repeats[i]} times (one count for all is allowed too). */
    public static Tensor repeat(Tensor x, int[] repeats, int axis) {
        int ax = x.shape().normalizeAxis(axis);
        if (repeats.length == 1) return repeat(x, repeats[0], ax);
        int n = x.dim(ax);
        if (repeats.length != n) throw new IllegalArgumentException("repeat: " + repeats.length + " counts given for axis " + axis
                + " of size " + n + " (shape " + x.shape() + "); give one count per element or a single count");
        int total = 0;
        for (int rp : repeats) {
            if (rp < 0) throw new IllegalArgumentException("repeat: repeats must be >= 0, got " + Arrays.toString(repeats));
            total += rp;
        }
        int[] idx = new int[total];
        for (int i = 0, p = 0; i < n; i++) for (int k = 0; k < repeats[i]; k++) idx[p++] = i;
        return take(x, Tensor.wrap(idx, Shape.of(total)), ax);
    }

    /** Repeats each element of the flattened tensor, as {@code keras.ops.repeat(x, repeats)} with no axis. */
    public static Tensor repeat(Tensor x, int repeats) { return repeat(reshape(x, -1), repeats, 0); }

    // ================================================================ sorting and scans

    /** Indices (int32) that sort {@code x} along {@code axis} ascending; stable, NaN last. */
    public static Tensor argsort(Tensor x, int axis) { return be().argsort(x, x.shape().normalizeAxis(axis), false); }

    /** {@link #argsort(Tensor, int)} along the last axis. */
    public static Tensor argsort(Tensor x) { return argsort(x, -1); }

    /** {@code x} sorted ascending along {@code axis} (NaN last); the gradient flows back to each value's place. */
    public static Tensor sort(Tensor x, int axis) {
        if (x.rank() == 0) return x;
        return takeAlongAxis(x, argsort(x, axis), axis);
    }

    /** {@link #sort(Tensor, int)} along the last axis. */
    public static Tensor sort(Tensor x) { return sort(x, -1); }

    /** The {@code k} largest values along the last axis and their indices; see {@link #topK(Tensor, int)}. */
    public record TopK(Tensor values, Tensor indices) {}

    /**
     * The {@code k} largest entries along the last axis, largest first, as {@code keras.ops.top_k}.
     * Equal values keep their order (the lower index first). Gradients flow to the chosen values;
     * the int32 indices have none.
     */
    public static TopK topK(Tensor x, int k) {
        if (x.rank() == 0) throw new IllegalArgumentException("topK needs a tensor of rank >= 1, got a scalar");
        int n = x.dim(-1);
        if (k < 0 || k > n) throw new IllegalArgumentException("topK: k must be between 0 and the last axis size " + n
                + " (shape " + x.shape() + "), got " + k);
        Tensor order = be().argsort(x, x.rank() - 1, true);
        Tensor idx = k == n ? order : be().slice(order, new int[x.rank()], ones(x.rank()), x.shape().withDim(-1, k));
        return new TopK(takeAlongAxis(x, idx, -1), idx);
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }

    /** Running sum along {@code axis}; integer inputs stay integer (bool sums as int32). */
    public static Tensor cumsum(Tensor x, int axis) { return cumsum(x, x.shape().normalizeAxis(axis), false); }

    /** Running sum of the flattened tensor, as {@code keras.ops.cumsum(x)} with no axis. */
    public static Tensor cumsum(Tensor x) { return cumsum(reshape(x, -1), 0); }

    private static Tensor cumsum(Tensor x, int ax, boolean reverse) {
        Tensor out = be().cumsum(x, ax, reverse);
        // y_j = sum_{i<=j} x_i, so dx_i = sum_{j>=i} g_j: the running sum from the other end
        return rec(out, g -> new Tensor[] {cumsum(g, ax, !reverse)}, x);
    }

    // ================================================================ norms and matrices

    /** The L2 norm of all elements. */
    public static Tensor norm(Tensor x) { return norm(x, null, false); }

    /**
     * The L2 (Euclidean, for matrices Frobenius) norm over {@code axes} (null: all), as
     * {@code keras.ops.norm} with the default {@code ord}. Where the norm is 0 the gradient is 0,
     * not NaN.
     */
    public static Tensor norm(Tensor x, int[] axes, boolean keepDims) {
        Tensor in = floatInput(x);
        int[] ax = normAxes(in, axes);
        Tensor out = be().unary(UnaryOp.SQRT, be().reduce(ReduceOp.SUM, be().unary(UnaryOp.SQUARE, in), ax, keepDims));
        Shape ks = keepShape(in.shape(), ax);
        return rec(out, g -> {
            Tensor n = reshape(out, ks);
            Tensor pos = greater(n, 0.0);
            Tensor q = divide(in, where(pos, n, onesLike(n)));
            return new Tensor[] {multiply(reshape(g, ks), where(pos, q, zerosLike(q)))};
        }, in);
    }

    /** Lower triangle of the last two axes: entries with {@code col <= row + k} are kept, the rest set to 0. */
    public static Tensor tril(Tensor x, int k) { return triangle(x, k, true); }

    /** {@link #tril(Tensor, int)} with {@code k = 0}. */
    public static Tensor tril(Tensor x) { return tril(x, 0); }

    /** Upper triangle of the last two axes: entries with {@code col >= row + k} are kept, the rest set to 0. */
    public static Tensor triu(Tensor x, int k) { return triangle(x, k, false); }

    /** {@link #triu(Tensor, int)} with {@code k = 0}. */
    public static Tensor triu(Tensor x) { return triu(x, 0); }

    private static Tensor triangle(Tensor x, int k, boolean lower) {
        if (x.rank() < 2) throw new IllegalArgumentException((lower ? "tril" : "triu") + " needs a tensor of rank >= 2, got shape " + x.shape());
        int rows = x.dim(-2), cols = x.dim(-1);
        boolean[] mask = new boolean[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) mask[i * cols + j] = lower ? (long) j <= (long) i + k : (long) j >= (long) i + k;
        return where(Tensor.wrap(mask, Shape.of(rows, cols)), x, zerosLike(x));
    }

    // ================================================================ constructors

    /** The {@code n x n} float32 identity matrix. */
    public static Tensor eye(int n) { return eye(n, n, 0, DType.FLOAT32); }

    /** An {@code n x m} matrix with ones on diagonal {@code k} (0: main, positive: above, negative: below). */
    public static Tensor eye(int n, int m, int k, DType dtype) {
        if (n < 0 || m < 0) throw new IllegalArgumentException("eye: sizes must be >= 0, got " + n + " x " + m);
        Tensor t = Tensor.zeros(Shape.of(n, m), DType.FLOAT64);
        double[] d = t.doubles();
        for (int i = 0; i < n; i++) {
            long j = (long) i + k;
            if (j >= 0 && j < m) d[i * m + (int) j] = 1;
        }
        return be().cast(t, dtype);
    }

    /** {@code [0, 1, ..., stop-1]} as int32. */
    public static Tensor arange(int stop) { return arange(0, stop, 1); }

    /** {@code start, start+step, ...} up to but excluding {@code stop}, as int32. */
    public static Tensor arange(int start, int stop, int step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must not be zero");
        long n = Math.max(0, step > 0 ? ((long) stop - start + step - 1) / step : ((long) start - stop - step - 1) / -step);
        int[] v = new int[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = start + i * step;
        return Tensor.wrap(v, Shape.of(v.length));
    }

    /** {@code start + i*step} for {@code i = 0 .. ceil((stop-start)/step) - 1}, as NumPy's {@code arange}, in {@code dtype}. */
    public static Tensor arange(double start, double stop, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop))
            throw new IllegalArgumentException("arange: start, stop and step must be finite and step non-zero, got " + start + ", " + stop + ", " + step);
        double count = Math.ceil((stop - start) / step);
        if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("arange: " + count + " values are too many");
        int n = (int) Math.max(0, count);
        double[] v = new double[n];
        // NumPy fills with the difference of the first two values, not with step itself (bit-for-bit the same results)
        double delta = (start + step) - start;
        for (int i = 0; i < n; i++) v[i] = start + i * delta;
        return be().cast(Tensor.wrap(v, Shape.of(n)), dtype);
    }

    /** {@code num} evenly spaced float32 values from {@code start} to {@code stop} inclusive. */
    public static Tensor linspace(double start, double stop, int num) { return linspace(start, stop, num, true, DType.FLOAT32); }

    /**
     * {@code num} evenly spaced values from {@code start} to {@code stop} (included when
     * {@code endpoint}), as NumPy's {@code linspace}; computed in float64, then cast to {@code dtype}.
     */
    public static Tensor linspace(double start, double stop, int num, boolean endpoint, DType dtype) {
        if (num < 0) throw new IllegalArgumentException("linspace: num must be >= 0, got " + num);
        double[] v = new double[num];
        int div = endpoint ? num - 1 : num;
        double step = div > 0 ? (stop - start) / div : 0;
        for (int i = 0; i < num; i++) v[i] = start + i * step;
        if (endpoint && num > 1) v[num - 1] = stop;
        return be().cast(Tensor.wrap(v, Shape.of(num)), dtype);
    }

    /** {@code depth}-wide one-hot rows for integer {@code indices}; out-of-range indices give all zeros. */
    public static Tensor oneHot(Tensor indices, int depth, DType dtype) {
        if (depth <= 0) throw new IllegalArgumentException("oneHot: depth must be positive, got " + depth);
        return be().oneHot(indices, depth, dtype);
    }

    // ================================================================ activations that need an axis

    public static Tensor softmax(Tensor x, int axis) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        int ax = in.shape().normalizeAxis(axis);
        Tensor out = be().softmax(in, ax);
        return rec(out, g -> {
            if (ax == in.rank() - 1) return new Tensor[] {activationGrad(Epilogue.SOFTMAX, out, g)};
            // dx = y * (g - sum(g*y, axis))
            Tensor s = sum(multiply(g, out), new int[] {ax}, true);
            return new Tensor[] {multiply(out, subtract(g, s))};
        }, in);
    }

    public static Tensor logSoftmax(Tensor x, int axis) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        int ax = in.shape().normalizeAxis(axis);
        Tensor out = be().logSoftmax(in, ax);
        return rec(out, g -> {
            // dx = g - softmax * sum(g, axis)
            Tensor s = sum(g, new int[] {ax}, true);
            return new Tensor[] {subtract(g, multiply(exp(out), s))};
        }, in);
    }

    // ================================================================ random (seeded, deterministic)

    public static Tensor randomUniform(Shape shape, double low, double high, DType dtype, long seed) {
        return be().randomUniform(shape, dtype, low, high, seed);
    }

    public static Tensor randomNormal(Shape shape, double mean, double stddev, DType dtype, long seed) {
        return be().randomNormal(shape, dtype, mean, stddev, false, seed);
    }

    /** Normal values re-drawn when more than two standard deviations from the mean. */
    public static Tensor truncatedNormal(Shape shape, double mean, double stddev, DType dtype, long seed) {
        return be().randomNormal(shape, dtype, mean, stddev, true, seed);
    }
}
