package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The preprocessing layers against values worked out by hand from Keras's documented behaviour,
 * and against the examples printed in Keras's own docstrings (marked "Keras docstring").
 */
class PreprocessingLayersTest {

    private static void assertFloats(float[] expected, Tensor t) { assertArrayEquals(expected, t.floats(), 1e-6f); }

    // ------------------------------------------------------------------ hashes

    @Test void fingerprint64AndSipHashMatchReferenceValues() {
        // produced by Guava 33.4.8's Hashing.farmHashFingerprint64() and Hashing.sipHash24(1, 2) on the UTF-8 bytes;
        // the lengths cover every branch of FarmHash (0, 1-3, 4-7, 17-32, 33-64, 65+)
        String[] s = {"", "A", "hello", "the quick brown fox", "jkeras hashing layer test of 40 bytes!!",
                "a string that is definitely longer than sixty-four bytes for the long path"};
        String[] farm = {"11160318154034397263", "16915294056622060564", "13009744463427800296", "12567127514430074161",
                "15843424205014194391", "14349662051253329599"};
        String[] sip = {"9667169246107117435", "9252079323853958800", "2957200328589801622", "11427312966103050973",
                "9629590712008682202", "15822995958890794701"};
        for (int i = 0; i < s.length; i++) {
            byte[] b = s[i].getBytes(StandardCharsets.UTF_8);
            assertEquals(farm[i], Long.toUnsignedString(StringHashes.fingerprint64(b)), "fingerprint64 of \"" + s[i] + "\"");
            assertEquals(sip[i], Long.toUnsignedString(StringHashes.sipHash24(1, 2, b)), "siphash of \"" + s[i] + "\"");
        }
    }

    @Test void hashingMatchesKerasDocstrings() {
        String[] in = {"A", "B", "C", "D", "E"};
        // Keras docstring: Hashing(num_bins=3)([['A'], ['B'], ['C'], ['D'], ['E']]) -> [[1], [0], [1], [1], [2]]
        assertArrayEquals(new int[] {1, 0, 1, 1, 2}, new Hashing(3).apply(in).toIntArray());
        // Keras docstring: with mask_value='' on ['A', 'B', '', 'C', 'D'] -> [[1], [1], [0], [2], [2]]
        assertArrayEquals(new int[] {1, 1, 0, 2, 2}, new Hashing(3).maskValue("").apply(new String[] {"A", "B", "", "C", "D"}).toIntArray());
        // Keras docstring: with salt=133 -> [[0], [0], [2], [1], [0]]
        assertArrayEquals(new int[] {0, 0, 2, 1, 0}, new Hashing(3).salt(133).apply(in).toIntArray());
        // integers hash as their decimal strings
        Hashing h = new Hashing(7);
        assertArrayEquals(new int[] {h.bin("12"), h.bin("-5")}, h.apply(Tensor.of(new int[] {12, -5}, 2)).toIntArray());
        // one_hot over bins
        Tensor oh = new Hashing(3).outputMode("one_hot").apply(new String[] {"A", "B"});
        assertEquals(io.jkeras.tensor.Shape.of(2, 3), oh.shape());
        assertFloats(new float[] {0, 1, 0, 1, 0, 0}, oh);
        assertThrows(IllegalArgumentException.class, () -> new Hashing(3).apply(Tensor.of(new float[] {1.5f}, 1)));
    }

    // ------------------------------------------------------------------ CategoryEncoding

    @Test void categoryEncodingModes() {
        // Keras docstrings
        Tensor oh = new CategoryEncoding(4, "one_hot").apply(Tensor.of(new int[] {3, 2, 0, 1}, 4));
        assertFloats(new float[] {0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, oh);
        Tensor mh = new CategoryEncoding(4, "multi_hot").apply(Tensor.of(new int[] {0, 1, 0, 0, 1, 2, 3, 1}, 4, 2));
        assertFloats(new float[] {1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1}, mh);
        Tensor ct = new CategoryEncoding(4, "count").apply(Tensor.of(new int[] {0, 1, 0, 0, 1, 2, 3, 1}, 4, 2));
        assertFloats(new float[] {1, 1, 0, 0, 2, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1}, ct);
        Tensor w = new CategoryEncoding(4, "count").apply(Tensor.of(new int[] {0, 1, 0, 0, 1, 2, 3, 1}, 4, 2),
                Tensor.of(new float[] {.1f, .2f, .3f, .4f, .2f, .1f, .4f, .3f}, 4, 2));
        assertFloats(new float[] {.1f, .2f, 0, 0, .7f, 0, 0, 0, 0, .2f, .1f, 0, 0, .3f, 0, .4f}, w);
        // a last axis of 1 is replaced in one_hot mode
        assertEquals(io.jkeras.tensor.Shape.of(2, 3), new CategoryEncoding(3, "one_hot").apply(Tensor.of(new int[] {0, 2}, 2, 1)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CategoryEncoding(3, "one_hot").apply(Tensor.of(new int[] {3}, 1)));
        assertTrue(e.getMessage().contains("outside the range [0, 3)"), e.getMessage());
    }

    // ------------------------------------------------------------------ StringLookup / IntegerLookup

    @Test void stringLookupMatchesKerasDocstrings() {
        List<String> vocab = List.of("a", "b", "c", "d");
        String[][] data = {{"a", "c", "d"}, {"d", "z", "b"}};
        assertArrayEquals(new int[] {1, 3, 4, 4, 0, 2}, new StringLookup().vocabulary(vocab).apply(data).toIntArray());
        assertEquals(List.of("[UNK]", "a", "b", "c", "d"), new StringLookup().vocabulary(vocab).getVocabulary());
        // Keras docstring: num_oov_indices=2 on [["a","c","d"],["m","z","b"]] -> [[2, 4, 5], [0, 1, 3]]
        assertArrayEquals(new int[] {2, 4, 5, 0, 1, 3},
                new StringLookup().numOovIndices(2).vocabulary(vocab).apply(new String[][] {{"a", "c", "d"}, {"m", "z", "b"}}).toIntArray());
        // Keras docstring: multi_hot and count on [["a","c","d","d"],["d","z","b","z"]]
        String[][] d2 = {{"a", "c", "d", "d"}, {"d", "z", "b", "z"}};
        assertFloats(new float[] {0, 1, 0, 1, 1, 1, 0, 1, 0, 1}, new StringLookup().outputMode("multi_hot").vocabulary(vocab).apply(d2));
        assertFloats(new float[] {0, 1, 0, 1, 2, 2, 0, 1, 0, 1}, new StringLookup().outputMode("count").vocabulary(vocab).apply(d2));
        // Keras docstring: invert
        StringLookup inv = new StringLookup().invert(true).vocabulary(vocab);
        assertArrayEquals(new String[] {"a", "c", "d", "d", "[UNK]", "b"}, inv.invert(Tensor.of(new int[] {1, 3, 4, 4, 0, 2}, 2, 3)));
    }

    @Test void stringLookupMaskTokenAndAdapt() {
        StringLookup s = new StringLookup().maskToken("").vocabulary(List.of("a", "b"));
        assertEquals(List.of("", "[UNK]", "a", "b"), s.getVocabulary());
        assertArrayEquals(new int[] {2, 0, 1, 3}, s.apply(new String[] {"a", "", "q", "b"}).toIntArray());
        // adapt: count descending, ties by descending token (numpy lexsort reversed)
        StringLookup a = new StringLookup().adapt(new String[][] {{"x", "y", "x"}, {"b", "y", "a"}, {"x", "c", "[UNK]"}});
        assertEquals(List.of("[UNK]", "x", "y", "c", "b", "a"), a.getVocabulary());
        StringLookup cut = new StringLookup().maxTokens(3).adapt(new String[][] {{"x", "y", "x"}, {"b", "y", "a"}});
        assertEquals(List.of("[UNK]", "y", "x"), cut.getVocabulary());   // x and y both twice: the larger token first
        assertThrows(IllegalArgumentException.class, () -> new StringLookup().vocabulary(List.of("a", "a")));
        assertThrows(IllegalStateException.class, () -> new StringLookup().apply(new String[] {"a"}));
    }

    @Test void integerLookupMatchesKerasDocstrings() {
        List<Long> vocab = List.of(12L, 36L, 1138L, 42L);
        Tensor data = Tensor.of(new int[] {12, 1138, 42, 42, 1000, 36}, 2, 3);
        IntegerLookup l = new IntegerLookup().vocabulary(vocab);
        assertArrayEquals(new int[] {1, 3, 4, 4, 0, 2}, l.apply(data).toIntArray());
        assertEquals(List.of(-1L, 12L, 36L, 1138L, 42L), l.getVocabulary());
        // Keras docstring: num_oov_indices=2 on [[12, 1138, 42], [37, 1000, 36]] -> [[2, 4, 5], [1, 0, 3]] (OOV slot = floorMod(token, 2))
        assertArrayEquals(new int[] {2, 4, 5, 1, 0, 3},
                new IntegerLookup().numOovIndices(2).vocabulary(vocab).apply(Tensor.of(new int[] {12, 1138, 42, 37, 1000, 36}, 2, 3)).toIntArray());
        // mask token 0 takes index 0, the OOV slot moves to 1
        IntegerLookup m = new IntegerLookup().maskToken(0L).vocabulary(vocab);
        assertArrayEquals(new int[] {0, 2, 1}, m.apply(Tensor.of(new int[] {0, 12, 7}, 3)).toIntArray());
        // invert
        IntegerLookup inv = new IntegerLookup().invert(true).vocabulary(vocab);
        assertArrayEquals(new long[] {12, 1138, 42, 42, -1, 36}, inv.apply(Tensor.of(new int[] {1, 3, 4, 4, 0, 2}, 2, 3)).toLongArray());
        // adapt: 42 twice, then the singletons by descending value
        IntegerLookup a = new IntegerLookup().adapt(Tensor.of(new int[] {12, 1138, 42, 42, 1000, 36}, 2, 3));
        assertEquals(List.of(-1L, 42L, 1138L, 1000L, 36L, 12L), a.getVocabulary());
        // multi_hot
        assertFloats(new float[] {1, 1, 0, 0, 1}, new IntegerLookup().outputMode("multi_hot").vocabulary(vocab)
                .apply(Tensor.of(new int[] {42, 12, 5}, 1, 3)));
    }

    // ------------------------------------------------------------------ TextVectorization

    private static final List<String> CORPUS = List.of("The cat sat.", "The dog! The end", "a cat");

    @Test void textVectorizationAdaptAndIntMode() {
        TextVectorization tv = new TextVectorization().adapt(CORPUS);
        // the: 3, cat: 2, then the count-1 tokens by descending token
        assertEquals(List.of("", "[UNK]", "the", "cat", "sat", "end", "dog", "a"), tv.getVocabulary());
        assertEquals(8, tv.vocabularySize());
        Tensor x = tv.apply("The CAT, end", "zebra");
        assertEquals(io.jkeras.tensor.Shape.of(2, 3), x.shape());
        assertArrayEquals(new int[] {2, 3, 5, 1, 0, 0}, x.toIntArray());
        TextVectorization fixed = new TextVectorization().outputSequenceLength(2).vocabulary(tv.getVocabulary());
        assertArrayEquals(new int[] {2, 3, 1, 0}, fixed.apply("the cat end", "zebra").toIntArray());
        TextVectorization small = new TextVectorization().maxTokens(5).adapt(CORPUS);
        assertEquals(List.of("", "[UNK]", "the", "cat", "sat"), small.getVocabulary());
    }

    @Test void textVectorizationCountingModes() {
        TextVectorization mh = new TextVectorization().outputMode("multi_hot").adapt(CORPUS);
        assertEquals(List.of("[UNK]", "the", "cat", "sat", "end", "dog", "a"), mh.getVocabulary());
        assertFloats(new float[] {1, 1, 0, 0, 0, 0, 0}, mh.apply("the the zebra"));
        TextVectorization ct = new TextVectorization().outputMode("count").adapt(CORPUS);
        assertFloats(new float[] {1, 2, 0, 0, 0, 0, 0}, ct.apply("the the zebra"));
        TextVectorization pad = new TextVectorization().outputMode("count").maxTokens(10).padToMaxTokens(true).adapt(CORPUS);
        assertEquals(10, pad.apply("the").dim(1));
        // tf_idf: idf = log(1 + 3 documents / (1 + documents with the token)); [UNK] gets the mean of the tokens' idf
        TextVectorization tf = new TextVectorization().outputMode("tf_idf").adapt(CORPUS);
        double the = Math.log(1 + 3.0 / 3), cat = Math.log(1 + 3.0 / 3), one = Math.log(1 + 3.0 / 2);
        double unk = (the + cat + 4 * one) / 6;
        assertFloats(new float[] {(float) unk, (float) (2 * the), 0, 0, 0, 0, 0}, tf.apply("the the zebra"));
        assertFloats(new float[] {(float) unk, (float) the, (float) cat, (float) one, (float) one, (float) one, (float) one},
                Tensor.wrap(Arrays.copyOf(toFloats(tf.idfWeights()), 7), 7));
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    @Test void textVectorizationStandardizeSplitNgrams() {
        assertEquals(List.of("hello", "world", "its", "ok"), new TextVectorization().tokens("Hello,  World!\tIt's OK."));
        assertEquals(List.of("hello,", "world!", "it's", "ok."), new TextVectorization().standardize("lower").tokens("Hello, World! It's OK."));
        assertEquals(List.of("Hello", "Its"), new TextVectorization().standardize("strip_punctuation").tokens("Hello It's"));
        // lower-casing is ASCII only, as tf.strings.lower
        assertEquals(List.of("élan", "École"), new TextVectorization().tokens("élan École"));
        assertEquals(List.of("a", "b", " ", "c"), new TextVectorization().split("character").tokens("aB c"));
        assertEquals(List.of("a b c"), new TextVectorization().split("none").tokens("a b c"));
        assertEquals(List.of("a", "b", "c", "a b", "b c"), new TextVectorization().ngrams(2).tokens("a b c"));
        assertEquals(List.of("a b", "b c", "a b c"), new TextVectorization().ngrams(new int[] {2, 3}).tokens("a b c"));
    }

    // ------------------------------------------------------------------ Normalization / Discretization

    @Test void normalizationAdaptAndInvert() {
        // Keras docstring: adapt on [1, 2, 3, 4, 5] with axis=None, then [1, 2, 3] -> [-1.4142135, -0.70710677, 0.]
        Normalization n = new Normalization().axis();
        n.adapt(Tensor.of(new float[] {1, 2, 3, 4, 5}, 5));
        assertFloats(new float[] {-1.4142135f, -0.70710677f, 0f}, n.apply(Tensor.of(new float[] {1, 2, 3}, 3)));
        // per feature (axis -1): mean [2, 4], population variance [1, 4]
        Normalization f = new Normalization();
        f.adapt(Tensor.of(new float[] {1, 2, 3, 6}, 2, 2));
        assertFloats(new float[] {-1, -1, 1, 1, 0, 0.5f}, f.apply(Tensor.of(new float[] {1, 2, 3, 6, 2, 5}, 3, 2)));
        assertFloats(new float[] {2, 4}, f.mean());
        assertFloats(new float[] {1, 4}, f.variance());
        // Keras 3's weights for adapted statistics: mean, variance and an int32 count kept for old files
        assertEquals(List.of("mean", "variance", "count"), f.nonTrainableWeights().stream().map(v -> v.name()).toList());
        assertEquals(io.jkeras.tensor.DType.INT32, f.nonTrainableWeights().get(2).dtype());
        // given statistics, inverted
        Normalization inv = new Normalization().meanAndVariance(new double[] {2, 4}, new double[] {1, 4}).invert(true);
        assertFloats(new float[] {1, 2, 3, 6}, inv.apply(Tensor.of(new float[] {-1, -1, 1, 1}, 2, 2)));
        // given statistics are constants, as in Keras: no weights, and adapt is refused
        assertEquals(0, inv.weights().size());
        assertThrows(IllegalStateException.class, () -> inv.adapt(Tensor.of(new float[] {1, 2}, 1, 2)));
    }

    @Test void discretizationBoundariesAndAdapt() {
        Tensor in = Tensor.of(new float[] {-1.5f, 1.0f, 3.4f, .5f, 0.0f, 3.0f, 1.3f, 0.0f}, 2, 4);
        // Keras docstring: bin_boundaries=[0., 1., 2.] -> [[0, 2, 3, 1], [1, 3, 2, 1]]
        assertArrayEquals(new int[] {0, 2, 3, 1, 1, 3, 2, 1}, new Discretization().binBoundaries(0, 1, 2).apply(in).toIntArray());
        // Keras docstring: num_bins=4, epsilon=0.01, adapt on the same data -> [[0, 2, 3, 2], [1, 3, 3, 1]];
        // by hand: the cumulative fractions 1/4, 2/4, 3/4 of the 8 sorted values fall on 0.0, 0.5 and 1.3
        Discretization q = new Discretization().numBins(4).epsilon(0.01);
        q.adapt(in);
        assertArrayEquals(new double[] {0.0, 0.5, 1.2999999523162842}, q.binBoundaries(), 1e-12);
        assertArrayEquals(new int[] {0, 2, 3, 2, 1, 3, 3, 1}, q.apply(in).toIntArray());
        // one_hot over the 4 bins
        assertFloats(new float[] {1, 0, 0, 0, 0, 0, 1, 0}, new Discretization().binBoundaries(0, 1, 2).outputMode("one_hot")
                .apply(Tensor.of(new float[] {-1, 1.5f}, 2)));
    }
}
