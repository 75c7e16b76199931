package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Crossentropy between 0/1 labels and predicted probabilities or logits, averaged over the last
 * axis (Keras's {@code BinaryCrossentropy}): {@code -(y log p + (1 - y) log(1 - p))}.
 *
 * <p>On probabilities {@code y_pred} is clipped to {@code [1e-7, 1 - 1e-7]}; on logits the stable
 * form {@code y softplus(-x) + (1 - y) softplus(x)} is used. Label smoothing {@code s} replaces the
 * labels by {@code y (1 - s) + s / 2}. Labels {@code (batch,)} against predictions {@code (batch, 1)}
 * are accepted.
 *
 * <pre>{@code
 * Loss loss = new BinaryCrossentropy();            // after a sigmoid
 * Loss fromLogits = new BinaryCrossentropy(true);
 * }</pre>
 */
public class BinaryCrossentropy extends LossFunctionWrapper {
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;

    public BinaryCrossentropy() { this(false); }

    public BinaryCrossentropy(boolean fromLogits) { this(fromLogits, 0.0); }

    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(fromLogits, labelSmoothing, -1, Reduction.SUM_OVER_BATCH_SIZE, "binary_crossentropy");
    }

    /**
     * @param axis      the axis the elementwise crossentropy is averaged over
     * @param reduction null for none
     * @param name      null for {@code "binary_crossentropy"}
     */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing, int axis, Reduction reduction, String name) {
        super(name == null ? "binary_crossentropy" : name, reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new IllegalArgumentException(
                "BinaryCrossentropy: label_smoothing must be in [0, 1], got " + labelSmoothing);
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
        this.axis = axis;
    }

    public boolean fromLogits() { return fromLogits; }
    public double labelSmoothing() { return labelSmoothing; }
    public int axis() { return axis; }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkSameShape(name(), yTrue, yPred, null);
        if (yPred.rank() == 0) throw new IllegalArgumentException(name() + ": y_pred must be at least rank 1, got a scalar");
        Tensor t = smooth(yTrue, labelSmoothing);
        return Ops.mean(elementwise(t, yPred, fromLogits), axis);
    }

    static Tensor smooth(Tensor t, double s) { return s == 0 ? t : Ops.add(Ops.multiply(t, 1.0 - s), 0.5 * s); }

    /** Elementwise binary crossentropy (Keras's backend {@code binary_crossentropy}). */
    static Tensor elementwise(Tensor t, Tensor out, boolean fromLogits) {
        if (fromLogits) {
            // -t log sigmoid(x) - (1-t) log sigmoid(-x) = t softplus(-x) + (1-t) softplus(x)
            return Ops.add(Ops.multiply(t, Ops.softplus(Ops.negative(out))), Ops.multiply(Ops.subtract(1.0, t), Ops.softplus(out)));
        }
        Tensor p = Ops.clip(out, LossUtils.EPSILON, 1.0 - LossUtils.EPSILON);
        Tensor bce = Ops.add(Ops.multiply(t, Ops.log(p)), Ops.multiply(Ops.subtract(1.0, t), Ops.log(Ops.subtract(1.0, p))));
        return Ops.negative(bce);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", axis);
        return c;
    }
}
