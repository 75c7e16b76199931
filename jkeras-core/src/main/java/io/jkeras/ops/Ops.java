package io.jkeras.ops;

import io.jkeras.autodiff.GradFn;
import io.jkeras.autodiff.GradientTape;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.backend.BinaryOp;
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
        if (op == BinaryOp.POW && !a.dtype().isFloating()) {
            // integer power as in NumPy
            return be().binary(op, a, b, out);
        }
        return be().binary(op, a, b, out);
    }

    public static Tensor add(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.ADD, x, y);
        return rec(out, g -> new Tensor[] {unbroadcast(g, x.shape()), unbroadcast(g, y.shape())}, x, y);
    }

    public static Tensor add(Tensor a, double b) { return add(a, scalar(b, a.dtype())); }

    public static Tensor subtract(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.SUB, x, y);
        return rec(out, g -> new Tensor[] {unbroadcast(g, x.shape()), unbroadcast(negative(g), y.shape())}, x, y);
    }

    public static Tensor subtract(Tensor a, double b) { return subtract(a, scalar(b, a.dtype())); }

    public static Tensor subtract(double a, Tensor b) { return subtract(scalar(a, b.dtype()), b); }

    public static Tensor multiply(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.MUL, x, y);
        return rec(out, g -> new Tensor[] {unbroadcast(multiply(g, y), x.shape()), unbroadcast(multiply(g, x), y.shape())}, x, y);
    }

    public static Tensor multiply(Tensor a, double b) { return multiply(a, scalar(b, a.dtype())); }

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

    public static Tensor divide(Tensor a, double b) { return divide(a, scalar(b, a.dtype())); }

    public static Tensor divide(double a, Tensor b) { return divide(scalar(a, b.dtype()), b); }

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

    public static Tensor power(Tensor a, double b) { return power(a, scalar(b, a.dtype())); }

    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.MAXIMUM, x, y);
        return rec(out, g -> {
            Tensor m = greaterEqual(x, y);
            return new Tensor[] {unbroadcast(where(m, g, zerosLike(g)), x.shape()), unbroadcast(where(m, zerosLike(g), g), y.shape())};
        }, x, y);
    }

    public static Tensor maximum(Tensor a, double b) { return maximum(a, scalar(b, a.dtype())); }

    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor[] ab = promote(a, b);
        Tensor x = ab[0], y = ab[1];
        Tensor out = binary(BinaryOp.MINIMUM, x, y);
        return rec(out, g -> {
            Tensor m = lessEqual(x, y);
            return new Tensor[] {unbroadcast(where(m, g, zerosLike(g)), x.shape()), unbroadcast(where(m, zerosLike(g), g), y.shape())};
        }, x, y);
    }

    public static Tensor minimum(Tensor a, double b) { return minimum(a, scalar(b, a.dtype())); }

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
    public static Tensor greater(Tensor a, double b) { return greater(a, scalar(b, a.dtype())); }
    public static Tensor less(Tensor a, double b) { return less(a, scalar(b, a.dtype())); }
    public static Tensor equal(Tensor a, double b) { return equal(a, scalar(b, a.dtype())); }
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

    public static Tensor tanh(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.TANH, in);
        return rec(out, g -> new Tensor[] {multiply(g, subtract(1.0, square(out)))}, in);
    }

    public static Tensor sigmoid(Tensor x) {
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = be().unary(UnaryOp.SIGMOID, in);
        return rec(out, g -> new Tensor[] {multiply(g, multiply(out, subtract(1.0, out)))}, in);
    }

    public static Tensor relu(Tensor x) {
        Tensor out = be().unary(UnaryOp.RELU, x);
        return rec(out, g -> new Tensor[] {where(greater(x, 0.0), g, zerosLike(g))}, x);
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

    public static Tensor prod(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = normAxes(x, axes);
        Tensor out = be().reduce(ReduceOp.PROD, x, ax, keepDims);
        Shape ks = keepShape(x.shape(), ax);
        // d/dx_i prod = prod / x_i (valid where x_i != 0)
        return rec(out, g -> new Tensor[] {multiply(reshape(g, ks), divide(reshape(out, ks), x))}, x);
    }

    public static Tensor any(Tensor x, int[] axes, boolean keepDims) { return be().reduce(ReduceOp.ANY, x, normAxes(x, axes), keepDims); }

    public static Tensor all(Tensor x, int[] axes, boolean keepDims) { return be().reduce(ReduceOp.ALL, x, normAxes(x, axes), keepDims); }

    public static Tensor argmax(Tensor x, int axis) { return be().argReduce(true, x, x.shape().normalizeAxis(axis), false); }

    public static Tensor argmin(Tensor x, int axis) { return be().argReduce(false, x, x.shape().normalizeAxis(axis), false); }

    /** {@code log(sum(exp(x)))} over {@code axes}, computed stably. */
    public static Tensor logsumexp(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = normAxes(x, axes);
        Tensor m = stopGradient(be().reduce(ReduceOp.MAX, x, ax, true));
        Tensor mSafe = where(isFinite(m), m, zerosLike(m));
        Tensor s = log(sum(exp(subtract(x, mSafe)), ax, true));
        Tensor r = add(s, mSafe);
        return keepDims ? r : reshape(r, be().reduce(ReduceOp.SUM, x, ax, false).shape());
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
        out = rec(out, g -> {
            // C = A B: dA = g B^T, dB = A^T g (with the transposes folded in)
            Tensor da = tA ? matmul(y, g, tB, true) : matmul(g, y, false, !tB);
            Tensor db = tB ? matmul(g, x, true, tA) : matmul(x, g, !tA, false);
            return new Tensor[] {unbroadcast(da, x.shape()), unbroadcast(db, y.shape())};
        }, x, y);
        if (vecA && vecB) return reshape(out, batch.toArray());
        if (vecA) return squeeze(out, -2);
        if (vecB) return squeeze(out, -1);
        return out;
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

    /** Elements {@code [start, end)} along {@code axis}. */
    public static Tensor sliceAxis(Tensor x, int axis, int start, int end) {
        int ax = x.shape().normalizeAxis(axis);
        int[] begin = new int[x.rank()];
        int[] size = x.shape().toArray();
        begin[ax] = start;
        size[ax] = end - start;
        return slice(x, begin, size);
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
        return rec(out, g -> new Tensor[] {be().takeGrad(g, idx, ax, in)}, x);
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
