package io.jkeras.utils;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** keras.utils.pad_sequences: the examples of its docstring and the four padding/truncating choices. */
class PadSequencesTest {
    private static final List<int[]> SEQ = List.of(new int[] {1}, new int[] {2, 3}, new int[] {4, 5, 6});

    @Test void kerasDefaultsPadAndCutAtTheFront() {
        // Keras docstring: pad_sequences([[1], [2, 3], [4, 5, 6]]) -> [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
        Tensor t = Utils.padSequences(SEQ);
        assertEquals(Shape.of(3, 3), t.shape());
        assertArrayEquals(new int[] {0, 0, 1, 0, 2, 3, 4, 5, 6}, t.toIntArray());
        // Keras docstring: maxlen=2 -> [[0, 1], [2, 3], [5, 6]]
        assertArrayEquals(new int[] {0, 1, 2, 3, 5, 6}, Utils.padSequences(SEQ, 2).toIntArray());
    }

    @Test void postPaddingTruncatingAndValue() {
        // Keras docstring: value=-1 -> [[-1, -1, 1], [-1, 2, 3], [4, 5, 6]]; padding="post" -> [[1, 0, 0], [2, 3, 0], [4, 5, 6]]
        assertArrayEquals(new int[] {-1, -1, 1, -1, 2, 3, 4, 5, 6}, Utils.padSequences(SEQ, null, "pre", "pre", -1).toIntArray());
        assertArrayEquals(new int[] {1, 0, 0, 2, 3, 0, 4, 5, 6}, Utils.padSequences(SEQ, null, "post", "pre", 0).toIntArray());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Utils.padSequences(SEQ, 2, "pre", "post", 0).toIntArray());
        assertArrayEquals(new int[] {1, 0, 2, 3, 4, 5}, Utils.padSequences(SEQ, 2, "post", "post", 0).toIntArray());
        assertEquals(Shape.of(2, 0), Utils.padSequences(List.of(new int[0], new int[0])).shape());
        assertThrows(IllegalArgumentException.class, () -> Utils.padSequences(SEQ, 2, "middle", "pre", 0));
    }
}
