package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;

import java.util.List;
import java.util.Map;

/**
 * RMSprop (Keras's {@code keras.optimizers.RMSprop}), as Keras 3 updates it:
 *
 * <pre>
 * v = rho * v + (1 - rho) * g²
 * a = rho * a + (1 - rho) * g                       (centered only)
 * inc = lr * g / sqrt(v - a² + epsilon)             (not centered: sqrt(v + epsilon))
 * momentum &gt; 0:  mom = momentum * mom + inc;  w -= mom
 * otherwise:     w -= inc
 * </pre>
 *
 * Defaults: {@code learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=false}.
 * Slots: {@code <var>_velocity} for every variable, then {@code <var>_momentum} for every
 * variable (when momentum &gt; 0), then {@code <var>_average_gradient} (when centered).
 */
public final class RMSprop extends AbstractOptimizer<RMSprop> {
    private double rho = 0.9, momentum = 0.0, epsilon = 1e-7;
    private boolean centered = false;
    private Slots velocities, momentums, averageGradients;

    public RMSprop() { this(0.001); }

    public RMSprop(double learningRate) { super(learningRate); }

    public RMSprop rho(double rho) { this.rho = checkUnit("rho", rho, false); return this; }

    /** Momentum (Keras's {@code momentum}); set it before the first step. */
    public RMSprop momentum(double momentum) {
        if (built()) throw new IllegalStateException("Set `momentum` of optimizer '" + name() + "' before its first step.");
        this.momentum = checkUnit("momentum", momentum, false);
        return this;
    }

    public RMSprop epsilon(double epsilon) { this.epsilon = checkNonNegative("epsilon", epsilon); return this; }

    /** Normalizes by the estimated variance of the gradient; set it before the first step. */
    public RMSprop centered(boolean centered) {
        if (built()) throw new IllegalStateException("Set `centered` of optimizer '" + name() + "' before its first step.");
        this.centered = centered;
        return this;
    }

    public double rho() { return rho; }
    public double momentum() { return momentum; }
    public double epsilon() { return epsilon; }
    public boolean centered() { return centered; }

    @Override protected void buildSlots(List<Variable> variables) {
        velocities = slots("velocity");
        if (momentum > 0) momentums = slots("momentum");
        if (centered) averageGradients = slots("average_gradient");
    }

    @Override protected void update(int index, float[] w, float[] g, float lr) {
        float r = (float) rho, omr = (float) (1 - rho), eps = (float) epsilon, mu = (float) momentum;
        float[] v = velocities.floats(index);
        float[] a = averageGradients == null ? null : averageGradients.floats(index);
        float[] mo = momentums == null ? null : momentums.floats(index);
        int n = w.length;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float vi = r * v[i] + omr * (gi * gi);
            v[i] = vi;
            float denom;
            if (a != null) {
                float ai = r * a[i] + omr * gi;
                a[i] = ai;
                denom = vi - ai * ai + eps;
            } else {
                denom = vi + eps;
            }
            float inc = lr * gi / (float) Math.sqrt(denom);
            if (mo != null) {
                float m = mu * mo[i] + inc;
                mo[i] = m;
                w[i] -= m;
            } else {
                w[i] -= inc;
            }
        }
    }

    @Override protected void update(int index, double[] w, double[] g, double lr) {
        double r = rho, omr = 1 - rho, eps = epsilon, mu = momentum;
        double[] v = velocities.doubles(index);
        double[] a = averageGradients == null ? null : averageGradients.doubles(index);
        double[] mo = momentums == null ? null : momentums.doubles(index);
        int n = w.length;
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double vi = r * v[i] + omr * (gi * gi);
            v[i] = vi;
            double denom;
            if (a != null) {
                double ai = r * a[i] + omr * gi;
                a[i] = ai;
                denom = vi - ai * ai + eps;
            } else {
                denom = vi + eps;
            }
            double inc = lr * gi / Math.sqrt(denom);
            if (mo != null) {
                double m = mu * mo[i] + inc;
                mo[i] = m;
                w[i] -= m;
            } else {
                w[i] -= inc;
            }
        }
    }

    @Override protected void addConfig(Map<String, Object> c) {
        c.put("rho", rho);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("centered", centered);
    }
}
