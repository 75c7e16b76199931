package io.jkeras.ops;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testing.GradCheck;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jkeras.testing.GradCheck.awayFromZero;
import static io.jkeras.testing.GradCheck.check;
import static io.jkeras.testing.GradCheck.checkUnary;
import static io.jkeras.testing.GradCheck.distinct;
import static io.jkeras.testing.GradCheck.random;
import static io.jkeras.testing.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Every differentiable op's gradient against central finite differences in float64. */
class OpsGradientTest {

    private static Tensor d(double[] v, int... shape) { return Tensor.of(v, shape); }

    @Nested class Binary {
        @Test void addBroadcasting() {
            check(xs -> Ops.add(xs.get(0), xs.get(1)), random(1, 3, 1), random(2, 1, 4));
            check(xs -> Ops.add(xs.get(0), xs.get(1)), random(3, 2, 3, 4), random(4, 4));
            check(xs -> Ops.add(xs.get(0), xs.get(1)), random(5), random(6, 2, 3));   // scalar + matrix
        }

        @Test void subtractBroadcasting() {
            check(xs -> Ops.subtract(xs.get(0), xs.get(1)), random(7, 3, 1), random(8, 1, 4));
            check(xs -> Ops.subtract(xs.get(0), xs.get(1)), random(9, 4), random(10, 2, 3, 4));
            checkUnary(x -> Ops.subtract(2.0, x), random(11, 3));
        }

        @Test void multiplyBroadcasting() {
            check(xs -> Ops.multiply(xs.get(0), xs.get(1)), random(12, 2, 3, 4), random(13, 4));
            check(xs -> Ops.multiply(xs.get(0), xs.get(1)), random(14, 3, 1), random(15, 1, 4));
            check(xs -> Ops.multiply(xs.get(0), xs.get(1)), random(16, 2, 1, 4), random(17, 3, 1));
            check(xs -> Ops.multiply(xs.get(0), xs.get(0)), random(18, 3));   // the same tensor twice
        }

        @Test void divideBroadcasting() {
            check(xs -> Ops.divide(xs.get(0), xs.get(1)), random(19, 2, 3), awayFromZero(20, 0.5, 2, 3));
            check(xs -> Ops.divide(xs.get(0), xs.get(1)), random(21, 3, 1), awayFromZero(22, 0.5, 2, 1, 4));
            checkUnary(x -> Ops.divide(1.5, x), awayFromZero(23, 0.5, 2, 4));
        }

        @Test void power() {
            check(xs -> Ops.power(xs.get(0), xs.get(1)), uniform(24, 0.5, 2, 2, 3), random(25, 3));
            checkUnary(x -> Ops.power(x, 3.0), random(26, 4));
            checkUnary(x -> Ops.power(x, 2.0), random(27, 4));
            checkUnary(x -> Ops.power(x, -1.5), uniform(28, 0.5, 2, 4));
        }

        @Test void maximumMinimumAwayFromTies() {
            check(xs -> Ops.maximum(xs.get(0), xs.get(1)), distinct(29, 2, 3), distinct(30, 3));
            check(xs -> Ops.minimum(xs.get(0), xs.get(1)), distinct(31, 3, 1), distinct(32, 1, 4));
        }

        @Test void modBothArguments() {
            // keep x/y away from integers, where mod jumps
            Tensor x = d(new double[] {5.3, -5.3, 7.45, -0.7, 2.2, 9.1}, 2, 3);
            Tensor y = d(new double[] {2.0, 2.0, -3.0, 1.5, -1.9, 4.3}, 2, 3);
            check(xs -> Ops.mod(xs.get(0), xs.get(1)), x, y);
        }

        @Test void squaredDifference() {
            check(xs -> Ops.squaredDifference(xs.get(0), xs.get(1)), random(33, 2, 3), random(34, 3));
        }

        @Test void whereBranches() {
            Tensor cond = Tensor.of(new boolean[] {true, false, true, false, false, true}, 2, 3);
            check(xs -> Ops.where(cond, xs.get(0), xs.get(1)), random(35, 2, 3), random(36, 2, 3));
            check(xs -> Ops.where(cond, xs.get(0), xs.get(1)), random(37, 3), random(38, 2, 1));   // broadcasting branches
            Tensor rowCond = Tensor.of(new boolean[] {true, false}, 2, 1);
            check(xs -> Ops.where(rowCond, xs.get(0), xs.get(1)), random(39, 2, 3), random(40));
        }
    }

    @Nested class Unary {
        @Test void smoothFunctions() {
            checkUnary(Ops::negative, random(41, 2, 3));
            checkUnary(Ops::exp, random(42, 2, 3));
            checkUnary(Ops::log, uniform(43, 0.2, 3, 2, 3));
            checkUnary(Ops::log1p, uniform(44, -0.5, 3, 2, 3));
            checkUnary(Ops::expm1, random(45, 2, 3));
            checkUnary(Ops::sqrt, uniform(46, 0.2, 3, 2, 3));
            checkUnary(Ops::rsqrt, uniform(47, 0.2, 3, 2, 3));
            checkUnary(Ops::square, random(48, 2, 3));
            checkUnary(Ops::reciprocal, awayFromZero(49, 0.3, 2, 2, 3));
            checkUnary(Ops::sin, random(50, 2, 3));
            checkUnary(Ops::cos, random(51, 2, 3));
            checkUnary(Ops::tan, random(52, 2, 3));
            checkUnary(Ops::tanh, uniform(53, -3, 3, 2, 3));
            checkUnary(Ops::sigmoid, uniform(54, -5, 5, 2, 3));
            checkUnary(Ops::softplus, uniform(55, -5, 5, 2, 3));
            checkUnary(Ops::softsign, awayFromZero(56, 0.1, 3, 2, 3));
            checkUnary(Ops::erf, uniform(57, -2.5, 2.5, 2, 3));
        }

        @Test void kinkedFunctionsAwayFromTheKink() {
            checkUnary(Ops::abs, awayFromZero(58, 0.1, 2, 2, 3));
            checkUnary(Ops::relu, awayFromZero(59, 0.1, 2, 2, 3));
            checkUnary(Ops::relu6, d(new double[] {-1, 0.5, 3, 5.9, 6.5, 9}, 6));
            checkUnary(x -> Ops.clip(x, -0.5, 0.5), d(new double[] {-0.9, -0.4, 0.1, 0.45, 0.7, 2}, 2, 3));
        }

        @Test void castRoundTripPassesTheGradientThroughAtTheRightDtype() {
            // float64 -> float32 -> float64: the numeric derivative through float32 is too coarse for
            // finite differences, so check the tape directly
            Tensor x = random(60, 2, 3);
            try (GradientTape tape = new GradientTape()) {
                tape.watch(x);
                Tensor y = Ops.multiply(Ops.cast(Ops.multiply(Ops.cast(x, DType.FLOAT32), 2.0), DType.FLOAT64), 3.0);
                Tensor g = tape.gradient(y, x);
                assertEquals(DType.FLOAT64, g.dtype());
                assertArrayEquals(new double[] {6, 6, 6, 6, 6, 6}, g.doubles());
            }
            checkUnary(x2 -> Ops.cast(Ops.cast(x2, DType.INT32), DType.FLOAT64), uniform(61, 0.1, 0.9, 3));   // through int: no gradient
        }

        @Test void copyIsTheIdentity() { checkUnary(x -> Ops.multiply(Ops.copy(x), x), random(62, 3)); }
    }

    @Nested class Activations {
        @Test void composites() {
            Tensor x = uniform(63, -4, 4, 3, 4);
            checkUnary(Ops::logSigmoid, x);
            checkUnary(v -> Ops.gelu(v, true), x);
            checkUnary(v -> Ops.gelu(v, false), x);
            checkUnary(Ops::silu, x);
            checkUnary(Ops::mish, x);
            Tensor k = awayFromZero(64, 0.05, 4, 3, 4);
            checkUnary(v -> Ops.elu(v, 0.7), k);
            checkUnary(Ops::selu, k);
            checkUnary(v -> Ops.leakyRelu(v, 0.3), k);
            Tensor h = d(new double[] {-5, -2.9, -1, 0.3, 2.5, 2.9, 3.1, 7}, 8);   // kinks of relu6(x + 3) at -3 and 3
            checkUnary(Ops::hardSigmoid, h);
            checkUnary(Ops::hardSilu, h);
        }

        @Test void gradientsStayFiniteForLargeInputs() {
            Tensor x = d(new double[] {-1000, -80, -30, 30, 80, 1000}, 6);
            for (var f : List.<java.util.function.UnaryOperator<Tensor>>of(Ops::logSigmoid, v -> Ops.gelu(v, true), v -> Ops.gelu(v, false),
                    Ops::silu, Ops::mish, Ops::selu, v -> Ops.elu(v, 1.0), Ops::softplus, Ops::sigmoid, Ops::tanh, Ops::hardSilu)) {
                try (GradientTape tape = new GradientTape()) {
                    tape.watch(x);
                    Tensor y = f.apply(x);
                    for (double v : y.doubles()) assertEquals(true, Double.isFinite(v), "forward " + y);
                    for (double v : tape.gradient(y, x).doubles()) assertEquals(true, Double.isFinite(v), "gradient of " + y);
                }
            }
            // and the values approach their limits
            assertArrayEquals(new double[] {-1000, -80, -30, -9.357622968840175e-14, -1.8048513878454153e-35, 0},
                    Ops.logSigmoid(x).doubles(), 1e-12);
            checkUnary(Ops::logSigmoid, d(new double[] {-40, -20, 20, 40}, 4));
            checkUnary(Ops::mish, d(new double[] {-40, -20, 20, 40}, 4));
        }

        @Test void softmaxAndLogSoftmaxOnEachAxis() {
            Tensor x = random(65, 3, 4);
            checkUnary(v -> Ops.softmax(v, -1), x);
            checkUnary(v -> Ops.softmax(v, 0), x);
            checkUnary(v -> Ops.logSoftmax(v, -1), x);
            checkUnary(v -> Ops.logSoftmax(v, 0), x);
            checkUnary(v -> Ops.softmax(v, 1), random(66, 2, 3, 4));
            checkUnary(v -> Ops.logSoftmax(v, 1), random(67, 2, 3, 4));
        }
    }

    @Nested class Reductions {
        @Test void sumAndMeanWithAxesAndKeepDims() {
            Tensor x = random(68, 2, 3, 4);
            checkUnary(Ops::sum, x);
            checkUnary(v -> Ops.sum(v, 1), x);
            checkUnary(v -> Ops.sum(v, new int[] {0, 2}, true), x);
            checkUnary(v -> Ops.sum(v, new int[] {-1}, false), x);
            checkUnary(v -> Ops.sum(v, new int[0], false), x);
            checkUnary(Ops::mean, x);
            checkUnary(v -> Ops.mean(v, new int[] {0, 2}, false), x);
            checkUnary(v -> Ops.mean(v, new int[] {1}, true), x);
        }

        @Test void maxMinWithoutTies() {
            Tensor x = distinct(69, 2, 3, 4);
            checkUnary(Ops::max, x);
            checkUnary(Ops::min, x);
            checkUnary(v -> Ops.max(v, new int[] {1}, false), x);
            checkUnary(v -> Ops.min(v, new int[] {0, 2}, true), x);
        }

        @Test void maxSplitsTheGradientEquallyBetweenTies() {
            Tensor x = d(new double[] {1, 3, 3, 2, 5, 5, 5, 0}, 2, 4);
            try (GradientTape tape = new GradientTape()) {
                tape.watch(x);
                Tensor g = tape.gradient(Ops.max(x, new int[] {1}, false), x);
                assertArrayEquals(new double[] {0, 0.5, 0.5, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 0}, g.doubles(), 1e-15);
            }
            try (GradientTape tape = new GradientTape()) {
                tape.watch(x);
                Tensor g = tape.gradient(Ops.min(x), x);
                assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 1}, g.doubles(), 1e-15);
            }
        }

        @Test void prodIncludingZeros() {
            checkUnary(v -> Ops.prod(v, new int[] {1}, false), uniform(70, 0.5, 1.5, 2, 3));
            checkUnary(v -> Ops.prod(v, null, false), random(71, 2, 3));
            // one zero: its gradient is the product of the others; two zeros: all gradients 0
            checkUnary(v -> Ops.prod(v, new int[] {1}, true), d(new double[] {2, 0, 3, 0, 0, 5, 1, 2, 4}, 3, 3));
        }

        @Test void logsumexpVarianceStd() {
            Tensor x = random(72, 2, 3, 4);
            checkUnary(v -> Ops.logsumexp(v, null, false), x);
            checkUnary(v -> Ops.logsumexp(v, new int[] {1}, false), x);
            checkUnary(v -> Ops.logsumexp(v, new int[] {0, 2}, true), x);
            checkUnary(v -> Ops.logsumexp(v, new int[] {-1}, false), d(new double[] {1000, 1001, -1000, -1001}, 2, 2));
            checkUnary(v -> Ops.variance(v, new int[] {1}, false), x);
            checkUnary(v -> Ops.std(v, new int[] {0, 2}, true), x);
        }

        @Test void norm() {
            Tensor x = random(73, 2, 3, 4);
            checkUnary(Ops::norm, x);
            checkUnary(v -> Ops.norm(v, new int[] {-1}, false), x);
            checkUnary(v -> Ops.norm(v, new int[] {0, 1}, true), x);
            // at zero the gradient is 0, not NaN
            Tensor z = d(new double[] {0, 0, 3, 4}, 2, 2);
            try (GradientTape tape = new GradientTape()) {
                tape.watch(z);
                assertArrayEquals(new double[] {0, 0, 0.6, 0.8}, tape.gradient(Ops.norm(z, new int[] {1}, false), z).doubles(), 1e-15);
            }
        }

        @Test void cumsum() {
            checkUnary(v -> Ops.cumsum(v, 1), random(74, 2, 3, 4));
            checkUnary(v -> Ops.cumsum(v, 0), random(75, 3, 2));
            checkUnary(Ops::cumsum, random(76, 2, 3));
        }
    }

    @Nested class Matmul {
        private void all(Tensor a, Tensor b) {
            check(xs -> Ops.matmul(xs.get(0), xs.get(1)), a, b);
        }

        @Test void plainMatrices() { all(random(77, 3, 4), random(78, 4, 5)); }

        @Test void everyTransposeFlag() {
            check(xs -> Ops.matmul(xs.get(0), xs.get(1), false, false), random(79, 3, 4), random(80, 4, 2));
            check(xs -> Ops.matmul(xs.get(0), xs.get(1), true, false), random(81, 4, 3), random(82, 4, 2));
            check(xs -> Ops.matmul(xs.get(0), xs.get(1), false, true), random(83, 3, 4), random(84, 2, 4));
            check(xs -> Ops.matmul(xs.get(0), xs.get(1), true, true), random(85, 4, 3), random(86, 2, 4));
        }

        @Test void batchedAndBroadcastBatchDims() {
            all(random(87, 2, 3, 4), random(88, 2, 4, 5));
            all(random(89, 2, 3, 4), random(90, 4, 5));
            all(random(91, 3, 4), random(92, 2, 4, 5));
            all(random(93, 2, 1, 3, 4), random(94, 3, 4, 2));
            check(xs -> Ops.matmul(xs.get(0), xs.get(1), true, true), random(95, 2, 1, 4, 3), random(96, 3, 2, 4));
            check(xs -> Ops.matmul(xs.get(0), xs.get(1), true, false), random(97, 2, 4, 3), random(98, 4, 2));
        }

        @Test void oneDimensionalOperands() {
            all(random(99, 4), random(100, 4));          // dot product: a scalar
            all(random(101, 4), random(102, 4, 3));      // vector @ matrix
            all(random(103, 3, 4), random(104, 4));      // matrix @ vector
            all(random(105, 2, 3, 4), random(106, 4));   // batched matrix @ vector
            all(random(107, 4), random(108, 2, 4, 3));   // vector @ batched matrix
        }
    }

    @Nested class ShapeOps {
        @Test void reshapeTransposeExpandSqueezeFlatten() {
            Tensor x = random(109, 2, 3, 4);
            checkUnary(v -> Ops.multiply(Ops.reshape(v, 4, -1), Ops.reshape(random(1, 4, 6), 4, 6)), x);
            checkUnary(v -> Ops.transpose(v, 2, 0, 1), x);
            checkUnary(v -> Ops.transpose(v), x);
            checkUnary(v -> Ops.expandDims(v, -1), x);
            checkUnary(v -> Ops.squeeze(Ops.expandDims(v, 1), 1), x);
            checkUnary(v -> Ops.squeeze(v), random(110, 1, 3, 1));
            checkUnary(Ops::flattenBatch, x);
        }

        @Test void broadcastTo() {
            checkUnary(v -> Ops.broadcastTo(v, Shape.of(2, 3, 4)), random(111, 3, 1));
            checkUnary(v -> Ops.broadcastTo(v, Shape.of(2, 3)), random(112));
        }

        @Test void concatenateStackSplit() {
            check(xs -> Ops.concatenate(xs, 1), random(113, 2, 1, 3), random(114, 2, 4, 3), random(115, 2, 2, 3));
            check(xs -> Ops.concatenate(xs, -1), random(116, 2, 2), random(117, 2, 3));
            check(xs -> Ops.stack(xs, 0), random(118, 2, 3), random(119, 2, 3));
            check(xs -> Ops.stack(xs, -1), random(120, 2, 3), random(121, 2, 3), random(122, 2, 3));
            check(xs -> Ops.stack(xs, -2), random(123, 2, 3), random(124, 2, 3));
            checkUnary(v -> {
                List<Tensor> parts = Ops.split(v, 3, 1);
                return Ops.add(Ops.multiply(parts.get(0), 2.0), Ops.multiply(parts.get(2), parts.get(1)));
            }, random(125, 2, 6));
            checkUnary(v -> {
                List<Tensor> parts = Ops.split(v, new int[] {1, 4}, -1);
                return Ops.concatenate(List.of(Ops.multiply(parts.get(2), 3.0), Ops.square(parts.get(0)), parts.get(1)), -1);
            }, random(126, 2, 6));
        }

        @Test void slicing() {
            Tensor x = random(127, 4, 5, 6);
            checkUnary(v -> Ops.slice(v, new int[] {1, 0, 2}, new int[] {2, -1, 3}), x);
            checkUnary(v -> Ops.sliceAxis(v, 1, 1, 4), x);
            checkUnary(v -> Ops.sliceAxis(v, 2, 0, Ops.END, 2), x);
            checkUnary(v -> Ops.sliceAxis(v, 2, 5, 0, -2), x);
            checkUnary(v -> Ops.sliceAxis(v, 0, Ops.END, Ops.START, -1), x);
            checkUnary(v -> Ops.sliceAxis(v, 1, -4, -1, 3), x);
            checkUnary(v -> Ops.stridedSlice(v, new int[] {3, 0, 1}, new int[] {0, 5, 6}, new int[] {-1, 2, 3}), x);
            checkUnary(v -> Ops.slice(v, "1:3, ::-2, 4"), x);
            checkUnary(v -> Ops.slice(v, "..., None, ::3"), x);
            checkUnary(v -> Ops.flip(v, 0, 2), x);
        }

        @Test void padTakeTakeAlongAxis() {
            checkUnary(v -> Ops.pad(v, new int[][] {{1, 0}, {2, 3}}, 0.5), random(128, 2, 3));
            Tensor idx = Tensor.of(new int[] {2, 0, 2, -1, 1}, 5);
            checkUnary(v -> Ops.take(v, idx, 1), random(129, 2, 3, 2));
            checkUnary(v -> Ops.take(v, Tensor.of(new int[] {1, 1, 0, 2}, 2, 2), 0), random(130, 3, 2));
            Tensor along = Tensor.of(new int[] {2, 0, 1, 1, 0, 0}, 2, 3);
            checkUnary(v -> Ops.takeAlongAxis(v, along, 1), random(131, 2, 4));
            checkUnary(v -> Ops.takeAlongAxis(v, Tensor.of(new int[] {1, 0}, 1, 2), 0), random(132, 2, 2));
        }

        @Test void tileRepeat() {
            checkUnary(v -> Ops.tile(v, 2, 3), random(133, 2, 3));
            checkUnary(v -> Ops.tile(v, 2, 1, 2), random(134, 3, 2));
            checkUnary(v -> Ops.repeat(v, 3, 1), random(135, 2, 3));
            checkUnary(v -> Ops.repeat(v, new int[] {2, 0, 3}, 0), random(136, 3, 2));
            checkUnary(v -> Ops.repeat(v, 2), random(137, 2, 2));
        }

        @Test void sortTopKTriangles() {
            checkUnary(v -> Ops.sort(v, 1), distinct(138, 2, 5));
            checkUnary(v -> Ops.sort(v, 0), distinct(139, 4, 3));
            checkUnary(v -> Ops.topK(v, 2).values(), distinct(140, 3, 5));
            checkUnary(Ops::tril, random(141, 2, 3, 4));
            checkUnary(v -> Ops.triu(v, 1), random(142, 4, 3));
            checkUnary(v -> Ops.tril(v, -1), random(143, 3, 3));
        }
    }

    @Nested class Composition {
        @Test void aSmallNetworkLoss() {
            // a dense layer, a softmax cross-entropy and an L2 penalty: many rules chained
            Tensor labels = Tensor.of(new double[] {1, 0, 0, 0, 0, 1}, 2, 3);
            check(xs -> {
                Tensor logits = Ops.add(Ops.matmul(xs.get(0), xs.get(1)), xs.get(2));
                Tensor ce = Ops.negative(Ops.sum(Ops.multiply(labels, Ops.logSoftmax(logits, -1)), new int[] {-1}, false));
                return Ops.add(Ops.mean(ce), Ops.multiply(Ops.sum(Ops.square(xs.get(1))), 0.01));
            }, random(144, 2, 4), random(145, 4, 3), random(146, 3));
        }

        @Test void unbroadcastIsTheAdjointOfBroadcasting() {
            checkUnary(v -> Ops.unbroadcast(v, Shape.of(3, 1)), random(147, 2, 3, 4));
        }

        @Test void unconnectedInputGetsNull() {
            Tensor x = random(148, 3), y = random(149, 3);
            try (GradientTape tape = new GradientTape()) {
                tape.watch(x);
                tape.watch(y);
                List<Tensor> g = tape.gradients(Ops.sum(Ops.square(x)), List.of(x, y));
                assertNull(g.get(1));
            }
        }
    }
}
