package io.jkeras.layers.preprocessing;

import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.saving.SavingRegistry.LayerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Builds the numeric preprocessing layers (Rescaling, Normalization, CategoryEncoding,
 * Discretization, Hashing, IntegerLookup) and the image layers (Resizing, CenterCrop and the
 * random augmentations) from their Keras configs, for the saving registry.
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
        put.accept("Resizing", PreprocessingConfigs::resizing);
        put.accept("CenterCrop", c -> image(new CenterCrop(c.getInt("height"), c.getInt("width")), c));
        put.accept("RandomFlip", c -> random(new RandomFlip(c.getString("mode", RandomFlip.HORIZONTAL_AND_VERTICAL)), c));
        put.accept("RandomRotation", c -> affine(new RandomRotation(numbers(c.get("factor"), c.owner(), "factor")), c));
        put.accept("RandomZoom", PreprocessingConfigs::randomZoom);
        put.accept("RandomTranslation", c -> affine(new RandomTranslation(numbers(c.get("height_factor"), c.owner(), "height_factor"),
                numbers(c.get("width_factor"), c.owner(), "width_factor")), c));
        put.accept("RandomContrast", c -> {
            RandomContrast l = new RandomContrast(numbers(c.get("factor"), c.owner(), "factor"));
            if (c.has("value_range")) { double[] v = pair(c, "value_range"); l.valueRange(v[0], v[1]); }
            return random(l, c);
        });
        put.accept("RandomBrightness", c -> {
            RandomBrightness l = new RandomBrightness(numbers(c.get("factor"), c.owner(), "factor"));
            if (c.has("value_range")) { double[] v = pair(c, "value_range"); l.valueRange(v[0], v[1]); }
            return random(l, c);
        });
        put.accept("RandomCrop", c -> random(new RandomCrop(c.getInt("height"), c.getInt("width")), c));
    }

    // ---------------------------------------------------------------- image layers

    private static <L extends ImageLayer<L>> L image(L layer, Config c) {
        if (c.has("data_format")) layer.dataFormat(c.getString("data_format"));
        return base(layer, c);
    }

    private static <L extends RandomImageLayer<L>> L random(L layer, Config c) {
        Long seed = c.getLongOrNull("seed");
        if (seed != null) layer.seed(seed);
        return image(layer, c);
    }

    private static <L extends RandomAffineLayer<L>> L affine(L layer, Config c) {
        layer.fillMode(c.getString("fill_mode", "reflect"));
        layer.interpolation(c.getString("interpolation", "bilinear"));
        layer.fillValue(c.getDouble("fill_value", 0));
        return random(layer, c);
    }

    private static double[] pair(Config c, String key) {
        double[] v = numbers(c.get(key), c.owner(), key);
        if (v.length != 2) throw new IllegalArgumentException(c.owner() + ": '" + key + "' must be a list of two numbers, received " + c.get(key));
        return v;
    }

    private static Resizing resizing(Config c) {
        Resizing r = new Resizing(c.getInt("height"), c.getInt("width"));
        r.interpolation(c.getString("interpolation", "bilinear"));
        r.fillMode(c.getString("fill_mode", "constant"));
        r.fillValue(c.getDouble("fill_value", 0));
        r.cropToAspectRatio(c.getBoolean("crop_to_aspect_ratio", false));
        r.padToAspectRatio(c.getBoolean("pad_to_aspect_ratio", false));
        r.antialias(c.getBoolean("antialias", false));
        return image(r, c);
    }

    private static RandomZoom randomZoom(Config c) {
        RandomZoom z = new RandomZoom(numbers(c.get("height_factor"), c.owner(), "height_factor"));
        if (c.has("width_factor")) z.widthFactor(numbers(c.get("width_factor"), c.owner(), "width_factor"));
        return affine(z, c);
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
        if (hasMean) n.meanAndVariance(numbers(c.get("mean"), c.owner(), "mean"), numbers(c.get("variance"), c.owner(), "variance"));
        return base(n, c);
    }

    private static Discretization discretization(Config c) {
        Discretization d = new Discretization();
        if (c.has("bin_boundaries")) d.binBoundaries(numbers(c.get("bin_boundaries"), c.owner(), "bin_boundaries"));
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
            for (double d : numbers(vocab, c.owner(), "vocabulary")) {
                if (d != Math.rint(d)) throw new IllegalArgumentException(c.owner() + ": the vocabulary must hold integers, received " + d);
                tokens.add((long) d);
            }
            double[] idf = c.has("idf_weights") ? numbers(c.get("idf_weights"), c.owner(), "idf_weights") : null;
            l.vocabulary(tokens, idf);
        }
        return l;
    }

    /** Values a config may hold in a list: a numpy array's nested lists are bounded by this. */
    private static final int MAX_NUMBERS = 1 << 20, MAX_DEPTH = 8;

    /** A number, or a list (possibly nested, as numpy arrays serialize) flattened to its numbers. */
    static double[] numbers(Object v, String owner, String key) {
        if (v == null) throw new IllegalArgumentException(owner + ": '" + key + "' is missing");
        java.util.List<Double> out = new ArrayList<>();
        flatten(v, owner, key, out, 0);
        if (out.isEmpty()) throw new IllegalArgumentException(owner + ": '" + key + "' is an empty list");
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(Object v, String owner, String key, java.util.List<Double> out, int depth) {
        if (v instanceof Number n) {
            if (out.size() >= MAX_NUMBERS) throw new IllegalArgumentException(owner + ": '" + key + "' has more than " + MAX_NUMBERS + " values");
            out.add(n.doubleValue());
        } else if (v instanceof List<?> list && depth < MAX_DEPTH) {
            for (Object e : list) flatten(e, owner, key, out, depth + 1);
        } else {
            throw new IllegalArgumentException(owner + ": '" + key + "' must be a number or a (nested) list of numbers, received "
                    + (v instanceof List ? "lists nested deeper than " + MAX_DEPTH : String.valueOf(v)));
        }
    }
}
