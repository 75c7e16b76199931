package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

/**
 * Negative cosine similarity between labels and predictions along {@code axis} (Keras's
 * {@code CosineSimilarity}): {@code -sum(l2_normalize(y_true) * l2_normalize(y_pred))}, between -1
 * (same direction) and 1; a zero vector gives 0. Minimising it makes the vectors point the same way.
 *
 * Like Keras 3.15, {@link #getConfig()} does not record {@code axis}.
 */
public class CosineSimilarity extends LossFunctionWrapper {
    private final int axis;

    public CosineSimilarity() { this(-1); }

    public CosineSimilarity(int axis) { this(axis, Reduction.SUM_OVER_BATCH_SIZE, "cosine_similarity"); }

    /** @param name null for {@code "cosine_similarity"} */
    public CosineSimilarity(int axis, Reduction reduction, String name) {
        super(name == null ? "cosine_similarity" : name, reduction);
        this.axis = axis;
    }

    public int axis() { return axis; }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkBroadcast(name(), yTrue, yPred);
        int ax = yPred.shape().normalizeAxis(axis);
        Tensor t = LossUtils.l2Normalize(yTrue, ax);
        Tensor p = LossUtils.l2Normalize(yPred, ax);
        return Ops.negative(Ops.sum(Ops.multiply(t, p), new int[] {ax}, false));
    }
}
