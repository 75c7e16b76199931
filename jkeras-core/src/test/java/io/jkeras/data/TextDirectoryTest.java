package io.jkeras.data;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** textDatasetFromDirectory: classes from folders, texts with their labels, splits, max_length, batching of TextSamples. */
class TextDirectoryTest {
    @TempDir Path dir;

    /** pos/ has 6 texts "pos i", neg/ 4 texts "neg i" (one nested), plus a non-.txt file that is ignored. */
    Path reviews() throws Exception {
        Path root = dir.resolve("reviews");
        for (int i = 0; i < 6; i++) write(root.resolve("pos/p" + i + ".txt"), "pos " + i);
        for (int i = 0; i < 3; i++) write(root.resolve("neg/n" + i + ".txt"), "neg " + i);
        write(root.resolve("neg/deeper/n3.TXT"), "neg 3");
        write(root.resolve("pos/readme.md"), "ignored");
        return root;
    }

    static void write(Path p, String text) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    @Test
    void textsKeepTheirFolderLabels() throws Exception {
        TextDirectory d = TextDirectory.of(reviews()).batchSize(4).seed(5).verbose(false);
        assertEquals(List.of("neg", "pos"), d.classNames());
        Dataset<TextSample> ds = d.training();
        assertEquals(3, ds.cardinality());                      // 10 texts in batches of 4
        Set<String> seen = new HashSet<>();
        for (TextSample b : ds.toList()) {
            assertEquals(DType.INT32, b.labels().dtype());
            assertEquals(Shape.of(b.size()), b.labels().shape());
            int[] labels = b.labels().toIntArray();
            for (int i = 0; i < b.size(); i++) {
                String t = b.texts().get(i);
                assertEquals(t.startsWith("pos") ? 1 : 0, labels[i], t);
                seen.add(t);
            }
        }
        assertEquals(10, seen.size());
        assertTrue(seen.contains("neg 3") && !seen.contains("ignored"));
    }

    @Test
    void shuffleIsSeededAndSplitIsDisjoint() throws Exception {
        Path root = reviews();
        TextDirectory a = TextDirectory.of(root).seed(9).validationSplit(0.3).verbose(false);
        TextDirectory b = TextDirectory.of(root).seed(9).validationSplit(0.3).verbose(false);
        assertEquals(a.trainingFiles(), b.trainingFiles());
        assertEquals(7, a.trainingFiles().size());
        assertEquals(3, a.validationFiles().size());
        Set<Path> all = new HashSet<>(a.trainingFiles());
        all.addAll(a.validationFiles());
        assertEquals(10, all.size());
        List<String> valTexts = new ArrayList<>();
        for (TextSample s : a.validation().toList()) valTexts.addAll(s.texts());
        List<String> expected = new ArrayList<>();
        for (Path p : a.validationFiles()) expected.add(Files.readString(p));
        assertEquals(expected, valTexts);                         // validation keeps the listed order
        TextDirectory unshuffled = TextDirectory.of(root).shuffle(false).batchSize(0).verbose(false);
        List<String> order = unshuffled.all().map(TextSample::text).toList();
        assertEquals(List.of("neg 3", "neg 0", "neg 1", "neg 2", "pos 0", "pos 1", "pos 2", "pos 3", "pos 4", "pos 5"), order);
    }

    @Test
    void labelModesAndClassNames() throws Exception {
        Path root = reviews();
        TextSample cat = TextDirectory.of(root).labelMode(TextDirectory.LabelMode.CATEGORICAL).classNames("pos", "neg")
                .shuffle(false).batchSize(10).verbose(false).all().toList().get(0);
        assertEquals(Shape.of(10, 2), cat.labels().shape());
        float[] oh = cat.labels().toFloatArray();
        for (int i = 0; i < 10; i++) {
            boolean pos = cat.texts().get(i).startsWith("pos");
            assertArrayEquals(pos ? new float[] {1, 0} : new float[] {0, 1}, new float[] {oh[2 * i], oh[2 * i + 1]});
        }
        TextSample bin = TextDirectory.of(root).labelMode(TextDirectory.LabelMode.BINARY).shuffle(false).batchSize(10).verbose(false)
                .all().toList().get(0);
        assertEquals(Shape.of(10, 1), bin.labels().shape());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, bin.labels().toFloatArray());
        TextSample none = TextDirectory.of(root).labelMode(TextDirectory.LabelMode.NONE).batchSize(3).seed(1).verbose(false).all().toList().get(0);
        assertNull(none.labels());
        assertThrows(IllegalStateException.class, none::text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextDirectory.of(root).classNames("pos", "bad").verbose(false).classNames());
        assertTrue(e.getMessage().contains("[neg, pos]"), e.getMessage());
        write(root.resolve("third/t.txt"), "x");
        e = assertThrows(IllegalArgumentException.class, () -> TextDirectory.of(root).labelMode(TextDirectory.LabelMode.BINARY).verbose(false).all());
        assertTrue(e.getMessage().contains("exactly 2"), e.getMessage());
    }

    @Test
    void maxLengthCutsBytesWithoutSplittingACharacter() throws Exception {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "ab\u00e9cd", StandardCharsets.UTF_8);          // a b [C3 A9] c d: 6 bytes
        assertEquals("ab\u00e9cd", TextDirectory.read(f, -1));
        assertEquals("ab", TextDirectory.read(f, 2));
        assertEquals("ab", TextDirectory.read(f, 3));                          // would cut é in half
        assertEquals("ab\u00e9", TextDirectory.read(f, 4));
        assertEquals("ab\u00e9c", TextDirectory.read(f, 5));
        Path root = reviews();
        List<String> cut = TextDirectory.of(root).maxLength(3).shuffle(false).batchSize(0).verbose(false).all().map(TextSample::text).toList();
        assertEquals(List.of("neg", "neg", "neg", "neg", "pos", "pos", "pos", "pos", "pos", "pos"), cut);
    }

    @Test
    void textSamplesBatchUnbatchAndBecomeSamples() {
        Dataset<TextSample> single = Dataset.of(TextSample.of("a", Tensor.scalar(0, DType.INT32)), TextSample.of("bb", Tensor.scalar(1, DType.INT32)),
                TextSample.of("ccc", Tensor.scalar(2, DType.INT32)));
        List<TextSample> batches = single.batch(2).toList();
        assertEquals(List.of("a", "bb"), batches.get(0).texts());
        assertArrayEquals(new int[] {0, 1}, batches.get(0).labels().toIntArray());
        assertEquals(List.of("ccc"), batches.get(1).texts());
        assertEquals(single.toList(), single.batch(2).unbatch().toList());
        Sample s = batches.get(0).toSample(texts -> Tensor.of(texts.stream().mapToDouble(String::length).toArray(), texts.size()));
        assertArrayEquals(new double[] {1, 2}, s.input().toDoubleArray());
        assertArrayEquals(new int[] {0, 1}, s.target().toIntArray());
    }
}
