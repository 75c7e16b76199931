package io.jkeras.layers;

import io.jkeras.regularizers.L1L2;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Passes its input through unchanged and adds {@code l1*sum|x| + l2*sum x^2}, divided by the batch
 * size as in Keras 3, to the model's losses (Keras's {@code keras.layers.ActivityRegularization}).
 *
 * <pre>{@code
 * new ActivityRegularization(0.0, 1e-4)
 * }</pre>
 */
public class ActivityRegularization extends Layer {
    private final double l1, l2;

    public ActivityRegularization(double l1, double l2) {
        this.l1 = l1;
        this.l2 = l2;
        activityRegularizer(new L1L2(l1, l2));
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    @Override public ActivityRegularization name(String n) { super.name(n); return this; }
    @Override public ActivityRegularization inputShape(int... s) { super.inputShape(s); return this; }

    public double l1() { return l1; }
    public double l2() { return l2; }

    @Override protected Tensor call(Tensor x, boolean training) { return x; }

    @Override public Shape computeOutputShape(Shape s) { return s; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("l1", l1);
        c.put("l2", l2);
        return c;
    }
}
