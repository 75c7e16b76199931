package io.jkeras.examples;

import io.jkeras.callbacks.BackupAndRestore;
import io.jkeras.callbacks.CSVLogger;
import io.jkeras.callbacks.EarlyStopping;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.ModelCheckpoint;
import io.jkeras.callbacks.ReduceLROnPlateau;
import io.jkeras.callbacks.TensorBoard;
import io.jkeras.data.Dataset;
import io.jkeras.data.ImageDirectory;
import io.jkeras.data.Sample;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Input;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import io.jkeras.utils.PlotModel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The training toolkit end to end: images from class folders as a Dataset, callbacks (early stopping, best checkpoint, LR reduction, CSV log, TensorBoard,
 * backup and restore), and the two pictures (the model and the training curves).
 *
 * <p>Arguments (optional): {@code --images DIR} a folder with one subfolder of images per class
 * (default: 3000 MNIST digits written as PNGs under {@code <out>/images}), {@code --out DIR} where
 * everything is written (default {@code toolkit-out}), {@code --epochs N} (default 10).
 */
public final class TrainingToolkit {
    private TrainingToolkit() {}

    public static void main(String[] args) throws IOException {
        Path images = null, out = Path.of("toolkit-out");
        int epochs = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--images" -> images = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("Unknown argument " + args[i] + ". Usage: TrainingToolkit [--images DIR] [--out DIR] [--epochs N]");
                    System.exit(2);
                }
            }
        }
        SeedGenerator.setGlobalSeed(7);
        if (images == null) images = writeMnistPngs(out.resolve("images"), 3000);

        // 1. a Dataset from image folders: 28x28 grayscale, 20% held out for validation
        ImageDirectory dir = ImageDirectory.of(images).imageSize(28, 28).colorMode(ImageDirectory.ColorMode.GRAYSCALE)
                .batchSize(64).validationSplit(0.2).seed(1337);
        int classes = dir.classNames().size();
        Dataset<Sample> train = dir.training().map(TrainingToolkit::scale).prefetch(2);
        Dataset<Sample> val = dir.validation().map(TrainingToolkit::scale).cache();

        // 2. a small MLP
        KerasTensor in = Input.of(28, 28, 1);
        KerasTensor h = new Dense(128, "relu").apply(new Flatten().apply(in));
        Model model = new Model(in, new Dense(classes, "softmax").apply(h));
        // a constant learning rate, so ReduceLROnPlateau can lower it (a LearningRateSchedule such as
        // new CosineDecay(1e-3, steps) is the alternative, without that callback)
        model.compile(new Adam(1e-3), new io.jkeras.losses.SparseCategoricalCrossentropy(), new io.jkeras.metrics.SparseCategoricalAccuracy());
        model.summary();
        PlotModel.plotModel(model, out.resolve("model.png"), new PlotModel.Options().showShapes(true));

        // 3. callbacks
        History history = model.fit(train, FitOptions.builder().epochs(epochs).validationData(val).callbacks(
                new EarlyStopping().monitor("val_loss").patience(3).restoreBestWeights(true),
                new ModelCheckpoint(out.resolve("best.keras").toString()).monitor("val_sparse_categorical_accuracy").saveBestOnly(true),
                new ReduceLROnPlateau().patience(2).minLr(1e-5).verbose(1),
                new CSVLogger(out.resolve("training.csv")),
                new TensorBoard(out.resolve("logs")).histogramFreq(1),
                new BackupAndRestore(out.resolve("backup"))));

        // 4. the training curves
        history.plot(out.resolve("history.png"));
        Map<String, Double> result = model.evaluate(val);
        System.out.printf(Locale.ROOT, "validation accuracy %.4f; wrote %s, %s, %s, %s and TensorBoard logs in %s%n",
                result.get("sparse_categorical_accuracy"), out.resolve("model.png"), out.resolve("history.png"),
                out.resolve("best.keras"), out.resolve("training.csv"), out.resolve("logs"));
    }

    /** Pixels from [0, 255] to [0, 1]. */
    private static Sample scale(Sample s) {
        return new Sample(java.util.List.of(Ops.divide(s.input(), 255.0)), s.targets(), s.sampleWeight());
    }

    /** Writes {@code n} MNIST training digits as {@code dir/<digit>/<i>.png} (skipped when the folder exists). */
    static Path writeMnistPngs(Path dir, int n) throws IOException {
        if (Files.isDirectory(dir)) return dir;
        Mnist.Data data = Mnist.loadData();
        Tensor x = data.xTrain(), y = data.yTrain();
        int[] labels = y.toIntArray();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) {
                int v = (int) x.getFlat(i * 784 + r * 28 + c);
                img.getRaster().setSample(c, r, 0, v);
            }
            Path f = dir.resolve(Integer.toString(labels[i])).resolve(i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
        return dir;
    }
}
