package io.jkeras.ops;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolution ops against a direct (loop-per-tap) float64 reference written from the definition,
 * shape rules, adjoint identities and finite-difference gradients.
 */
class NNOpsConvTest {

    // ---------------------------------------------------------------- reference

    /** TensorFlow's 'same' padding before: the smaller half of the total. */
    static int samePadBefore(int in, int k, int s, int d) {
        int effk = (k - 1) * d + 1;
        int out = (in + s - 1) / s;
        return Math.max((out - 1) * s + effk - in, 0) / 2;
    }

    /** Direct convolution, channels last; kernel [k..., C/groups, F]. */
    static double[] referenceConv(double[] x, int[] xs, double[] w, int[] ws, double[] b, int[] s, int[] d, int[] pb, int[] outSp) {
        int sp = xs.length - 2, n = xs[0], c = xs[xs.length - 1], cg = ws[sp], f = ws[sp + 1], groups = c / cg, fg = f / groups;
        int[] in = Arrays.copyOfRange(xs, 1, 1 + sp), k = Arrays.copyOfRange(ws, 0, sp);
        int outCells = 1, taps = 1, inCells = 1;
        for (int i = 0; i < sp; i++) { outCells *= outSp[i]; taps *= k[i]; inCells *= in[i]; }
        double[] y = new double[n * outCells * f];
        for (int b0 = 0; b0 < n; b0++) {
            for (int o = 0; o < outCells; o++) {
                int[] oi = unflat(o, outSp);
                for (int fo = 0; fo < f; fo++) {
                    int gi = fo / fg;
                    double acc = b == null ? 0 : b[fo];
                    for (int t = 0; t < taps; t++) {
                        int[] ti = unflat(t, k);
                        int[] pos = new int[sp];
                        boolean ok = true;
                        for (int i = 0; i < sp; i++) {
                            pos[i] = oi[i] * s[i] + ti[i] * d[i] - pb[i];
                            if (pos[i] < 0 || pos[i] >= in[i]) ok = false;
                        }
                        if (!ok) continue;
                        int cell = flat(pos, in);
                        for (int ci = 0; ci < cg; ci++) {
                            acc += x[(b0 * inCells + cell) * c + gi * cg + ci] * w[(t * cg + ci) * f + fo];
                        }
                    }
                    y[(b0 * outCells + o) * f + fo] = acc;
                }
            }
        }
        return y;
    }

    static int[] unflat(int i, int[] dims) {
        int[] r = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) { r[a] = i % dims[a]; i /= dims[a]; }
        return r;
    }

    static int flat(int[] idx, int[] dims) {
        int r = 0;
        for (int a = 0; a < dims.length; a++) r = r * dims[a] + idx[a];
        return r;
    }

    static Tensor rnd(long seed, int... shape) { return FiniteDifferences.randomDouble(seed, shape); }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": size");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol * Math.max(1, Math.abs(expected[i]))))
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    record Case(int[] xs, int[] k, int f, int groups, int[] s, int[] d, String padding) {}

    static final List<Case> CASES = List.of(
            new Case(new int[] {2, 7, 3}, new int[] {3}, 4, 1, new int[] {1}, new int[] {1}, "valid"),
            new Case(new int[] {2, 7, 3}, new int[] {3}, 4, 1, new int[] {2}, new int[] {1}, "same"),
            new Case(new int[] {1, 8, 2}, new int[] {2}, 3, 1, new int[] {3}, new int[] {1}, "same"),
            new Case(new int[] {2, 9, 2}, new int[] {3}, 2, 1, new int[] {1}, new int[] {2}, "causal"),
            new Case(new int[] {2, 9, 4}, new int[] {3}, 6, 2, new int[] {2}, new int[] {1}, "valid"),
            new Case(new int[] {2, 6, 5, 3}, new int[] {3, 2}, 4, 1, new int[] {1, 1}, new int[] {1, 1}, "valid"),
            new Case(new int[] {2, 7, 7, 2}, new int[] {3, 3}, 3, 1, new int[] {2, 2}, new int[] {1, 1}, "same"),
            new Case(new int[] {1, 8, 6, 2}, new int[] {4, 3}, 3, 1, new int[] {3, 2}, new int[] {1, 1}, "same"),
            new Case(new int[] {1, 9, 8, 2}, new int[] {3, 3}, 2, 1, new int[] {1, 1}, new int[] {2, 3}, "same"),
            new Case(new int[] {1, 9, 8, 2}, new int[] {3, 2}, 2, 1, new int[] {1, 1}, new int[] {2, 2}, "valid"),
            new Case(new int[] {2, 5, 5, 6}, new int[] {3, 3}, 4, 2, new int[] {1, 2}, new int[] {1, 1}, "same"),
            new Case(new int[] {2, 5, 5, 4}, new int[] {1, 1}, 8, 4, new int[] {1, 1}, new int[] {1, 1}, "valid"),
            new Case(new int[] {2, 5, 5, 3}, new int[] {1, 1}, 4, 1, new int[] {1, 1}, new int[] {1, 1}, "same"),
            new Case(new int[] {2, 5, 5, 3}, new int[] {1, 1}, 4, 1, new int[] {2, 2}, new int[] {1, 1}, "valid"),
            new Case(new int[] {1, 4, 5, 3, 2}, new int[] {2, 3, 2}, 3, 1, new int[] {1, 2, 1}, new int[] {1, 1, 1}, "same"),
            new Case(new int[] {2, 5, 4, 4, 2}, new int[] {3, 2, 2}, 2, 1, new int[] {2, 1, 1}, new int[] {1, 2, 1}, "valid"));

    static int[] expectedOut(Case cs, int[] pbOut) {
        int sp = cs.k.length;
        int[] out = new int[sp];
        for (int i = 0; i < sp; i++) {
            int in = cs.xs[1 + i], effk = (cs.k[i] - 1) * cs.d[i] + 1;
            switch (cs.padding) {
                case "valid" -> { out[i] = (in - effk) / cs.s[i] + 1; pbOut[i] = 0; }
                case "same" -> { out[i] = (in + cs.s[i] - 1) / cs.s[i]; pbOut[i] = samePadBefore(in, cs.k[i], cs.s[i], cs.d[i]); }
                default -> { out[i] = (in + cs.s[i] - 1) / cs.s[i]; pbOut[i] = effk - 1; }
            }
        }
        return out;
    }

    static int[] kernelShape(Case cs) {
        int sp = cs.k.length;
        int[] ws = Arrays.copyOf(cs.k, sp + 2);
        ws[sp] = cs.xs[cs.xs.length - 1] / cs.groups;
        ws[sp + 1] = cs.f;
        return ws;
    }

    // ---------------------------------------------------------------- forward

    @Test void forwardMatchesDirectReferenceInFloat64AndFloat32() {
        long seed = 1;
        for (Case cs : CASES) {
            int sp = cs.k.length;
            int[] ws = kernelShape(cs);
            Tensor x = rnd(seed++, cs.xs), w = rnd(seed++, ws), b = rnd(seed++, cs.f);
            int[] pb = new int[sp];
            int[] out = expectedOut(cs, pb);
            double[] ref = referenceConv(x.doubles(), cs.xs, w.doubles(), ws, b.doubles(), cs.s, cs.d, pb, out);
            Tensor y = NNOps.conv(x, w, b, cs.s, cs.padding, null, cs.d);
            int[] expShape = new int[sp + 2];
            expShape[0] = cs.xs[0];
            System.arraycopy(out, 0, expShape, 1, sp);
            expShape[sp + 1] = cs.f;
            assertArrayEquals(expShape, y.shape().toArray(), cs.toString());
            assertEquals(DType.FLOAT64, y.dtype());
            assertClose(ref, y.doubles(), 1e-12, cs.toString());

            Tensor y32 = NNOps.conv(Ops.cast(x, DType.FLOAT32), Ops.cast(w, DType.FLOAT32), Ops.cast(b, DType.FLOAT32), cs.s, cs.padding, null, cs.d);
            assertEquals(DType.FLOAT32, y32.dtype());
            assertClose(ref, y32.toDoubleArray(), 1e-5, cs + " float32");
        }
    }

    @Test void channelsFirstIsTheTransposedChannelsLast() {
        Tensor x = rnd(3, 2, 6, 5, 3), w = rnd(4, 3, 3, 3, 4), b = rnd(5, 4);
        Tensor last = NNOps.conv(x, w, b, new int[] {2, 1}, "same", "channels_last", null);
        Tensor xf = Ops.transpose(x, 0, 3, 1, 2);
        Tensor first = NNOps.conv(xf, w, b, new int[] {2, 1}, "same", "channels_first", null);
        assertArrayEquals(new int[] {2, 4, 3, 5}, first.shape().toArray());
        assertClose(Ops.transpose(last, 0, 3, 1, 2).doubles(), first.doubles(), 1e-13, "channels_first");
    }

    @Test void convWithoutBiasAndIntegerInputs() {
        Tensor x = Tensor.of(new int[] {1, 2, 3, 4, 5}, 1, 5, 1);
        Tensor w = Tensor.of(new float[] {1, 10}, 2, 1, 1);
        Tensor y = NNOps.conv(x, w);
        assertEquals(DType.FLOAT32, y.dtype());
        assertArrayEquals(new float[] {21, 32, 43, 54}, y.floats());
    }

    @Test void handComputedSamePaddingPutsTheSmallerHalfBefore() {
        // length 4, kernel 4, stride 1: total padding 3, 1 before and 2 after
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 4, 1);
        Tensor w = Tensor.of(new double[] {1, 1, 1, 1}, 4, 1, 1);
        Tensor y = NNOps.conv(x, w, new int[] {1}, "same", null, null);
        // windows: [0,1,2,3] [1,2,3,4] [2,3,4,0] [3,4,0,0]
        assertArrayEquals(new double[] {6, 10, 9, 7}, y.doubles());
        // causal: pads 3 before
        Tensor c = NNOps.conv(x, w, new int[] {1}, "causal", null, null);
        assertArrayEquals(new double[] {1, 3, 6, 10}, c.doubles());
    }

    // ---------------------------------------------------------------- shape rules

    @Test void outputLengthRules() {
        assertEquals(3, NNOps.convOutputLength(7, 3, 2, 1, "valid"));
        assertEquals(4, NNOps.convOutputLength(7, 3, 2, 1, "same"));
        assertEquals(2, NNOps.convOutputLength(8, 3, 3, 1, "valid"));   // stride does not divide
        assertEquals(3, NNOps.convOutputLength(8, 3, 3, 1, "same"));
        assertEquals(5, NNOps.convOutputLength(9, 3, 1, 2, "valid"));   // dilated kernel spans 5
        assertEquals(9, NNOps.convOutputLength(9, 3, 1, 2, "causal"));
        assertEquals(0, NNOps.convOutputLength(2, 3, 1, 1, "valid"));
        assertEquals(Shape.UNKNOWN, NNOps.convOutputLength(Shape.UNKNOWN, 3, 1, 1, "valid"));
        // transposed: valid in*s + max(k-s, 0); same in*s; with output padding (in-1)*s + k - 2*(k/2) + op
        assertEquals(11, NNOps.convTransposeOutputLength(5, 3, 2, 1, "valid", null));
        assertEquals(10, NNOps.convTransposeOutputLength(5, 3, 2, 1, "same", null));
        assertEquals(15, NNOps.convTransposeOutputLength(5, 2, 3, 1, "valid", null));
        assertEquals(12, NNOps.convTransposeOutputLength(5, 3, 2, 1, "valid", 1));
        assertEquals(10, NNOps.convTransposeOutputLength(5, 3, 2, 1, "same", 1));
        assertEquals(9, NNOps.convTransposeOutputLength(5, 4, 2, 1, "same", 1));
    }

    @Test void clearErrors() {
        Tensor x = Tensor.zeros(2, 5, 5, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NNOps.conv(x, Tensor.zeros(3, 3, 2, 4)));
        assertTrue(e.getMessage().contains("evenly divisible") && e.getMessage().contains("(2, 5, 5, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.conv(x, Tensor.zeros(3, 3, 3)));
        assertTrue(e.getMessage().contains("rank 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.conv(x, Tensor.zeros(7, 3, 3, 4)));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.conv(x, Tensor.zeros(3, 3, 3, 4), null, "full", null, null));
        assertTrue(e.getMessage().contains("padding=full"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.conv(x, Tensor.zeros(3, 3, 3, 4), null, "causal", null, null));
        assertTrue(e.getMessage().contains("causal"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.conv(x, Tensor.zeros(3, 3, 3, 4), new int[] {1, 2, 3}, "valid", null, null));
        assertTrue(e.getMessage().contains("strides"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.conv(x, Tensor.zeros(3, 3, 3, 4), null, "valid", "nhwc", null));
        assertTrue(e.getMessage().contains("data_format"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.conv(Tensor.zeros(5, 3), Tensor.zeros(3, 3, 4)));
        assertTrue(e.getMessage().contains("rank 3, 4 or 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NNOps.convTranspose(x, Tensor.zeros(3, 3, 4, 3), new int[] {2}, "same", new int[] {2}, null, null));
        assertTrue(e.getMessage().contains("output_padding"), e.getMessage());
    }

    // ---------------------------------------------------------------- depthwise, separable, transposed

    @Test void depthwiseIsAGroupedConvolutionWithChannelMajorOutputs() {
        Tensor x = rnd(11, 2, 6, 6, 3), k = rnd(12, 3, 3, 3, 2);
        Tensor y = NNOps.depthwiseConv(x, k, new int[] {2}, "same", null, null);
        assertArrayEquals(new int[] {2, 3, 3, 6}, y.shape().toArray());
        // output channel c*dm + m is input channel c convolved with k[..., c, m]
        for (int c = 0; c < 3; c++) {
            for (int m = 0; m < 2; m++) {
                Tensor xc = Ops.sliceAxis(x, 3, c, c + 1);
                Tensor kc = Ops.reshape(Ops.sliceAxis(Ops.sliceAxis(k, 2, c, c + 1), 3, m, m + 1), 3, 3, 1, 1);
                Tensor ref = NNOps.conv(xc, kc, new int[] {2}, "same", null, null);
                assertClose(ref.doubles(), Ops.sliceAxis(y, 3, c * 2 + m, c * 2 + m + 1).toDoubleArray(), 1e-13, "channel " + c + "," + m);
            }
        }
    }

    @Test void separableIsDepthwiseThenPointwise() {
        Tensor x = rnd(13, 2, 6, 5, 3), dk = rnd(14, 3, 3, 3, 2), pk = rnd(15, 1, 1, 6, 4), b = rnd(16, 4);
        Tensor y = NNOps.separableConv(x, dk, pk, b, null, "valid", null, null);
        Tensor d = NNOps.depthwiseConv(x, dk, null, "valid", null, null);
        Tensor ref = Ops.add(Ops.matmul(d, Ops.reshape(pk, 6, 4)), b);
        assertArrayEquals(new int[] {2, 4, 3, 4}, y.shape().toArray());
        assertClose(ref.doubles(), y.doubles(), 1e-12, "separable");
    }

    /** <convT(x, W), y> = <x, conv(y, W)>: the transposed convolution is the adjoint of the convolution with the same settings. */
    @Test void transposedConvolutionIsTheAdjointOfConvolution() {
        record T(int[] xs, int[] k, int f, int[] s, String padding, int[] op) {}
        List<T> ts = List.of(
                new T(new int[] {2, 5, 3}, new int[] {3}, 2, new int[] {2}, "valid", null),
                new T(new int[] {2, 5, 3}, new int[] {3}, 2, new int[] {2}, "same", null),
                new T(new int[] {1, 4, 5, 2}, new int[] {3, 3}, 3, new int[] {2, 2}, "same", null),
                new T(new int[] {1, 4, 5, 2}, new int[] {4, 3}, 3, new int[] {2, 1}, "same", null),
                new T(new int[] {1, 4, 5, 2}, new int[] {2, 2}, 3, new int[] {3, 3}, "valid", null),
                new T(new int[] {1, 4, 5, 2}, new int[] {3, 3}, 3, new int[] {2, 2}, "valid", new int[] {1, 1}),
                new T(new int[] {1, 4, 3, 2}, new int[] {3, 2}, 3, new int[] {2, 3}, "same", new int[] {1, 2}),
                new T(new int[] {1, 3, 4, 3, 2}, new int[] {2, 3, 2}, 2, new int[] {2, 1, 2}, "same", null));
        long seed = 40;
        for (T t : ts) {
            int sp = t.k.length;
            int[] ws = Arrays.copyOf(t.k, sp + 2);
            ws[sp] = t.f;
            ws[sp + 1] = t.xs[sp + 1];
            Tensor x = rnd(seed++, t.xs), w = rnd(seed++, ws);
            Tensor yt = NNOps.convTranspose(x, w, t.s, t.padding, t.op, null, null);
            for (int i = 0; i < sp; i++) {
                assertEquals(NNOps.convTransposeOutputLength(t.xs[1 + i], t.k[i], t.s[i], 1, t.padding, t.op == null ? null : t.op[i]),
                        yt.dim(1 + i), t + " axis " + i);
            }
            Tensor y = rnd(seed++, yt.shape().toArray());
            // the forward convolution of y must give x's shape back, and <yt, y> = <x, conv(y)>
            Tensor back = NNOps.conv(y, w, t.s, t.padding, null, null);
            if (t.op == null) assertArrayEquals(x.shape().toArray(), back.shape().toArray(), t.toString());
            double lhs = Ops.sum(Ops.multiply(yt, y)).item();
            double rhs = Ops.sum(Ops.multiply(x, Ops.slice(back, new int[sp + 2], x.shape().toArray()))).item();
            if (t.op == null) assertEquals(rhs, lhs, 1e-10 * Math.max(1, Math.abs(rhs)), t.toString());
        }
    }

    @Test void transposedHandComputed() {
        // 1-d, stride 2, kernel [1, 10], valid: out length 4 = 2*2 + 0; y[2i + t] += x[i] * w[t]
        Tensor x = Tensor.of(new double[] {1, 2}, 1, 2, 1);
        Tensor w = Tensor.of(new double[] {1, 10}, 2, 1, 1);
        assertArrayEquals(new double[] {1, 10, 2, 20}, NNOps.convTranspose(x, w, new int[] {2}, "valid", null, null, null).doubles());
        // kernel 3, stride 2, valid: length 5; with output padding 1: length 6 (a trailing zero)
        Tensor w3 = Tensor.of(new double[] {1, 10, 100}, 3, 1, 1);
        assertArrayEquals(new double[] {1, 10, 102, 20, 200}, NNOps.convTranspose(x, w3, new int[] {2}, "valid", null, null, null).doubles());
        assertArrayEquals(new double[] {1, 10, 102, 20, 200, 0}, NNOps.convTranspose(x, w3, new int[] {2}, "valid", new int[] {1}, null, null).doubles());
        // same, kernel 3, stride 2: length 4, the full result [1, 10, 102, 20, 200] cropped by floor((3-2)/2)=0 before
        assertArrayEquals(new double[] {1, 10, 102, 20}, NNOps.convTranspose(x, w3, new int[] {2}, "same", null, null, null).doubles());
    }

    // ---------------------------------------------------------------- gradients

    @Test void convGradientsMatchFiniteDifferences() {
        long seed = 100;
        for (Case cs : CASES) {
            int[] ws = kernelShape(cs);
            Tensor x = rnd(seed++, cs.xs), w = rnd(seed++, ws), b = rnd(seed++, cs.f);
            FiniteDifferences.checkAll(in -> NNOps.conv(in.get(0), in.get(1), in.get(2), cs.s, cs.padding, null, cs.d),
                    List.of(x, w, b), 1e-6);
        }
    }

    @Test void fusedReluConvEqualsReluOfConvWithItsGradients() {
        long seed = 300;
        for (Case cs : CASES) {
            int[] ws = kernelShape(cs);
            Tensor x = rnd(seed++, cs.xs), w = rnd(seed++, ws), b = rnd(seed++, cs.f);
            Tensor fused = NNOps.conv(x, w, b, io.jkeras.backend.Epilogue.RELU, cs.s, cs.padding, null, cs.d);
            Tensor plain = Ops.relu(NNOps.conv(x, w, b, cs.s, cs.padding, null, cs.d));
            assertArrayEquals(plain.doubles(), fused.doubles(), 1e-12, cs.toString());
            Tensor x32 = Ops.cast(x, DType.FLOAT32), w32 = Ops.cast(w, DType.FLOAT32), b32 = Ops.cast(b, DType.FLOAT32);
            assertClose(plain.doubles(), NNOps.conv(x32, w32, b32, io.jkeras.backend.Epilogue.RELU, cs.s, cs.padding, null, cs.d).toDoubleArray(),
                    1e-5, cs + " float32");
            // shift the bias away from 0 so that no pre-activation sits on relu's kink for the finite differences
            FiniteDifferences.checkAll(in -> NNOps.conv(in.get(0), in.get(1), in.get(2), io.jkeras.backend.Epilogue.RELU, cs.s, cs.padding, null, cs.d),
                    List.of(x, w, Ops.add(b, 0.05)), 1e-6);
        }
        // the other activations are applied after the convolution
        Tensor x = rnd(401, 2, 6, 5, 3), w = rnd(402, 3, 3, 3, 4), b = rnd(403, 4);
        assertArrayEquals(Ops.tanh(NNOps.conv(x, w, b, null, "same", null, null)).doubles(),
                NNOps.conv(x, w, b, io.jkeras.backend.Epilogue.TANH, null, "same", null, null).doubles(), 1e-12);
    }

    @Test void firstLayerKernelAndBiasGradientsAreTheSameWhetherOrNotTheInputIsWatched() {
        // an unwatched input takes the fused path (relu mask and bias sum inside the kernel gradient)
        for (String padding : new String[] {"valid", "same"}) {
            Tensor x = Ops.cast(rnd(51, 3, 9, 8, 2), DType.FLOAT32), w = Ops.cast(rnd(52, 3, 3, 2, 20), DType.FLOAT32);
            Tensor b = Ops.cast(rnd(53, 20), DType.FLOAT32);
            List<Tensor> fused, plain;
            try (GradientTape tape = new GradientTape()) {
                tape.watch(w);
                tape.watch(b);
                Tensor y = NNOps.conv(x, w, b, io.jkeras.backend.Epilogue.RELU, new int[] {2, 1}, padding, null, null);
                fused = tape.gradients(Ops.sum(Ops.square(y)), List.of(w, b));
            }
            try (GradientTape tape = new GradientTape()) {
                tape.watch(x);
                tape.watch(w);
                tape.watch(b);
                Tensor y = NNOps.conv(x, w, b, io.jkeras.backend.Epilogue.RELU, new int[] {2, 1}, padding, null, null);
                plain = tape.gradients(Ops.sum(Ops.square(y)), List.of(w, b));
            }
            for (int i = 0; i < 2; i++) assertClose(plain.get(i).toDoubleArray(), fused.get(i).toDoubleArray(), 1e-5, padding + " gradient " + i);
        }
    }

    @Test void unwatchedInputGetsNoGradientButTheKernelDoes() {
        Tensor x = Ops.cast(rnd(41, 2, 7, 7, 1), DType.FLOAT32), w = Ops.cast(rnd(42, 3, 3, 1, 4), DType.FLOAT32);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(w);
            Tensor y = NNOps.conv(x, w, null, io.jkeras.backend.Epilogue.RELU, null, "valid", null, null);
            List<Tensor> g = tape.gradients(Ops.sum(y), List.of(x, w));
            assertEquals(null, g.get(0));
            assertEquals(w.shape(), g.get(1).shape());
        }
    }

    @Test void channelsFirstAndDepthwiseAndSeparableGradients() {
        FiniteDifferences.checkAll(in -> NNOps.conv(in.get(0), in.get(1), null, new int[] {2}, "same", "channels_first", null),
                List.of(rnd(1, 2, 3, 5, 4), rnd(2, 3, 2, 3, 2)), 1e-6);
        FiniteDifferences.checkAll(in -> NNOps.depthwiseConv(in.get(0), in.get(1), new int[] {1}, "same", null, new int[] {2}),
                List.of(rnd(3, 2, 5, 5, 2), rnd(4, 3, 3, 2, 2)), 1e-6);
        FiniteDifferences.checkAll(in -> NNOps.separableConv(in.get(0), in.get(1), in.get(2), in.get(3), new int[] {2}, "valid", null, null),
                List.of(rnd(5, 1, 6, 5, 2), rnd(6, 2, 2, 2, 2), rnd(7, 1, 1, 4, 3), rnd(8, 3)), 1e-6);
    }

    @Test void transposedConvGradients() {
        FiniteDifferences.checkAll(in -> NNOps.convTranspose(in.get(0), in.get(1), in.get(2), new int[] {2}, "same", null, null, null),
                List.of(rnd(1, 2, 3, 4, 2), rnd(2, 3, 3, 3, 2), rnd(3, 3)), 1e-6);
        FiniteDifferences.checkAll(in -> NNOps.convTranspose(in.get(0), in.get(1), new int[] {2, 3}, "valid", new int[] {1, 2}, null, null),
                List.of(rnd(4, 1, 3, 2, 2), rnd(5, 2, 3, 2, 2)), 1e-6);
        FiniteDifferences.checkAll(in -> NNOps.convTranspose(in.get(0), in.get(1), new int[] {1}, "same", null, null, new int[] {2}),
                List.of(rnd(6, 2, 5, 2), rnd(7, 3, 3, 2)), 1e-6);
    }

    @Test void secondOrderGradientOfConvolution() {
        // d/dx of sum(grad_w(sum(conv(x, w)^2))) -- the gradient ops are themselves recorded
        Tensor x = rnd(21, 1, 5, 4, 2), w = rnd(22, 3, 2, 2, 3);
        FiniteDifferences.checkAll(in -> {
            Tensor xx = in.get(0), ww = in.get(1);
            try (GradientTape inner = new GradientTape()) {
                inner.watch(ww);
                Tensor y = NNOps.conv(xx, ww, new int[] {2, 1}, "same", null, null);
                Tensor l = Ops.sum(Ops.square(y));
                return inner.gradient(l, ww);
            }
        }, List.of(x, w), 1e-5);
    }

    @Test void convGradientShapesInFloat32() {
        Tensor x = Ops.cast(rnd(31, 3, 6, 6, 2), DType.FLOAT32), w = Ops.cast(rnd(32, 3, 3, 2, 4), DType.FLOAT32);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(w);
            Tensor y = NNOps.conv(x, w, new int[] {2}, "same", null, null);
            List<Tensor> g = tape.gradients(Ops.sum(y), List.of(x, w));
            assertEquals(x.shape(), g.get(0).shape());
            assertEquals(w.shape(), g.get(1).shape());
            // d sum(y) / d w[t, c, f] = sum of the inputs under tap t, channel c: independent of f
            float[] gw = g.get(1).floats();
            for (int i = 0; i < gw.length; i += 4) for (int j = 1; j < 4; j++) assertEquals(gw[i], gw[i + j], 1e-5);
        }
    }

    @Test void largeBatchIsCutIntoChunksWithTheSameResult() {
        // 64 samples of 34x34 windows of 3x3x16 taps exceed one im2col chunk
        SplittableRandom r = new SplittableRandom(5);
        float[] xv = new float[64 * 36 * 36 * 16], wv = new float[3 * 3 * 16 * 2];
        for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextDouble(-1, 1);
        for (int i = 0; i < wv.length; i++) wv[i] = (float) r.nextDouble(-1, 1);
        Tensor x = Tensor.of(xv, 64, 36, 36, 16), w = Tensor.of(wv, 3, 3, 16, 2);
        Tensor all = NNOps.conv(x, w);
        Tensor last = NNOps.conv(Ops.sliceAxis(x, 0, 63, 64), w);
        float[] a = all.floats(), l = last.floats();
        int per = 34 * 34 * 2;
        for (int i = 0; i < per; i++) assertEquals(l[i], a[63 * per + i], 1e-6f);
    }
}
