package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Crossentropy between integer class labels and predicted class probabilities or logits (Keras's
 * {@code SparseCategoricalCrossentropy}): per sample {@code -log p[label]}.
 *
 * <p>Labels have the predictions' shape without the class axis, e.g. {@code (batch,)} for
 * predictions {@code (batch, classes)}, or {@code (batch, 1)}; any int or float dtype (floats are
 * truncated toward zero, as Keras does). On probabilities {@code y_pred} is divided by its sum over
 * the class axis and clipped to {@code [1e-7, 1 - 1e-7]}; on logits a log-softmax is used.
 *
 * <p>With {@code ignoreClass}, entries labelled with that class give a loss of 0 and are masked out
 * of the reduction (the default reduction then averages over the other entries only).
 *
 * <pre>{@code
 * Loss loss = new SparseCategoricalCrossentropy(true);   // logits
 * Tensor l = loss.apply(Tensor.of(new int[] {1, 2}, 2), logits);
 * }</pre>
 *
 * A label outside {@code [0, classes)} (other than {@code ignoreClass}) is an error, as on Keras's
 * TensorFlow backend.
 */
public class SparseCategoricalCrossentropy extends LossFunctionWrapper {
    private final boolean fromLogits;
    private final Integer ignoreClass;
    private final int axis;

    public SparseCategoricalCrossentropy() { this(false); }

    public SparseCategoricalCrossentropy(boolean fromLogits) { this(fromLogits, null); }

    /** @param ignoreClass a label whose entries are left out of the loss, or null */
    public SparseCategoricalCrossentropy(boolean fromLogits, Integer ignoreClass) {
        this(fromLogits, ignoreClass, Reduction.SUM_OVER_BATCH_SIZE, -1, "sparse_categorical_crossentropy");
    }

    /**
     * @param reduction null for none
     * @param axis      the class axis of {@code y_pred}
     * @param name      null for {@code "sparse_categorical_crossentropy"}
     */
    public SparseCategoricalCrossentropy(boolean fromLogits, Integer ignoreClass, Reduction reduction, int axis, String name) {
        super(name == null ? "sparse_categorical_crossentropy" : name, reduction);
        this.fromLogits = fromLogits;
        this.ignoreClass = ignoreClass;
        this.axis = axis;
    }

    public boolean fromLogits() { return fromLogits; }
    public Integer ignoreClass() { return ignoreClass; }
    public int axis() { return axis; }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) { return computeWithMask(yTrue, yPred).values(); }

    @Override public Values callWithMask(Tensor yTrue, Tensor yPred) {
        Tensor[] tp = prepare(yTrue, yPred);
        return computeWithMask(tp[0], tp[1]);
    }

    private Values computeWithMask(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() == 0) throw new IllegalArgumentException(name() + ": y_pred must be at least rank 1 (batch, classes), got a scalar");
        int ax = yPred.shape().normalizeAxis(axis);
        if (yTrue.rank() == yPred.rank() && yTrue.dim(ax) == 1) yTrue = Ops.squeeze(yTrue, ax);
        Shape classless = removeAxis(yPred.shape(), ax);
        if (!yTrue.shape().equals(classless)) {
            String hint = yTrue.shape().equals(yPred.shape())
                    ? " The labels look one-hot: use categorical_crossentropy (CategoricalCrossentropy) for one-hot labels."
                    : "";
            throw new IllegalArgumentException(name() + ": labels of shape " + yTrue.shape() + " do not match predictions of shape " + yPred.shape()
                    + ": expected integer class indices of shape " + classless + " (or " + classless.append(1) + ")." + hint);
        }
        int classes = yPred.dim(ax);
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= yPred.dim(i);
        for (int i = ax + 1; i < yPred.rank(); i++) inner *= yPred.dim(i);
        double[] labels = yTrue.toDoubleArray();
        double[] hot = new double[labels.length * classes];
        boolean[] valid = new boolean[labels.length];
        boolean anyInvalid = false;
        for (int i = 0; i < labels.length; i++) {
            double v = labels[i];
            valid[i] = ignoreClass == null || v != ignoreClass;
            if (!valid[i]) { anyInvalid = true; continue; }
            if (Double.isNaN(v) || (int) v < 0 || (int) v >= classes) throw new IllegalArgumentException(name() + ": label " + fmt(v)
                    + " at flat index " + i + " is out of range for " + classes + " classes (y_pred shape " + yPred.shape()
                    + "); labels must be integers in [0, " + classes + ")" + (ignoreClass == null ? "" : " or the ignore_class " + ignoreClass));
            int o = i / inner, in = i % inner;
            hot[(o * classes + (int) v) * inner + in] = 1;
        }
        DType dt = yPred.dtype();
        Tensor target = Ops.cast(Tensor.wrap(hot, yPred.shape()), dt);
        Tensor validT = null;
        Tensor pred = yPred;
        if (ignoreClass != null) {
            validT = Tensor.wrap(valid, classless);
            if (anyInvalid) {
                // ignored rows get a harmless stand-in (Keras uses 0); their loss is masked to 0 below
                Tensor keep = Ops.expandDims(validT, ax);
                pred = Ops.where(keep, yPred, Ops.fullLike(yPred, fromLogits ? 0.0 : 1.0));
            }
        }
        Tensor res = CategoricalCrossentropy.crossentropy(target, pred, fromLogits, ax);
        if (validT != null) res = Ops.where(validT, res, Ops.zerosLike(res));
        return new Values(res, validT);
    }

    private static Shape removeAxis(Shape s, int ax) {
        int[] d = new int[s.rank() - 1];
        for (int i = 0, j = 0; i < s.rank(); i++) if (i != ax) d[j++] = s.dim(i);
        return Shape.of(d);
    }

    private static String fmt(double v) { return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("ignore_class", ignoreClass);
        return c;
    }
}
