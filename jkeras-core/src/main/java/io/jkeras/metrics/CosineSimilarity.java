package io.jkeras.metrics;

import io.jkeras.losses.Reduction;
import io.jkeras.ops.Ops;


/**
 * The mean cosine similarity between labels and predictions along {@code axis} (Keras's metric
 * {@code CosineSimilarity}): between -1 and 1, larger is better. (The loss of the same name is its
 * negative.)
 */
public class CosineSimilarity extends MeanMetricWrapper {
    private final int axis;

    public CosineSimilarity() { this("cosine_similarity", -1); }

    /** @param name null for {@code "cosine_similarity"} */
    public CosineSimilarity(String name, int axis) {
        super(name == null ? "cosine_similarity" : name,
                (t, p) -> Ops.negative(new io.jkeras.losses.CosineSimilarity(axis, Reduction.NONE, null).call(t, p)), Direction.UP);
        this.axis = axis;
    }

    public int axis() { return axis; }
}
