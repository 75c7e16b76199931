package io.jkeras.backend.cpu;

import io.jkeras.backend.ConvGeometry;
import io.jkeras.backend.Epilogue;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 convolution kernels (direct loops for small windows; cache-sized chunks of im2col +
 * GEMM + col2im otherwise) against float64 loops written from the definition: every tap of every
 * window, no im2col. Cases cover both paths, strides, 'same'-style padding, dilation, groups,
 * 1x1 windows, odd sizes, filter counts off the vector width, and batches and images large enough
 * to be cut into several chunks (also inside one sample).
 */
class ConvKernelsTest {

    /** A convolution case in 3-d form: input [n, in..., c], kernel [k..., c/groups, f]. */
    record Case(int n, int[] in, int c, int[] k, int f, int groups, int[] s, int[] d, int[] pb) {
        ConvGeometry geometry() {
            int[] out = new int[3];
            for (int a = 0; a < 3; a++) {
                int span = (k[a] - 1) * d[a] + 1;
                // padding after = padding before (or one less): the output ends where Keras's 'same' would
                out[a] = Math.max(1, (in[a] + 2 * pb[a] - span) / s[a] + 1);
            }
            return new ConvGeometry(in, out, k, s, d, pb);
        }

        @Override public String toString() {
            return "n=" + n + " in=" + Arrays.toString(in) + " c=" + c + " k=" + Arrays.toString(k) + " f=" + f + " groups=" + groups
                    + " s=" + Arrays.toString(s) + " d=" + Arrays.toString(d) + " pb=" + Arrays.toString(pb);
        }
    }

    static int[] a(int... v) { return v; }

    static final List<Case> CASES = List.of(
            // the workload's two layers (first: direct loops; second: im2col chunks)
            new Case(6, a(1, 28, 28), 1, a(1, 3, 3), 32, 1, a(1, 1, 1), a(1, 1, 1), a(0, 0, 0)),
            new Case(5, a(1, 13, 13), 32, a(1, 3, 3), 64, 1, a(1, 1, 1), a(1, 1, 1), a(0, 0, 0)),
            // direct loops: padding, strides, dilation, 3 channels, filters off the vector width
            new Case(3, a(1, 9, 11), 3, a(1, 3, 3), 20, 1, a(1, 1, 1), a(1, 1, 1), a(0, 1, 1)),
            new Case(2, a(1, 10, 9), 1, a(1, 5, 5), 7, 1, a(1, 2, 2), a(1, 1, 1), a(0, 2, 2)),
            new Case(2, a(1, 12, 13), 2, a(1, 3, 3), 48, 1, a(1, 2, 1), a(1, 2, 3), a(0, 2, 3)),
            new Case(3, a(1, 1, 17), 3, a(1, 1, 4), 33, 1, a(1, 1, 3), a(1, 1, 1), a(0, 0, 2)),
            new Case(2, a(4, 5, 6), 1, a(2, 3, 2), 17, 1, a(1, 2, 1), a(2, 1, 1), a(1, 1, 0)),
            // im2col path: padding, strides, dilation, groups, odd channels
            new Case(3, a(1, 9, 8), 8, a(1, 3, 3), 12, 1, a(1, 1, 1), a(1, 1, 1), a(0, 1, 1)),
            new Case(2, a(1, 11, 10), 6, a(1, 3, 3), 10, 2, a(1, 2, 2), a(1, 1, 1), a(0, 1, 1)),
            new Case(2, a(1, 12, 12), 5, a(1, 3, 2), 9, 1, a(1, 1, 2), a(1, 2, 2), a(0, 2, 1)),
            new Case(2, a(3, 6, 5), 12, a(2, 2, 2), 5, 3, a(1, 1, 2), a(1, 1, 1), a(1, 0, 1)),
            // 1x1 windows (pointwise, also grouped)
            new Case(3, a(1, 7, 5), 40, a(1, 1, 1), 24, 1, a(1, 1, 1), a(1, 1, 1), a(0, 0, 0)),
            new Case(2, a(1, 4, 6), 12, a(1, 1, 1), 8, 4, a(1, 1, 1), a(1, 1, 1), a(0, 0, 0)),
            // many samples: several chunks of whole samples and several partial kernel gradients
            new Case(40, a(1, 13, 13), 32, a(1, 3, 3), 16, 1, a(1, 1, 1), a(1, 1, 1), a(0, 1, 1)),
            new Case(37, a(1, 14, 15), 1, a(1, 3, 3), 32, 1, a(1, 1, 1), a(1, 1, 1), a(0, 1, 1)),
            // one image whose patches exceed a chunk: chunks inside one sample
            new Case(2, a(1, 40, 41), 16, a(1, 3, 3), 18, 1, a(1, 1, 1), a(1, 1, 1), a(0, 1, 1)));

    // ---------------------------------------------------------------- float64 references from the definition

    /** Calls {@code visit(xIndex, yIndex, kernelIndex)} for every (output pixel, tap, in-channel, filter) that meets a real input cell. */
    interface Visitor { void visit(int xi, int yi, int wi); }

    static void forEachProduct(Case cs, ConvGeometry g, Visitor v) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.strides(), d = g.dilation(), pb = g.padBefore();
        int cg = cs.c / cs.groups, fg = cs.f / cs.groups;
        for (int b = 0; b < cs.n; b++)
            for (int o0 = 0; o0 < out[0]; o0++) for (int o1 = 0; o1 < out[1]; o1++) for (int o2 = 0; o2 < out[2]; o2++)
                for (int k0 = 0; k0 < k[0]; k0++) for (int k1 = 0; k1 < k[1]; k1++) for (int k2 = 0; k2 < k[2]; k2++) {
                    int i0 = o0 * s[0] + k0 * d[0] - pb[0], i1 = o1 * s[1] + k1 * d[1] - pb[1], i2 = o2 * s[2] + k2 * d[2] - pb[2];
                    if (i0 < 0 || i0 >= in[0] || i1 < 0 || i1 >= in[1] || i2 < 0 || i2 >= in[2]) continue;
                    int xCell = (((b * in[0] + i0) * in[1] + i1) * in[2] + i2) * cs.c;
                    int yCell = (((b * out[0] + o0) * out[1] + o1) * out[2] + o2) * cs.f;
                    int tap = (k0 * k[1] + k1) * k[2] + k2;
                    for (int gi = 0; gi < cs.groups; gi++)
                        for (int ci = 0; ci < cg; ci++)
                            for (int fi = 0; fi < fg; fi++)
                                v.visit(xCell + gi * cg + ci, yCell + gi * fg + fi, (tap * cg + ci) * cs.f + gi * fg + fi);
                }
    }

    static float[] random(SplittableRandom r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) r.nextDouble(-1, 1);
        return v;
    }

    static int prod(int[] v) { return v[0] * v[1] * v[2]; }

    static Shape shape(int n, int[] sp, int ch) { return Shape.of(n, sp[0], sp[1], sp[2], ch); }

    static void assertClose(double[] expected, float[] actual, double tol, String what) {
        assertTrue(expected.length == actual.length, what + ": length " + actual.length + ", expected " + expected.length);
        for (int i = 0; i < expected.length; i++)
            if (!(Math.abs(expected[i] - actual[i]) <= tol * Math.max(1, Math.abs(expected[i]))))
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
    }

    // ---------------------------------------------------------------- tests

    @Test void forwardWithBiasAndReluMatchesTheDefinition() {
        SplittableRandom r = new SplittableRandom(11);
        for (Case cs : CASES) {
            ConvGeometry g = cs.geometry();
            float[] x = random(r, cs.n * prod(cs.in) * cs.c), w = random(r, prod(cs.k) * (cs.c / cs.groups) * cs.f), b = random(r, cs.f);
            int ySize = cs.n * prod(g.out()) * cs.f;
            double[] ref = new double[ySize];
            forEachProduct(cs, g, (xi, yi, wi) -> ref[yi] += (double) x[xi] * w[wi]);
            Tensor xt = Tensor.wrap(x, shape(cs.n, cs.in, cs.c)), wt = Tensor.wrap(w, Shape.of(cs.k[0], cs.k[1], cs.k[2], cs.c / cs.groups, cs.f));
            float[] plain = ConvKernels.conv(xt, wt, null, g, cs.groups).floats();
            assertClose(ref, plain, 1e-4, cs + " (no bias)");
            double[] act = new double[ySize];
            for (int i = 0; i < ySize; i++) act[i] = Math.max(ref[i] + b[i % cs.f], 0);
            float[] fused = ConvKernels.conv(xt, wt, Tensor.wrap(b, Shape.of(cs.f)), Epilogue.RELU, g, cs.groups).floats();
            assertClose(act, fused, 1e-4, cs + " (bias, relu)");
        }
    }

    @Test void inputAndKernelGradientsMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(12);
        for (Case cs : CASES) {
            ConvGeometry g = cs.geometry();
            float[] x = random(r, cs.n * prod(cs.in) * cs.c), w = random(r, prod(cs.k) * (cs.c / cs.groups) * cs.f);
            float[] dy = random(r, cs.n * prod(g.out()) * cs.f);
            double[] dx = new double[x.length], dw = new double[w.length];
            forEachProduct(cs, g, (xi, yi, wi) -> {
                dx[xi] += (double) dy[yi] * w[wi];
                dw[wi] += (double) dy[yi] * x[xi];
            });
            Shape xs = shape(cs.n, cs.in, cs.c), ws = Shape.of(cs.k[0], cs.k[1], cs.k[2], cs.c / cs.groups, cs.f);
            Tensor dyt = Tensor.wrap(dy, shape(cs.n, g.out(), cs.f));
            assertClose(dx, ConvKernels.backpropInput(dyt, Tensor.wrap(w, ws), xs, g, cs.groups).floats(), 1e-4, cs + " dx");
            float[] got = ConvKernels.backpropFilter(Tensor.wrap(x, xs), dyt, ws, g, cs.groups).floats();
            // a kernel entry sums over every pixel of the batch: scale the tolerance with the count
            assertClose(dw, got, 1e-5 * Math.sqrt(cs.n * prod(g.out())) + 1e-4, cs + " dw");
            assertArrayEquals(got, ConvKernels.backpropFilter(Tensor.wrap(x, xs), dyt, ws, g, cs.groups).floats(), cs + " dw twice");
        }
    }

    @Test void fusedReluAndBiasGradientsMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(14);
        for (Case cs : CASES) {
            ConvGeometry g = cs.geometry();
            float[] x = random(r, cs.n * prod(cs.in) * cs.c), dy = random(r, cs.n * prod(g.out()) * cs.f);
            float[] y = random(r, dy.length);   // a relu output: about half of it 0
            for (int i = 0; i < y.length; i++) y[i] = Math.max(y[i], 0f);
            double[] dw = new double[prod(cs.k) * (cs.c / cs.groups) * cs.f], db = new double[cs.f];
            forEachProduct(cs, g, (xi, yi, wi) -> { if (y[yi] > 0) dw[wi] += (double) dy[yi] * x[xi]; });
            for (int i = 0; i < dy.length; i++) if (y[i] > 0) db[i % cs.f] += dy[i];
            Shape xs = shape(cs.n, cs.in, cs.c), ws = Shape.of(cs.k[0], cs.k[1], cs.k[2], cs.c / cs.groups, cs.f), ys = shape(cs.n, g.out(), cs.f);
            Tensor[] got = ConvKernels.backpropFilterAct(Tensor.wrap(x, xs), Tensor.wrap(dy, ys), Tensor.wrap(y, ys), ws, true, g, cs.groups);
            double tol = 1e-5 * Math.sqrt(cs.n * prod(g.out())) + 1e-4;
            assertClose(dw, got[0].floats(), tol, cs + " dw (relu)");
            assertClose(db, got[1].floats(), tol, cs + " db (relu)");
            // no activation, no bias
            double[] dwPlain = new double[dw.length];
            forEachProduct(cs, g, (xi, yi, wi) -> dwPlain[wi] += (double) dy[yi] * x[xi]);
            Tensor[] plain = ConvKernels.backpropFilterAct(Tensor.wrap(x, xs), Tensor.wrap(dy, ys), null, ws, false, g, cs.groups);
            assertClose(dwPlain, plain[0].floats(), tol, cs + " dw");
            assertTrue(plain[1] == null, "no bias gradient asked for");
        }
    }

    @Test void vectorLoopsMatchTheScalarLoops() {
        SplittableRandom r = new SplittableRandom(13);
        ConvLoops scalar = new ScalarConvLoops();
        List<ConvLoops> fast = new ArrayList<>();
        fast.add(ConvLoops.INSTANCE);
        try {
            fast.add(new PanamaConvLoops());
        } catch (LinkageError | RuntimeException e) {
            // the Vector API is absent: INSTANCE is the scalar loops, compared with themselves
        }
        for (ConvLoops loops : fast) {
            for (int f : new int[] {1, 5, 16, 31, 32, 40, 64, 70}) {
                for (int npix : new int[] {1, 3, 4, 7, 8, 13, 26}) {
                    for (int taps : new int[] {0, 1, 3, 4, 9, 27}) {
                        int ps = 2, xLen = npix * ps + 64;
                        float[] x = random(r, xLen), w = random(r, Math.max(1, taps) * f), bias = random(r, f);
                        int[] xoff = new int[taps], wrow = new int[taps];
                        for (int t = 0; t < taps; t++) { xoff[t] = r.nextInt(64); wrow[t] = t * f; }
                        int o = 3;
                        float[] y1 = new float[o + npix * f], y2 = new float[o + npix * f];
                        boolean relu = (f + npix) % 2 == 0;
                        float[] b = taps % 2 == 0 ? bias : null;
                        scalar.forwardRow(x, 1, ps, npix, xoff, wrow, taps, w, f, b, relu, y1, o);
                        loops.forwardRow(x, 1, ps, npix, xoff, wrow, taps, w, f, b, relu, y2, o);
                        String what = loops.getClass().getSimpleName() + " f=" + f + " npix=" + npix + " taps=" + taps;
                        for (int i = 0; i < y1.length; i++) assertTrue(Math.abs(y1[i] - y2[i]) <= 1e-5f * (1 + Math.abs(y1[i])), what + " forward " + i);
                        float[] dy = random(r, o + npix * f), dw1 = random(r, Math.max(1, taps) * f), dw2 = dw1.clone();
                        scalar.filterRow(x, 1, ps, npix, xoff, wrow, taps, dy, o, f, dw1);
                        loops.filterRow(x, 1, ps, npix, xoff, wrow, taps, dy, o, f, dw2);
                        for (int i = 0; i < dw1.length; i++) assertTrue(Math.abs(dw1[i] - dw2[i]) <= 1e-5f * (1 + Math.abs(dw1[i])), what + " filter " + i);
                        float[] mask = random(r, o + npix * f), z1 = new float[npix * f], z2 = new float[npix * f];
                        float[] db1 = random(r, f), db2 = db1.clone();
                        scalar.reluGradRow(dy, relu ? mask : null, o, npix, f, z1, db1);
                        loops.reluGradRow(dy, relu ? mask : null, o, npix, f, z2, db2);
                        assertArrayEquals(z1, z2, what + " relu gradient");
                        for (int j = 0; j < f; j++) assertTrue(Math.abs(db1[j] - db2[j]) <= 1e-5f * (1 + Math.abs(db1[j])), what + " bias " + j);
                    }
                }
            }
        }
    }
}
