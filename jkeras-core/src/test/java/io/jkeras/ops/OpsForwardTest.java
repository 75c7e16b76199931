package io.jkeras.ops;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forward values of the ops against hand-computed values (NumPy's where the semantics are NumPy's),
 * for every dtype path of the CPU backend.
 */
class OpsForwardTest {
    static final double NaN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    static Tensor d(double[] v, int... shape) { return Tensor.of(v, shape); }
    static Tensor f(float[] v, int... shape) { return Tensor.of(v, shape); }
    static Tensor i32(int[] v, int... shape) { return Tensor.of(v, shape); }
    static Tensor i64(long[] v, int... shape) { return Tensor.of(v, shape); }
    static Tensor b(boolean[] v, int... shape) { return Tensor.of(v, shape); }

    /** Same shape and dtype, values within {@code tol} (NaN matches NaN; the sign of zero is not compared). */
    static void assertTensor(Tensor actual, DType dtype, Shape shape, double[] expected, double tol) {
        assertEquals(dtype, actual.dtype(), "dtype of " + actual);
        assertEquals(shape, actual.shape(), "shape of " + actual);
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length);
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(expected[i])) assertTrue(Double.isNaN(a[i]), "element " + i + " of " + actual + " should be NaN");
            else assertEquals(expected[i], a[i], tol, "element " + i + " of " + actual);
        }
    }

    static void assertTensor(Tensor actual, DType dtype, Shape shape, double... expected) { assertTensor(actual, dtype, shape, expected, 0); }

    @Nested class Arithmetic {
        @Test void broadcastingColumnPlusRow() {
            Tensor col = d(new double[] {1, 2, 3}, 3, 1), row = d(new double[] {10, 20, 30, 40}, 1, 4);
            assertTensor(Ops.add(col, row), DType.FLOAT64, Shape.of(3, 4), 11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43);
            assertTensor(Ops.subtract(col, row), DType.FLOAT64, Shape.of(3, 4), -9, -19, -29, -39, -8, -18, -28, -38, -7, -17, -27, -37);
        }

        @Test void broadcastingAgainstTrailingAxis() {
            Tensor x = f(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 4);
            Tensor y = f(new float[] {1, 10, 100, 1000}, 4);
            assertTensor(Ops.multiply(x, y), DType.FLOAT32, Shape.of(2, 1, 4), 1, 20, 300, 4000, 5, 60, 700, 8000);
            assertTensor(Ops.divide(y, x), DType.FLOAT32, Shape.of(2, 1, 4),
                    new double[] {1, 5, 100 / 3.0, 250, 0.2, 10 / 6.0, 100 / 7.0, 125}, 1e-5);
            // every float32 fast path: same shape, scalar either side, trailing row, and the general case
            Tensor s = Tensor.scalar(2f);
            assertTensor(Ops.subtract(s, y), DType.FLOAT32, Shape.of(4), 1, -8, -98, -998);
            assertTensor(Ops.divide(y, s), DType.FLOAT32, Shape.of(4), 0.5, 5, 50, 500);
            assertTensor(Ops.add(y, y), DType.FLOAT32, Shape.of(4), 2, 20, 200, 2000);
            assertTensor(Ops.subtract(f(new float[] {1, 2}, 2, 1), f(new float[] {1, 2, 3}, 1, 3)), DType.FLOAT32, Shape.of(2, 3), 0, -1, -2, 1, 0, -1);
        }

        @Test void incompatibleShapesAreRefusedClearly() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.add(Tensor.zeros(2, 3), Tensor.zeros(4)));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4,)"), e.getMessage());
        }

        @Test void dtypePromotion() {
            assertTensor(Ops.add(i32(new int[] {1, 2}, 2), f(new float[] {0.5f, 0.25f}, 2)), DType.FLOAT32, Shape.of(2), 1.5, 2.25);
            assertTensor(Ops.add(f(new float[] {1}, 1), d(new double[] {0.1}, 1)), DType.FLOAT64, Shape.of(1), new double[] {1.1}, 1e-15);
            assertTensor(Ops.add(i32(new int[] {1}, 1), i64(new long[] {1L << 40}, 1)), DType.INT64, Shape.of(1), (1L << 40) + 1);
            assertTensor(Ops.add(b(new boolean[] {true, false}, 2), i32(new int[] {1, 1}, 2)), DType.INT32, Shape.of(2), 2, 1);
            // a Java double next to an int tensor: integral values keep the int dtype, fractions become float32
            assertTensor(Ops.add(i32(new int[] {1, 2}, 2), 3.0), DType.INT32, Shape.of(2), 4, 5);
            assertTensor(Ops.add(i32(new int[] {1, 2}, 2), 0.5), DType.FLOAT32, Shape.of(2), 1.5, 2.5);
            assertTensor(Ops.multiply(i32(new int[] {3}, 1), 0.5), DType.FLOAT32, Shape.of(1), 1.5);
        }

        @Test void integerArithmeticWrapsLikeNumPy() {
            Tensor big = i32(new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE}, 2);
            assertTensor(Ops.add(big, i32(new int[] {1, -1}, 2)), DType.INT32, Shape.of(2), Integer.MIN_VALUE, Integer.MAX_VALUE);
            assertTensor(Ops.negative(big), DType.INT32, Shape.of(2), -Integer.MAX_VALUE, Integer.MIN_VALUE);
            Tensor l = i64(new long[] {(1L << 53) + 1, -(1L << 53) - 1}, 2);
            assertArrayEquals(new long[] {-(1L << 53) - 1, (1L << 53) + 1}, Ops.negative(l).longs());
            assertArrayEquals(new long[] {(1L << 53) + 1, (1L << 53) + 1}, Ops.abs(l).longs());
        }

        @Test void divideGivesFloats() {
            assertTensor(Ops.divide(i32(new int[] {7, -7, 1}, 3), i32(new int[] {2, 2, 0}, 3)), DType.FLOAT32, Shape.of(3), 3.5, -3.5, INF);
            assertTensor(Ops.divide(d(new double[] {0, -1}, 2), d(new double[] {0, 0}, 2)), DType.FLOAT64, Shape.of(2), NaN, -INF);
        }

        @Test void integerFloorDivideAndModFollowNumPy() {
            Tensor x = i32(new int[] {-7, 7, 7, -7, 0, 7}, 6);
            assertTensor(Ops.floorDivide(x, i32(new int[] {2, -2, 2, -2, 3, 0}, 6)), DType.INT32, Shape.of(6), -4, -4, 3, 3, 0, 0);
            assertTensor(Ops.mod(x, i32(new int[] {3, -3, 3, -3, 3, 0}, 6)), DType.INT32, Shape.of(6), 2, -2, 1, -1, 0, 0);
            Tensor lx = i64(new long[] {-7, 7, Long.MAX_VALUE}, 3);
            assertArrayEquals(new long[] {-4, -4, Long.MAX_VALUE / 2}, Ops.floorDivide(lx, i64(new long[] {2, -2, 2}, 3)).longs());
            assertArrayEquals(new long[] {2, -2, 0}, Ops.mod(lx, i64(new long[] {3, -3, 0}, 3)).longs());
        }

        @Test void floatFloorDivideAndModFollowNumPy() {
            Tensor x = d(new double[] {1.0, -7.5, 7.5, 1.0, -1.0, 0.0, 5.0}, 7);
            Tensor y = d(new double[] {0.1, 2, -2, 0, 0, 0, 0.5}, 7);
            // NumPy: 1.0 // 0.1 == 9 (floor(1.0 / 0.1) would say 10) so that x == y * (x // y) + x % y
            assertTensor(Ops.floorDivide(x, y), DType.FLOAT64, Shape.of(7), 9, -4, -4, INF, -INF, NaN, 10);
            assertTensor(Ops.mod(d(new double[] {1.0, -7.5, 7.5, 5.0, -0.0, 6.0, -6.0}, 7), d(new double[] {0.1, 2, -2, 0, 3, -3, 3}, 7)),
                    DType.FLOAT64, Shape.of(7), 0.09999999999999995, 0.5, -0.5, NaN, 0, 0, 0);
            // the sign of a zero remainder is the divisor's
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(
                    Ops.mod(d(new double[] {6}, 1), d(new double[] {-3}, 1)).doubles()[0]));
            assertTensor(Ops.mod(f(new float[] {-1f}, 1), f(new float[] {3f}, 1)), DType.FLOAT32, Shape.of(1), 2);
        }

        @Test void power() {
            assertTensor(Ops.power(i32(new int[] {2, 3, -2, 0, 7}, 5), i32(new int[] {10, 0, 3, 0, 1}, 5)), DType.INT32, Shape.of(5), 1024, 1, -8, 1, 7);
            // exact beyond 2^53, where Math.pow is not
            assertArrayEquals(new long[] {4052555153018976267L}, Ops.power(i64(new long[] {3}, 1), i64(new long[] {39}, 1)).longs());
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> Ops.power(i32(new int[] {2}, 1), i32(new int[] {-1}, 1)));
            assertTrue(e.getMessage().contains("negative integer powers"), e.getMessage());
            assertTensor(Ops.power(i32(new int[] {4, 9}, 2), 0.5), DType.FLOAT32, Shape.of(2), 2, 3);
            assertTensor(Ops.power(d(new double[] {-8, 4, 0}, 3), d(new double[] {1 / 3.0, -0.5, -1}, 3)), DType.FLOAT64, Shape.of(3), NaN, 0.5, INF);
        }

        @Test void maximumMinimumPropagateNaN() {
            Tensor x = d(new double[] {1, NaN, 3, -0.5}, 4), y = d(new double[] {2, 0, NaN, -1}, 4);
            assertTensor(Ops.maximum(x, y), DType.FLOAT64, Shape.of(4), 2, NaN, NaN, -0.5);
            assertTensor(Ops.minimum(x, y), DType.FLOAT64, Shape.of(4), 1, NaN, NaN, -1);
            assertTensor(Ops.maximum(i32(new int[] {1, 5}, 2), 3.0), DType.INT32, Shape.of(2), 3, 5);
            assertTensor(Ops.squaredDifference(d(new double[] {1, 5}, 2), d(new double[] {3}, 1)), DType.FLOAT64, Shape.of(2), 4, 4);
        }
    }

    @Nested class ComparisonsAndLogic {
        @Test void comparisonsBroadcastAndGiveBool() {
            Tensor x = i32(new int[] {1, 2, 3}, 3, 1), y = f(new float[] {2, 2.5f}, 2);
            assertTensor(Ops.less(x, y), DType.BOOL, Shape.of(3, 2), 1, 1, 0, 1, 0, 0);
            assertTensor(Ops.lessEqual(x, y), DType.BOOL, Shape.of(3, 2), 1, 1, 1, 1, 0, 0);
            assertTensor(Ops.greater(x, y), DType.BOOL, Shape.of(3, 2), 0, 0, 0, 0, 1, 1);
            assertTensor(Ops.greaterEqual(x, y), DType.BOOL, Shape.of(3, 2), 0, 0, 1, 0, 1, 1);
            assertTensor(Ops.equal(x, y), DType.BOOL, Shape.of(3, 2), 0, 0, 1, 0, 0, 0);
            assertTensor(Ops.notEqual(x, y), DType.BOOL, Shape.of(3, 2), 1, 1, 0, 1, 1, 1);
        }

        @Test void nanComparesUnequalToEverything() {
            Tensor x = d(new double[] {NaN, NaN, 1}, 3);
            assertTensor(Ops.equal(x, x), DType.BOOL, Shape.of(3), 0, 0, 1);
            assertTensor(Ops.notEqual(x, x), DType.BOOL, Shape.of(3), 1, 1, 0);
            assertTensor(Ops.less(x, 5.0), DType.BOOL, Shape.of(3), 0, 0, 1);
            assertTensor(Ops.isNan(x), DType.BOOL, Shape.of(3), 1, 1, 0);
            assertTensor(Ops.isFinite(d(new double[] {NaN, INF, -INF, 0}, 4)), DType.BOOL, Shape.of(4), 0, 0, 0, 1);
        }

        @Test void int64ComparisonsAreExact() {
            Tensor a = i64(new long[] {(1L << 53) + 1, Long.MAX_VALUE}, 2), c = i64(new long[] {1L << 53, Long.MAX_VALUE - 1}, 2);
            assertTensor(Ops.equal(a, c), DType.BOOL, Shape.of(2), 0, 0);
            assertTensor(Ops.greater(a, c), DType.BOOL, Shape.of(2), 1, 1);
        }

        @Test void logicalOps() {
            Tensor p = b(new boolean[] {true, true, false, false}, 4), q = b(new boolean[] {true, false, true, false}, 4);
            assertTensor(Ops.logicalAnd(p, q), DType.BOOL, Shape.of(4), 1, 0, 0, 0);
            assertTensor(Ops.logicalOr(p, q), DType.BOOL, Shape.of(4), 1, 1, 1, 0);
            assertTensor(Ops.logicalXor(p, q), DType.BOOL, Shape.of(4), 0, 1, 1, 0);
            assertTensor(Ops.logicalNot(p), DType.BOOL, Shape.of(4), 0, 0, 1, 1);
            // numbers are true when non-zero
            assertTensor(Ops.logicalAnd(i32(new int[] {0, 2, -1}, 3), d(new double[] {1, 0.5, NaN}, 3)), DType.BOOL, Shape.of(3), 0, 1, 1);
        }

        @Test void whereBroadcastsAndPromotes() {
            Tensor cond = b(new boolean[] {true, false}, 2, 1);
            assertTensor(Ops.where(cond, d(new double[] {1, 2, 3}, 3), i32(new int[] {-1}, 1)), DType.FLOAT64, Shape.of(2, 3), 1, 2, 3, -1, -1, -1);
            // a numeric condition is true where non-zero
            assertTensor(Ops.where(f(new float[] {0, 0.5f, -2}, 3), i32(new int[] {1, 2, 3}, 3), i32(new int[] {7}, 1)), DType.INT32, Shape.of(3), 7, 2, 3);
        }
    }

    @Nested class UnaryValues {
        @Test void floatFunctions() {
            Tensor x = d(new double[] {-2, -0.5, 0, 0.5, 2}, 5);
            double[] e = {Math.exp(-2), Math.exp(-0.5), 1, Math.exp(0.5), Math.exp(2)};
            assertTensor(Ops.exp(x), DType.FLOAT64, Shape.of(5), e, 0);
            assertTensor(Ops.abs(x), DType.FLOAT64, Shape.of(5), 2, 0.5, 0, 0.5, 2);
            assertTensor(Ops.sign(x), DType.FLOAT64, Shape.of(5), -1, -1, 0, 1, 1);
            assertTensor(Ops.relu(x), DType.FLOAT64, Shape.of(5), 0, 0, 0, 0.5, 2);
            assertTensor(Ops.relu6(d(new double[] {-1, 3, 7, NaN}, 4)), DType.FLOAT64, Shape.of(4), 0, 3, 6, NaN);
            // NaN propagates (as Keras's relu, maximum(x, 0)) so that a diverging model is noticed
            assertTensor(Ops.relu(d(new double[] {NaN, -0.0}, 2)), DType.FLOAT64, Shape.of(2), NaN, 0);
            assertTensor(Ops.relu(f(new float[] {Float.NaN, -1, 2}, 3)), DType.FLOAT32, Shape.of(3), NaN, 0, 2);
            assertTensor(Ops.square(x), DType.FLOAT64, Shape.of(5), 4, 0.25, 0, 0.25, 4);
            assertTensor(Ops.softsign(x), DType.FLOAT64, Shape.of(5), -2 / 3.0, -1 / 3.0, 0, 1 / 3.0, 2 / 3.0);
            assertTensor(Ops.sigmoid(d(new double[] {0, -800, 800}, 3)), DType.FLOAT64, Shape.of(3), 0.5, 0, 1);
            assertTensor(Ops.softplus(d(new double[] {0, -800, 800}, 3)), DType.FLOAT64, Shape.of(3), Math.log(2), 0, 800);
            assertTensor(Ops.sqrt(d(new double[] {4, -1}, 2)), DType.FLOAT64, Shape.of(2), 2, NaN);
            assertTensor(Ops.rsqrt(d(new double[] {4, 0}, 2)), DType.FLOAT64, Shape.of(2), 0.5, INF);
            assertTensor(Ops.log(d(new double[] {1, 0, -1}, 3)), DType.FLOAT64, Shape.of(3), 0, -INF, NaN);
            assertTensor(Ops.log1p(d(new double[] {1e-20}, 1)), DType.FLOAT64, Shape.of(1), 1e-20);
            assertTensor(Ops.expm1(d(new double[] {1e-20}, 1)), DType.FLOAT64, Shape.of(1), 1e-20);
            assertTensor(Ops.reciprocal(d(new double[] {4, 0}, 2)), DType.FLOAT64, Shape.of(2), 0.25, INF);
            assertTensor(Ops.tan(d(new double[] {Math.PI / 4}, 1)), DType.FLOAT64, Shape.of(1), new double[] {1}, 1e-15);
        }

        @Test void erfIsAccurateToAboutTenUlps() {
            // reference values from Python's math.erf
            double[] x = {0.1, 0.5, 1.0, 2.0, -0.7, 3.5, 5.9, 0, 1e-300, 0.3, 1.7, 2.9, 2.99999, 3.0, 4.0, -2.5, 30, NaN};
            double[] expected = {0.1124629160182849, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, -0.6778011938374184,
                    0.9999992569016276, 0.9999999999999999, 0, 1.1283791670955126e-300, 0.3286267594591274, 0.9837904585907745,
                    0.9999589021219005, 0.9999779081104291, 0.9999779095030014, 0.9999999845827421, -0.999593047982555, 1, NaN};
            assertTensor(Ops.erf(d(x, x.length)), DType.FLOAT64, Shape.of(x.length), expected, 1e-15);
        }

        @Test void roundingIsHalfToEven() {
            Tensor x = d(new double[] {0.5, 1.5, 2.5, -0.5, -1.5, -2.7, 2.2}, 7);
            assertTensor(Ops.round(x), DType.FLOAT64, Shape.of(7), 0, 2, 2, 0, -2, -3, 2);
            assertTensor(Ops.floor(x), DType.FLOAT64, Shape.of(7), 0, 1, 2, -1, -2, -3, 2);
            assertTensor(Ops.ceil(x), DType.FLOAT64, Shape.of(7), 1, 2, 3, 0, -1, -2, 3);
        }

        @Test void integerInputs() {
            Tensor x = i32(new int[] {-3, 0, 4}, 3);
            assertTensor(Ops.negative(x), DType.INT32, Shape.of(3), 3, 0, -4);
            assertTensor(Ops.abs(x), DType.INT32, Shape.of(3), 3, 0, 4);
            assertTensor(Ops.sign(x), DType.INT32, Shape.of(3), -1, 0, 1);
            assertTensor(Ops.square(x), DType.INT32, Shape.of(3), 9, 0, 16);
            assertTensor(Ops.relu(x), DType.INT32, Shape.of(3), 0, 0, 4);
            assertTensor(Ops.round(x), DType.INT32, Shape.of(3), -3, 0, 4);
            // float functions of ints are float32
            assertTensor(Ops.exp(i32(new int[] {0, 1}, 2)), DType.FLOAT32, Shape.of(2), new double[] {1, Math.E}, 1e-6);
            assertTensor(Ops.sqrt(i64(new long[] {9}, 1)), DType.FLOAT32, Shape.of(1), 3);
            assertTensor(Ops.sigmoid(b(new boolean[] {false}, 1)), DType.FLOAT32, Shape.of(1), 0.5);
        }

        @Test void clip() {
            assertTensor(Ops.clip(d(new double[] {-2, 0.3, 5, NaN}, 4), -1, 1), DType.FLOAT64, Shape.of(4), -1, 0.3, 1, NaN);
            assertTensor(Ops.clip(i32(new int[] {-5, 2, 9}, 3), 0, 4), DType.INT32, Shape.of(3), 0, 2, 4);
            assertThrows(IllegalArgumentException.class, () -> Ops.clip(Tensor.zeros(2), 1, 0));
        }

        @Test void casts() {
            Tensor x = d(new double[] {-1.7, -0.2, 0, 0.9, 2.5}, 5);
            assertTensor(Ops.cast(x, DType.INT32), DType.INT32, Shape.of(5), -1, 0, 0, 0, 2);
            assertTensor(Ops.cast(x, DType.INT64), DType.INT64, Shape.of(5), -1, 0, 0, 0, 2);
            assertTensor(Ops.cast(x, DType.BOOL), DType.BOOL, Shape.of(5), 1, 1, 0, 1, 1);
            assertTensor(Ops.cast(x, DType.FLOAT32), DType.FLOAT32, Shape.of(5), (float) -1.7, (float) -0.2, 0, (float) 0.9, 2.5);
            assertTensor(Ops.cast(Ops.cast(x, DType.FLOAT32), DType.FLOAT64), DType.FLOAT64, Shape.of(5), (float) -1.7, (float) -0.2, 0, (float) 0.9, 2.5);
            assertTensor(Ops.cast(b(new boolean[] {true, false}, 2), DType.FLOAT32), DType.FLOAT32, Shape.of(2), 1, 0);
            assertArrayEquals(new long[] {(1L << 53) + 1}, Ops.cast(i64(new long[] {(1L << 53) + 1}, 1), DType.INT64).longs());
            assertArrayEquals(new int[] {-1}, Ops.cast(i64(new long[] {(1L << 32) - 1}, 1), DType.INT32).ints());   // wraps like NumPy
            Tensor same = Tensor.zeros(2);
            assertTrue(Ops.cast(same, DType.FLOAT32) == same, "a cast to the same dtype is free");
        }
    }

    @Nested class ActivationValues {
        final Tensor x = d(new double[] {-3, -1, -0.5, 0, 0.5, 1, 3}, 7);
        final Shape s = Shape.of(7);

        @Test void values() {
            assertTensor(Ops.gelu(x, false), DType.FLOAT64, s, new double[] {-0.00404969409489031, -0.15865525393145707, -0.15426876936299344,
                    0.0, 0.34573123063700656, 0.8413447460685429, 2.99595030590511}, 1e-14);
            assertTensor(Ops.gelu(x), DType.FLOAT64, s, new double[] {-0.0036373920817729943, -0.1588080093917233, -0.15428599017485606,
                    0.0, 0.34571400982514394, 0.8411919906082768, 2.996362607918227}, 1e-14);
            assertTensor(Ops.elu(x, 0.7), DType.FLOAT64, s, new double[] {-0.6651490521424952, -0.44248439117999033, -0.2754285382011566,
                    0.0, 0.5, 1.0, 3.0}, 1e-14);
            assertTensor(Ops.selu(x), DType.FLOAT64, s, new double[] {-1.6705687287671118, -1.1113307378125625, -0.6917581878028713,
                    0.0, 0.5253504936777402, 1.0507009873554805, 3.1521029620664414}, 1e-14);
            assertTensor(Ops.silu(x), DType.FLOAT64, s, new double[] {-0.14227761953270035, -0.2689414213699951, -0.1887703343990727,
                    0.0, 0.3112296656009273, 0.7310585786300049, 2.8577223804672998}, 1e-14);
            assertTensor(Ops.mish(x), DType.FLOAT64, s, new double[] {-0.1456474612756246, -0.30340146137410895, -0.22074377465173,
                    0.0, 0.3752452113048951, 0.8650983882673103, 2.986535004967957}, 1e-14);
            assertTensor(Ops.logSigmoid(x), DType.FLOAT64, s, new double[] {-3.048587351573742, -1.3132616875182228, -0.9740769841801067,
                    -0.6931471805599453, -0.4740769841801067, -0.31326168751822286, -0.04858735157374206}, 1e-14);
            assertTensor(Ops.leakyRelu(x, 0.3), DType.FLOAT64, s, new double[] {-0.9, -0.3, -0.15, 0, 0.5, 1, 3}, 1e-14);
            assertTensor(Ops.leakyRelu(x), DType.FLOAT64, s, new double[] {-0.6, -0.2, -0.1, 0, 0.5, 1, 3}, 1e-14);
            assertTensor(Ops.hardSigmoid(x), DType.FLOAT64, s, new double[] {0, 1 / 3.0, 5 / 12.0, 0.5, 7 / 12.0, 2 / 3.0, 1}, 1e-14);
            assertTensor(Ops.hardSilu(x), DType.FLOAT64, s, new double[] {0, -1 / 3.0, -5 / 24.0, 0, 7 / 24.0, 2 / 3.0, 3}, 1e-14);
        }

        @Test void float32InFloat32Out() {
            Tensor x32 = Ops.cast(x, DType.FLOAT32);
            assertEquals(DType.FLOAT32, Ops.gelu(x32, false).dtype());
            assertEquals(DType.FLOAT32, Ops.mish(x32).dtype());
            assertEquals(DType.FLOAT32, Ops.elu(i32(new int[] {1, -1}, 2), 1.0).dtype());
        }

        @Test void softmaxAndLogSoftmax() {
            Tensor v = d(new double[] {1, 2, 3, 1, 1, 1}, 2, 3);
            double[] sm = {0.09003057317038046, 0.24472847105479767, 0.6652409557748219, 1 / 3.0, 1 / 3.0, 1 / 3.0};
            assertTensor(Ops.softmax(v, -1), DType.FLOAT64, Shape.of(2, 3), sm, 1e-15);
            double[] lsm = new double[6];
            for (int i = 0; i < 6; i++) lsm[i] = Math.log(sm[i]);
            assertTensor(Ops.logSoftmax(v, 1), DType.FLOAT64, Shape.of(2, 3), lsm, 1e-15);
            // axis 0: each column
            Tensor col = Ops.softmax(v, 0);
            double e = Math.exp(1), e2 = Math.exp(2);
            assertTensor(col, DType.FLOAT64, Shape.of(2, 3), new double[] {0.5, e2 / (e2 + e), e2 * e / (e2 * e + e), 0.5, e / (e2 + e), e / (e2 * e + e)}, 1e-15);
            // huge logits do not overflow
            assertTensor(Ops.softmax(d(new double[] {1000, 1000, -INF}, 3), 0), DType.FLOAT64, Shape.of(3), 0.5, 0.5, 0);
            assertTensor(Ops.logSoftmax(f(new float[] {1000, 0}, 2), 0), DType.FLOAT32, Shape.of(2), 0, -1000);
        }
    }

    @Nested class Reductions {
        final Tensor x = d(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}, 2, 3, 4);

        @Test void sumOverAxesAndKeepDims() {
            assertTensor(Ops.sum(x), DType.FLOAT64, Shape.SCALAR, 300);
            assertTensor(Ops.sum(x, 0), DType.FLOAT64, Shape.of(3, 4), 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36);
            assertTensor(Ops.sum(x, new int[] {0, 2}, true), DType.FLOAT64, Shape.of(1, 3, 1), 68, 100, 132);
            assertTensor(Ops.sum(x, new int[] {-1, 1}, false), DType.FLOAT64, Shape.of(2), 78, 222);
            assertTensor(Ops.mean(x, new int[] {1}, false), DType.FLOAT64, Shape.of(2, 4), 5, 6, 7, 8, 17, 18, 19, 20);
        }

        @Test void emptyAxesListReducesNothing() {
            assertTrue(Ops.sum(x, new int[0], false).contentEquals(x));
            assertTrue(Ops.mean(x, new int[0], true).contentEquals(x));
            assertTrue(Ops.max(x, new int[0], false).contentEquals(x));
            Tensor s = Tensor.scalar(3f);
            assertTensor(Ops.sum(s), DType.FLOAT32, Shape.SCALAR, 3);
        }

        @Test void reducingAZeroLengthAxis() {
            Tensor empty = Tensor.zeros(Shape.of(2, 0), DType.FLOAT64);
            assertTensor(Ops.sum(empty, 1), DType.FLOAT64, Shape.of(2), 0, 0);
            assertTensor(Ops.prod(empty, new int[] {1}, false), DType.FLOAT64, Shape.of(2), 1, 1);
            assertTensor(Ops.mean(empty, 1), DType.FLOAT64, Shape.of(2), NaN, NaN);
            assertTensor(Ops.sum(empty, 0), DType.FLOAT64, Shape.of(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.max(empty, new int[] {1}, false));
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Ops.argmax(empty, 1));
        }

        @Test void duplicateOrBadAxesAreRefused() {
            assertThrows(IllegalArgumentException.class, () -> Ops.sum(x, new int[] {1, -2}, false));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.sum(x, new int[] {3}, false));
            assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        }

        @Test void maxMinProdWithNaN() {
            Tensor v = d(new double[] {1, NaN, 3, 4, -2, 0}, 2, 3);
            assertTensor(Ops.max(v, new int[] {1}, false), DType.FLOAT64, Shape.of(2), NaN, 4);
            assertTensor(Ops.min(v, new int[] {1}, true), DType.FLOAT64, Shape.of(2, 1), NaN, -2);
            assertTensor(Ops.max(v, new int[] {0}, false), DType.FLOAT64, Shape.of(3), 4, NaN, 3);
            assertTensor(Ops.prod(v, new int[] {1}, false), DType.FLOAT64, Shape.of(2), NaN, -0.0);
        }

        @Test void integerReductionsAreExact() {
            Tensor v = i32(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertTensor(Ops.sum(v, 1), DType.INT32, Shape.of(2), 6, 15);
            assertTensor(Ops.prod(v, new int[] {0}, false), DType.INT32, Shape.of(3), 4, 10, 18);
            assertTensor(Ops.max(v, new int[] {0, 1}, false), DType.INT32, Shape.SCALAR, 6);
            assertTensor(Ops.min(v), DType.INT32, Shape.SCALAR, 1);
            assertTensor(Ops.mean(v, 1), DType.FLOAT32, Shape.of(2), 2, 5);
            Tensor l = i64(new long[] {(1L << 53), 1, 1}, 3);
            assertArrayEquals(new long[] {(1L << 53) + 2}, Ops.sum(l).longs());
            assertArrayEquals(new long[] {Long.MAX_VALUE}, Ops.max(i64(new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1}, 2)).longs());
        }

        @Test void boolReductions() {
            Tensor v = b(new boolean[] {true, false, true, true, true, true}, 2, 3);
            assertTensor(Ops.sum(v, 1), DType.INT32, Shape.of(2), 2, 3);
            assertTensor(Ops.any(v, new int[] {1}, false), DType.BOOL, Shape.of(2), 1, 1);
            assertTensor(Ops.all(v, new int[] {1}, false), DType.BOOL, Shape.of(2), 0, 1);
            assertTensor(Ops.all(v, null, false), DType.BOOL, Shape.SCALAR, 0);
            assertTensor(Ops.any(Tensor.zeros(Shape.of(0), DType.BOOL), null, false), DType.BOOL, Shape.SCALAR, 0);
            assertTensor(Ops.all(Tensor.zeros(Shape.of(0), DType.BOOL), null, false), DType.BOOL, Shape.SCALAR, 1);
            assertTensor(Ops.max(v, new int[] {1}, false), DType.BOOL, Shape.of(2), 1, 1);
            assertTensor(Ops.min(v, new int[] {1}, false), DType.BOOL, Shape.of(2), 0, 1);
        }

        @Test void argmaxArgminTiesAndNaN() {
            Tensor v = d(new double[] {1, 5, 5, 0, 2, 2, NaN, 7, -1, -1, 3, NaN}, 3, 4);
            assertTensor(Ops.argmax(v, 1), DType.INT32, Shape.of(3), 1, 2, 3);
            assertTensor(Ops.argmin(v, 1), DType.INT32, Shape.of(3), 3, 2, 3);   // NaN is the first extreme for both, as in NumPy
            assertTensor(Ops.argmax(v, 0, true), DType.INT32, Shape.of(1, 4), 1, 0, 1, 2);
            assertTensor(Ops.argmin(i32(new int[] {3, 1, 1}, 3), -1), DType.INT32, Shape.SCALAR, 1);
        }

        @Test void logsumexpVarianceStdNorm() {
            assertTensor(Ops.logsumexp(d(new double[] {1, 2, 3, 1000, 1001, -INF}, 2, 3), new int[] {1}, false), DType.FLOAT64, Shape.of(2),
                    new double[] {3.40760596444438, 1001.3132616875182}, 1e-12);
            assertTensor(Ops.logsumexp(d(new double[] {-INF, -INF, INF, 1}, 2, 2), new int[] {-1}, true), DType.FLOAT64, Shape.of(2, 1), -INF, INF);
            assertTensor(Ops.logsumexp(d(new double[] {0, 0, 0, 0}, 2, 2), null, false), DType.FLOAT64, Shape.SCALAR, new double[] {Math.log(4)}, 1e-15);
            assertTensor(Ops.logsumexp(i32(new int[] {0, 0}, 2), null, false), DType.FLOAT32, Shape.SCALAR, new double[] {Math.log(2)}, 1e-7);
            Tensor v = d(new double[] {1, 2, 3, 4, 2, 2, 2, 2}, 2, 4);
            assertTensor(Ops.variance(v, new int[] {1}, false), DType.FLOAT64, Shape.of(2), 1.25, 0);
            assertTensor(Ops.std(v, new int[] {1}, true), DType.FLOAT64, Shape.of(2, 1), Math.sqrt(1.25), 0);
            assertTensor(Ops.norm(d(new double[] {3, 4, 0, 0}, 2, 2), new int[] {1}, false), DType.FLOAT64, Shape.of(2), 5, 0);
            assertTensor(Ops.norm(d(new double[] {1, 2, 2, 4}, 2, 2)), DType.FLOAT64, Shape.SCALAR, 5);
        }

        @Test void cumsum() {
            Tensor v = i32(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertTensor(Ops.cumsum(v, 0), DType.INT32, Shape.of(2, 3), 1, 2, 3, 5, 7, 9);
            assertTensor(Ops.cumsum(v, -1), DType.INT32, Shape.of(2, 3), 1, 3, 6, 4, 9, 15);
            assertTensor(Ops.cumsum(v), DType.INT32, Shape.of(6), 1, 3, 6, 10, 15, 21);
            assertTensor(Ops.cumsum(b(new boolean[] {true, false, true}, 3), 0), DType.INT32, Shape.of(3), 1, 1, 2);
            assertTensor(Ops.cumsum(f(new float[] {0.5f, 0.25f}, 2), 0), DType.FLOAT32, Shape.of(2), 0.5, 0.75);
            assertArrayEquals(new long[] {1L << 60, (1L << 60) + 1}, Ops.cumsum(i64(new long[] {1L << 60, 1}, 2), 0).longs());
        }
    }

    @Nested class MatmulValues {
        final Tensor a = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);          // [[1,2,3],[4,5,6]]
        final Tensor bm = d(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);      // [[7,8],[9,10],[11,12]]

        @Test void matricesAndTransposeFlags() {
            assertTensor(Ops.matmul(a, bm), DType.FLOAT64, Shape.of(2, 2), 58, 64, 139, 154);
            assertTensor(Ops.matmul(bm, a, true, true), DType.FLOAT64, Shape.of(2, 2), 58, 139, 64, 154);    // (a b)^T = b^T a^T
            assertTensor(Ops.matmul(a, a, false, true), DType.FLOAT64, Shape.of(2, 2), 14, 32, 32, 77);
            assertTensor(Ops.matmul(a, a, true, false), DType.FLOAT64, Shape.of(3, 3), 17, 22, 27, 22, 29, 36, 27, 36, 45);
            assertTensor(Ops.matmul(Ops.cast(a, DType.FLOAT32), Ops.cast(bm, DType.FLOAT32)), DType.FLOAT32, Shape.of(2, 2), 58, 64, 139, 154);
        }

        @Test void vectors() {
            Tensor v = d(new double[] {1, -1, 2}, 3);
            assertTensor(Ops.matmul(v, v), DType.FLOAT64, Shape.SCALAR, 6);
            assertTensor(Ops.matmul(a, v), DType.FLOAT64, Shape.of(2), 5, 11);
            assertTensor(Ops.matmul(v, bm), DType.FLOAT64, Shape.of(2), 20, 22);
        }

        @Test void batchesBroadcast() {
            Tensor batch = Ops.stack(List.of(a, Ops.multiply(a, 2.0)), 0);         // (2, 2, 3)
            assertTensor(Ops.matmul(batch, bm), DType.FLOAT64, Shape.of(2, 2, 2), 58, 64, 139, 154, 116, 128, 278, 308);
            Tensor bb = Ops.reshape(Ops.stack(List.of(bm, Ops.negative(bm)), 0), 2, 1, 3, 2);   // (2, 1, 3, 2)
            Tensor out = Ops.matmul(Ops.reshape(batch, 1, 2, 2, 3), bb);           // batch dims (1,2) x (2,1) -> (2,2)
            assertEquals(Shape.of(2, 2, 2, 2), out.shape());
            assertTensor(out, DType.FLOAT64, out.shape(), 58, 64, 139, 154, 116, 128, 278, 308, -58, -64, -139, -154, -116, -128, -278, -308);
        }

        @Test void integerOperandsAndErrors() {
            assertTensor(Ops.matmul(i32(new int[] {1, 2}, 1, 2), i32(new int[] {3, 4}, 2, 1)), DType.FLOAT32, Shape.of(1, 1), 11);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.matmul(a, a));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("3 != 2"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Ops.matmul(Tensor.scalar(1f), Tensor.zeros(1)));
        }

        @Test void emptyInnerDimensionGivesZeros() {
            assertTensor(Ops.matmul(Tensor.zeros(Shape.of(2, 0), DType.FLOAT64), Tensor.zeros(Shape.of(0, 3), DType.FLOAT64)),
                    DType.FLOAT64, Shape.of(2, 3), 0, 0, 0, 0, 0, 0);
        }
    }
}
