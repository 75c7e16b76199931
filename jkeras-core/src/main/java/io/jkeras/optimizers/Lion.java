package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;

import java.util.List;
import java.util.Map;

/**
 * Lion, sign-of-momentum updates (Keras's {@code keras.optimizers.Lion}):
 *
 * <pre>
 * w -= lr * sign(beta_1 * m + (1 - beta_1) * g)
 * m = beta_2 * m + (1 - beta_2) * g
 * </pre>
 *
 * Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.99}; {@code beta_1} must be in
 * (0, 1]. Slot: {@code <var>_momentum}.
 */
public final class Lion extends AbstractOptimizer<Lion> {
    private double beta1 = 0.9, beta2 = 0.99;
    private Slots momentums;

    public Lion() { this(0.001); }

    public Lion(double learningRate) { super(learningRate); }

    public Lion beta1(double beta1) {
        if (!(beta1 > 0 && beta1 <= 1)) throw new IllegalArgumentException("Argument `beta_1` must be in the (0, 1] range; "
                + "otherwise Lion degenerates to SignSGD. Received: beta_1=" + beta1);
        this.beta1 = beta1;
        return this;
    }

    public Lion beta2(double beta2) { this.beta2 = checkUnit("beta_2", beta2, false); return this; }

    public double beta1() { return beta1; }
    public double beta2() { return beta2; }

    @Override protected void buildSlots(List<Variable> variables) { momentums = slots("momentum"); }

    @Override protected void update(int index, float[] w, float[] g, float lr) {
        float b1 = (float) beta1, b2 = (float) beta2, omb1 = 1f - b1, omb2 = 1f - b2;
        float[] m = momentums.floats(index);
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            w[i] -= lr * Math.signum(m[i] * b1 + gi * omb1);
            m[i] = m[i] * b2 + gi * omb2;
        }
    }

    @Override protected void update(int index, double[] w, double[] g, double lr) {
        double omb1 = 1 - beta1, omb2 = 1 - beta2;
        double[] m = momentums.doubles(index);
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            w[i] -= lr * Math.signum(m[i] * beta1 + gi * omb1);
            m[i] = m[i] * beta2 + gi * omb2;
        }
    }

    @Override protected void addConfig(Map<String, Object> c) {
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
    }
}
