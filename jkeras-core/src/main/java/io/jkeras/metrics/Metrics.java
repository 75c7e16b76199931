package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.tensor.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Built-in metrics by Keras identifier ({@code keras.metrics.get}) and the resolution
 * {@code compile(metrics=[...])} applies ({@link #resolve}).
 *
 * <pre>{@code
 * Metric m = Metrics.get("mse");                      // MeanSquaredError named "mean_squared_error"
 * Metric acc = Metrics.resolve("accuracy", Shape.of(32), Shape.of(32, 10));
 * // SparseCategoricalAccuracy named "accuracy"
 * }</pre>
 *
 * Identifiers are case-sensitive like Keras's: class names ({@code "CategoricalAccuracy"}), their
 * snake_case ({@code "categorical_accuracy"}) and the aliases {@code bce, mse, mae, mape, msle}
 * (also upper-case).
 */
public final class Metrics {
    private static final Map<String, Supplier<Metric>> BY_ID = new LinkedHashMap<>();

    static {
        reg("Accuracy", "accuracy", Accuracy::new);
        reg("BinaryAccuracy", "binary_accuracy", BinaryAccuracy::new);
        reg("CategoricalAccuracy", "categorical_accuracy", CategoricalAccuracy::new);
        reg("SparseCategoricalAccuracy", "sparse_categorical_accuracy", SparseCategoricalAccuracy::new);
        reg("TopKCategoricalAccuracy", "top_k_categorical_accuracy", TopKCategoricalAccuracy::new);
        reg("SparseTopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy", SparseTopKCategoricalAccuracy::new);
        reg("Precision", "precision", Precision::new);
        reg("Recall", "recall", Recall::new);
        reg("AUC", "auc", AUC::new);
        reg("TruePositives", "true_positives", TruePositives::new);
        reg("FalsePositives", "false_positives", FalsePositives::new);
        reg("TrueNegatives", "true_negatives", TrueNegatives::new);
        reg("FalseNegatives", "false_negatives", FalseNegatives::new);
        reg("MeanSquaredError", "mean_squared_error", MeanSquaredError::new);
        reg("RootMeanSquaredError", "root_mean_squared_error", RootMeanSquaredError::new);
        reg("MeanAbsoluteError", "mean_absolute_error", MeanAbsoluteError::new);
        reg("MeanAbsolutePercentageError", "mean_absolute_percentage_error", MeanAbsolutePercentageError::new);
        reg("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", MeanSquaredLogarithmicError::new);
        reg("CosineSimilarity", "cosine_similarity", CosineSimilarity::new);
        reg("LogCoshError", "log_cosh_error", LogCoshError::new);
        reg("BinaryCrossentropy", "binary_crossentropy", BinaryCrossentropy::new);
        reg("CategoricalCrossentropy", "categorical_crossentropy", CategoricalCrossentropy::new);
        reg("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", SparseCategoricalCrossentropy::new);
        reg("KLDivergence", "kl_divergence", KLDivergence::new);
        reg("Poisson", "poisson", Poisson::new);
        reg("Hinge", "hinge", Hinge::new);
        reg("SquaredHinge", "squared_hinge", SquaredHinge::new);
        reg("CategoricalHinge", "categorical_hinge", CategoricalHinge::new);
        reg("Mean", "mean", Mean::new);
        reg("Sum", "sum", Sum::new);
        String[][] aliases = {{"bce", "binary_crossentropy"}, {"mse", "mean_squared_error"}, {"mae", "mean_absolute_error"},
                {"mape", "mean_absolute_percentage_error"}, {"msle", "mean_squared_logarithmic_error"}};
        for (String[] a : aliases) {
            BY_ID.put(a[0], BY_ID.get(a[1]));
            BY_ID.put(a[0].toUpperCase(Locale.ROOT), BY_ID.get(a[1]));
        }
    }

    private static void reg(String cls, String snake, Supplier<Metric> f) {
        BY_ID.put(cls, f);
        BY_ID.put(snake, f);
    }

    private Metrics() {}

    /**
     * A new metric for a Keras identifier, with Keras's default arguments and default name (as
     * {@code keras.metrics.get}). Note that {@code "accuracy"} gives the exact-equality
     * {@link Accuracy}; {@link #resolve} gives what {@code compile} makes of it.
     *
     * @throws IllegalArgumentException for an unknown identifier, listing the valid ones
     */
    public static Metric get(String identifier) {
        Supplier<Metric> f = identifier == null ? null : BY_ID.get(identifier);
        if (f == null) {
            String hint = identifier != null && isAccuracy(identifier)
                    ? " ('" + identifier + "' is resolved from the label and prediction shapes: use Metrics.resolve(id, yTrueShape, yPredShape))"
                    : "";
            throw new IllegalArgumentException("Unknown metric identifier '" + identifier + "'." + hint + " Valid identifiers: "
                    + String.join(", ", identifiers()));
        }
        return f.get();
    }

    /**
     * The metric {@code compile(metrics=[identifier])} creates for an output (Keras's
     * {@code get_metric}), named after the identifier. {@code "accuracy"} and {@code "acc"} (any case)
     * become {@link BinaryAccuracy} when the predictions' last dimension is 1,
     * {@link SparseCategoricalAccuracy} when the labels have a lower rank than the predictions or end in
     * 1 where the predictions do not, else {@link CategoricalAccuracy}. As an extension,
     * {@code "crossentropy"} and {@code "ce"} become the matching crossentropy metric the same way.
     * Other identifiers go through {@link #get}.
     */
    public static Metric resolve(String identifier, Shape yTrueShape, Shape yPredShape) {
        if (identifier == null) throw new IllegalArgumentException("Expected a metric identifier, received null");
        Metric m;
        if (isAccuracy(identifier)) {
            m = switch (Losses.classify(yTrueShape, yPredShape)) {
                case BINARY -> new BinaryAccuracy();
                case SPARSE -> new SparseCategoricalAccuracy();
                case CATEGORICAL -> new CategoricalAccuracy();
            };
        } else if (isCrossentropy(identifier)) {
            m = switch (Losses.classify(yTrueShape, yPredShape)) {
                case BINARY -> new BinaryCrossentropy();
                case SPARSE -> new SparseCategoricalCrossentropy();
                case CATEGORICAL -> new CategoricalCrossentropy();
            };
        } else {
            m = get(identifier);
        }
        return m.name(identifier);
    }

    /**
     * Same as {@link #resolve(String, Shape, Shape)}. Keras 3 decides from the shapes alone; the
     * loss is not consulted (so a binary crossentropy model with several sigmoid outputs gets
     * categorical accuracy for {@code "accuracy"}, as in Keras — name {@code "binary_accuracy"}
     * explicitly there). {@code loss} may be null.
     */
    public static Metric resolve(String identifier, Loss loss, Shape yTrueShape, Shape yPredShape) {
        return resolve(identifier, yTrueShape, yPredShape);
    }

    private static boolean isAccuracy(String id) {
        String l = id.toLowerCase(Locale.ROOT);
        return l.equals("accuracy") || l.equals("acc");
    }

    private static boolean isCrossentropy(String id) {
        String l = id.toLowerCase(Locale.ROOT);
        return l.equals("crossentropy") || l.equals("ce");
    }

    /** Every identifier {@link #get} accepts, in a stable order. */
    public static List<String> identifiers() { return new ArrayList<>(BY_ID.keySet()); }
}
