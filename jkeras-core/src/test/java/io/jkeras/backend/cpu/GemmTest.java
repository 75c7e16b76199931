package io.jkeras.backend.cpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fast GEMM paths against {@link Gemm#referenceSgemm} and a float64 loop. The Vector API kernel
 * runs at this machine's preferred vector width; to check the 256- and 128-bit code paths too, run
 * with {@code -Djkeras.jvm.args="--add-modules=jdk.incubator.vector -XX:MaxVectorSize=32"} (or 16).
 */
class GemmTest {

    /** Value outside C's m x n window; it must never change. */
    private static final float SENTINEL = 12345.5f;

    /** {m, n, k}: tiny, odd, edge-of-tile, the batch-128 MLP shapes and their gradients, bigger. */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {1, 7, 3}, {5, 1, 9}, {2, 3, 1}, {7, 13, 5}, {6, 32, 4}, {6, 16, 8},
            {12, 64, 33}, {13, 31, 40}, {17, 17, 17}, {40, 10, 100}, {64, 33, 48}, {96, 48, 300},
            {129, 67, 255}, {100, 129, 257}, {33, 600, 70}, {8, 16, 2000}, {300, 12, 97},
            {128, 128, 784}, {784, 128, 128}, {128, 784, 128}, {128, 64, 128}, {128, 128, 64},
            {64, 128, 128}, {128, 10, 64}, {64, 10, 128}, {128, 64, 10}, {10, 64, 128},
            {200, 1100, 40},
            // the last sliver of a column block 1, 2 (full or padded) or 4 (padded) vectors wide; a
            // second column block; masked tails of the direct path
            {66, 96, 70}, {50, 112, 300}, {70, 560, 40}, {13, 81, 90}, {100, 200, 260}, {7, 20, 30},
            {9, 47, 33}, {4, 3, 50}, {11, 15, 200},
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int seed = 0;
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                seed++;
                // alternate plain and padded layouts, and the accumulate flag
                out.add(Arguments.of(s[0], s[1], s[2], (t & 1) == 1, (t & 2) == 2, seed % 2 == 0, seed % 3 == 0, seed));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} tA={3} tB={4} padded={5} acc={6}")
    @MethodSource("cases")
    void sgemmMatchesReference(int m, int n, int k, boolean tA, boolean tB, boolean padded, boolean acc, int seed) {
        Problem p = new Problem(m, n, k, tA, tB, padded, acc, seed);
        float[] expected = p.reference();
        float[] got = p.freshC();
        Gemm.sgemm(tA, tB, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, got, p.cOff, p.ldc, acc);
        p.check(expected, got, "Gemm.sgemm (" + Gemm.sgemmKernelName() + ")");
    }

    /** Every kernel on every shape (including tiny ones that Gemm would send to the direct loop). */
    @ParameterizedTest(name = "{0}x{1}x{2} tA={3} tB={4} padded={5} acc={6}")
    @MethodSource("cases")
    void everyKernelMatchesReference(int m, int n, int k, boolean tA, boolean tB, boolean padded, boolean acc,
                                     int seed) {
        Problem p = new Problem(m, n, k, tA, tB, padded, acc, seed);
        float[] expected = p.reference();
        for (SgemmKernel kernel : kernels()) {
            for (int threads : new int[] {1, 3}) {
                float[] got = p.freshC();
                kernel.multiply(tA, tB, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, got, p.cOff, p.ldc, acc,
                        threads);
                p.check(expected, got, kernel.name() + " on " + threads + " threads");
            }
        }
        float[] got = p.freshC();
        Gemm.smallSgemm(tA, tB, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, got, p.cOff, p.ldc, acc);
        p.check(expected, got, "direct loop");
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            float[] vec = p.freshC();
            PanamaSmallSgemm.multiply(tA, tB, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, vec, p.cOff, p.ldc, acc);
            p.check(expected, vec, "vector direct loop");
        }
    }

    @Test
    void smallDotProductsSumTheirLanesInAFixedOrder() {
        // the direct path's dot products (A not transposed, B transposed): lane l accumulates the
        // products p = l, l + L, ... with FMA, then the lanes are added 0, 1, ..., L-1, then the tail.
        // Rebuilt here in scalar code, bit for bit: an order left to the JIT (reduceLanes) differed
        // between the interpreter and C2.
        org.junit.jupiter.api.Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs --add-modules jdk.incubator.vector");
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int m = 3, n = 4, k = 3 * lanes + 5;
        float[] a = new float[m * k], b = new float[n * k];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextDouble() * 2 - 1);
        for (int round = 0; round <= 20000; round++) {   // long enough for C2 to compile the loop
            float[] c = new float[m * n];
            PanamaSmallSgemm.multiply(false, true, m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
            if (round % 10000 != 0) continue;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float[] acc = new float[lanes];
                    int full = k / lanes * lanes;
                    for (int p = 0; p < full; p++) acc[p % lanes] = Math.fma(a[i * k + p], b[j * k + p], acc[p % lanes]);
                    float s = 0f;
                    for (float v : acc) s += v;
                    for (int p = full; p < k; p++) s = Math.fma(a[i * k + p], b[j * k + p], s);
                    assertEquals(Float.floatToIntBits(s), Float.floatToIntBits(c[i * n + j]), "C(" + i + "," + j + ") in round " + round);
                }
            }
        }
    }

    @Test
    void vectorKernelIsPickedWhenTheModuleIsEnabled() {
        boolean enabled = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(enabled, Gemm.sgemmKernelName().startsWith("panama"), Gemm.sgemmKernelName());
    }

    @Test
    void sameBitsOnEveryRunAndForEveryThreadCount() {
        int m = 301, n = 517, k = 700;
        for (boolean tB : new boolean[] {false, true}) {
            Problem p = new Problem(m, n, k, false, tB, true, false, 99);
            float[] first = p.freshC();
            Gemm.sgemm(false, tB, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, first, p.cOff, p.ldc, false);
            for (int run = 0; run < 3; run++) {
                float[] again = p.freshC();
                Gemm.sgemm(false, tB, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, again, p.cOff, p.ldc, false);
                assertBitsEqual(first, again, "run " + run);
            }
            for (SgemmKernel kernel : kernels()) {
                float[] one = p.freshC(), many = p.freshC();
                kernel.multiply(false, tB, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, one, p.cOff, p.ldc, false, 1);
                kernel.multiply(false, tB, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, many, p.cOff, p.ldc, false, 7);
                assertBitsEqual(one, many, kernel.name() + ": 1 vs 7 threads");
            }
        }
    }

    @Test
    void notAccumulatingIgnoresWhatCHeld() {
        int m = 50, n = 70, k = 90;
        Problem p = new Problem(m, n, k, false, false, false, false, 5);
        float[] expected = p.reference();
        float[] got = p.freshC();
        for (int i = 0; i < m * n; i++) got[i] = Float.NaN;
        Gemm.sgemm(false, false, m, n, k, p.a, 0, k, p.b, 0, n, got, 0, n, false);
        p.check(expected, got, "C full of NaN before");
    }

    @Test
    void emptyDimensions() {
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, c, "k = 0 and accumulate leaves C");
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c, "k = 0 gives zeros");
        Gemm.sgemm(false, false, 0, 2, 3, new float[0], 0, 3, new float[6], 0, 2, c, 0, 2, false);
        double[] d = {7.0};
        Gemm.dgemm(true, true, 1, 1, 0, new double[0], 0, 1, new double[0], 0, 1, d, 0, 1, false);
        assertEquals(0.0, d[0]);
    }

    @Test
    void handComputed() {
        // [[1 2 3] [4 5 6]] x [[1 0] [0 1] [1 1]] = [[4 5] [10 11]]
        float[] a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1}, c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[] {4, 5, 10, 11}, c);
        // a^T (3x2 stored as 2x3) x a^T^T: a^T a = [[17 22 27] [22 29 36] [27 36 45]]
        float[] ata = new float[9];
        Gemm.sgemm(true, false, 3, 3, 2, a, 0, 3, a, 0, 3, ata, 0, 3, false);
        assertArrayEquals(new float[] {17, 22, 27, 22, 29, 36, 27, 36, 45}, ata);
        // a a^T = [[14 32] [32 77]], accumulated onto ones
        float[] aat = {1, 1, 1, 1};
        Gemm.sgemm(false, true, 2, 2, 3, a, 0, 3, a, 0, 3, aat, 0, 2, true);
        assertArrayEquals(new float[] {15, 33, 33, 78}, aat);
    }

    @Test
    void leadingDimensionsTooSmallAreRejectedWithTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 3, 4, new float[8], 0, 3, new float[12], 0, 3, new float[6], 0, 3, false));
        assertTrue(e.getMessage().contains("lda >= 4") && e.getMessage().contains("lda=3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.dgemm(false, false, -1, 3, 4, new double[8], 0, 4, new double[12], 0, 3, new double[6], 0, 3, false));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} tA={3} tB={4}")
    @MethodSource("dgemmCases")
    void dgemmMatchesFloat64Loop(int m, int n, int k, boolean tA, boolean tB, boolean acc) {
        SplittableRandom rnd = new SplittableRandom(m * 31L + n * 7L + k);
        int lda = (tA ? m : k) + 3, ldb = (tB ? k : n) + 1, ldc = n + 2, aOff = 5, bOff = 2, cOff = 1;
        double[] a = new double[aOff + (tA ? k : m) * lda], b = new double[bOff + (tB ? n : k) * ldb];
        double[] c = new double[cOff + m * ldc];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble(-1, 1);
        for (int i = 0; i < c.length; i++) c[i] = rnd.nextDouble(-1, 1);
        double[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * (tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                }
                expected[cOff + i * ldc + j] = acc ? expected[cOff + i * ldc + j] + s : s;
            }
        }
        Gemm.dgemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], 1e-13 * Math.max(1, k), "element " + i);
        }
    }

    static Stream<Arguments> dgemmCases() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = {{1, 1, 1}, {7, 13, 5}, {129, 67, 255}, {128, 10, 300}, {64, 300, 20}, {70, 90, 600}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) out.add(Arguments.of(s[0], s[1], s[2], (t & 1) == 1, (t & 2) == 2, t == 2));
        }
        return out.stream();
    }

    private static List<SgemmKernel> kernels() {
        List<SgemmKernel> ks = new ArrayList<>();
        ks.add(new ScalarSgemm());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) ks.add(PanamaSgemm.createOrNull());
        return ks;
    }

    private static void assertBitsEqual(float[] x, float[] y, String what) {
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                fail(what + ": element " + i + " differs: " + x[i] + " vs " + y[i]);
            }
        }
    }

    /** Random operands in [-1, 1], stored with an offset and padded rows when asked. */
    private static final class Problem {
        final int m, n, k, lda, ldb, ldc, aOff, bOff, cOff;
        final boolean tA, tB, acc;
        final float[] a, b, c0;

        Problem(int m, int n, int k, boolean tA, boolean tB, boolean padded, boolean acc, int seed) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.tA = tA;
            this.tB = tB;
            this.acc = acc;
            SplittableRandom rnd = new SplittableRandom(seed);
            int pad = padded ? 3 : 0;
            lda = (tA ? m : k) + pad;
            ldb = (tB ? k : n) + 2 * pad;
            ldc = n + pad;
            aOff = padded ? 7 : 0;
            bOff = padded ? 11 : 0;
            cOff = padded ? 5 : 0;
            a = fill(new float[aOff + (tA ? k : m) * lda], rnd);
            b = fill(new float[bOff + (tB ? n : k) * ldb], rnd);
            c0 = new float[cOff + m * ldc + pad];
            java.util.Arrays.fill(c0, SENTINEL);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) c0[cOff + i * ldc + j] = acc ? (float) rnd.nextDouble(-1, 1) : Float.NaN;
            }
        }

        float[] freshC() {
            return c0.clone();
        }

        float[] reference() {
            float[] c = freshC();
            Gemm.referenceSgemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
            return c;
        }

        void check(float[] expected, float[] got, String what) {
            double tol = 1e-5 * Math.max(1, k);
            for (int idx = 0; idx < got.length; idx++) {
                int rel = idx - cOff;
                boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
                if (!inside) {
                    if (got[idx] != SENTINEL) fail(what + ": wrote outside C at index " + idx + ": " + got[idx]);
                    continue;
                }
                assertFalse(Float.isNaN(got[idx]), () -> what + ": NaN at row " + rel / ldc + ", column " + rel % ldc);
                if (Math.abs(got[idx] - expected[idx]) > tol * Math.max(1, Math.abs(expected[idx]))) {
                    fail(what + ": at row " + rel / ldc + ", column " + rel % ldc + " expected " + expected[idx]
                            + " but got " + got[idx]);
                }
            }
        }

        private static float[] fill(float[] x, SplittableRandom rnd) {
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble(-1, 1);
            return x;
        }
    }
}
