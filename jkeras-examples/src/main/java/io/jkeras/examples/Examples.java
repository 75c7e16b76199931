package io.jkeras.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs an example by name: {@code Examples NAME [args]} (what {@code bin/example} calls). Without a
 * name, or with an unknown one, it lists the examples.
 *
 * <pre>
 * bin/example fashion-cnn --epochs 3
 * bin/example denoising-autoencoder --epochs 2 --out digits.png
 * </pre>
 */
public final class Examples {
    private Examples() {}

    private record Entry(String description, Consumer<String[]> main) {}

    private static final Map<String, Entry> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("mnist-mlp", new Entry("the Keras paper's Functional MLP on MNIST (the README's main job)", MnistMlp::main));
        EXAMPLES.put("fashion-cnn", new Entry("a small CNN (Keras's MNIST convnet) on Fashion-MNIST", FashionMnistCnn::main));
        EXAMPLES.put("denoising-autoencoder", new Entry("the Keras paper's convolutional denoising autoencoder on MNIST; writes a PNG",
                DenoisingAutoencoder::main));
        EXAMPLES.put("imdb-lstm", new Entry("IMDB sentiment with Embedding(mask_zero) + LSTM", ImdbLstm::main));
        EXAMPLES.put("imdb-transformer", new Entry("IMDB sentiment with a small Transformer encoder (keras.io text classification)", ImdbTransformer::main));
        EXAMPLES.put("char-lstm", new Entry("a character-level LSTM that writes like Moby-Dick", CharLstm::main));
        EXAMPLES.put("training-toolkit", new Entry("image folders as a Dataset, callbacks, TensorBoard logs and training pictures", args -> {
            try {
                TrainingToolkit.main(args);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
    }

    /** The example names, in listing order. */
    public static java.util.Set<String> names() { return java.util.Collections.unmodifiableSet(EXAMPLES.keySet()); }

    public static void main(String[] args) {
        if (args.length == 0 || !EXAMPLES.containsKey(args[0])) {
            if (args.length > 0 && !args[0].equals("--help") && !args[0].equals("-h")) System.err.println("Unknown example '" + args[0] + "'.");
            System.err.println("Usage: bin/example NAME [args]   (see each example class's javadoc for its arguments)");
            System.err.println("Examples:");
            for (Map.Entry<String, Entry> e : EXAMPLES.entrySet()) System.err.printf("  %-24s %s%n", e.getKey(), e.getValue().description());
            System.exit(args.length == 0 || args[0].equals("--help") || args[0].equals("-h") ? 0 : 2);
        }
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        EXAMPLES.get(args[0]).main().accept(rest);
    }

    /** The integer argument after a flag, or a usage error naming the flag. */
    static int intArg(String[] args, int i) {
        if (i >= args.length) fail(args[i - 1] + " needs a value");
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            fail(args[i - 1] + " expects an integer, received '" + args[i] + "'");
            return 0;
        }
    }

    /** The string argument after a flag. */
    static String stringArg(String[] args, int i) {
        if (i >= args.length) fail(args[i - 1] + " needs a value");
        return args[i];
    }

    /** Reports an unknown argument with the example's usage line, and exits with status 2. */
    static void usage(String example, String unknown, String usage) {
        fail("Unknown argument " + unknown + ". Usage: bin/example " + example + " " + usage);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
