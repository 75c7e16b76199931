package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UpSampling, ZeroPadding, Cropping, Permute, RepeatVector. */
class ReshapingLayersTest {

    @TestFactory Stream<DynamicTest> tfjsOracle() {
        return Stream.of("permute", "reshape").flatMap(n -> Stream.of(
                DynamicTest.dynamicTest(n, () -> OracleCases.check(n, false)),
                DynamicTest.dynamicTest(n + " (training)", () -> OracleCases.checkTraining(n))));
    }

    static Tensor seq(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return Tensor.of(v, shape);
    }

    @Test void upSamplingNearest() {
        Tensor x = seq(1, 2, 2);   // steps [0,1], [2,3]
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3}, new UpSampling1D(3).apply(x).doubles());
        Tensor img = seq(1, 2, 2, 1);
        Tensor up = new UpSampling2D(2, 1).apply(img);
        assertEquals(Shape.of(1, 4, 2, 1), up.shape());
        assertArrayEquals(new double[] {0, 1, 0, 1, 2, 3, 2, 3}, up.doubles());
        Tensor cf = new UpSampling2D(1, 2).dataFormat("channels_first").apply(seq(1, 1, 2, 2));
        assertArrayEquals(new double[] {0, 0, 1, 1, 2, 2, 3, 3}, cf.doubles());
        Tensor v = new UpSampling3D(2).apply(seq(1, 1, 1, 2, 1));
        assertEquals(Shape.of(1, 2, 2, 4, 1), v.shape());
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1}, v.doubles());
        assertEquals(Shape.of(-1, 14, -1, 3), new UpSampling2D(2).computeOutputShape(Shape.of(-1, 7, -1, 3)));
    }

    @Test void upSamplingBilinearUsesHalfPixelCentres() {
        // [0, 1] x2: sample points -0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
        Tensor row = Tensor.of(new double[] {0, 1}, 1, 1, 2, 1);
        assertArrayEquals(new double[] {0, 0.25, 0.75, 1}, new UpSampling2D(1, 2).interpolation("bilinear").apply(row).doubles(), 1e-15);
        // 2-d, factor 3 on rows and 2 on columns, against a direct evaluation of TensorFlow's rule
        Tensor x = FiniteDifferences.randomDouble(3, 2, 3, 4, 2);
        Tensor y = new UpSampling2D(3, 2).interpolation("bilinear").apply(x);
        assertEquals(Shape.of(2, 9, 8, 2), y.shape());
        for (int b = 0; b < 2; b++) for (int i = 0; i < 9; i++) for (int j = 0; j < 8; j++) for (int c = 0; c < 2; c++) {
            double si = Math.max((i + 0.5) / 3 - 0.5, 0), sj = Math.max((j + 0.5) / 2 - 0.5, 0);
            int i0 = (int) si, j0 = (int) sj, i1 = Math.min(i0 + 1, 2), j1 = Math.min(j0 + 1, 3);
            double fi = si - i0, fj = sj - j0;
            double top = x.get(b, i0, j0, c) * (1 - fj) + x.get(b, i0, j1, c) * fj;
            double bot = x.get(b, i1, j0, c) * (1 - fj) + x.get(b, i1, j1, c) * fj;
            assertEquals(top * (1 - fi) + bot * fi, y.get(b, i, j, c), 1e-12);
        }
        FiniteDifferences.check(t -> new UpSampling2D(2).interpolation("bilinear").apply(t), FiniteDifferences.randomDouble(4, 1, 2, 3, 2), 1e-6);
        FiniteDifferences.check(t -> new UpSampling2D(2, 3).apply(t), FiniteDifferences.randomDouble(5, 1, 2, 3, 2), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new UpSampling2D().interpolation("bicubic"));
        Map<String, Object> c = new UpSampling2D(2).interpolation("bilinear").getConfig();
        assertEquals(List.of(2, 2), c.get("size"));
        assertEquals("bilinear", c.get("interpolation"));
    }

    @Test void zeroPaddingAndCropping() {
        Tensor x = seq(1, 2, 3, 1);
        Tensor p = new ZeroPadding2D(new int[][] {{1, 0}, {0, 2}}).apply(x);
        assertEquals(Shape.of(1, 3, 5, 1), p.shape());
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 5, 0, 0}, p.doubles());
        Tensor c = new Cropping2D(new int[][] {{1, 0}, {0, 2}}).apply(p);
        assertArrayEquals(x.doubles(), c.doubles());
        assertEquals(Shape.of(1, 4, 2), new ZeroPadding1D().apply(seq(1, 2, 2)).shape());
        assertArrayEquals(new double[] {0, 0, 1, 0, 0}, new ZeroPadding1D(1, 2).apply(seq(1, 2, 1)).doubles());
        assertArrayEquals(new double[] {2, 3}, new Cropping1D().apply(seq(1, 3, 2)).doubles());
        assertEquals(Shape.of(-1, 2, 5, 3), new Cropping2D().apply(Input.of(2, 5, 3)).shape());   // Keras's default crops nothing
        assertEquals(Shape.of(-1, 4, 5, 6, 2), new ZeroPadding3D().apply(Input.of(2, 3, 4, 2)).shape());
        assertEquals(Shape.of(-1, 1, 2, 3, 2), new Cropping3D().apply(Input.of(3, 4, 5, 2)).shape());
        assertEquals(Shape.of(-1, 2, 5, 6), new ZeroPadding2D(1, 2).dataFormat("channels_first").apply(Input.of(2, 3, 2)).shape());
        FiniteDifferences.check(t -> new Cropping3D(new int[][] {{0, 1}, {1, 0}, {1, 1}}).apply(t), FiniteDifferences.randomDouble(6, 1, 2, 2, 3, 1), 1e-6);
        FiniteDifferences.check(t -> new ZeroPadding2D(1).apply(t), FiniteDifferences.randomDouble(7, 1, 2, 2, 1), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Cropping1D(2).apply(seq(1, 4, 1)));
        assertTrue(e.getMessage().contains("at least one cell"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ZeroPadding2D(-1));
        assertEquals(List.of(List.of(1, 1), List.of(2, 2)), new ZeroPadding2D(1, 2).getConfig().get("padding"));
        assertEquals(List.of(1, 1), new Cropping1D().getConfig().get("cropping"));
    }

    @Test void permuteAndRepeatVector() {
        Tensor x = seq(1, 2, 3);
        Tensor p = new Permute(2, 1).apply(x);
        assertEquals(Shape.of(1, 3, 2), p.shape());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, p.doubles());
        assertEquals(Shape.of(-1, 4, 2, 3), new Permute(3, 1, 2).apply(Input.of(2, 3, 4)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Permute(0, 1));
        assertTrue(e.getMessage().contains("start from 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Permute(1, 1));
        Tensor r = new RepeatVector(3).apply(seq(2, 2));
        assertEquals(Shape.of(2, 3, 2), r.shape());
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3}, r.doubles());
        assertEquals(Shape.of(-1, 5, 7), new RepeatVector(5).apply(Input.of(7)).shape());
        FiniteDifferences.check(t -> new RepeatVector(3).apply(t), FiniteDifferences.randomDouble(8, 2, 3), 1e-6);
        e = assertThrows(IllegalArgumentException.class, () -> new RepeatVector(2).apply(Ops.cast(seq(1, 2, 2), DType.FLOAT32)));
        assertTrue(e.getMessage().contains("expected ndim=2"), e.getMessage());
        assertEquals(List.of(2, 1), new Permute(2, 1).getConfig().get("dims"));
    }
}
