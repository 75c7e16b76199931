package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subtract, Multiply, Average, Maximum, Minimum and Dot (Add and Concatenate are tested in MergeLayersTest). */
class MergeLayersMoreTest {

    @TestFactory Stream<DynamicTest> tfjsOracle() {
        return Stream.of("add", "average", "maximum", "multiply", "concatenate").flatMap(n -> Stream.of(
                DynamicTest.dynamicTest(n, () -> OracleCases.check(n, false)),
                DynamicTest.dynamicTest(n + " (training)", () -> OracleCases.checkTraining(n))));
    }

    @Test void elementwiseValues() {
        Tensor a = Tensor.of(new double[] {1, 5, -2, 4}, 2, 2), b = Tensor.of(new double[] {3, 1, -1, 4}, 2, 2), c = Tensor.of(new double[] {2, 0, 0, 1}, 2, 2);
        assertArrayEquals(new double[] {-2, 4, -1, 0}, new Subtract().apply(List.of(a, b), false).get(0).doubles());
        assertArrayEquals(new double[] {6, 0, 0, 16}, new Multiply().apply(List.of(a, b, c), false).get(0).doubles());
        assertArrayEquals(new double[] {2, 2, -1, 3}, new Average().apply(List.of(a, b, c), false).get(0).doubles());
        assertArrayEquals(new double[] {3, 5, 0, 4}, new Maximum().apply(List.of(a, b, c), false).get(0).doubles());
        assertArrayEquals(new double[] {1, 0, -2, 1}, new Minimum().apply(List.of(a, b, c), false).get(0).doubles());
        // broadcasting after the batch axis, as Merge does
        Tensor row = Tensor.of(new double[] {10, 20}, 2, 1);
        assertArrayEquals(new double[] {-9, -5, -22, -16}, new Subtract().apply(List.of(a, row), false).get(0).doubles());
        FiniteDifferences.checkAll(xs -> new Average().apply(xs, false).get(0),
                List.of(FiniteDifferences.randomDouble(1, 2, 3), FiniteDifferences.randomDouble(2, 2, 3), FiniteDifferences.randomDouble(3, 2, 3)), 1e-6);
        FiniteDifferences.checkAll(xs -> new Multiply().apply(xs, false).get(0),
                List.of(FiniteDifferences.randomDouble(4, 2, 3), FiniteDifferences.randomDouble(5, 2, 3)), 1e-6);
        assertEquals(Shape.of(-1, 4, 3), new Maximum().apply(Input.of(4, 3), Input.of(4, 1)).shape());
    }

    @Test void subtractNeedsExactlyTwoInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Subtract().apply(Input.of(3), Input.of(3), Input.of(3)));
        assertTrue(e.getMessage().contains("exactly 2 inputs"), e.getMessage());
        Tensor t = Tensor.ones(2, 3);
        e = assertThrows(IllegalArgumentException.class, () -> new Subtract().apply(List.of(t), false));
        assertTrue(e.getMessage().contains("exactly 2 inputs"), e.getMessage());
    }

    @Test void dotOfVectorsAndCosine() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 0, 3, 4}, 2, 3), b = Tensor.of(new double[] {4, 5, 6, 1, 0, 0}, 2, 3);
        Tensor d = new Dot(1).apply(List.of(a, b), false).get(0);
        assertEquals(Shape.of(2, 1), d.shape());
        assertArrayEquals(new double[] {32, 0}, d.doubles());
        Tensor cos = new Dot(-1).normalize(true).apply(List.of(a, b), false).get(0);
        assertArrayEquals(new double[] {32 / Math.sqrt(14 * 77), 0}, cos.doubles(), 1e-12);
        assertEquals(Shape.of(-1, 1), new Dot(1).apply(Input.of(5), Input.of(5)).shape());
    }

    @Test void dotOfSequencesMatchesAMatmul() {
        Tensor q = FiniteDifferences.randomDouble(1, 2, 4, 3), k = FiniteDifferences.randomDouble(2, 2, 5, 3);
        // axes (2, 2): (b, 4, 3) . (b, 5, 3) -> (b, 4, 5) = q @ k^T
        Tensor s = new Dot(2, 2).apply(List.of(q, k), false).get(0);
        assertEquals(Shape.of(2, 4, 5), s.shape());
        assertArrayEquals(Ops.matmul(q, k, false, true).doubles(), s.doubles(), 1e-12);
        // axes (1, 1): (b, 4, 3) . (b, 4, 6) -> (b, 3, 6) = q^T @ v
        Tensor v = FiniteDifferences.randomDouble(3, 2, 4, 6);
        assertArrayEquals(Ops.matmul(q, v, true, false).doubles(), new Dot(1, 1).apply(List.of(q, v), false).get(0).doubles(), 1e-12);
        KerasTensor out = new Dot(2, 1).apply(Input.of(4, 3), Input.of(3, 7));
        assertEquals(Shape.of(-1, 4, 7), out.shape());
        FiniteDifferences.checkAll(xs -> new Dot(2, 2).normalize(true).apply(xs, false).get(0), List.of(q, k), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dot(1).apply(Input.of(3), Input.of(4)));
        assertTrue(e.getMessage().contains("Incompatible input shapes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dot(0).apply(Input.of(3), Input.of(3)));
        assertTrue(e.getMessage().contains("non-batch"), e.getMessage());
        assertEquals(List.of(2, 1), new Dot(2, 1).getConfig().get("axes"));
        assertEquals(1, new Dot(1).getConfig().get("axes"));
    }
}
