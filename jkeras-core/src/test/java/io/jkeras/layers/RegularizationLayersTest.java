package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization. */
class RegularizationLayersTest {

    @TestFactory Stream<DynamicTest> tfjsOracle() {
        return Stream.of(DynamicTest.dynamicTest("dropout_inference", () -> OracleCases.check("dropout_inference", false)),
                DynamicTest.dynamicTest("dropout_inference (training)", () -> OracleCases.checkTraining("dropout_inference")));
    }

    @Test void spatialDropoutDropsWholeChannels() {
        Tensor x = Tensor.ones(4, 5, 6, 8);
        Tensor y = new SpatialDropout2D(0.5).seed(1).apply(x, true);
        int dropped = 0;
        for (int b = 0; b < 4; b++) for (int c = 0; c < 8; c++) {
            double first = y.get(b, 0, 0, c);
            assertTrue(first == 0 || first == 2, "kept values are scaled by 1/(1-rate)");
            for (int i = 0; i < 5; i++) for (int j = 0; j < 6; j++) assertEquals(first, y.get(b, i, j, c), "one draw per sample and channel");
            if (first == 0) dropped++;
        }
        assertTrue(dropped > 4 && dropped < 28, "about half of 32 channels dropped, got " + dropped);
        // channels first: the draw is shared over the last axes
        Tensor cf = new SpatialDropout1D(0.5).dataFormat("channels_first").seed(2).apply(Tensor.ones(3, 4, 7), true);
        for (int b = 0; b < 3; b++) for (int c = 0; c < 4; c++) for (int t = 1; t < 7; t++) assertEquals(cf.get(b, c, 0), cf.get(b, c, t));
        Tensor v = new SpatialDropout3D(0.3).seed(3).apply(Tensor.ones(2, 2, 2, 2, 3), true);
        for (int b = 0; b < 2; b++) for (int c = 0; c < 3; c++) assertEquals(v.get(b, 0, 0, 0, c), v.get(b, 1, 1, 1, c));
        // inference is the identity, seeds repeat
        assertSame(x, new SpatialDropout2D(0.5).apply(x, false));
        assertArrayEquals(new SpatialDropout2D(0.5).seed(9).apply(x, true).floats(), new SpatialDropout2D(0.5).seed(9).apply(x, true).floats());
        assertThrows(IllegalArgumentException.class, () -> new SpatialDropout2D(0.5).apply(Tensor.ones(2, 3), true));
        assertFalse(new SpatialDropout2D(0.5).getConfig().containsKey("noise_shape"));
        assertEquals("channels_last", new SpatialDropout2D(0.5).getConfig().get("data_format"));
    }

    static double[] meanVar(Tensor t) {
        double[] v = t.toDoubleArray();
        double m = 0, s = 0;
        for (double d : v) m += d;
        m /= v.length;
        for (double d : v) s += (d - m) * (d - m);
        return new double[] {m, s / v.length};
    }

    @Test void gaussianNoiseAndDropoutStatistics() {
        Tensor x = Tensor.full(Shape.of(200, 100), 3.0, io.jkeras.tensor.DType.FLOAT64);
        double[] n = meanVar(new GaussianNoise(0.5).seed(4).apply(x, true));
        assertEquals(3.0, n[0], 0.02);
        assertEquals(0.25, n[1], 0.02);
        double[] d = meanVar(new GaussianDropout(0.2).seed(5).apply(x, true));
        assertEquals(3.0, d[0], 0.03);
        assertEquals(9 * 0.2 / 0.8, d[1], 0.1);   // (3 * stddev)^2 with stddev^2 = rate / (1 - rate)
        assertSame(x, new GaussianNoise(0.5).apply(x, false));
        assertSame(x, new GaussianDropout(0.5).apply(x, false));
        assertArrayEquals(new GaussianNoise(1).seed(6).apply(x, true).doubles(), new GaussianNoise(1).seed(6).apply(x, true).doubles());
        GaussianNoise g = new GaussianNoise(1).seed(6);
        assertFalse(java.util.Arrays.equals(g.apply(x, true).doubles(), g.apply(x, true).doubles()), "each call draws new noise");
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(1));
        assertEquals(0.5, new GaussianNoise(0.5).getConfig().get("stddev"));
    }

    @Test void alphaDropoutKeepsMeanAndVariance() {
        double rate = 0.2, alphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;
        double a = Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5), b = -a * alphaP * rate;
        Tensor x = Ops.randomNormal(Shape.of(400, 100), 0, 1, io.jkeras.tensor.DType.FLOAT64, 7);
        Tensor y = new AlphaDropout(rate).seed(8).apply(x, true);
        double[] xv = x.doubles(), yv = y.doubles();
        int dropped = 0;
        for (int i = 0; i < xv.length; i++) {
            boolean kept = Math.abs(yv[i] - (a * xv[i] + b)) < 1e-12;
            boolean drop = Math.abs(yv[i] - (a * alphaP + b)) < 1e-12;
            assertTrue(kept || drop, "each value is a*x+b or a*alpha'+b");
            if (!kept) dropped++;
        }
        assertEquals(rate, dropped / (double) xv.length, 0.01);
        double[] mv = meanVar(y);
        assertEquals(0, mv[0], 0.02);
        assertEquals(1, mv[1], 0.03);
        assertSame(x, new AlphaDropout(rate).apply(x, false));
    }

    @Test void activityRegularizationAddsThePenaltyPerSample() {
        ActivityRegularization r = new ActivityRegularization(0.1, 0.01);
        Tensor x = Tensor.of(new float[] {1, -2, 3, 0}, 2, 2);
        Tensor y = r.apply(x, true);
        assertSame(x, y);
        List<Tensor> losses = r.losses();
        assertEquals(1, losses.size());
        // (0.1 * 6 + 0.01 * 14) / batch 2
        assertEquals((0.6 + 0.14) / 2, losses.get(0).item(), 1e-6);
        assertEquals(0.1, r.getConfig().get("l1"));
        assertNull(new GaussianDropout(0.1).getConfig().get("seed"));
    }
}
