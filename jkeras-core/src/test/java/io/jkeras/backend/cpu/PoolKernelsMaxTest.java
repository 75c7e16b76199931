package io.jkeras.backend.cpu;

import io.jkeras.backend.ConvGeometry;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Max pooling's values and argmax against a direct loop, on inputs full of ties and NaN, with
 * channel counts that exercise both the full-vector and the tail part of the in-bounds fast path.
 * The rule checked: window cells in (d, h, w) order, the first seeds the maximum, a later one
 * replaces it only when strictly greater.
 */
class PoolKernelsMaxTest {

    private static final float[] LEVELS = {0f, 1f, 2f, -1f, Float.NaN};

    @Test void valuesAndArgmaxMatchDirectLoopOnTiesAndNaN() {
        int[][] ins = {{1, 5, 7}, {1, 6, 6}, {3, 4, 5}};
        int[][][] pools = {   // {kernel, strides}
                {{1, 2, 2}, {1, 2, 2}}, {{1, 3, 3}, {1, 1, 1}}, {{1, 2, 3}, {1, 3, 2}}, {{2, 2, 2}, {2, 2, 2}}};
        Random r = new Random(42);
        for (int[] in : ins) for (int[][] pool : pools) for (int c : new int[] {1, 8, 19, 37}) {
            int[] k = pool[0], s = pool[1], out = new int[3];
            boolean fits = true;
            for (int a = 0; a < 3; a++) {
                fits &= in[a] >= k[a];
                out[a] = fits ? (in[a] - k[a]) / s[a] + 1 : 0;
            }
            if (!fits) continue;
            int n = 2, size = n * in[0] * in[1] * in[2] * c;
            float[] xf = new float[size];
            double[] xd = new double[size];
            for (int i = 0; i < size; i++) xd[i] = xf[i] = LEVELS[r.nextInt(LEVELS.length)];
            ConvGeometry g = new ConvGeometry(in, out, k, s, new int[] {1, 1, 1}, new int[] {0, 0, 0});
            Tensor[] rf = PoolKernels.maxPool(Tensor.wrap(xf, n, in[0], in[1], in[2], c), g);
            // the values-only kernel (inference) gives the same values, NaN included
            float[] valuesOnly = PoolKernels.maxPoolValues(Tensor.wrap(xf, n, in[0], in[1], in[2], c), g).floats();
            float[] withArg = rf[0].floats();
            for (int i = 0; i < withArg.length; i++)
                assertEquals(Float.floatToIntBits(withArg[i]), Float.floatToIntBits(valuesOnly[i]), "values only, element " + i);
            Tensor[] rd = PoolKernels.maxPool(Tensor.wrap(xd, n, in[0], in[1], in[2], c), g);
            int[] argF = rf[1].ints(), argD = rd[1].ints();
            float[] yf = rf[0].floats();
            double[] yd = rd[0].doubles();
            int o = 0;
            for (int b = 0; b < n; b++)
                for (int od = 0; od < out[0]; od++) for (int oh = 0; oh < out[1]; oh++) for (int ow = 0; ow < out[2]; ow++)
                    for (int j = 0; j < c; j++, o++) {
                        int best = -1;
                        for (int kd = 0; kd < k[0]; kd++) for (int kh = 0; kh < k[1]; kh++) for (int kw = 0; kw < k[2]; kw++) {
                            int at = ((((b * in[0] + od * s[0] + kd) * in[1] + oh * s[1] + kh) * in[2]) + ow * s[2] + kw) * c + j;
                            if (best < 0 || xd[at] > xd[best]) best = at;
                        }
                        String where = "in " + java.util.Arrays.toString(in) + " k " + java.util.Arrays.toString(k)
                                + " s " + java.util.Arrays.toString(s) + " c " + c + " out " + o;
                        assertEquals(best, argF[o], "float32 argmax " + where);
                        assertEquals(best, argD[o], "float64 argmax " + where);
                        assertEquals(xf[best], yf[o], "float32 value " + where);
                        assertEquals(xd[best], yd[o], "float64 value " + where);
                    }
        }
    }

    @Test void windowWiseGradientEqualsTheScatterAndFallsBackWhereWindowsOverlapOrPad() {
        // {in, kernel, strides, padBefore}: disjoint in-bounds windows (incl. uncovered edges and
        // stride > kernel) take the window-wise path; overlapping or padded ones the scatter
        int[][][] cases = {
                {{1, 6, 6}, {1, 2, 2}, {1, 2, 2}, {0, 0, 0}}, {{1, 7, 5}, {1, 2, 2}, {1, 2, 2}, {0, 0, 0}},
                {{1, 9, 8}, {1, 2, 3}, {1, 3, 3}, {0, 0, 0}}, {{4, 5, 6}, {2, 2, 2}, {2, 2, 2}, {0, 0, 0}},
                {{1, 6, 6}, {1, 3, 3}, {1, 2, 2}, {0, 0, 0}}, {{1, 5, 5}, {1, 2, 2}, {1, 2, 2}, {0, 1, 1}}};
        Random r = new Random(7);
        for (int[][] cs : cases) for (int c : new int[] {1, 16, 19, 32, 37}) {
            int[] in = cs[0], k = cs[1], s = cs[2], pb = cs[3], out = new int[3];
            for (int a = 0; a < 3; a++) out[a] = (in[a] + pb[a] - k[a]) / s[a] + 1;
            int n = 3, size = n * in[0] * in[1] * in[2] * c;
            float[] xf = new float[size];
            for (int i = 0; i < size; i++) xf[i] = LEVELS[r.nextInt(LEVELS.length - 1)];   // ties, no NaN
            ConvGeometry g = new ConvGeometry(in, out, k, s, new int[] {1, 1, 1}, pb);
            Tensor x = Tensor.wrap(xf, n, in[0], in[1], in[2], c);
            Tensor[] p = PoolKernels.maxPool(x, g);
            float[] gy = new float[p[0].size()];
            for (int i = 0; i < gy.length; i++) gy[i] = r.nextFloat() - 0.5f;
            Tensor dy = Tensor.wrap(gy, p[0].shape());
            float[] expected = PoolKernels.maxPoolBackprop(dy, p[1], x.shape()).floats();
            float[] actual = PoolKernels.maxPoolBackprop(dy, p[1], x.shape(), g).floats();
            for (int i = 0; i < size; i++)
                assertEquals(expected[i], actual[i], 0f, java.util.Arrays.deepToString(cs) + " c=" + c + " cell " + i);
            float total = 0;
            for (float v : actual) total += v;
            float want = 0;
            for (float v : gy) want += v;
            assertEquals(want, total, 1e-4f, "every output's gradient lands on one cell");
        }
    }
}
