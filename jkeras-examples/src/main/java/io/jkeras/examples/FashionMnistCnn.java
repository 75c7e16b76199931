package io.jkeras.examples;

import io.jkeras.datasets.Datasets;
import io.jkeras.datasets.FashionMnist;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Input;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import io.jkeras.utils.Utils;

import java.util.Locale;
import java.util.Map;

/**
 * A small convolutional network on Fashion-MNIST: the model of Keras's "Simple MNIST convnet"
 * example (keras.io/examples/vision/mnist_convnet), Conv2D(32, 3, relu) - MaxPooling2D -
 * Conv2D(64, 3, relu) - MaxPooling2D - Flatten - Dropout(0.5) - Dense(10, softmax), 34,826
 * parameters, trained with Adam and categorical cross-entropy, batch 128, 10% of the training
 * images held out for validation. Prints the summary, per-epoch progress and the test accuracy.
 *
 * <p>Arguments (all optional): {@code --epochs N} (default 15, as the Keras example),
 * {@code --batch-size N}, {@code --seed N}, {@code --train-limit N} (use only the first N training
 * images, for a quick try).
 */
public final class FashionMnistCnn {
    private FashionMnistCnn() {}

    /** The ten class names, by label. */
    public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
            "Ankle boot"};

    /** The Keras example's model for 28x28x1 images and 10 classes, not compiled. */
    public static Sequential buildModel() {
        Sequential model = new Sequential("fashion_mnist_cnn");
        model.add(Input.of(28, 28, 1));
        model.add(new Conv2D(32, 3, "relu"));
        model.add(new MaxPooling2D(2));
        model.add(new Conv2D(64, 3, "relu"));
        model.add(new MaxPooling2D(2));
        model.add(new Flatten());
        model.add(new Dropout(0.5));
        model.add(new Dense(10, "softmax"));
        return model;
    }

    /** Images (n, 28, 28) with values 0..255 as float32 (n, 28, 28, 1) in [0, 1]. */
    static Tensor toInput(Tensor images) {
        Tensor x = Datasets.toFloatImages(images, false);
        return Ops.reshape(x, Shape.of(x.dim(0), 28, 28, 1));
    }

    public static void main(String[] args) {
        int epochs = 15, batchSize = 128, trainLimit = -1;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Examples.intArg(args, ++i);
                case "--batch-size" -> batchSize = Examples.intArg(args, ++i);
                case "--seed" -> seed = Examples.intArg(args, ++i);
                case "--train-limit" -> trainLimit = Examples.intArg(args, ++i);
                default -> Examples.usage("fashion-cnn", args[i], "[--epochs N] [--batch-size N] [--seed N] [--train-limit N]");
            }
        }
        SeedGenerator.setGlobalSeed(seed);

        Mnist.Data data = FashionMnist.loadData();
        Tensor xTrain = toInput(data.xTrain()), yTrain = Utils.toCategorical(data.yTrain(), 10);
        if (trainLimit > 0 && trainLimit < xTrain.dim(0)) {
            xTrain = Ops.sliceAxis(xTrain, 0, 0, trainLimit);
            yTrain = Ops.sliceAxis(yTrain, 0, 0, trainLimit);
        }
        Tensor xTest = toInput(data.xTest()), yTest = Utils.toCategorical(data.yTest(), 10);
        System.out.println("x_train shape: " + xTrain.shape() + ", " + xTest.dim(0) + " test samples");

        Sequential model = buildModel();
        model.compile("adam", "categorical_crossentropy", "accuracy");
        model.summary();

        long start = System.nanoTime();
        model.fit(xTrain, yTrain, FitOptions.builder().epochs(epochs).batchSize(batchSize).validationSplit(0.1).seed(seed));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Double> result = model.evaluate(xTest, yTest, 256, 0);
        System.out.printf(Locale.ROOT, "Training took %.1f s (%.1f s per epoch)%n", seconds, seconds / Math.max(1, epochs));
        System.out.printf(Locale.ROOT, "Test loss: %.4f%n", result.get("loss"));
        System.out.printf(Locale.ROOT, "Test accuracy: %.4f%n", result.get("accuracy"));
    }
}
