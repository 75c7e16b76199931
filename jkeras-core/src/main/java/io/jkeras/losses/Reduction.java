package io.jkeras.losses;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a {@link Loss} turns its weighted per-sample values into the value it returns (Keras's
 * {@code reduction=} argument).
 *
 * <ul>
 *   <li>{@link #SUM_OVER_BATCH_SIZE} (the default) and {@link #MEAN}: the sum of the weighted values
 *       divided by their number of elements (not by the sum of the weights);</li>
 *   <li>{@link #MEAN_WITH_SAMPLE_WEIGHT}: the sum divided by the sum of the sample weights (by the
 *       number of elements when there are no weights);</li>
 *   <li>{@link #SUM}: the plain sum;</li>
 *   <li>{@link #NONE}: no reduction, the weighted per-sample values.</li>
 * </ul>
 * A division by zero gives 0 (Keras's {@code divide_no_nan}).
 */
public enum Reduction {
    SUM_OVER_BATCH_SIZE("sum_over_batch_size"),
    SUM("sum"),
    MEAN("mean"),
    MEAN_WITH_SAMPLE_WEIGHT("mean_with_sample_weight"),
    NONE("none");

    private final String kerasName;

    Reduction(String kerasName) { this.kerasName = kerasName; }

    /** The Keras identifier, e.g. {@code "sum_over_batch_size"}. */
    public String kerasName() { return kerasName; }

    /** True for the reductions that divide the sum by a count. */
    boolean divides() { return this == SUM_OVER_BATCH_SIZE || this == MEAN || this == MEAN_WITH_SAMPLE_WEIGHT; }

    /**
     * Parses a Keras reduction identifier; {@code null} (Python's {@code None}) means {@link #NONE}.
     *
     * @throws IllegalArgumentException naming the valid identifiers
     */
    public static Reduction fromName(String name) {
        if (name == null) return NONE;
        String n = name.toLowerCase(Locale.ROOT);
        for (Reduction r : values()) if (r.kerasName.equals(n)) return r;
        throw new IllegalArgumentException("Invalid value for argument `reduction`: '" + name + "'. Expected one of "
                + Arrays.stream(values()).map(Reduction::kerasName).toList() + " (or null for none)");
    }

    @Override public String toString() { return kerasName; }
}
