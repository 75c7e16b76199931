package io.jkeras.layers.preprocessing;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.saving.Models;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The numeric preprocessing layers inside models: Rescaling's values, and save/load round trips of every one. */
class PreprocessingSavingTest {
    @TempDir Path tmp;

    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test void rescalingValues() {
        Tensor x = Tensor.of(new float[] {0, 127.5f, 255, 51}, 2, 2);
        assertArrayEquals(new float[] {-1, 0, 1, -0.6f}, new Rescaling(1 / 127.5, -1).apply(x).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 0.5f, 1, 0.2f}, new Rescaling(1 / 255.0).apply(x).toFloatArray(), 1e-6f);
        // one scale per entry of the last axis, offset broadcast
        assertArrayEquals(new float[] {1, 255 + 1, 255 + 1, 102 + 1}, new Rescaling(new double[] {1, 2}, new double[] {1}).apply(x).toFloatArray(), 1e-4f);
        // integer inputs come out float32
        Tensor ints = Tensor.of(new int[] {2, 4}, 2);
        Tensor y = new Rescaling(0.5).apply(ints);
        assertEquals(DType.FLOAT32, y.dtype());
        assertArrayEquals(new float[] {1, 2}, y.toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Rescaling(new double[] {1, 2, 3}, new double[] {0}).name("rs").apply(x));
        assertTrue(e.getMessage().contains("rs") && e.getMessage().contains("(2, 2)"), e.getMessage());
    }

    @Test void preprocessingModelRoundTrips() throws Exception {
        KerasTensor f = Input.of("f", 3), ids = Input.of("ids", DType.INT32, 2);
        Normalization adapted = new Normalization();
        adapted.adapt(Tensor.of(new float[] {1, 2, 3, 3, 6, 9, 5, 4, 0}, 3, 3));
        KerasTensor n1 = adapted.apply(new Rescaling(new double[] {1, 0.5, 2}, new double[] {0.25}).apply(f));
        KerasTensor n2 = new Normalization().meanAndVariance(new double[] {1}, new double[] {4}).apply(f);
        KerasTensor d = new Discretization().binBoundaries(0, 2.5, 4).outputMode("one_hot").apply(f);
        KerasTensor h = new Hashing(5).salt(7).apply(ids);
        IntegerLookup lookup = new IntegerLookup().vocabulary(List.of(10L, 20L, 30L));
        KerasTensor l = lookup.apply(ids);
        KerasTensor ce = new CategoryEncoding(6, "count").apply(l);
        KerasTensor out = new Dense(2).apply(n1);
        Model m = new Model(List.of(f, ids), List.of(out, n2, d, h, l, ce), "pre");
        // adapted Normalization: mean and variance (3 each) and the int32 count, as Keras counts them
        assertEquals(7, adapted.countParams());
        Tensor xf = Tensor.of(new float[] {0.5f, 3, -1, 4.5f, 2, 7}, 2, 3);
        Tensor xi = Tensor.of(new int[] {20, 99, 10, 30}, 2, 2);
        List<Tensor> before = m.predictAll(List.of(xf, xi), 8);
        Path file = tmp.resolve("pre.keras");
        Models.save(m, file);
        Layer.clearSession();
        Model back = Models.load(file);
        assertEquals(m.countParams(), back.countParams());
        List<Tensor> after = back.predictAll(List.of(xf, xi), 8);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).shape(), after.get(i).shape(), "output " + i);
            assertArrayEquals(before.get(i).toDoubleArray(), after.get(i).toDoubleArray(), 0, "output " + i);
        }
        // the values themselves: the lookup (OOV index 0, tokens from 1) and the count encoding of it
        assertArrayEquals(new long[] {2, 0, 1, 3}, after.get(4).toLongArray());
        assertArrayEquals(new double[] {1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0}, after.get(5).toDoubleArray(), 0);
        // fixed-statistics Normalization: (x - 1) / 2
        assertArrayEquals(new double[] {-0.25, 1, -1, 1.75, 0.5, 3}, after.get(1).toDoubleArray(), 1e-6);
    }
}
