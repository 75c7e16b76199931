package io.jkeras.examples;

import io.jkeras.datasets.Datasets;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import io.jkeras.utils.Utils;

import java.util.Locale;
import java.util.Map;

/**
 * The README's main job: the Keras paper's Functional MLP (784-128-64-10) trained on real MNIST
 * with Adam, batch 128, 5 epochs; prints the summary, per-epoch progress and the test accuracy.
 *
 * <p>Arguments (all optional): {@code --epochs N}, {@code --batch-size N}, {@code --seed N}.
 */
public final class MnistMlp {
    private MnistMlp() {}

    public static void main(String[] args) {
        int epochs = 5, batchSize = 128;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("Unknown argument " + args[i] + ". Usage: MnistMlp [--epochs N] [--batch-size N] [--seed N]");
                    System.exit(2);
                }
            }
        }
        SeedGenerator.setGlobalSeed(seed);

        Mnist.Data data = Mnist.loadData();
        Tensor xTrain = Datasets.toFloatImages(data.xTrain(), true);   // (60000, 784) in [0, 1]
        Tensor xTest = Datasets.toFloatImages(data.xTest(), true);
        Tensor yTrain = Utils.toCategorical(data.yTrain(), 10);         // one-hot (60000, 10)
        Tensor yTest = Utils.toCategorical(data.yTest(), 10);

        KerasTensor inputLayer = Input.of(784);
        KerasTensor h1 = new Dense(128, "relu").apply(inputLayer);
        KerasTensor h2 = new Dense(64, "relu").apply(h1);
        KerasTensor out = new Dense(10, "softmax").apply(h2);
        Model model = new Model(inputLayer, out);
        model.compile("adam", "categorical_crossentropy", "accuracy");
        model.summary();

        long start = System.nanoTime();
        model.fit(xTrain, yTrain, FitOptions.builder().epochs(epochs).batchSize(batchSize).seed(seed));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Double> result = model.evaluate(xTest, yTest, 128, 0);
        System.out.printf(Locale.ROOT, "Training took %.1f s (%.2f s per epoch)%n", seconds, seconds / Math.max(1, epochs));
        System.out.printf(Locale.ROOT, "Test loss: %.4f%n", result.get("loss"));
        System.out.printf(Locale.ROOT, "Test accuracy: %.4f%n", result.get("accuracy"));
    }
}
