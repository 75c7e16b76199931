package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Crossentropy between one-hot (or soft) labels and predicted class probabilities (Keras's
 * {@code CategoricalCrossentropy}): per sample {@code -sum(y_true * log(p))} over the class axis.
 *
 * <p>On probabilities ({@code fromLogits=false}, the default) {@code y_pred} is first divided by its
 * sum over the class axis, then clipped to {@code [1e-7, 1 - 1e-7]}; on logits a log-softmax is used.
 * Label smoothing {@code s} replaces the labels by {@code y_true * (1 - s) + s / numClasses}.
 *
 * <pre>{@code
 * Loss loss = new CategoricalCrossentropy();                 // after a softmax
 * Loss fromLogits = new CategoricalCrossentropy(true, 0.1);  // logits, label smoothing 0.1
 * }</pre>
 *
 * Labels must have the predictions' shape; integer class indices need
 * {@link SparseCategoricalCrossentropy}.
 */
public class CategoricalCrossentropy extends LossFunctionWrapper {
    private static final System.Logger LOG = System.getLogger(CategoricalCrossentropy.class.getName());

    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;
    private boolean warned;

    public CategoricalCrossentropy() { this(false); }

    public CategoricalCrossentropy(boolean fromLogits) { this(fromLogits, 0.0); }

    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(fromLogits, labelSmoothing, -1, Reduction.SUM_OVER_BATCH_SIZE, "categorical_crossentropy");
    }

    /**
     * @param axis      the class axis
     * @param reduction null for none
     * @param name      null for {@code "categorical_crossentropy"}
     */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing, int axis, Reduction reduction, String name) {
        super(name == null ? "categorical_crossentropy" : name, reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new IllegalArgumentException(
                "CategoricalCrossentropy: label_smoothing must be in [0, 1], got " + labelSmoothing);
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
        this.axis = axis;
    }

    public boolean fromLogits() { return fromLogits; }
    public double labelSmoothing() { return labelSmoothing; }
    public int axis() { return axis; }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() == 0) throw new IllegalArgumentException(name() + ": y_pred must be at least rank 1 (batch, classes), got a scalar");
        if (!yTrue.shape().equals(yPred.shape())) throw new IllegalArgumentException(name() + ": y_true and y_pred must have the same shape, "
                + "but y_true has shape " + yTrue.shape() + " and y_pred has shape " + yPred.shape() + "." + sparseHint(yTrue, yPred));
        if (yPred.dim(-1) == 1 && !warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, name() + ": expected y_pred of shape (batch_size, num_classes) with num_classes > 1, got "
                    + yPred.shape() + ". Consider binary_crossentropy if you only have 2 classes.");
        }
        Tensor t = yTrue;
        if (labelSmoothing != 0) t = Ops.add(Ops.multiply(t, 1.0 - labelSmoothing), labelSmoothing / yTrue.dim(-1));
        return crossentropy(t, yPred, fromLogits, axis);
    }

    /** {@code -sum(target * log p)} over {@code axis} (Keras's backend {@code categorical_crossentropy}). */
    static Tensor crossentropy(Tensor target, Tensor output, boolean fromLogits, int axis) {
        int ax = output.shape().normalizeAxis(axis);
        Tensor logProb;
        if (fromLogits) {
            logProb = Ops.logSoftmax(output, ax);
        } else {
            Tensor p = Ops.divide(output, Ops.sum(output, new int[] {ax}, true));
            logProb = Ops.log(Ops.clip(p, LossUtils.EPSILON, 1.0 - LossUtils.EPSILON));
        }
        return Ops.negative(Ops.sum(Ops.multiply(target, logProb), new int[] {ax}, false));
    }

    static String sparseHint(Tensor yTrue, Tensor yPred) {
        boolean looksSparse = yTrue.rank() == yPred.rank() - 1 || (yTrue.rank() == yPred.rank() && yTrue.dim(-1) == 1 && yPred.dim(-1) > 1);
        if (!looksSparse) return "";
        return " The labels look like integer class indices: use sparse_categorical_crossentropy (SparseCategoricalCrossentropy), "
                + "or one-hot encode them to shape " + yPred.shape() + " (Ops.oneHot(labels, " + yPred.dim(-1) + ", dtype)).";
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", axis);
        return c;
    }
}
