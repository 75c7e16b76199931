package io.jkeras.layers.preprocessing;

import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.saving.SavingRegistry.LayerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Builds the numeric preprocessing layers (Rescaling, Normalization, CategoryEncoding,
 * Discretization, Hashing, IntegerLookup) from their Keras configs, for the saving registry.
 * StringLookup and TextVectorization take Java strings outside a model, so no model file holds them.
 */
public final class PreprocessingConfigs {
    private PreprocessingConfigs() {}

    /** Hands every factory of this family to {@code put} (class name, factory). */
    public static void registerAll(BiConsumer<String, LayerFactory> put) {
        put.accept("Rescaling", c -> base(Rescaling.fromConfig(c), c));
        put.accept("Normalization", PreprocessingConfigs::normalization);
        put.accept("CategoryEncoding", c -> base(new CategoryEncoding(c.getInt("num_tokens"), c.getString("output_mode", "multi_hot")), c));
        put.accept("Discretization", PreprocessingConfigs::discretization);
        put.accept("Hashing", PreprocessingConfigs::hashing);
        put.accept("IntegerLookup", PreprocessingConfigs::integerLookup);
    }

    private static <L extends io.jkeras.layers.Layer> L base(L layer, Config c) { return KerasSerialization.applyBaseConfig(layer, c); }

    private static Normalization normalization(Config c) {
        Normalization n = new Normalization();
        Object axis = c.get("axis");
        if (c.asMap().containsKey("axis") && axis == null) n.axis();
        else if (axis instanceof Number a) n.axis(a.intValue());
        else if (axis != null) n.axis(c.getIntArray("axis"));
        n.invert(c.getBoolean("invert", false));
        boolean hasMean = c.has("mean"), hasVar = c.has("variance");
        if (hasMean != hasVar) throw new IllegalArgumentException(c.owner() + ": give both 'mean' and 'variance' or neither");
        if (hasMean) n.meanAndVariance(Rescaling.numbers(c.get("mean"), c.owner(), "mean"), Rescaling.numbers(c.get("variance"), c.owner(), "variance"));
        return base(n, c);
    }

    private static Discretization discretization(Config c) {
        Discretization d = new Discretization();
        if (c.has("bin_boundaries")) d.binBoundaries(Rescaling.numbers(c.get("bin_boundaries"), c.owner(), "bin_boundaries"));
        else if (c.has("num_bins")) d.numBins(c.getInt("num_bins"));
        if (c.has("epsilon")) d.epsilon(c.getDouble("epsilon"));
        d.outputMode(c.getString("output_mode", "int"));
        return base(d, c);
    }

    private static Hashing hashing(Config c) {
        Hashing h = new Hashing(c.getInt("num_bins"));
        Object mask = c.get("mask_value");
        if (mask instanceof Number m) h.maskValue(m.longValue());
        else if (mask != null) h.maskValue(String.valueOf(mask));
        Object salt = c.get("salt");
        if (salt instanceof Number s) h.salt(s.longValue());
        else if (salt instanceof List<?> l) {
            if (l.size() != 2 || !(l.get(0) instanceof Number a) || !(l.get(1) instanceof Number b))
                throw new IllegalArgumentException(c.owner() + ": 'salt' must be one integer or a list of two, received " + l);
            h.salt(a.longValue(), b.longValue());
        } else if (salt != null) throw new IllegalArgumentException(c.owner() + ": 'salt' must be one integer or a list of two, received " + salt);
        h.outputMode(c.getString("output_mode", "int"));
        return base(h, c);
    }

    private static IntegerLookup integerLookup(Config c) {
        IntegerLookup l = new IntegerLookup();
        if (c.has("max_tokens")) l.maxTokens(c.getInt("max_tokens"));
        l.numOovIndices(c.getInt("num_oov_indices", 1));
        Long mask = c.getLongOrNull("mask_token");
        l.maskToken(mask);
        l.oovToken(c.has("oov_token") ? c.getLong("oov_token") : -1L);
        l.outputMode(c.getString("output_mode", "int"));
        l.padToMaxTokens(c.getBoolean("pad_to_max_tokens", false));
        l.invert(c.getBoolean("invert", false));
        base(l, c);
        Object vocab = c.get("vocabulary");
        if (vocab instanceof String) throw new IllegalArgumentException(c.owner() + ": the vocabulary is a file path ('" + vocab
                + "'); jkeras reads no files named in a model config. Set the vocabulary in Java with IntegerLookup.vocabulary(...) instead");
        if (vocab != null) {
            List<Long> tokens = new ArrayList<>();
            for (double d : Rescaling.numbers(vocab, c.owner(), "vocabulary")) {
                if (d != Math.rint(d)) throw new IllegalArgumentException(c.owner() + ": the vocabulary must hold integers, received " + d);
                tokens.add((long) d);
            }
            double[] idf = c.has("idf_weights") ? Rescaling.numbers(c.get("idf_weights"), c.owner(), "idf_weights") : null;
            l.vocabulary(tokens, idf);
        }
        return l;
    }
}
