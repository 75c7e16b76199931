package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;

import java.util.List;
import java.util.Map;

/**
 * Gradient descent, with optional (Nesterov) momentum (Keras's {@code keras.optimizers.SGD}).
 *
 * <pre>
 * momentum == 0:  w = w - lr * g
 * momentum &gt; 0:   v = momentum * v - lr * g
 *                 w = w + v                          (nesterov: w = w + momentum * v - lr * g)
 * </pre>
 *
 * Defaults: {@code learning_rate=0.01, momentum=0.0, nesterov=false}. The velocity slot
 * ({@code <var>_momentum}) exists only when {@code momentum != 0} at build time.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(0.1).momentum(0.9).nesterov(true);
 * }</pre>
 */
public final class SGD extends AbstractOptimizer<SGD> {
    private double momentum = 0.0;
    private boolean nesterov = false;
    private Slots velocities;

    public SGD() { this(0.01); }

    public SGD(double learningRate) { super(learningRate); }

    /** Momentum in [0, 1] (Keras's {@code momentum}). Set it before the first step. */
    public SGD momentum(double momentum) {
        checkUnit("momentum", momentum, false);
        if (built()) throw new IllegalStateException("Set `momentum` of optimizer '" + name() + "' before its first step.");
        this.momentum = momentum;
        return this;
    }

    public SGD nesterov(boolean nesterov) { this.nesterov = nesterov; return this; }

    public double momentum() { return momentum; }
    public boolean nesterov() { return nesterov; }

    @Override protected void buildSlots(List<Variable> variables) {
        if (momentum != 0) velocities = slots("momentum");
    }

    @Override protected void update(int index, float[] w, float[] g, float lr) {
        int n = w.length;
        if (velocities == null) {
            for (int i = 0; i < n; i++) w[i] -= g[i] * lr;                 // w = w - lr * g
            return;
        }
        float[] v = velocities.floats(index);
        float mu = (float) momentum;
        if (nesterov) {
            for (int i = 0; i < n; i++) {
                float vi = v[i] * mu - g[i] * lr;                          // v = m v - lr g
                v[i] = vi;
                w[i] += vi * mu - g[i] * lr;                               // w += m v - lr g
            }
        } else {
            for (int i = 0; i < n; i++) {
                float vi = v[i] * mu - g[i] * lr;
                v[i] = vi;
                w[i] += vi;                                                // w += v
            }
        }
    }

    @Override protected void update(int index, double[] w, double[] g, double lr) {
        int n = w.length;
        if (velocities == null) {
            for (int i = 0; i < n; i++) w[i] -= g[i] * lr;
            return;
        }
        double[] v = velocities.doubles(index);
        double mu = momentum;
        if (nesterov) {
            for (int i = 0; i < n; i++) {
                double vi = v[i] * mu - g[i] * lr;
                v[i] = vi;
                w[i] += vi * mu - g[i] * lr;
            }
        } else {
            for (int i = 0; i < n; i++) {
                double vi = v[i] * mu - g[i] * lr;
                v[i] = vi;
                w[i] += vi;
            }
        }
    }

    @Override protected void addConfig(Map<String, Object> c) {
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
    }
}
