package io.jkeras.ops;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.jkeras.ops.NNOpsConvTest.assertClose;
import static io.jkeras.ops.NNOpsConvTest.flat;
import static io.jkeras.ops.NNOpsConvTest.rnd;
import static io.jkeras.ops.NNOpsConvTest.unflat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Max and average pooling against a direct reference, hand-computed windows and finite differences. */
class NNOpsPoolTest {

    /** Direct pooling, channels last: the max or the mean of the real cells of each window. */
    static double[] referencePool(double[] x, int[] xs, int[] p, int[] s, String padding, boolean max, int[] outSp) {
        int sp = xs.length - 2, n = xs[0], c = xs[xs.length - 1];
        int[] in = Arrays.copyOfRange(xs, 1, 1 + sp), pb = new int[sp];
        int outCells = 1, inCells = 1, taps = 1;
        for (int i = 0; i < sp; i++) {
            if (padding.equals("valid")) outSp[i] = (in[i] - p[i]) / s[i] + 1;
            else {
                outSp[i] = (in[i] + s[i] - 1) / s[i];
                pb[i] = Math.max((outSp[i] - 1) * s[i] + p[i] - in[i], 0) / 2;
            }
            outCells *= outSp[i];
            inCells *= in[i];
            taps *= p[i];
        }
        double[] y = new double[n * outCells * c];
        for (int b = 0; b < n; b++) for (int o = 0; o < outCells; o++) for (int ch = 0; ch < c; ch++) {
            int[] oi = unflat(o, outSp);
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            int count = 0;
            for (int t = 0; t < taps; t++) {
                int[] ti = unflat(t, p), pos = new int[sp];
                boolean ok = true;
                for (int i = 0; i < sp; i++) {
                    pos[i] = oi[i] * s[i] + ti[i] - pb[i];
                    if (pos[i] < 0 || pos[i] >= in[i]) ok = false;
                }
                if (!ok) continue;
                double v = x[(b * inCells + flat(pos, in)) * c + ch];
                acc = max ? Math.max(acc, v) : acc + v;
                count++;
            }
            y[(b * outCells + o) * c + ch] = max ? acc : acc / count;
        }
        return y;
    }

    record Case(int[] xs, int[] p, int[] s, String padding) {}

    static final List<Case> CASES = List.of(
            new Case(new int[] {2, 9, 3}, new int[] {2}, new int[] {2}, "valid"),
            new Case(new int[] {2, 9, 3}, new int[] {3}, new int[] {2}, "same"),
            new Case(new int[] {1, 8, 2}, new int[] {3}, new int[] {1}, "same"),
            new Case(new int[] {2, 5, 7, 2}, new int[] {2, 2}, new int[] {2, 2}, "valid"),
            new Case(new int[] {2, 5, 7, 2}, new int[] {2, 2}, new int[] {2, 2}, "same"),
            new Case(new int[] {1, 7, 6, 3}, new int[] {3, 2}, new int[] {2, 3}, "same"),
            new Case(new int[] {1, 7, 6, 3}, new int[] {3, 3}, new int[] {1, 1}, "valid"),
            new Case(new int[] {1, 5, 4, 5, 2}, new int[] {2, 2, 3}, new int[] {2, 1, 2}, "same"),
            new Case(new int[] {2, 4, 5, 3, 1}, new int[] {2, 2, 2}, new int[] {2, 2, 2}, "valid"));

    @Test void forwardMatchesReference() {
        long seed = 1;
        for (Case cs : CASES) {
            Tensor x = rnd(seed++, cs.xs);
            for (boolean max : new boolean[] {true, false}) {
                int[] out = new int[cs.p.length];
                double[] ref = referencePool(x.doubles(), cs.xs, cs.p, cs.s, cs.padding, max, out);
                Tensor y = max ? NNOps.maxPool(x, cs.p, cs.s, cs.padding, null) : NNOps.averagePool(x, cs.p, cs.s, cs.padding, null);
                for (int i = 0; i < out.length; i++) {
                    assertEquals(out[i], y.dim(1 + i), cs + " axis " + i);
                    assertEquals(out[i], NNOps.poolOutputLength(cs.xs[1 + i], cs.p[i], cs.s[i], cs.padding));
                }
                assertClose(ref, y.doubles(), 1e-14, cs + (max ? " max" : " avg"));
                Tensor y32 = max ? NNOps.maxPool(Ops.cast(x, DType.FLOAT32), cs.p, cs.s, cs.padding, null)
                        : NNOps.averagePool(Ops.cast(x, DType.FLOAT32), cs.p, cs.s, cs.padding, null);
                assertEquals(DType.FLOAT32, y32.dtype());
                assertClose(ref, y32.toDoubleArray(), 1e-6, cs + (max ? " max f32" : " avg f32"));
            }
        }
    }

    @Test void handComputedSameAverageDividesByRealCells() {
        // 1-d, length 5, pool 3, stride 2, same: out 3, total pad 2 -> 1 before, 1 after
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5}, 1, 5, 1);
        assertArrayEquals(new double[] {1.5, 3, 4.5}, NNOps.averagePool(x, new int[] {3}, new int[] {2}, "same", null).doubles());
        assertArrayEquals(new double[] {2, 4, 5}, NNOps.maxPool(x, new int[] {3}, new int[] {2}, "same", null).doubles());
        // default strides = pool size; the leftover cell is dropped in 'valid'
        assertArrayEquals(new double[] {2, 4}, NNOps.maxPool(x, new int[] {2}, null, "valid", null).doubles());
        // negative values: padding (here one cell after the end) must not win a max
        Tensor neg = Tensor.of(new double[] {-3, -2, -1}, 1, 3, 1);
        assertArrayEquals(new double[] {-2, -1}, NNOps.maxPool(neg, new int[] {2}, null, "same", null).doubles());
        assertArrayEquals(new double[] {-2.5, -1}, NNOps.averagePool(neg, new int[] {2}, null, "same", null).doubles());
    }

    @Test void channelsFirst() {
        Tensor x = rnd(7, 2, 6, 5, 3);
        Tensor last = NNOps.maxPool(x, new int[] {2}, new int[] {1, 2}, "same", null);
        Tensor first = NNOps.maxPool(Ops.transpose(x, 0, 3, 1, 2), new int[] {2}, new int[] {1, 2}, "same", "channels_first");
        assertClose(Ops.transpose(last, 0, 3, 1, 2).doubles(), first.doubles(), 0, "max channels_first");
        Tensor alast = NNOps.averagePool(x, new int[] {3, 2}, null, "valid", null);
        Tensor afirst = NNOps.averagePool(Ops.transpose(x, 0, 3, 1, 2), new int[] {3, 2}, null, "valid", "channels_first");
        assertClose(Ops.transpose(alast, 0, 3, 1, 2).doubles(), afirst.doubles(), 1e-15, "avg channels_first");
    }

    @Test void gradientsMatchFiniteDifferences() {
        long seed = 50;
        for (Case cs : CASES) {
            // distinct values keep the max away from ties, where it has no derivative
            Tensor x = rnd(seed++, cs.xs);
            FiniteDifferences.check(t -> NNOps.maxPool(t, cs.p, cs.s, cs.padding, null), x, 1e-6);
            FiniteDifferences.check(t -> NNOps.averagePool(t, cs.p, cs.s, cs.padding, null), x, 1e-6);
        }
        FiniteDifferences.check(t -> NNOps.maxPool(t, new int[] {2}, new int[] {1}, "same", "channels_first"), rnd(9, 2, 3, 4, 5), 1e-6);
    }

    @Test void maxPoolGradientGoesToTheFirstMaximumOnTies() {
        Tensor x = Tensor.of(new double[] {5, 5, 1, 7}, 1, 4, 1);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = NNOps.maxPool(x, new int[] {2}, null, "valid", null);
            assertArrayEquals(new double[] {1, 0, 0, 1}, tape.gradient(Ops.sum(y), x).doubles());
        }
    }

    @Test void secondOrderThroughPooling() {
        // the gradient of a pooled square is linear in the pooled values; its own gradient must flow back
        Tensor x = rnd(60, 1, 6, 5, 2);
        FiniteDifferences.check(t -> {
            try (GradientTape inner = new GradientTape()) {
                inner.watch(t);
                Tensor l = Ops.sum(Ops.square(NNOps.maxPool(t, new int[] {2}, null, "same", null)));
                Tensor l2 = Ops.add(l, Ops.sum(Ops.square(NNOps.averagePool(t, new int[] {3}, new int[] {2}, "same", null))));
                return inner.gradient(l2, t);
            }
        }, x, 1e-5);
    }

    @Test void errors() {
        Tensor x = Tensor.zeros(1, 3, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NNOps.maxPool(x, new int[] {5}, new int[] {1}, "valid", null));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.averagePool(x, new int[] {2}, null, "causal", null));
        assertTrue(e.getMessage().contains("padding=causal"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.maxPool(x, new int[] {2, 2, 2}, null, "valid", null));
        assertTrue(e.getMessage().contains("pool_size"), e.getMessage());
    }
}
