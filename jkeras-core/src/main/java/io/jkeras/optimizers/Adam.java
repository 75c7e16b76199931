package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;

import java.util.List;
import java.util.Map;

/**
 * Adam (Keras's {@code keras.optimizers.Adam}), with Keras 3's update, {@code t} the step from 1:
 *
 * <pre>
 * m += (g - m) * (1 - beta_1)
 * v += (g² - v) * (1 - beta_2)
 * v̂ = max(v̂, v)                         (amsgrad only; then v̂ replaces v below)
 * alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
 * w -= m * alpha / (sqrt(v) + epsilon)
 * </pre>
 *
 * (epsilon is added after the bias correction, Keras's "epsilon hat"). Defaults:
 * {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=false}.
 * Slots, interleaved per variable: {@code <var>_momentum}, {@code <var>_velocity}; then, with
 * amsgrad, {@code <var>_velocity_hat} for every variable.
 *
 * <p>As in Keras, for a float32 variable the betas are rounded to float32 before the powers
 * {@code beta^t} are taken.
 */
public final class Adam extends AbstractOptimizer<Adam> {
    private final Hyper h = new Hyper();

    public Adam() { this(0.001); }

    public Adam(double learningRate) { super(learningRate); }

    public Adam beta1(double beta1) { h.beta1 = checkUnit("beta_1", beta1, false); return this; }
    public Adam beta2(double beta2) { h.beta2 = checkUnit("beta_2", beta2, false); return this; }
    public Adam epsilon(double epsilon) { h.epsilon = checkNonNegative("epsilon", epsilon); return this; }
    public Adam amsgrad(boolean amsgrad) { h.setAmsgrad(amsgrad, built(), name()); return this; }

    public double beta1() { return h.beta1; }
    public double beta2() { return h.beta2; }
    public double epsilon() { return h.epsilon; }
    public boolean amsgrad() { return h.amsgrad; }

    @Override protected void buildSlots(List<Variable> variables) { h.build(this); }
    @Override protected void update(int index, float[] w, float[] g, float lr) { h.update(index, w, g, lr, localStep()); }
    @Override protected void update(int index, double[] w, double[] g, double lr) { h.update(index, w, g, lr, localStep()); }
    @Override protected void addConfig(Map<String, Object> c) { h.addConfig(c); }

    /** Adam's hyperparameters, slots and kernels, shared with {@link AdamW}. */
    static final class Hyper {
        double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;
        boolean amsgrad = false;
        Optimizer.Slots momentums, velocities, velocityHats;

        void setAmsgrad(boolean a, boolean built, String name) {
            if (built && a != amsgrad) throw new IllegalStateException("Set `amsgrad` of optimizer '" + name + "' before its first step.");
            amsgrad = a;
        }

        void build(Optimizer o) {
            Optimizer.Slots[] mv = o.interleavedSlots("momentum", "velocity");
            momentums = mv[0];
            velocities = mv[1];
            if (amsgrad) velocityHats = o.slots("velocity_hat");
        }

        void update(int index, float[] w, float[] g, float lr, long t) {
            // Keras casts beta_1/beta_2 to the variable's dtype before taking powers
            double b1t = Math.pow((float) beta1, t), b2t = Math.pow((float) beta2, t);
            float alpha = (float) (lr * Math.sqrt(1 - b2t) / (1 - b1t));
            float omb1 = (float) (1 - beta1), omb2 = (float) (1 - beta2), eps = (float) epsilon;
            float[] m = momentums.floats(index), v = velocities.floats(index);
            int n = w.length;
            if (velocityHats == null) {
                // one fused pass, vectorised and (for large variables) parallel; same bits as the plain loop
                io.jkeras.backend.cpu.OptimizerLoops.adam(w, g, m, v, alpha, omb1, omb2, eps);
            } else {
                float[] vh = velocityHats.floats(index);
                for (int i = 0; i < n; i++) {
                    float gi = g[i];
                    float mi = m[i] + (gi - m[i]) * omb1;
                    float vi = v[i] + (gi * gi - v[i]) * omb2;
                    float vhi = Math.max(vh[i], vi);
                    m[i] = mi;
                    v[i] = vi;
                    vh[i] = vhi;
                    w[i] -= mi * alpha / ((float) Math.sqrt(vhi) + eps);
                }
            }
        }

        void update(int index, double[] w, double[] g, double lr, long t) {
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            double omb1 = 1 - beta1, omb2 = 1 - beta2, eps = epsilon;
            double[] m = momentums.doubles(index), v = velocities.doubles(index);
            double[] vh = velocityHats == null ? null : velocityHats.doubles(index);
            int n = w.length;
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                double mi = m[i] + (gi - m[i]) * omb1;
                double vi = v[i] + (gi * gi - v[i]) * omb2;
                m[i] = mi;
                v[i] = vi;
                if (vh != null) vi = vh[i] = Math.max(vh[i], vi);
                w[i] -= mi * alpha / (Math.sqrt(vi) + eps);
            }
        }

        void addConfig(Map<String, Object> c) {
            c.put("beta_1", beta1);
            c.put("beta_2", beta2);
            c.put("epsilon", epsilon);
            c.put("amsgrad", amsgrad);
        }
    }
}
