package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;

import java.util.List;
import java.util.Map;

/**
 * Adamax, Adam with the infinity norm (Keras's {@code keras.optimizers.Adamax}), {@code t} the step from 1:
 *
 * <pre>
 * m += (g - m) * (1 - beta_1)
 * u = max(beta_2 * u, |g|)
 * w -= lr * m / ((1 - beta_1^t) * (u + epsilon))
 * </pre>
 *
 * Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7}. Slots,
 * interleaved per variable: {@code <var>_momentum}, {@code <var>_norm}.
 */
public final class Adamax extends AbstractOptimizer<Adamax> {
    private double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;
    private Slots ms, us;

    public Adamax() { this(0.001); }

    public Adamax(double learningRate) { super(learningRate); }

    public Adamax beta1(double beta1) { this.beta1 = checkUnit("beta_1", beta1, false); return this; }
    public Adamax beta2(double beta2) { this.beta2 = checkUnit("beta_2", beta2, false); return this; }
    public Adamax epsilon(double epsilon) { this.epsilon = checkNonNegative("epsilon", epsilon); return this; }

    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double epsilon() { return epsilon; }

    @Override protected void buildSlots(List<Variable> variables) {
        Slots[] s = interleavedSlots("momentum", "norm");
        ms = s[0];
        us = s[1];
    }

    @Override protected void update(int index, float[] w, float[] g, float lr) {
        long t = localStep();
        float corr = (float) (1 - Math.pow((float) beta1, t));      // Keras casts beta_1 to the dtype first
        float omb1 = (float) (1 - beta1), b2 = (float) beta2, eps = (float) epsilon;
        float[] m = ms.floats(index), u = us.floats(index);
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * omb1;
            float ui = Math.max(b2 * u[i], Math.abs(gi));
            m[i] = mi;
            u[i] = ui;
            w[i] -= lr * mi / (corr * (ui + eps));
        }
    }

    @Override protected void update(int index, double[] w, double[] g, double lr) {
        double corr = 1 - Math.pow(beta1, localStep());
        double omb1 = 1 - beta1;
        double[] m = ms.doubles(index), u = us.doubles(index);
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            double mi = m[i] + (gi - m[i]) * omb1;
            double ui = Math.max(beta2 * u[i], Math.abs(gi));
            m[i] = mi;
            u[i] = ui;
            w[i] -= lr * mi / (corr * (ui + epsilon));
        }
    }

    @Override protected void addConfig(Map<String, Object> c) {
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
    }
}
