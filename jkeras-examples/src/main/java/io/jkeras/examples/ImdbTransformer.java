package io.jkeras.examples;

import io.jkeras.datasets.Imdb;
import io.jkeras.layers.Add;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.layers.MultiHeadAttention;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import io.jkeras.utils.Utils;

import java.util.Locale;
import java.util.Map;

/**
 * Sentiment classification of IMDB reviews with a small Transformer encoder, after keras.io's
 * "Text classification with Transformer": word and learned position embeddings
 * ({@link TokenAndPositionEmbedding}), one Transformer block (2-head self-attention and a
 * feed-forward net, each with dropout, a residual connection and layer normalization), average
 * pooling over the words, then {@code Dropout(0.1) -> Dense(20, relu) -> Dropout(0.1) -> Dense(2, softmax)};
 * Adam, sparse categorical crossentropy, batch size 32. The data is the same as {@link ImdbLstm}'s
 * (the 20,000 most frequent words, reviews padded or cut to 200 indices).
 *
 * <p>Arguments (all optional): {@code --epochs N} (2), {@code --train-limit N} (use the first N
 * training reviews only), {@code --seed N} (42).
 *
 * <pre>
 * bin/example imdb-transformer --train-limit 5000 --epochs 1
 * </pre>
 */
public final class ImdbTransformer {
    private ImdbTransformer() {}

    /** Vocabulary size: only the 20,000 most frequent words are kept. */
    public static final int VOCAB_SIZE = 20_000;
    /** Reviews are padded or cut to this many word indices. */
    public static final int MAXLEN = 200;
    /** Embedding size of each token. */
    public static final int EMBED_DIM = 32;
    /** Attention heads. */
    public static final int NUM_HEADS = 2;
    /** Hidden layer size of the feed-forward net inside the Transformer block. */
    public static final int FF_DIM = 32;

    /**
     * Adds learned position embeddings to token embeddings, as keras.io's example layer of the same
     * name: for int indices {@code (batch, T)} with {@code T <= maxlen} the output {@code (batch, T, embedDim)}
     * is {@code tokenEmbedding[x[b, t]] + positionEmbedding[t]}.
     *
     * <pre>{@code
     * KerasTensor x = Input.of("tokens", DType.INT32, 200);
     * KerasTensor e = new TokenAndPositionEmbedding(200, 20000, 32).apply(x);   // (None, 200, 32)
     * }</pre>
     */
    public static final class TokenAndPositionEmbedding extends Layer {
        private final int maxlen;
        private final Embedding tokenEmbedding, positionEmbedding;

        public TokenAndPositionEmbedding(int maxlen, int vocabSize, int embedDim) {
            if (maxlen <= 0 || vocabSize <= 0 || embedDim <= 0) {
                throw new IllegalArgumentException("TokenAndPositionEmbedding expects positive maxlen, vocab_size and embed_dim. Received: maxlen="
                        + maxlen + ", vocab_size=" + vocabSize + ", embed_dim=" + embedDim);
            }
            this.maxlen = maxlen;
            this.tokenEmbedding = trackSublayer(new Embedding(vocabSize, embedDim).name(name() + "_token_emb"));
            this.positionEmbedding = trackSublayer(new Embedding(maxlen, embedDim).name(name() + "_pos_emb"));
        }

        /** The word-index embedding, {@code (vocabSize, embedDim)}. */
        public Embedding tokenEmbedding() { return tokenEmbedding; }

        /** The position embedding, {@code (maxlen, embedDim)}. */
        public Embedding positionEmbedding() { return positionEmbedding; }

        @Override public void build(Shape inputShape) {
            checkLength(inputShape);
            tokenEmbedding.buildFor(inputShape);
            positionEmbedding.buildFor(Shape.of(maxlen));
        }

        @Override protected Tensor call(Tensor inputs, boolean training) {
            checkLength(inputs.shape());
            int t = inputs.shape().dim(-1);
            Tensor positions = positionEmbedding.apply(Ops.arange(t), training);   // (T, embedDim)
            return Ops.add(tokenEmbedding.apply(inputs, training), positions);      // broadcast over the batch
        }

        @Override public Shape computeOutputShape(Shape inputShape) { return inputShape.append(tokenEmbedding.outputDim()); }

        private void checkLength(Shape s) {
            if (s.rank() != 2) {
                throw new IllegalArgumentException("Layer \"" + name() + "\" (TokenAndPositionEmbedding) expects word indices of shape (batch, length), received "
                        + s + ".");
            }
            Integer len = s.dim(-1) < 0 ? null : s.dim(-1);
            if (len != null && len > maxlen) {
                throw new IllegalArgumentException("Layer \"" + name() + "\" (TokenAndPositionEmbedding) has position embeddings for " + maxlen
                        + " steps, received sequences of length " + len + ". Pad or cut the sequences to maxlen=" + maxlen + ".");
            }
        }
    }

    /**
     * keras.io's {@code TransformerBlock}: self-attention, dropout, residual and layer normalization,
     * then a feed-forward net {@code Dense(ffDim, relu) -> Dense(embedDim)}, dropout, residual and layer normalization.
     */
    public static KerasTensor transformerBlock(KerasTensor x, int embedDim, int numHeads, int ffDim, double rate) {
        KerasTensor attn = new MultiHeadAttention(numHeads, embedDim).apply(x, x);
        attn = new Dropout(rate).apply(attn);
        KerasTensor out1 = new LayerNormalization().epsilon(1e-6).apply(new Add().apply(x, attn));
        KerasTensor ffn = new Dense(ffDim, "relu").apply(out1);
        ffn = new Dense(embedDim).apply(ffn);
        ffn = new Dropout(rate).apply(ffn);
        return new LayerNormalization().epsilon(1e-6).apply(new Add().apply(out1, ffn));
    }

    /** The keras.io model, uncompiled: int32 inputs {@code (batch, 200)}, softmax outputs {@code (batch, 2)}. */
    public static Model buildModel() {
        KerasTensor inputs = Input.of("tokens", DType.INT32, MAXLEN);
        KerasTensor x = new TokenAndPositionEmbedding(MAXLEN, VOCAB_SIZE, EMBED_DIM).apply(inputs);
        x = transformerBlock(x, EMBED_DIM, NUM_HEADS, FF_DIM, 0.1);
        x = new GlobalAveragePooling1D().apply(x);
        x = new Dropout(0.1).apply(x);
        x = new Dense(20, "relu").apply(x);
        x = new Dropout(0.1).apply(x);
        KerasTensor outputs = new Dense(2, "softmax").apply(x);
        return new Model(java.util.List.of(inputs), java.util.List.of(outputs), "imdb_transformer");
    }

    public static void main(String[] args) {
        int epochs = 2, trainLimit = Integer.MAX_VALUE;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Examples.intArg(args, ++i);
                case "--train-limit" -> trainLimit = Examples.intArg(args, ++i);
                case "--seed" -> seed = Examples.intArg(args, ++i);
                default -> Examples.usage("imdb-transformer", args[i], "[--epochs N] [--train-limit N] [--seed N]");
            }
        }
        SeedGenerator.setGlobalSeed(seed);

        Imdb.Data data = Imdb.loadData(VOCAB_SIZE, 0, null);
        var trainSeqs = data.xTrain().subList(0, Math.min(trainLimit, data.xTrain().size()));
        Tensor xTrain = Utils.padSequences(trainSeqs, MAXLEN);
        Tensor yTrain = data.yTrain().dim(0) == trainSeqs.size() ? data.yTrain()
                : Ops.sliceAxis(data.yTrain(), 0, 0, trainSeqs.size());
        Tensor xTest = Utils.padSequences(data.xTest(), MAXLEN);
        Tensor yTest = data.yTest();
        System.out.println(xTrain.dim(0) + " training and " + xTest.dim(0) + " test reviews, padded to " + MAXLEN + " word indices");

        Model model = buildModel();
        model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy");
        model.summary();

        long start = System.nanoTime();
        model.fit(xTrain, yTrain, FitOptions.builder().epochs(epochs).batchSize(32).seed(seed));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Double> result = model.evaluate(xTest, yTest, 256, 0);
        System.out.printf(Locale.ROOT, "Training took %.1f s (%.1f s per epoch)%n", seconds, seconds / Math.max(1, epochs));
        System.out.printf(Locale.ROOT, "Test loss: %.4f%n", result.get("loss"));
        System.out.printf(Locale.ROOT, "Test accuracy: %.4f%n", result.get("accuracy"));
    }
}
