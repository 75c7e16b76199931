package io.jkeras.backend.cpu;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Epilogue;
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.UnaryOp;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;

/** The pure-Java backend: kernels on primitive arrays, row-major, float32 and float64. */
public final class CpuBackend implements Backend {

    @Override public String name() { return "cpu"; }

    // ------------------------------------------------------------------ unary

    @Override public Tensor unary(UnaryOp op, Tensor x) {
        DType dt = x.dtype();
        if (op == UnaryOp.LOGICAL_NOT) {
            boolean[] b = asBool(x);
            boolean[] o = new boolean[b.length];
            for (int i = 0; i < b.length; i++) o[i] = !b[i];
            return Tensor.wrap(o, x.shape());
        }
        if (op == UnaryOp.IS_NAN || op == UnaryOp.IS_FINITE) {
            int n = x.size();
            boolean[] o = new boolean[n];
            for (int i = 0; i < n; i++) {
                double v = x.getFlat(i);
                o[i] = op == UnaryOp.IS_NAN ? Double.isNaN(v) : Double.isFinite(v);
            }
            return Tensor.wrap(o, x.shape());
        }
        if (dt == DType.FLOAT32) {
            float[] a = x.floats();
            if (op == UnaryOp.RELU) return Tensor.wrap(FloatKernels.relu(a), x.shape());   // NaN stays NaN, as maximum(x, 0)
            float[] o = new float[a.length];
            FloatKernels.forRange(a.length, 1 << 14, a.length, (s, e) -> unaryFloat(op, a, o, s, e));
            return Tensor.wrap(o, x.shape());
        }
        if (dt == DType.FLOAT64) {
            double[] a = x.doubles();
            double[] o = new double[a.length];
            for (int i = 0; i < a.length; i++) o[i] = apply(op, a[i]);
            return Tensor.wrap(o, x.shape());
        }
        // integer inputs: integer-valued ops stay integer (bool becomes int32), the rest go through float32
        switch (op) {
            case NEG, ABS, SIGN, SQUARE, FLOOR, CEIL, ROUND, RELU, RELU6 -> {
                if (dt == DType.INT64) {
                    long[] a = (long[]) x.array();
                    long[] o = new long[a.length];
                    for (int i = 0; i < a.length; i++) o[i] = applyIntegral(op, a[i]);
                    return Tensor.wrap(o, x.shape());
                }
                int[] a = asInts(x);
                int[] o = new int[a.length];
                for (int i = 0; i < a.length; i++) o[i] = (int) applyIntegral(op, a[i]);
                return Tensor.wrap(o, x.shape());
            }
            default -> { return unary(op, cast(x, DType.FLOAT32)); }
        }
    }

    private static void unaryFloat(UnaryOp op, float[] a, float[] o, int from, int to) {
        switch (op) {
            case NEG -> { for (int i = from; i < to; i++) o[i] = -a[i]; }
            case SQUARE -> { for (int i = from; i < to; i++) o[i] = a[i] * a[i]; }
            case ABS -> { for (int i = from; i < to; i++) o[i] = Math.abs(a[i]); }
            case EXP -> { for (int i = from; i < to; i++) o[i] = (float) Math.exp(a[i]); }
            case LOG -> { for (int i = from; i < to; i++) o[i] = (float) Math.log(a[i]); }
            case SQRT -> { for (int i = from; i < to; i++) o[i] = (float) Math.sqrt(a[i]); }
            case TANH -> { for (int i = from; i < to; i++) o[i] = (float) Math.tanh(a[i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) o[i] = (float) sigmoid(a[i]); }
            default -> { for (int i = from; i < to; i++) o[i] = (float) apply(op, a[i]); }
        }
    }

    /** The integer-valued unary ops on an integer (wrapping like two's complement, as NumPy does). */
    private static long applyIntegral(UnaryOp op, long v) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SIGN -> Long.signum(v);
            case SQUARE -> v * v;
            case FLOOR, CEIL, ROUND -> v;
            case RELU -> Math.max(v, 0);
            case RELU6 -> Math.min(Math.max(v, 0), 6);
            default -> throw new AssertionError(op);
        };
    }

    static double sigmoid(double v) {
        return v >= 0 ? 1.0 / (1.0 + Math.exp(-v)) : Math.exp(v) / (1.0 + Math.exp(v));
    }

    static double apply(UnaryOp op, double v) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SIGN -> Math.signum(v);
            case EXP -> Math.exp(v);
            case LOG -> Math.log(v);
            case LOG1P -> Math.log1p(v);
            case EXPM1 -> Math.expm1(v);
            case SQRT -> Math.sqrt(v);
            case RSQRT -> 1.0 / Math.sqrt(v);
            case SQUARE -> v * v;
            case RECIPROCAL -> 1.0 / v;
            case SIN -> Math.sin(v);
            case COS -> Math.cos(v);
            case TAN -> Math.tan(v);
            case TANH -> Math.tanh(v);
            case SIGMOID -> sigmoid(v);
            case RELU -> Math.max(v, 0.0);
            case RELU6 -> Math.min(Math.max(v, 0.0), 6.0);
            case SOFTPLUS -> v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
            case SOFTSIGN -> v / (1.0 + Math.abs(v));
            case ERF -> erf(v);
            case FLOOR -> Math.floor(v);
            case CEIL -> Math.ceil(v);
            case ROUND -> Math.rint(v);
            case LOGICAL_NOT, IS_NAN, IS_FINITE -> throw new AssertionError(op);
        };
    }

    /**
     * erf to about 1e-15: for |x| < 1.5 the series {@code erf(x) = 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (1*3*...*(2n+1))},
     * whose terms are all positive (no cancellation); beyond, {@code 1 - erfc(x)} by a continued fraction, which
     * converges in under 150 steps there.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax < 1.5) {
            double x2 = x * x, term = ax, sum = ax;
            for (int n = 1; n < 200; n++) {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
                if (term < 1e-17 * sum) break;
            }
            double r = 2.0 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
            return x < 0 ? -r : r;
        }
        double r = 1.0 - erfcLarge(ax);
        return x < 0 ? -r : r;
    }

    /** erfc(x) for x >= 1.5 by a continued fraction (Lentz), accurate to ~3e-16 relative there. */
    private static double erfcLarge(double x) {
        if (x > 27) return 0.0;
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int i = 1; i < 500; i++) {
            double an = i * 0.5;
            d = x + an * d;
            if (d == 0) d = tiny;
            c = x + an / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    // ------------------------------------------------------------------ binary

    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b, Shape outShape) {
        DType dt = a.dtype();
        if (!op.isPredicate() && dt == DType.FLOAT32) {
            Tensor fast = FloatKernels.binary(op, a, b, outShape);
            if (fast != null) return fast;
        }
        int n = outShape.intSize();
        int[] ia = broadcastIndex(a.shape(), outShape);
        int[] ib = broadcastIndex(b.shape(), outShape);
        if (op.isPredicate()) {
            boolean[] o = new boolean[n];
            if (op == BinaryOp.LOGICAL_AND || op == BinaryOp.LOGICAL_OR || op == BinaryOp.LOGICAL_XOR) {
                boolean[] x = asBool(a), y = asBool(b);
                for (int i = 0; i < n; i++) {
                    boolean p = x[ia == null ? i : ia[i]], q = y[ib == null ? i : ib[i]];
                    o[i] = switch (op) { case LOGICAL_AND -> p && q; case LOGICAL_OR -> p || q; default -> p ^ q; };
                }
            } else if (dt == DType.INT64) {
                // compare as longs: doubles lose precision beyond 2^53
                long[] x = (long[]) a.array(), y = (long[]) b.array();
                for (int i = 0; i < n; i++) {
                    int c = Long.compare(x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
                    o[i] = switch (op) {
                        case EQUAL -> c == 0; case NOT_EQUAL -> c != 0; case LESS -> c < 0;
                        case LESS_EQUAL -> c <= 0; case GREATER -> c > 0; case GREATER_EQUAL -> c >= 0;
                        default -> throw new AssertionError(op);
                    };
                }
            } else {
                double[] x = asDoubles(a), y = asDoubles(b);
                for (int i = 0; i < n; i++) {
                    double p = x[ia == null ? i : ia[i]], q = y[ib == null ? i : ib[i]];
                    o[i] = switch (op) {
                        case EQUAL -> p == q; case NOT_EQUAL -> p != q; case LESS -> p < q;
                        case LESS_EQUAL -> p <= q; case GREATER -> p > q; case GREATER_EQUAL -> p >= q;
                        default -> throw new AssertionError(op);
                    };
                }
            }
            return Tensor.wrap(o, outShape);
        }
        if (dt == DType.FLOAT32) {
            float[] x = a.floats(), y = b.floats();
            float[] o = new float[n];
            for (int i = 0; i < n; i++) o[i] = (float) apply(op, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
            return Tensor.wrap(o, outShape);
        }
        if (dt == DType.INT32 || dt == DType.BOOL) {
            int[] x = asInts(a), y = asInts(b);
            int[] o = new int[n];
            for (int i = 0; i < n; i++) o[i] = applyInt(op, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
            return Tensor.wrap(o, outShape);
        }
        if (dt == DType.INT64) {
            long[] x = (long[]) a.array(), y = (long[]) b.array();
            long[] o = new long[n];
            for (int i = 0; i < n; i++) o[i] = applyLong(op, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
            return Tensor.wrap(o, outShape);
        }
        double[] x = a.doubles(), y = b.doubles();
        double[] o = new double[n];
        for (int i = 0; i < n; i++) o[i] = apply(op, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
        return Tensor.wrap(o, outShape);
    }

    static double apply(BinaryOp op, double p, double q) {
        return switch (op) {
            case ADD -> p + q;
            case SUB -> p - q;
            case MUL -> p * q;
            case DIV -> p / q;
            case POW -> Math.pow(p, q);
            case MAXIMUM -> Double.isNaN(p) || Double.isNaN(q) ? Double.NaN : Math.max(p, q);
            case MINIMUM -> Double.isNaN(p) || Double.isNaN(q) ? Double.NaN : Math.min(p, q);
            case MOD -> floatMod(p, q);
            case FLOOR_DIV -> floatFloorDiv(p, q);
            default -> throw new AssertionError(op);
        };
    }

    /** Python/NumPy modulo: the result has the sign of the divisor; x % 0 is NaN. */
    static double floatMod(double p, double q) {
        double r = p % q;
        if (r != 0) {
            if ((r < 0) != (q < 0)) r += q;
        } else {
            r = Math.copySign(0.0, q);
        }
        return r;
    }

    /**
     * NumPy's floor division: consistent with {@link #floatMod} ({@code p == q * (p // q) + p % q}),
     * which {@code floor(p / q)} is not when the quotient rounds (e.g. {@code 1.0 // 0.1 == 9}).
     */
    static double floatFloorDiv(double p, double q) {
        if (q == 0) return p / q;
        double mod = p % q;
        double div = (p - mod) / q;
        if (mod != 0 && (q < 0) != (mod < 0)) div -= 1.0;
        if (div == 0) return Math.copySign(0.0, p / q);
        double f = Math.floor(div);
        if (div - f > 0.5) f += 1.0;
        return f;
    }

    /** Integer ops follow NumPy: floor division and modulo by zero give 0, overflow wraps. */
    static int applyInt(BinaryOp op, int p, int q) {
        return switch (op) {
            case ADD -> p + q;
            case SUB -> p - q;
            case MUL -> p * q;
            case DIV, FLOOR_DIV -> q == 0 ? 0 : Math.floorDiv(p, q);
            case POW -> (int) intPow(p, q);
            case MAXIMUM -> Math.max(p, q);
            case MINIMUM -> Math.min(p, q);
            case MOD -> q == 0 ? 0 : Math.floorMod(p, q);
            default -> throw new AssertionError(op);
        };
    }

    static long applyLong(BinaryOp op, long p, long q) {
        return switch (op) {
            case ADD -> p + q;
            case SUB -> p - q;
            case MUL -> p * q;
            case DIV, FLOOR_DIV -> q == 0 ? 0 : Math.floorDiv(p, q);
            case POW -> intPow(p, q);
            case MAXIMUM -> Math.max(p, q);
            case MINIMUM -> Math.min(p, q);
            case MOD -> q == 0 ? 0 : Math.floorMod(p, q);
            default -> throw new AssertionError(op);
        };
    }

    /** Exact integer power by squaring (wrapping on overflow, like NumPy); negative exponents are refused, as NumPy does. */
    static long intPow(long base, long exp) {
        if (exp < 0) throw new ArithmeticException("Integers to negative integer powers are not allowed (got " + base + " ** " + exp
                + "); cast the base to a float dtype first");
        long result = 1, b = base;
        while (exp > 0) {
            if ((exp & 1) != 0) result *= b;
            b *= b;
            exp >>= 1;
        }
        return result;
    }

    /**
     * For each element of {@code out}, the flat index of the element of an operand of shape {@code s}
     * that broadcasts to it; null when {@code s} equals {@code out} (identity).
     */
    static int[] broadcastIndex(Shape s, Shape out) {
        if (s.equals(out)) return null;
        int r = out.rank();
        int[] od = out.toArray();
        int[] st = new int[r];
        int[] sd = s.toArray();
        int[] sst = s.strides();
        for (int i = 0; i < r; i++) {
            int si = i - (r - sd.length);
            st[i] = si < 0 || sd[si] == 1 ? 0 : sst[si];
        }
        return offsets(od, st);
    }

    /** Flat source offsets for every position of a row-major iteration over {@code dims} with {@code strides}. */
    static int[] offsets(int[] dims, int[] strides) {
        int n = 1;
        for (int d : dims) n *= d;
        int[] idx = new int[n];
        if (n == 0) return idx;
        int r = dims.length;
        if (r == 0) return idx;
        int[] ctr = new int[r];
        int off = 0;
        int last = r - 1, lastDim = dims[last], lastStride = strides[last];
        int i = 0;
        while (i < n) {
            for (int j = 0; j < lastDim; j++) idx[i++] = off + j * lastStride;
            int ax = last - 1;
            while (ax >= 0) {
                ctr[ax]++;
                off += strides[ax];
                if (ctr[ax] < dims[ax]) break;
                off -= strides[ax] * dims[ax];
                ctr[ax] = 0;
                ax--;
            }
            if (ax < 0) break;
        }
        return idx;
    }

    // ------------------------------------------------------------------ where, cast

    @Override public Tensor where(Tensor cond, Tensor a, Tensor b, Shape outShape) {
        int n = outShape.intSize();
        boolean[] c = asBool(cond);
        if (a.dtype() == DType.FLOAT32 && c.length == n && a.size() == n && b.size() == n)
            return Tensor.wrap(FloatKernels.where(c, a.floats(), b.floats()), outShape);
        int[] ic = broadcastIndex(cond.shape(), outShape), ia = broadcastIndex(a.shape(), outShape), ib = broadcastIndex(b.shape(), outShape);
        int[] src = new int[n];
        boolean[] fromA = new boolean[n];
        for (int i = 0; i < n; i++) {
            fromA[i] = c[ic == null ? i : ic[i]];
            src[i] = fromA[i] ? (ia == null ? i : ia[i]) : (ib == null ? i : ib[i]);
        }
        Object out = Tensor.allocate(a.dtype(), n);
        Object av = a.array(), bv = b.array();
        switch (a.dtype()) {
            case FLOAT32 -> { float[] o = (float[]) out, x = (float[]) av, y = (float[]) bv; for (int i = 0; i < n; i++) o[i] = fromA[i] ? x[src[i]] : y[src[i]]; }
            case FLOAT64 -> { double[] o = (double[]) out, x = (double[]) av, y = (double[]) bv; for (int i = 0; i < n; i++) o[i] = fromA[i] ? x[src[i]] : y[src[i]]; }
            case INT32 -> { int[] o = (int[]) out, x = (int[]) av, y = (int[]) bv; for (int i = 0; i < n; i++) o[i] = fromA[i] ? x[src[i]] : y[src[i]]; }
            case INT64 -> { long[] o = (long[]) out, x = (long[]) av, y = (long[]) bv; for (int i = 0; i < n; i++) o[i] = fromA[i] ? x[src[i]] : y[src[i]]; }
            case BOOL -> { boolean[] o = (boolean[]) out, x = (boolean[]) av, y = (boolean[]) bv; for (int i = 0; i < n; i++) o[i] = fromA[i] ? x[src[i]] : y[src[i]]; }
        }
        return Tensor.wrap(out, outShape);
    }

    @Override public Tensor cast(Tensor x, DType dtype) { return convert(x, dtype); }

    /** Casts like NumPy's astype: floats truncate toward zero into ints, non-zero is true. */
    static Tensor convert(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        int n = x.size();
        Object out = Tensor.allocate(dtype, n);
        if (x.dtype() == DType.FLOAT32 && dtype == DType.FLOAT64) {
            float[] s = x.floats(); double[] o = (double[]) out;
            for (int i = 0; i < n; i++) o[i] = s[i];
        } else if (x.dtype() == DType.FLOAT64 && dtype == DType.FLOAT32) {
            double[] s = x.doubles(); float[] o = (float[]) out;
            for (int i = 0; i < n; i++) o[i] = (float) s[i];
        } else if (x.dtype() == DType.INT64 && dtype != DType.FLOAT64 && dtype != DType.FLOAT32) {
            long[] s = (long[]) x.array();
            switch (dtype) {
                case INT32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = (int) s[i]; }
                case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = s[i] != 0; }
                default -> throw new AssertionError();
            }
        } else {
            switch (dtype) {
                case FLOAT32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = (float) x.getFlat(i); }
                case FLOAT64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = x.getFlat(i); }
                case INT32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = (int) x.getFlat(i); }
                case INT64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = (long) x.getFlat(i); }
                case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = x.getFlat(i) != 0; }
            }
        }
        return Tensor.wrap(out, x.shape());
    }

    // ------------------------------------------------------------------ reductions

    @Override public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        Shape in = x.shape();
        int r = in.rank();
        boolean[] red = new boolean[r];
        for (int a : axes) red[a] = true;
        int[] outDimsKeep = in.toArray();
        long count = 1;
        for (int a : axes) { count *= outDimsKeep[a]; outDimsKeep[a] = 1; }
        Shape keepShape = Shape.of(outDimsKeep);
        Shape outShape = keepDims ? keepShape : dropAxes(in, red);
        int outN = keepShape.intSize();

        if (op == ReduceOp.ANY || op == ReduceOp.ALL) {
            boolean[] b = asBool(x);
            boolean[] o = new boolean[outN];
            if (op == ReduceOp.ALL) Arrays.fill(o, true);
            int[] map = reduceMap(in, red, keepShape);
            for (int i = 0; i < b.length; i++) {
                int j = map[i];
                o[j] = op == ReduceOp.ANY ? o[j] || b[i] : o[j] && b[i];
            }
            return Tensor.wrap(o, outShape);
        }

        if (!x.dtype().isFloating() && op != ReduceOp.MEAN) return reduceIntegral(op, x, red, keepShape, outShape);

        double init = switch (op) {
            case SUM, MEAN -> 0.0;
            case PROD -> 1.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            default -> throw new AssertionError(op);
        };
        // fast paths: reducing a contiguous trailing block, or the leading axes
        int lead = 0; while (lead < r && red[lead]) lead++;
        int trail = 0; while (trail < r && red[r - 1 - trail]) trail++;
        boolean leadingOnly = lead == axes.length;
        boolean trailingOnly = trail == axes.length;
        if (x.dtype() == DType.FLOAT32 && (leadingOnly || trailingOnly) && count <= Integer.MAX_VALUE) {
            double[] acc = FloatKernels.reduce(op, x.floats(), outN, (int) count, trailingOnly, leadingOnly);
            return Tensor.wrap(FloatKernels.narrow(acc), outShape);
        }
        double[] acc = new double[outN];
        Arrays.fill(acc, init);
        double[] v = asDoubles(x);
        int n = v.length;
        if (n > 0 && trailingOnly) {
            int block = (int) count;
            for (int o = 0; o < outN; o++) {
                double s = init;
                int base = o * block;
                for (int j = 0; j < block; j++) s = combine(op, s, v[base + j]);
                acc[o] = s;
            }
        } else if (n > 0 && leadingOnly) {
            int block = outN;
            for (int base = 0; base < n; base += block) {
                for (int j = 0; j < block; j++) acc[j] = combine(op, acc[j], v[base + j]);
            }
        } else if (n > 0) {
            int[] map = reduceMap(in, red, keepShape);
            for (int i = 0; i < n; i++) acc[map[i]] = combine(op, acc[map[i]], v[i]);
        }
        if (op == ReduceOp.MEAN) for (int i = 0; i < outN; i++) acc[i] /= count;
        Tensor res = Tensor.wrap(acc, outShape);
        return x.dtype() == DType.FLOAT64 ? res : cast(res, x.dtype() == DType.BOOL ? DType.INT32 : x.dtype());
    }

    /**
     * SUM, PROD, MAX, MIN of int32, int64 or bool, accumulated exactly in a long (doubles would lose
     * int64 precision). Sums of bool count the true values as int32; max and min of bool stay bool.
     */
    private static Tensor reduceIntegral(ReduceOp op, Tensor x, boolean[] red, Shape keepShape, Shape outShape) {
        int outN = keepShape.intSize();
        long init = switch (op) {
            case SUM -> 0L;
            case PROD -> 1L;
            case MAX -> Long.MIN_VALUE;
            case MIN -> Long.MAX_VALUE;
            default -> throw new AssertionError(op);
        };
        long[] acc = new long[outN];
        Arrays.fill(acc, init);
        int[] map = reduceMap(x.shape(), red, keepShape);
        int n = x.size();
        long[] v = x.dtype() == DType.INT64 ? (long[]) x.array() : null;
        int[] iv = v == null ? asInts(x) : null;
        for (int i = 0; i < n; i++) {
            long e = v != null ? v[i] : iv[i];
            int j = map[i];
            acc[j] = switch (op) {
                case SUM -> acc[j] + e;
                case PROD -> acc[j] * e;
                case MAX -> Math.max(acc[j], e);
                default -> Math.min(acc[j], e);
            };
        }
        Tensor res = Tensor.wrap(acc, outShape);
        DType outType = x.dtype() == DType.BOOL ? (op == ReduceOp.MAX || op == ReduceOp.MIN ? DType.BOOL : DType.INT32) : x.dtype();
        return convert(res, outType);
    }

    private static double combine(ReduceOp op, double a, double b) {
        return switch (op) {
            case SUM, MEAN -> a + b;
            case PROD -> a * b;
            case MAX -> (Double.isNaN(a) || Double.isNaN(b)) ? Double.NaN : Math.max(a, b);
            case MIN -> (Double.isNaN(a) || Double.isNaN(b)) ? Double.NaN : Math.min(a, b);
            default -> throw new AssertionError(op);
        };
    }

    /** For each input element, its output position when the {@code red} axes collapse to 1. */
    private static int[] reduceMap(Shape in, boolean[] red, Shape keepShape) {
        int r = in.rank();
        int[] ks = keepShape.strides();
        int[] st = new int[r];
        for (int i = 0; i < r; i++) st[i] = red[i] ? 0 : ks[i];
        return offsets(in.toArray(), st);
    }

    private static Shape dropAxes(Shape s, boolean[] drop) {
        int[] d = s.toArray();
        int k = 0;
        for (boolean b : drop) if (!b) k++;
        int[] o = new int[k];
        k = 0;
        for (int i = 0; i < d.length; i++) if (!drop[i]) o[k++] = d[i];
        return Shape.of(o);
    }

    @Override public Tensor argReduce(boolean max, Tensor x, int axis, boolean keepDims) {
        Shape in = x.shape();
        int[] d = in.toArray();
        int outer = 1, inner = 1, len = d[axis];
        for (int i = 0; i < axis; i++) outer *= d[i];
        for (int i = axis + 1; i < d.length; i++) inner *= d[i];
        double[] v = asDoubles(x);
        int[] o = new int[outer * inner];
        for (int a = 0; a < outer; a++) {
            for (int c = 0; c < inner; c++) {
                int best = 0;
                double bv = v[a * len * inner + c];
                for (int j = 1; j < len; j++) {
                    double cur = v[(a * len + j) * inner + c];
                    if (Double.isNaN(bv)) break;
                    if (Double.isNaN(cur) || (max ? cur > bv : cur < bv)) { bv = cur; best = j; }
                }
                o[a * inner + c] = best;
            }
        }
        boolean[] drop = new boolean[d.length];
        drop[axis] = true;
        Shape out = keepDims ? in.withDim(axis, 1) : dropAxes(in, drop);
        return Tensor.wrap(o, out);
    }

    // ------------------------------------------------------------------ matmul

    @Override public Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB, Shape outShape) {
        int ra = a.rank(), rb = b.rank(), ro = outShape.rank();
        int m = outShape.dim(ro - 2), n = outShape.dim(ro - 1);
        int k = transA ? a.dim(ra - 2) : a.dim(ra - 1);
        boolean f32 = a.dtype() == DType.FLOAT32;
        int outN = outShape.intSize();
        Object out = Tensor.allocate(a.dtype(), outN);
        // a's leading axes fold into rows when b is a plain matrix and a is not transposed
        if (rb == 2 && !transA) {
            int rows = outN / Math.max(n, 1);
            if (rows > 0 && n > 0) gemm(f32, false, transB, rows, n, k, a.array(), 0, k, b.array(), 0, transB ? k : n, out, 0, n);
            return Tensor.wrap(out, outShape);
        }
        Shape batchOut = outShape.sub(0, ro - 2);
        Shape batchA = a.shape().sub(0, ra - 2), batchB = b.shape().sub(0, rb - 2);
        int batches = batchOut.intSize();
        int[] ia = broadcastIndex(batchA.rank() == 0 ? Shape.of(1) : batchA, batchOut.rank() == 0 ? Shape.of(1) : batchOut);
        int[] ib = broadcastIndex(batchB.rank() == 0 ? Shape.of(1) : batchB, batchOut.rank() == 0 ? Shape.of(1) : batchOut);
        int aMat = a.dim(ra - 2) * a.dim(ra - 1), bMat = b.dim(rb - 2) * b.dim(rb - 1);
        int lda = a.dim(ra - 1), ldb = b.dim(rb - 1);
        for (int t = 0; t < batches; t++) {
            int ta = ia == null ? t : ia[t], tb = ib == null ? t : ib[t];
            if (m > 0 && n > 0) gemm(f32, transA, transB, m, n, k, a.array(), ta * aMat, lda, b.array(), tb * bMat, ldb, out, t * m * n, n);
        }
        return Tensor.wrap(out, outShape);
    }

    private static void gemm(boolean f32, boolean tA, boolean tB, int m, int n, int k, Object a, int aOff, int lda,
                             Object b, int bOff, int ldb, Object c, int cOff, int ldc) {
        if (f32) Gemm.sgemm(tA, tB, m, n, k, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, (float[]) c, cOff, ldc, false);
        else Gemm.dgemm(tA, tB, m, n, k, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, (double[]) c, cOff, ldc, false);
    }

    // ------------------------------------------------------------------ fused kernels

    @Override public Tensor dense(Tensor x, Tensor kernel, Tensor bias, Epilogue act) {
        if (x.dtype() != DType.FLOAT32) return Backend.super.dense(x, kernel, bias, act);
        return FloatKernels.dense(x, kernel, bias, act);
    }

    @Override public Tensor[] denseGrad(Tensor x, Tensor kernel, boolean hasBias, Epilogue act, Tensor out, Tensor g,
                                        boolean needX, boolean needKernel, boolean needBias) {
        if (x.dtype() != DType.FLOAT32 || kernel.dtype() != DType.FLOAT32 || out.dtype() != DType.FLOAT32 || g.dtype() != DType.FLOAT32
                || !g.shape().equals(out.shape()) || out.size() == 0 || kernel.size() == 0) return null;
        return FloatKernels.denseGrad(x, kernel, hasBias, act, out, g, needX, needKernel, needBias);
    }

    @Override public Tensor activationGrad(Epilogue act, Tensor y, Tensor g) {
        if (y.dtype() != DType.FLOAT32 || !y.shape().equals(g.shape()) || (act == Epilogue.SOFTMAX && y.rank() == 0))
            return Backend.super.activationGrad(act, y, g);
        return Tensor.wrap(FloatKernels.activationGrad(act, y.floats(), g.floats(), y.rank() == 0 ? 1 : y.dim(-1)), y.shape());
    }

    @Override public Tensor categoricalCrossentropy(Tensor target, Tensor probs, double eps) {
        if (probs.dtype() != DType.FLOAT32 || target.dtype() != DType.FLOAT32) return Backend.super.categoricalCrossentropy(target, probs, eps);
        Shape rows = probs.shape().sub(0, probs.rank() - 1);
        return Tensor.wrap(FloatKernels.categoricalCrossentropy(target.floats(), probs.floats(), probs.dim(-1), eps), rows);
    }

    @Override public Tensor meanSquaredError(Tensor target, Tensor pred) {
        if (pred.dtype() != DType.FLOAT32 || target.dtype() != DType.FLOAT32) return Backend.super.meanSquaredError(target, pred);
        return Tensor.wrap(FloatKernels.meanSquaredError(target.floats(), pred.floats(), pred.dim(-1)), pred.shape().sub(0, pred.rank() - 1));
    }

    @Override public Tensor meanSquaredErrorGrad(Tensor target, Tensor pred, Tensor g) {
        if (pred.dtype() != DType.FLOAT32 || target.dtype() != DType.FLOAT32 || g.dtype() != DType.FLOAT32)
            return Backend.super.meanSquaredErrorGrad(target, pred, g);
        return Tensor.wrap(FloatKernels.meanSquaredErrorGrad(target.floats(), pred.floats(), g.floats(), pred.dim(-1)), pred.shape());
    }

    @Override public Tensor categoricalCrossentropyGrad(Tensor target, Tensor probs, Tensor g, double eps) {
        if (probs.dtype() != DType.FLOAT32 || target.dtype() != DType.FLOAT32 || g.dtype() != DType.FLOAT32)
            return Backend.super.categoricalCrossentropyGrad(target, probs, g, eps);
        return Tensor.wrap(FloatKernels.categoricalCrossentropyGrad(target.floats(), probs.floats(), g.floats(), probs.dim(-1), eps), probs.shape());
    }

    // ------------------------------------------------------------------ data movement

    @Override public Tensor transpose(Tensor x, int[] perm) {
        int[] d = x.shape().toArray();
        int[] st = x.shape().strides();
        int r = d.length;
        int[] od = new int[r], ost = new int[r];
        for (int i = 0; i < r; i++) { od[i] = d[perm[i]]; ost[i] = st[perm[i]]; }
        Shape outShape = Shape.of(od);
        if (r == 2 && x.dtype() == DType.FLOAT32) {
            float[] s = x.floats();
            int rows = d[0], cols = d[1];
            float[] o = new float[s.length];
            final int B = 32;
            for (int i0 = 0; i0 < rows; i0 += B)
                for (int j0 = 0; j0 < cols; j0 += B)
                    for (int i = i0; i < Math.min(i0 + B, rows); i++)
                        for (int j = j0; j < Math.min(j0 + B, cols); j++)
                            o[j * rows + i] = s[i * cols + j];
            return Tensor.wrap(o, outShape);
        }
        return Tensor.wrap(gather(x, offsets(od, ost)), outShape);
    }

    @Override public Tensor broadcastTo(Tensor x, Shape shape) {
        if (x.shape().equals(shape)) return x;
        if (x.size() > 0 && FloatKernels.isRow(x.shape(), shape)) {
            // a trailing block repeated over leading axes: copies, no index array
            int m = x.size(), n = shape.intSize();
            Object out = Tensor.allocate(x.dtype(), n);
            for (int off = 0; off < n; off += m) System.arraycopy(x.array(), 0, out, off, m);
            return Tensor.wrap(out, shape);
        }
        int[] idx = broadcastIndex(x.shape(), shape);
        return Tensor.wrap(gather(x, idx), shape);
    }

    @Override public Tensor concat(List<Tensor> xs, int axis, Shape outShape) {
        int[] od = outShape.toArray();
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= od[i];
        for (int i = axis + 1; i < od.length; i++) inner *= od[i];
        Object out = Tensor.allocate(xs.get(0).dtype(), outShape.intSize());
        int outRow = od[axis] * inner;
        int pos = 0;
        for (Tensor t : xs) {
            int block = t.dim(axis) * inner;
            Object src = t.array();
            for (int o = 0; o < outer; o++) System.arraycopy(src, o * block, out, o * outRow + pos, block);
            pos += block;
        }
        return Tensor.wrap(out, outShape);
    }

    @Override public Tensor slice(Tensor x, int[] begin, int[] step, Shape outShape) {
        int[] st = x.shape().strides();
        int r = st.length;
        int base = 0;
        int[] ost = new int[r];
        for (int i = 0; i < r; i++) { base += begin[i] * st[i]; ost[i] = step[i] * st[i]; }
        int[] idx = offsets(outShape.toArray(), ost);
        for (int i = 0; i < idx.length; i++) idx[i] += base;
        return Tensor.wrap(gather(x, idx), outShape);
    }

    @Override public Tensor pad(Tensor x, int[][] pads, double value) {
        int[] d = x.shape().toArray();
        int r = d.length;
        int[] od = new int[r];
        for (int i = 0; i < r; i++) od[i] = d[i] + pads[i][0] + pads[i][1];
        Shape outShape = Shape.of(od);
        Tensor out = Tensor.full(outShape, value, x.dtype());
        int[] ost = outShape.strides();
        int base = 0;
        for (int i = 0; i < r; i++) base += pads[i][0] * ost[i];
        int[] idx = offsets(d, ost);
        Object o = out.array(), s = x.array();
        switch (x.dtype()) {
            case FLOAT32 -> { float[] oo = (float[]) o, ss = (float[]) s; for (int i = 0; i < idx.length; i++) oo[base + idx[i]] = ss[i]; }
            case FLOAT64 -> { double[] oo = (double[]) o, ss = (double[]) s; for (int i = 0; i < idx.length; i++) oo[base + idx[i]] = ss[i]; }
            case INT32 -> { int[] oo = (int[]) o, ss = (int[]) s; for (int i = 0; i < idx.length; i++) oo[base + idx[i]] = ss[i]; }
            case INT64 -> { long[] oo = (long[]) o, ss = (long[]) s; for (int i = 0; i < idx.length; i++) oo[base + idx[i]] = ss[i]; }
            case BOOL -> { boolean[] oo = (boolean[]) o, ss = (boolean[]) s; for (int i = 0; i < idx.length; i++) oo[base + idx[i]] = ss[i]; }
        }
        return out;
    }

    @Override public Tensor take(Tensor x, Tensor indices, int axis) {
        int[] d = x.shape().toArray();
        int outer = 1, inner = 1, len = d[axis];
        for (int i = 0; i < axis; i++) outer *= d[i];
        for (int i = axis + 1; i < d.length; i++) inner *= d[i];
        int[] ix = asInts(indices);
        int[] od = new int[d.length - 1 + indices.rank()];
        int p = 0;
        for (int i = 0; i < axis; i++) od[p++] = d[i];
        for (int i = 0; i < indices.rank(); i++) od[p++] = indices.dim(i);
        for (int i = axis + 1; i < d.length; i++) od[p++] = d[i];
        Shape outShape = Shape.of(od);
        Object out = Tensor.allocate(x.dtype(), outShape.intSize());
        Object src = x.array();
        int q = 0;
        for (int o = 0; o < outer; o++) {
            for (int j : ix) {
                int jj = j < 0 ? j + len : j;
                System.arraycopy(src, (o * len + jj) * inner, out, q, inner);
                q += inner;
            }
        }
        return Tensor.wrap(out, outShape);
    }

    @Override public Tensor takeGrad(Tensor updates, Tensor indices, int axis, Shape shape) {
        int[] d = shape.toArray();
        int outer = 1, inner = 1, len = d[axis];
        for (int i = 0; i < axis; i++) outer *= d[i];
        for (int i = axis + 1; i < d.length; i++) inner *= d[i];
        int[] ix = asInts(indices);
        boolean f32 = updates.dtype() == DType.FLOAT32;
        Object out = Tensor.allocate(updates.dtype(), shape.intSize());
        int q = 0;
        for (int o = 0; o < outer; o++) {
            for (int j : ix) {
                int jj = j < 0 ? j + len : j;
                int dst = (o * len + jj) * inner;
                if (f32) { float[] oo = (float[]) out, u = updates.floats(); for (int c = 0; c < inner; c++) oo[dst + c] += u[q + c]; }
                else { double[] oo = (double[]) out, u = updates.doubles(); for (int c = 0; c < inner; c++) oo[dst + c] += u[q + c]; }
                q += inner;
            }
        }
        return Tensor.wrap(out, shape);
    }

    private static Object gather(Tensor x, int[] idx) {
        Object s = x.array();
        int n = idx.length;
        return switch (x.dtype()) {
            case FLOAT32 -> { float[] ss = (float[]) s, o = new float[n]; for (int i = 0; i < n; i++) o[i] = ss[idx[i]]; yield o; }
            case FLOAT64 -> { double[] ss = (double[]) s, o = new double[n]; for (int i = 0; i < n; i++) o[i] = ss[idx[i]]; yield o; }
            case INT32 -> { int[] ss = (int[]) s, o = new int[n]; for (int i = 0; i < n; i++) o[i] = ss[idx[i]]; yield o; }
            case INT64 -> { long[] ss = (long[]) s, o = new long[n]; for (int i = 0; i < n; i++) o[i] = ss[idx[i]]; yield o; }
            case BOOL -> { boolean[] ss = (boolean[]) s, o = new boolean[n]; for (int i = 0; i < n; i++) o[i] = ss[idx[i]]; yield o; }
        };
    }

    // ------------------------------------------------------------------ sorting, scans

    @Override public Tensor argsort(Tensor x, int axis, boolean descending) {
        int[] d = x.shape().toArray();
        int outer = 1, inner = 1, len = d[axis];
        for (int i = 0; i < axis; i++) outer *= d[i];
        for (int i = axis + 1; i < d.length; i++) inner *= d[i];
        int[] out = new int[x.size()];
        int[] idx = new int[len], tmp = new int[len];
        boolean asLong = x.dtype() == DType.INT64;
        long[] lkeys = asLong ? new long[len] : null;
        double[] dkeys = asLong ? null : new double[len];
        double[] v = asLong ? null : asDoubles(x);
        long[] lv = asLong ? (long[]) x.array() : null;
        for (int a = 0; a < outer; a++) {
            for (int c = 0; c < inner; c++) {
                int base = a * len * inner + c;
                for (int j = 0; j < len; j++) {
                    idx[j] = j;
                    if (asLong) lkeys[j] = lv[base + j * inner]; else dkeys[j] = v[base + j * inner];
                }
                // Double.compare orders NaN above +inf, which is the order we want
                IntBinaryOperator cmp = asLong
                        ? (i, j) -> descending ? Long.compare(lkeys[j], lkeys[i]) : Long.compare(lkeys[i], lkeys[j])
                        : (i, j) -> descending ? compareNumbers(dkeys[j], dkeys[i]) : compareNumbers(dkeys[i], dkeys[j]);
                mergeSort(idx, tmp, 0, len, cmp);
                for (int j = 0; j < len; j++) out[base + j * inner] = idx[j];
            }
        }
        return Tensor.wrap(out, x.shape());
    }

    /** Like Double.compare, but -0.0 equals 0.0 (NumPy sorts them as equal). */
    private static int compareNumbers(double p, double q) {
        if (p == q) return 0;
        return Double.compare(p, q);
    }

    /** Stable merge sort of {@code a[from, to)} by {@code cmp}. */
    private static void mergeSort(int[] a, int[] tmp, int from, int to, IntBinaryOperator cmp) {
        if (to - from < 2) return;
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int e = a[i], j = i - 1;
                while (j >= from && cmp.applyAsInt(a[j], e) > 0) { a[j + 1] = a[j]; j--; }
                a[j + 1] = e;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, cmp);
        mergeSort(a, tmp, mid, to, cmp);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) tmp[k++] = cmp.applyAsInt(a[j], a[i]) < 0 ? a[j++] : a[i++];
        while (i < mid) tmp[k++] = a[i++];
        while (j < to) tmp[k++] = a[j++];
        System.arraycopy(tmp, from, a, from, to - from);
    }

    @Override public Tensor cumsum(Tensor x, int axis, boolean reverse) {
        int[] d = x.shape().toArray();
        int outer = 1, inner = 1, len = d[axis];
        for (int i = 0; i < axis; i++) outer *= d[i];
        for (int i = axis + 1; i < d.length; i++) inner *= d[i];
        int n = x.size();
        DType dt = x.dtype();
        if (dt.isFloating()) {
            double[] v = asDoubles(x);
            double[] o = new double[n];
            for (int a = 0; a < outer; a++) {
                for (int c = 0; c < inner; c++) {
                    int base = a * len * inner + c;
                    double s = 0;
                    for (int t = 0; t < len; t++) {
                        int j = base + (reverse ? len - 1 - t : t) * inner;
                        s += v[j];
                        o[j] = s;
                    }
                }
            }
            Tensor res = Tensor.wrap(o, x.shape());
            return dt == DType.FLOAT64 ? res : convert(res, dt);
        }
        long[] lv = dt == DType.INT64 ? (long[]) x.array() : null;
        int[] iv = lv == null ? asInts(x) : null;
        long[] o = new long[n];
        for (int a = 0; a < outer; a++) {
            for (int c = 0; c < inner; c++) {
                int base = a * len * inner + c;
                long s = 0;
                for (int t = 0; t < len; t++) {
                    int j = base + (reverse ? len - 1 - t : t) * inner;
                    s += lv != null ? lv[j] : iv[j];
                    o[j] = s;
                }
            }
        }
        return convert(Tensor.wrap(o, x.shape()), dt == DType.INT64 ? DType.INT64 : DType.INT32);
    }

    // ------------------------------------------------------------------ softmax

    @Override public Tensor softmax(Tensor x, int axis) { return softmaxImpl(x, axis, false); }

    @Override public Tensor logSoftmax(Tensor x, int axis) { return softmaxImpl(x, axis, true); }

    private static Tensor softmaxImpl(Tensor x, int axis, boolean log) {
        if (x.dtype() == DType.FLOAT32 && axis == x.rank() - 1)
            return Tensor.wrap(FloatKernels.softmaxRows(x.floats(), x.dim(axis), log), x.shape());
        int[] d = x.shape().toArray();
        int outer = 1, inner = 1, len = d[axis];
        for (int i = 0; i < axis; i++) outer *= d[i];
        for (int i = axis + 1; i < d.length; i++) inner *= d[i];
        boolean f32 = x.dtype() == DType.FLOAT32;
        double[] v = asDoubles(x);
        double[] o = new double[v.length];
        for (int a = 0; a < outer; a++) {
            for (int c = 0; c < inner; c++) {
                int base = a * len * inner + c;
                double mx = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) mx = Math.max(mx, v[base + j * inner]);
                double s = 0;
                for (int j = 0; j < len; j++) s += Math.exp(v[base + j * inner] - mx);
                if (log) {
                    double ls = Math.log(s);
                    for (int j = 0; j < len; j++) o[base + j * inner] = v[base + j * inner] - mx - ls;
                } else {
                    for (int j = 0; j < len; j++) o[base + j * inner] = Math.exp(v[base + j * inner] - mx) / s;
                }
            }
        }
        Tensor t = Tensor.wrap(o, x.shape());
        return f32 ? convert(t, DType.FLOAT32) : t;
    }

    @Override public Tensor oneHot(Tensor indices, int depth, DType dtype) {
        int[] ix = asInts(indices);
        Shape out = indices.shape().append(depth);
        Tensor t = Tensor.zeros(out, DType.FLOAT64);
        double[] o = t.doubles();
        for (int i = 0; i < ix.length; i++) if (ix[i] >= 0 && ix[i] < depth) o[i * depth + ix[i]] = 1;
        return cast(t, dtype);
    }

    // ------------------------------------------------------------------ random

    @Override public Tensor randomUniform(Shape shape, DType dtype, double low, double high, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = shape.intSize();
        double[] o = new double[n];
        for (int i = 0; i < n; i++) o[i] = low + (high - low) * rng.nextDouble();
        return cast(Tensor.wrap(o, shape), dtype);
    }

    @Override public Tensor randomNormal(Shape shape, DType dtype, double mean, double stddev, boolean truncated, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = shape.intSize();
        double[] o = new double[n];
        for (int i = 0; i < n; i++) {
            double z;
            do { z = rng.nextGaussian(); } while (truncated && Math.abs(z) > 2.0);
            o[i] = mean + stddev * z;
        }
        return cast(Tensor.wrap(o, shape), dtype);
    }

    @Override public void assignInPlace(Tensor dst, Tensor src) {
        System.arraycopy(src.array(), 0, dst.array(), 0, dst.size());
    }

    // ------------------------------------------------------------------ helpers

    static double[] asDoubles(Tensor t) {
        if (t.dtype() == DType.FLOAT64) return t.doubles();
        int n = t.size();
        double[] o = new double[n];
        if (t.dtype() == DType.FLOAT32) { float[] f = t.floats(); for (int i = 0; i < n; i++) o[i] = f[i]; }
        else for (int i = 0; i < n; i++) o[i] = t.getFlat(i);
        return o;
    }

    static int[] asInts(Tensor t) {
        if (t.dtype() == DType.INT32) return t.ints();
        return t.toIntArray();
    }

    static boolean[] asBool(Tensor t) {
        if (t.dtype() == DType.BOOL) return (boolean[]) t.array();
        int n = t.size();
        boolean[] o = new boolean[n];
        for (int i = 0; i < n; i++) o[i] = t.getFlat(i) != 0;
        return o;
    }
}
