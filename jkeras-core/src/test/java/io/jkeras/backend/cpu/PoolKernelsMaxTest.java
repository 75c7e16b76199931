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
}
