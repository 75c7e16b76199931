package io.jkeras.examples;

import io.jkeras.datasets.MobyDick;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.LSTM;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A character-level LSTM that writes like <i>Moby-Dick</i> (after Keras's
 * {@code lstm_text_generation} example): windows of {@code maxlen} characters predict the next
 * one; after training it prints text sampled at a few temperatures from a seed window of the book.
 * Characters go through an {@code Embedding} rather than one-hot vectors, with sparse
 * categorical crossentropy, so the example stays small enough for a laptop CPU.
 *
 * <p>Arguments (all optional): {@code --chars N} (the first N characters after the title, 60000),
 * {@code --epochs N} (2), {@code --units N} (128), {@code --maxlen N} (40), {@code --step N} (3),
 * {@code --batch-size N} (128), {@code --generate N} (300 characters), {@code --seed N} (42).
 */
public final class CharLstm {
    private CharLstm() {}

    public static void main(String[] args) {
        int chars = 60000, epochs = 2, units = 128, maxlen = 40, step = 3, batchSize = 128, generate = 300;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--chars" -> chars = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--units" -> units = Integer.parseInt(args[++i]);
                case "--maxlen" -> maxlen = Integer.parseInt(args[++i]);
                case "--step" -> step = Integer.parseInt(args[++i]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--generate" -> generate = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("Unknown argument " + args[i] + ". Usage: CharLstm [--chars N] [--epochs N] [--units N] [--maxlen N] "
                            + "[--step N] [--batch-size N] [--generate N] [--seed N]");
                    System.exit(2);
                }
            }
        }
        SeedGenerator.setGlobalSeed(seed);

        String book = MobyDick.loadText().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        int from = Math.max(0, book.indexOf("call me ishmael"));
        String text = book.substring(from, Math.min(book.length(), from + chars));
        char[] vocab = vocabulary(text);
        int v = vocab.length;
        System.out.println("Corpus: " + text.length() + " characters, " + v + " distinct");

        // windows of maxlen characters, every `step` characters, and the character that follows each
        int n = (text.length() - maxlen - 1) / step + 1;
        int[] x = new int[n * maxlen];
        int[] y = new int[n];
        for (int s = 0; s < n; s++) {
            int at = s * step;
            for (int t = 0; t < maxlen; t++) x[s * maxlen + t] = index(vocab, text.charAt(at + t));
            y[s] = index(vocab, text.charAt(at + maxlen));
        }
        System.out.println(n + " training windows of " + maxlen + " characters");

        Sequential model = new Sequential();
        model.add(new Embedding(v, 32).inputShape(maxlen));
        model.add(new LSTM(units));
        model.add(new Dense(v, "softmax"));
        model.compile(new RMSprop(0.01), "sparse_categorical_crossentropy", "accuracy");
        model.summary();

        long start = System.nanoTime();
        model.fit(Tensor.of(x, n, maxlen), Tensor.of(y, n), FitOptions.builder().epochs(epochs).batchSize(batchSize).seed(seed));
        System.out.printf(Locale.ROOT, "Training took %.1f s%n", (System.nanoTime() - start) / 1e9);

        SplittableRandom rng = new SplittableRandom(seed);
        int seedAt = rng.nextInt(text.length() - maxlen - 1);
        String prompt = text.substring(seedAt, seedAt + maxlen);
        for (double temperature : new double[] {0.2, 0.5, 1.0}) {
            System.out.printf(Locale.ROOT, "%n----- temperature %.1f, seed \"%s\"%n", temperature, prompt);
            System.out.println(prompt + sample(model, vocab, prompt, generate, temperature, rng));
        }
    }

    /** Generates characters one at a time, feeding the last maxlen back in. */
    static String sample(Sequential model, char[] vocab, String prompt, int count, double temperature, SplittableRandom rng) {
        int maxlen = prompt.length();
        int[] window = new int[maxlen];
        for (int t = 0; t < maxlen; t++) window[t] = index(vocab, prompt.charAt(t));
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < count; k++) {
            double[] p = model.predict(Tensor.of(window, 1, maxlen), 1).toDoubleArray();
            int next = draw(p, temperature, rng);
            out.append(vocab[next]);
            System.arraycopy(window, 1, window, 0, maxlen - 1);
            window[maxlen - 1] = next;
        }
        return out.toString();
    }

    /** Keras's sample(): reweights the distribution by 1/temperature in log space, then draws once. */
    static int draw(double[] p, double temperature, SplittableRandom rng) {
        double[] w = new double[p.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            w[i] = Math.exp(Math.log(Math.max(p[i], 1e-12)) / temperature);
            sum += w[i];
        }
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < w.length; i++) {
            u -= w[i];
            if (u <= 0) return i;
        }
        return w.length - 1;
    }

    static char[] vocabulary(String text) {
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) set.add(text.charAt(i));
        char[] v = new char[set.size()];
        int i = 0;
        for (char c : set) v[i++] = c;
        return v;
    }

    static int index(char[] vocab, char c) { return java.util.Arrays.binarySearch(vocab, c); }
}
