package io.jkeras.layers;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.models.KerasTensor;
import io.jkeras.ops.Ops;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DropoutTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test void inferenceIsTheIdentity() {
        Tensor x = FiniteDifferences.randomDouble(1, 3, 4);
        Dropout d = new Dropout(0.5).seed(1);
        assertArrayEquals(x.toDoubleArray(), d.apply(x).toDoubleArray());
        assertArrayEquals(x.toDoubleArray(), d.apply(x, false).toDoubleArray());
        assertArrayEquals(x.toDoubleArray(), new Dropout(0.0).apply(x, true).toDoubleArray());
    }

    @Test void trainingDropsAboutRateAndKeepsTheMean() {
        double rate = 0.3;
        Tensor y = new Dropout(rate).seed(42).apply(Tensor.ones(200, 500), true);
        float[] v = y.toFloatArray();
        int zeros = 0;
        double sum = 0;
        for (float f : v) {
            if (f == 0) zeros++;
            else assertEquals(1 / (1 - rate), f, 1e-6, "a kept value is scaled by 1 / (1 - rate)");
            sum += f;
        }
        // 100,000 draws: the standard errors are 0.0015 (fraction) and 0.0021 (mean); allow about 6 of them
        assertEquals(rate, zeros / (double) v.length, 0.01);
        assertEquals(1.0, sum / v.length, 0.0125);
    }

    @Test void sameSeedSameMasksAndEachCallANewMask() {
        Tensor x = Tensor.ones(8, 16);
        Dropout a = new Dropout(0.5, 7), b = new Dropout(0.5, 7);
        float[] a1 = a.apply(x, true).toFloatArray(), a2 = a.apply(x, true).toFloatArray();
        float[] b1 = b.apply(x, true).toFloatArray(), b2 = b.apply(x, true).toFloatArray();
        assertArrayEquals(a1, b1);
        assertArrayEquals(a2, b2);
        assertFalse(Arrays.equals(a1, a2), "two training calls draw two masks");
        assertFalse(Arrays.equals(a1, new Dropout(0.5, 8).apply(x, true).toFloatArray()), "another seed, another mask");
        // re-seeding starts the sequence again
        assertArrayEquals(a1, a.seed(7).apply(x, true).toFloatArray());
    }

    @Test void unseededLayersAreReproducibleAfterAGlobalSeed() {
        Tensor x = Tensor.ones(8, 16);
        SeedGenerator.setGlobalSeed(123);
        float[] first = new Dropout(0.5).apply(x, true).toFloatArray();
        SeedGenerator.setGlobalSeed(123);
        float[] again = new Dropout(0.5).apply(x, true).toFloatArray();
        assertArrayEquals(first, again);
    }

    @Test void noiseShapeSharesTheMaskAlongSizeOneAxes() {
        Tensor x = Tensor.ones(4, 6, 5);
        Tensor y = new Dropout(0.5).seed(3).noiseShape(-1, 1, -1).apply(x, true);
        for (int b = 0; b < 4; b++) for (int f = 0; f < 5; f++) {
            double first = y.get(b, 0, f);
            for (int t = 1; t < 6; t++) assertEquals(first, y.get(b, t, f), "mask shared over timesteps at b=" + b + " f=" + f);
        }
        long zeros = Arrays.stream(y.toDoubleArray()).filter(d -> d == 0).count();
        assertTrue(zeros > 0 && zeros < 120, "some but not all features dropped: " + zeros);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new Dropout(0.5).noiseShape(-1, 1).apply(x, true));
        assertTrue(rank.getMessage().contains("noise_shape [-1, 1] has 2 dimensions, but the input has shape (4, 6, 5)"), rank.getMessage());
        IllegalArgumentException broadcast = assertThrows(IllegalArgumentException.class,
                () -> new Dropout(0.5).noiseShape(-1, 3, -1).apply(x, true));
        assertTrue(broadcast.getMessage().contains("axis 1 must be 1, -1 or 6, received 3"), broadcast.getMessage());
    }

    @Test void invalidArgumentsAreRejected() {
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(bad));
            assertTrue(e.getMessage().startsWith("Invalid value received for argument `rate`"), e.getMessage());
            assertTrue(e.getMessage().endsWith("Received: rate=" + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Dropout(0.5).noiseShape(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(0.5).noiseShape(-2, 4));
    }

    @Test void gradientFlowsThroughTheMask() {
        // the same seed gives the same first mask, so f is a fixed linear map
        FiniteDifferences.check(x -> new Dropout(0.4, 11).apply(x, true), FiniteDifferences.randomDouble(5, 3, 7), 1e-7);
        Tensor x = FiniteDifferences.randomDouble(6, 4, 5);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = new Dropout(0.25, 2).apply(x, true);
            Tensor g = tape.gradient(Ops.sum(y), x);
            double[] yv = y.toDoubleArray(), xv = x.toDoubleArray(), gv = g.toDoubleArray();
            for (int i = 0; i < gv.length; i++) {
                assertEquals(yv[i] == 0 ? 0 : 1 / 0.75, gv[i], 1e-12);
                if (yv[i] != 0) assertEquals(xv[i] / 0.75, yv[i], 1e-12);
            }
        }
    }

    @Test void shapeRuleAndConfig() {
        KerasTensor in = Input.of(5, 4);
        assertEquals(Shape.of(-1, 5, 4), new Dropout(0.2).apply(in).shape());
        Map<String, Object> c = new Dropout(0.2, new int[] {-1, 1, -1}, 9L).getConfig();
        assertEquals("dropout_1", c.get("name"));
        assertEquals(0.2, c.get("rate"));
        assertEquals(9L, c.get("seed"));
        assertEquals(Arrays.asList(null, 1, null), c.get("noise_shape"));
        Map<String, Object> plain = new Dropout(0.5).getConfig();
        assertNull(plain.get("seed"));
        assertTrue(plain.containsKey("noise_shape") && plain.get("noise_shape") == null);
        assertEquals(List.of("name", "trainable", "dtype", "rate", "seed", "noise_shape"), List.copyOf(plain.keySet()));
    }
}
