package io.jkeras.losses;

import io.jkeras.tensor.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Built-in losses by Keras identifier ({@code keras.losses.get}) and from their config.
 *
 * <pre>{@code
 * Loss a = Losses.get("categorical_crossentropy");     // function name: the loss is named after it
 * Loss b = Losses.get("MeanSquaredError");             // class name: the class's default name
 * Loss c = Losses.get("mse");                          // alias, named "mse"
 * Loss d = Losses.resolve("crossentropy", yTrueShape, yPredShape); // compile's "crossentropy"
 * }</pre>
 *
 * Identifiers are case-sensitive like Keras's: class names ({@code "BinaryCrossentropy"}),
 * function names ({@code "binary_crossentropy"}) and the aliases {@code bce, kld, mae, mse, mape, msle}
 * (also upper-case).
 */
public final class Losses {
    /** Identifier to factory; the factory gets the name the loss should have. */
    private static final Map<String, Function<String, Loss>> BY_ID = new LinkedHashMap<>();
    /** Identifiers that are class names (their losses keep their default names). */
    private static final Set<String> CLASS_NAMES;

    static {
        Map<String, Function<String, Loss>> fns = new LinkedHashMap<>();
        fns.put("categorical_crossentropy", n -> new CategoricalCrossentropy(false, 0.0, -1, Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("sparse_categorical_crossentropy", n -> new SparseCategoricalCrossentropy(false, null, Reduction.SUM_OVER_BATCH_SIZE, -1, n));
        fns.put("binary_crossentropy", n -> new BinaryCrossentropy(false, 0.0, -1, Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("binary_focal_crossentropy", n -> new BinaryFocalCrossentropy(false, 0.25, 2.0, false, 0.0, -1, Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("mean_squared_error", n -> new MeanSquaredError(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("mean_absolute_error", n -> new MeanAbsoluteError(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("mean_absolute_percentage_error", n -> new MeanAbsolutePercentageError(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("mean_squared_logarithmic_error", n -> new MeanSquaredLogarithmicError(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("huber", n -> new Huber(1.0, Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("log_cosh", n -> new LogCosh(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("hinge", n -> new Hinge(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("squared_hinge", n -> new SquaredHinge(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("categorical_hinge", n -> new CategoricalHinge(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("kl_divergence", n -> new KLDivergence(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("poisson", n -> new Poisson(Reduction.SUM_OVER_BATCH_SIZE, n));
        fns.put("cosine_similarity", n -> new CosineSimilarity(-1, Reduction.SUM_OVER_BATCH_SIZE, n));

        Map<String, String> classes = new LinkedHashMap<>();
        classes.put("CategoricalCrossentropy", "categorical_crossentropy");
        classes.put("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy");
        classes.put("BinaryCrossentropy", "binary_crossentropy");
        classes.put("BinaryFocalCrossentropy", "binary_focal_crossentropy");
        classes.put("MeanSquaredError", "mean_squared_error");
        classes.put("MeanAbsoluteError", "mean_absolute_error");
        classes.put("MeanAbsolutePercentageError", "mean_absolute_percentage_error");
        classes.put("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error");
        classes.put("Huber", "huber");
        classes.put("LogCosh", "log_cosh");
        classes.put("Hinge", "hinge");
        classes.put("SquaredHinge", "squared_hinge");
        classes.put("CategoricalHinge", "categorical_hinge");
        classes.put("KLDivergence", "kl_divergence");
        classes.put("Poisson", "poisson");
        classes.put("CosineSimilarity", "cosine_similarity");
        for (var e : classes.entrySet()) {
            Function<String, Loss> f = fns.get(e.getValue());
            BY_ID.put(e.getKey(), n -> f.apply(null));
        }
        CLASS_NAMES = Set.copyOf(classes.keySet());
        BY_ID.putAll(fns);
        String[][] aliases = {{"bce", "binary_crossentropy"}, {"kld", "kl_divergence"}, {"mae", "mean_absolute_error"},
                {"mse", "mean_squared_error"}, {"mape", "mean_absolute_percentage_error"}, {"msle", "mean_squared_logarithmic_error"}};
        for (String[] a : aliases) {
            BY_ID.put(a[0], fns.get(a[1]));
            BY_ID.put(a[0].toUpperCase(java.util.Locale.ROOT), fns.get(a[1]));
        }
    }

    private Losses() {}

    /**
     * A new loss for a Keras identifier, with default arguments. A function name or alias gives a
     * loss named after the identifier (as {@code compile(loss="mse")} does); a class name gives the
     * class's default name.
     *
     * @throws IllegalArgumentException for an unknown identifier, listing the valid ones
     */
    public static Loss get(String identifier) {
        if (identifier == null) throw new IllegalArgumentException("Loss identifier must not be null; valid identifiers: " + identifiers());
        Function<String, Loss> f = BY_ID.get(identifier);
        if (f == null) {
            String hint = isCrossentropyAlias(identifier)
                    ? " ('" + identifier + "' is resolved from the label and prediction shapes: use Losses.resolve(id, yTrueShape, yPredShape))"
                    : "";
            throw new IllegalArgumentException("Unknown loss identifier '" + identifier + "'." + hint + " Valid identifiers: "
                    + String.join(", ", identifiers()));
        }
        return f.apply(CLASS_NAMES.contains(identifier) ? null : identifier);
    }

    /**
     * Like {@link #get}, plus the shape-based choice {@code compile} makes for {@code "crossentropy"}
     * and {@code "ce"} (any case): binary crossentropy when the predictions' last dimension is 1,
     * sparse categorical crossentropy when the labels have a lower rank than the predictions or end
     * in 1 where the predictions do not, else categorical crossentropy. The loss is named after the
     * identifier.
     */
    public static Loss resolve(String identifier, Shape yTrueShape, Shape yPredShape) {
        if (identifier == null || !isCrossentropyAlias(identifier)) return get(identifier);
        String fn = switch (classify(yTrueShape, yPredShape)) {
            case BINARY -> "binary_crossentropy";
            case SPARSE -> "sparse_categorical_crossentropy";
            case CATEGORICAL -> "categorical_crossentropy";
        };
        return BY_ID.get(fn).apply(identifier);
    }

    private static boolean isCrossentropyAlias(String id) {
        String l = id.toLowerCase(java.util.Locale.ROOT);
        return l.equals("crossentropy") || l.equals("ce");
    }

    /** What kind of classification output a pair of label and prediction shapes describes. */
    public enum Kind { BINARY, SPARSE, CATEGORICAL }

    /**
     * Keras's {@code is_binary_or_sparse_categorical}: {@link Kind#BINARY} when the predictions' last
     * dimension is 1; {@link Kind#SPARSE} when the labels have a lower rank than the predictions or
     * their last dimension is 1 while the predictions' is larger; else {@link Kind#CATEGORICAL}.
     */
    public static Kind classify(Shape yTrueShape, Shape yPredShape) {
        int rt = yTrueShape.rank(), rp = yPredShape.rank();
        int lt = rt == 0 ? Shape.UNKNOWN : yTrueShape.dim(-1);
        int lp = rp == 0 ? Shape.UNKNOWN : yPredShape.dim(-1);
        if (lp == 1) return Kind.BINARY;
        if (rt < rp || (lt == 1 && lp > 1)) return Kind.SPARSE;
        return Kind.CATEGORICAL;
    }

    /** Every identifier {@link #get} accepts, in a stable order. */
    public static List<String> identifiers() { return new ArrayList<>(BY_ID.keySet()); }

    /**
     * Rebuilds a built-in loss from its Keras class name and config (as written by
     * {@link Loss#getConfig()} or by Keras in a {@code .keras} file). Keys absent from the config take
     * Keras's defaults; unknown keys are ignored.
     */
    public static Loss fromConfig(String className, Map<String, ?> config) {
        Map<String, ?> c = config == null ? Map.of() : config;
        if (!CLASS_NAMES.contains(className)) throw new IllegalArgumentException("Unknown loss class '" + className
                + "'. Registered loss classes: " + String.join(", ", BY_ID.keySet().stream().filter(CLASS_NAMES::contains).toList()));
        String name = c.get("name") instanceof String s ? s : null;
        Reduction r = c.containsKey("reduction") ? Reduction.fromName((String) c.get("reduction")) : Reduction.SUM_OVER_BATCH_SIZE;
        boolean logits = bool(c, "from_logits", false);
        double ls = num(c, "label_smoothing", 0.0);
        int axis = (int) num(c, "axis", -1);
        return switch (className) {
            case "CategoricalCrossentropy" -> new CategoricalCrossentropy(logits, ls, axis, r, name);
            case "SparseCategoricalCrossentropy" -> new SparseCategoricalCrossentropy(logits,
                    c.get("ignore_class") instanceof Number n ? n.intValue() : null, r, axis, name);
            case "BinaryCrossentropy" -> new BinaryCrossentropy(logits, ls, axis, r, name);
            case "BinaryFocalCrossentropy" -> new BinaryFocalCrossentropy(bool(c, "apply_class_balancing", false), num(c, "alpha", 0.25),
                    num(c, "gamma", 2.0), logits, ls, axis, r, name);
            case "MeanSquaredError" -> new MeanSquaredError(r, name);
            case "MeanAbsoluteError" -> new MeanAbsoluteError(r, name);
            case "MeanAbsolutePercentageError" -> new MeanAbsolutePercentageError(r, name);
            case "MeanSquaredLogarithmicError" -> new MeanSquaredLogarithmicError(r, name);
            case "Huber" -> new Huber(num(c, "delta", 1.0), r, name);
            case "LogCosh" -> new LogCosh(r, name);
            case "Hinge" -> new Hinge(r, name);
            case "SquaredHinge" -> new SquaredHinge(r, name);
            case "CategoricalHinge" -> new CategoricalHinge(r, name);
            case "KLDivergence" -> new KLDivergence(r, name);
            case "Poisson" -> new Poisson(r, name);
            case "CosineSimilarity" -> new CosineSimilarity(axis, r, name);
            default -> throw new IllegalStateException(className);
        };
    }

    private static boolean bool(Map<String, ?> c, String k, boolean d) { return c.get(k) instanceof Boolean b ? b : d; }

    private static double num(Map<String, ?> c, String k, double d) { return c.get(k) instanceof Number n ? n.doubleValue() : d; }
}
