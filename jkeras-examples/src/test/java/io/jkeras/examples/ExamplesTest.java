package io.jkeras.examples;

import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The examples' model-building code and helpers, without training runs or datasets. */
class ExamplesTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @Test void fashionCnnIsKerasMnistConvnet() {
        Sequential m = FashionMnistCnn.buildModel();
        // Keras's "Simple MNIST convnet": 320 + 18,496 + 16,010 parameters
        assertEquals(34_826, m.countParams());
        String s = m.summaryString();
        for (String row : List.of("(None, 26, 26, 32)", "(None, 13, 13, 32)", "(None, 11, 11, 64)", "(None, 5, 5, 64)", "(None, 1600)",
                "(None, 10)", "Total params: 34,826")) {
            assertTrue(s.contains(row), "summary shows " + row + ":\n" + s);
        }
        Tensor p = m.predict(Tensor.zeros(Shape.of(2, 28, 28, 1), DType.FLOAT32));
        assertEquals(Shape.of(2, 10), p.shape());
        assertEquals(1.0, Ops.sum(p, new int[] {1}, false).toDoubleArray()[0], 1e-5);
    }

    @Test void fashionCnnInputIsScaledAndGivenAChannel() {
        Tensor imgs = Tensor.wrap(new int[] {0, 255, 51, 102}, Shape.of(1, 2, 2));
        // toInput expects 28x28 images; a 2x2 one is refused with a shape error rather than silently mangled
        assertThrows(IllegalArgumentException.class, () -> FashionMnistCnn.toInput(imgs));
        int[] full = new int[28 * 28];
        full[1] = 255;
        full[2] = 51;
        Tensor x = FashionMnistCnn.toInput(Tensor.wrap(full, Shape.of(1, 28, 28)));
        assertEquals(Shape.of(1, 28, 28, 1), x.shape());
        assertArrayEquals(new float[] {0, 1, 0.2f}, java.util.Arrays.copyOf(x.toFloatArray(), 3), 1e-7f);
    }

    @Test void denoisingAutoencoderShapes() {
        Model m = DenoisingAutoencoder.buildModel();
        // 320 + 3 x 9,248 + 289
        assertEquals(28_353, m.countParams());
        String s = m.summaryString();
        for (String row : List.of("(None, 28, 28, 32)", "(None, 14, 14, 32)", "(None, 7, 7, 32)", "(None, 28, 28, 1)")) {
            assertTrue(s.contains(row), "summary shows " + row + ":\n" + s);
        }
        Tensor y = m.predict(Tensor.zeros(Shape.of(3, 28, 28, 1), DType.FLOAT32));
        assertEquals(Shape.of(3, 28, 28, 1), y.shape());
        for (double v : y.toDoubleArray()) assertTrue(v > 0 && v < 1, "sigmoid output in (0, 1): " + v);
    }

    @Test void noiseIsSeededScaledAndClipped() {
        Tensor x = Tensor.full(Shape.of(200, 28, 28, 1), 0.5, DType.FLOAT32);
        Tensor a = DenoisingAutoencoder.addNoise(x, 0.5, 7), b = DenoisingAutoencoder.addNoise(x, 0.5, 7);
        assertTrue(a.contentEquals(b), "same seed, same noise");
        double[] v = a.toDoubleArray();
        int low = 0, high = 0;
        double sum = 0;
        for (double d : v) {
            assertTrue(d >= 0 && d <= 1, "clipped to [0, 1]: " + d);
            if (d == 0) low++;
            if (d == 1) high++;
            sum += d;
        }
        // 0.5 + 0.5 N(0, 1) leaves [0, 1] when |N| > 1: about 15.9% on each side
        assertEquals(0.159, low / (double) v.length, 0.01);
        assertEquals(0.159, high / (double) v.length, 0.01);
        assertEquals(0.5, sum / v.length, 0.01);
    }

    @TempDir Path tmp;

    @Test void pngGridHasOneRowPerTensorAndTheRightGreys() throws IOException {
        Tensor black = Tensor.zeros(Shape.of(2, 3, 4, 1), DType.FLOAT32);
        Tensor white = Tensor.full(Shape.of(2, 3, 4), 1.0, DType.FLOAT32);
        Tensor half = Tensor.full(Shape.of(2, 3, 4, 1), 0.5, DType.FLOAT32);
        Path file = tmp.resolve("sub/grid.png");
        DenoisingAutoencoder.writeGrid(List.of(black, white, half), 2, file);
        BufferedImage img = ImageIO.read(file.toFile());
        // 2 images of 4x3 pixels at scale 2, gaps of 2: width 2 + 2 * (8 + 2), height 2 + 3 * (6 + 2)
        assertEquals(22, img.getWidth());
        assertEquals(26, img.getHeight());
        assertEquals(64, img.getRaster().getSample(0, 0, 0), "gap");
        assertEquals(0, img.getRaster().getSample(2, 2, 0), "row 0: black");
        assertEquals(255, img.getRaster().getSample(2 + 10 + 7, 2 + 8 + 5, 0), "row 1, image 1, last pixel: white");
        assertEquals(128, img.getRaster().getSample(3, 2 + 16 + 1, 0), "row 2: grey");
        assertThrows(IllegalArgumentException.class, () -> DenoisingAutoencoder.writeGrid(List.of(black, Tensor.zeros(Shape.of(3, 3, 4), DType.FLOAT32)), 1, file));
    }

    @Test void everyExampleHasAName() {
        assertEquals(Set.of("mnist-mlp", "fashion-cnn", "denoising-autoencoder", "imdb-lstm", "imdb-transformer", "char-lstm", "training-toolkit"), Examples.names());
    }
}
