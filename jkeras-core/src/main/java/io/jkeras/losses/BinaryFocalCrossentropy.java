package io.jkeras.losses;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Binary crossentropy scaled by the focal factor {@code (1 - p_t)^gamma} (Keras's
 * {@code BinaryFocalCrossentropy}, Lin et al. 2017), where {@code p_t = y p + (1 - y)(1 - p)}; with
 * class balancing each term is also weighted by {@code alpha} (positives) or {@code 1 - alpha}.
 *
 * <pre>{@code
 * Loss loss = new BinaryFocalCrossentropy(true, 0.25, 2.0, false, 0.0);
 * }</pre>
 */
public class BinaryFocalCrossentropy extends LossFunctionWrapper {
    private final boolean applyClassBalancing;
    private final double alpha;
    private final double gamma;
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;

    /** Keras's defaults: no class balancing, alpha 0.25, gamma 2, on probabilities. */
    public BinaryFocalCrossentropy() { this(false, 0.25, 2.0, false, 0.0); }

    public BinaryFocalCrossentropy(boolean applyClassBalancing, double alpha, double gamma, boolean fromLogits, double labelSmoothing) {
        this(applyClassBalancing, alpha, gamma, fromLogits, labelSmoothing, -1, Reduction.SUM_OVER_BATCH_SIZE, "binary_focal_crossentropy");
    }

    public BinaryFocalCrossentropy(boolean applyClassBalancing, double alpha, double gamma, boolean fromLogits, double labelSmoothing,
                                   int axis, Reduction reduction, String name) {
        super(name == null ? "binary_focal_crossentropy" : name, reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new IllegalArgumentException(
                "BinaryFocalCrossentropy: label_smoothing must be in [0, 1], got " + labelSmoothing);
        if (!(gamma >= 0)) throw new IllegalArgumentException("BinaryFocalCrossentropy: gamma must be >= 0, got " + gamma);
        this.applyClassBalancing = applyClassBalancing;
        this.alpha = alpha;
        this.gamma = gamma;
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
        this.axis = axis;
    }

    @Override protected Tensor compute(Tensor yTrue, Tensor yPred) {
        checkSameShape(name(), yTrue, yPred, null);
        Tensor t = BinaryCrossentropy.smooth(yTrue, labelSmoothing);
        Tensor p = fromLogits ? Ops.sigmoid(yPred) : yPred;
        Tensor bce = BinaryCrossentropy.elementwise(t, p, false);
        Tensor pt = Ops.add(Ops.multiply(t, p), Ops.multiply(Ops.subtract(1.0, t), Ops.subtract(1.0, p)));
        Tensor focal = Ops.power(Ops.subtract(1.0, pt), gamma);
        Tensor out = Ops.multiply(focal, bce);
        if (applyClassBalancing) out = Ops.multiply(Ops.add(Ops.multiply(t, alpha), Ops.multiply(Ops.subtract(1.0, t), 1.0 - alpha)), out);
        return Ops.mean(out, axis);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", axis);
        c.put("apply_class_balancing", applyClassBalancing);
        c.put("alpha", alpha);
        c.put("gamma", gamma);
        return c;
    }
}
