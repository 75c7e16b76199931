package io.jkeras.data;

import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** imageDatasetFromDirectory: classes from folders, labels aligned with images, splits, resizing, color modes. */
class ImageDirectoryTest {
    @TempDir Path dir;

    /** red/ has 7 red images, blue/ 5 blue ones (two in a nested folder), plus a non-image file. */
    Path photos() throws Exception {
        Path root = dir.resolve("photos");
        for (int i = 0; i < 7; i++) write(root.resolve("red/r" + i + ".png"), 0xFF0000 | i, 6, 4);
        for (int i = 0; i < 3; i++) write(root.resolve("blue/b" + i + ".png"), 0x0000FF | (i << 8), 3, 5);
        for (int i = 0; i < 2; i++) write(root.resolve("blue/more/b" + i + ".png"), 0x0000FF, 8, 8);
        Files.writeString(root.resolve("red/notes.txt"), "not an image");
        return root;
    }

    static void write(Path p, int rgb, int w, int h) throws Exception {
        Files.createDirectories(p.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        ImageIO.write(img, "png", p.toFile());
    }

    @Test
    void labelsFollowTheSortedFoldersAndStayWithTheirImages() throws Exception {
        ImageDirectory d = ImageDirectory.of(photos()).imageSize(4, 4).batchSize(5).seed(3).verbose(false);
        assertEquals(List.of("blue", "red"), d.classNames());
        Dataset<Sample> ds = d.training();
        assertEquals(3, ds.cardinality());    // 12 images in batches of 5
        int count = 0;
        for (Sample b : ds.toList()) {
            assertEquals(DType.FLOAT32, b.input().dtype());
            assertEquals(Shape.of(b.input().dim(0), 4, 4, 3), b.input().shape());
            assertEquals(DType.INT32, b.target().dtype());
            int[] labels = b.target().toIntArray();
            float[] px = b.input().toFloatArray();
            for (int i = 0; i < labels.length; i++) {
                float red = px[i * 48], blue = px[i * 48 + 2];
                if (labels[i] == 1) assertEquals(255f, red); else assertEquals(255f, blue);
                count++;
            }
        }
        assertEquals(12, count);
    }

    @Test
    void validationSplitIsDisjointAndSeeded() throws Exception {
        Path root = photos();
        ImageDirectory a = ImageDirectory.of(root).seed(7).validationSplit(0.25).verbose(false);
        assertEquals(9, a.trainingFiles().size());      // int(0.25 * 12) = 3 held out
        assertEquals(3, a.validationFiles().size());
        Set<Path> all = new HashSet<>(a.trainingFiles());
        all.addAll(a.validationFiles());
        assertEquals(12, all.size());
        ImageDirectory b = ImageDirectory.of(root).seed(7).validationSplit(0.25).verbose(false);
        assertEquals(a.validationFiles(), b.validationFiles());
        assertNotEquals(a.trainingFiles(), ImageDirectory.of(root).seed(8).validationSplit(0.25).verbose(false).trainingFiles());
        assertEquals(3, a.imageSize(8, 8).validation().unbatch().toList().size());
        // without shuffling the list is in folder then file order
        List<String> names = new ArrayList<>();
        for (Path p : ImageDirectory.of(root).shuffle(false).verbose(false).trainingFiles()) names.add(root.relativize(p).toString());
        assertEquals(List.of("blue/b0.png", "blue/b1.png", "blue/b2.png", "blue/more/b0.png", "blue/more/b1.png", "red/r0.png"), names.subList(0, 6));
    }

    @Test
    void labelModesAndColorModes() throws Exception {
        Path root = photos();
        Sample cat = ImageDirectory.of(root).labelMode(ImageDirectory.LabelMode.CATEGORICAL).shuffle(false).imageSize(2, 2).batchSize(12)
                .verbose(false).all().toList().get(0);
        assertEquals(Shape.of(12, 2), cat.target().shape());
        assertArrayEquals(new float[] {1, 0}, java.util.Arrays.copyOf(cat.target().toFloatArray(), 2));   // first file is blue
        Sample bin = ImageDirectory.of(root).labelMode(ImageDirectory.LabelMode.BINARY).shuffle(false).imageSize(2, 2).batchSize(12)
                .verbose(false).all().toList().get(0);
        assertEquals(Shape.of(12, 1), bin.target().shape());
        assertEquals(1f, bin.target().toFloatArray()[11]);
        Sample none = ImageDirectory.of(root).labelMode(ImageDirectory.LabelMode.NONE).imageSize(2, 2).verbose(false).all().toList().get(0);
        assertTrue(none.targets().isEmpty());
        Sample gray = ImageDirectory.of(root).colorMode(ImageDirectory.ColorMode.GRAYSCALE).shuffle(false).imageSize(2, 2).batchSize(1)
                .verbose(false).all().toList().get(0);
        assertEquals(Shape.of(1, 2, 2, 1), gray.input().shape());
        assertEquals(Math.rint(0.114 * 255), gray.input().getFlat(0), 0);     // pure blue
        Sample rgba = ImageDirectory.of(root).colorMode(ImageDirectory.ColorMode.RGBA).imageSize(2, 2).batchSize(1).verbose(false).all().toList().get(0);
        assertEquals(4, rgba.input().dim(3));
        assertEquals(255f, rgba.input().toFloatArray()[3]);                    // opaque
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageDirectory.of(root).classNames("red", "green").verbose(false).classNames());
        assertTrue(e.getMessage().contains("[blue, red]"), e.getMessage());
    }

    @Test
    void bilinearResizeUsesHalfPixelCenters() {
        // 2x2 -> 4x4: sample positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (right pixel only)
        float[] src = {0, 100, 200, 255};
        float[] out = ImageDirectory.resizeBilinear(src, 2, 2, 1, 4, 4);
        assertArrayEquals(new float[] {0, 25, 75, 100}, java.util.Arrays.copyOfRange(out, 0, 4), 1e-4f);
        // row 1 is 1/4 of the way to the second row: 0.75 * row0 + 0.25 * row1, row1 = [200, 213.75, 241.25, 255]
        assertArrayEquals(new float[] {50, 72.1875f, 116.5625f, 138.75f}, java.util.Arrays.copyOfRange(out, 4, 8), 1e-4f);
        Tensor same = Tensor.wrap(src.clone(), 2, 2, 1);
        assertArrayEquals(same.toFloatArray(), ImageDirectory.resizeBilinear(src, 2, 2, 1, 2, 2));
    }
}
