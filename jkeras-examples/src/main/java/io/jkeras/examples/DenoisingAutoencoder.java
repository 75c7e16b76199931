package io.jkeras.examples;

import io.jkeras.datasets.Datasets;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Input;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The convolutional denoising autoencoder of the Keras paper's Figure 2: MNIST digits with Gaussian
 * noise go in ({@code clip(x + 0.5 * N(0, 1), 0, 1)}), clean digits come out. The encoder is two
 * Conv2D(32, 3, relu, same) + MaxPooling2D blocks (28x28 down to a 7x7x32 code), the decoder two
 * Conv2D(32, 3, relu, same) + UpSampling2D blocks and a Conv2D(1, 3, sigmoid, same) output; it is
 * trained with Adam on binary cross-entropy. At the end it prints the test loss and writes a PNG
 * grid: noisy test digits on the first row, the model's denoised digits on the second, the clean
 * digits on the third.
 *
 * <p>Arguments (all optional): {@code --epochs N} (default 3), {@code --batch-size N} (128),
 * {@code --seed N}, {@code --train-limit N} (use only the first N training digits),
 * {@code --digits N} (columns of the grid, 10), {@code --out FILE} (default
 * {@code denoising-autoencoder.png}).
 */
public final class DenoisingAutoencoder {
    private DenoisingAutoencoder() {}

    /** The noise factor of the paper's example. */
    public static final double NOISE_FACTOR = 0.5;

    /** The autoencoder for 28x28x1 images in [0, 1], not compiled. */
    public static Model buildModel() {
        KerasTensor input = Input.of(28, 28, 1);
        KerasTensor x = new Conv2D(32, 3, "relu").padding("same").apply(input);
        x = new MaxPooling2D(2).padding("same").apply(x);
        x = new Conv2D(32, 3, "relu").padding("same").apply(x);
        KerasTensor encoded = new MaxPooling2D(2).padding("same").apply(x);     // (7, 7, 32)
        x = new Conv2D(32, 3, "relu").padding("same").apply(encoded);
        x = new UpSampling2D(2).apply(x);
        x = new Conv2D(32, 3, "relu").padding("same").apply(x);
        x = new UpSampling2D(2).apply(x);
        KerasTensor decoded = new Conv2D(1, 3, "sigmoid").padding("same").apply(x);
        return new Model(List.of(input), List.of(decoded), "denoising_autoencoder");
    }

    /** {@code clip(x + factor * N(0, 1), 0, 1)} with seeded noise. */
    public static Tensor addNoise(Tensor x, double factor, long seed) {
        Tensor noise = Ops.randomNormal(x.shape(), 0, 1, x.dtype(), seed);
        return Ops.clip(Ops.add(x, Ops.multiply(noise, factor)), 0.0, 1.0);
    }

    /**
     * Writes rows of images as one grey PNG: row {@code r} shows the images of {@code rows.get(r)}
     * (each a tensor (n, h, w) or (n, h, w, 1) with values in [0, 1], 1 = white), side by side,
     * each pixel drawn as a {@code scale x scale} square, with a 2-pixel dark grey gap between images.
     */
    public static void writeGrid(List<Tensor> rows, int scale, Path file) {
        if (rows.isEmpty()) throw new IllegalArgumentException("writeGrid: no rows to draw");
        Tensor first = rows.get(0);
        int n = first.dim(0), h = first.dim(1), w = first.dim(2), gap = 2;
        for (Tensor t : rows) {
            if (t.dim(0) != n || t.dim(1) != h || t.dim(2) != w || t.size() != n * h * w) throw new IllegalArgumentException(
                    "writeGrid: every row needs " + n + " single-channel images of " + h + "x" + w + ", received shape " + t.shape());
        }
        int cellW = w * scale, cellH = h * scale;
        BufferedImage img = new BufferedImage(gap + n * (cellW + gap), gap + rows.size() * (cellH + gap), BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) raster.setSample(x, y, 0, 64);
        for (int r = 0; r < rows.size(); r++) {
            double[] v = rows.get(r).toDoubleArray();
            for (int i = 0; i < n; i++) {
                int x0 = gap + i * (cellW + gap), y0 = gap + r * (cellH + gap);
                for (int py = 0; py < h; py++) for (int px = 0; px < w; px++) {
                    int grey = (int) Math.round(Math.clamp(v[(i * h + py) * w + px], 0.0, 1.0) * 255);
                    for (int dy = 0; dy < scale; dy++) for (int dx = 0; dx < scale; dx++) raster.setSample(x0 + px * scale + dx, y0 + py * scale + dy, 0, grey);
                }
            }
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer in this JDK");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the image grid to " + file + ": " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        int epochs = 3, batchSize = 128, trainLimit = -1, digits = 10;
        long seed = 42;
        Path out = Path.of("denoising-autoencoder.png");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Examples.intArg(args, ++i);
                case "--batch-size" -> batchSize = Examples.intArg(args, ++i);
                case "--seed" -> seed = Examples.intArg(args, ++i);
                case "--train-limit" -> trainLimit = Examples.intArg(args, ++i);
                case "--digits" -> digits = Examples.intArg(args, ++i);
                case "--out" -> out = Path.of(Examples.stringArg(args, ++i));
                default -> Examples.usage("denoising-autoencoder", args[i],
                        "[--epochs N] [--batch-size N] [--seed N] [--train-limit N] [--digits N] [--out FILE]");
            }
        }
        SeedGenerator.setGlobalSeed(seed);

        Mnist.Data data = Mnist.loadData();
        Tensor xTrain = Ops.reshape(Datasets.toFloatImages(data.xTrain(), false), Shape.of(data.xTrain().dim(0), 28, 28, 1));
        Tensor xTest = Ops.reshape(Datasets.toFloatImages(data.xTest(), false), Shape.of(data.xTest().dim(0), 28, 28, 1));
        if (trainLimit > 0 && trainLimit < xTrain.dim(0)) xTrain = Ops.sliceAxis(xTrain, 0, 0, trainLimit);
        Tensor xTrainNoisy = addNoise(xTrain, NOISE_FACTOR, seed + 1);
        Tensor xTestNoisy = addNoise(xTest, NOISE_FACTOR, seed + 2);

        Model model = buildModel();
        model.compile("adam", "binary_crossentropy");
        model.summary();

        long start = System.nanoTime();
        model.fit(xTrainNoisy, xTrain, FitOptions.builder().epochs(epochs).batchSize(batchSize).seed(seed));
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> result = model.evaluate(xTestNoisy, xTest, 256, 0);

        int n = Math.min(digits, xTest.dim(0));
        Tensor noisy = Ops.sliceAxis(xTestNoisy, 0, 0, n), clean = Ops.sliceAxis(xTest, 0, 0, n);
        Tensor denoised = model.predict(noisy);
        writeGrid(List.of(noisy, denoised, clean), 3, out);

        System.out.printf(Locale.ROOT, "Training took %.1f s (%.1f s per epoch)%n", seconds, seconds / Math.max(1, epochs));
        System.out.printf(Locale.ROOT, "Test loss (binary cross-entropy, noisy -> clean): %.4f%n", result.get("loss"));
        System.out.println("Wrote " + out.toAbsolutePath() + " (rows: noisy, denoised, clean)");
    }
}
