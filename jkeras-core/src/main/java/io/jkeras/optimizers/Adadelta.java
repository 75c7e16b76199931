package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;

import java.util.List;
import java.util.Map;

/**
 * Adadelta (Keras's {@code keras.optimizers.Adadelta}):
 *
 * <pre>
 * ag = rho * ag + (1 - rho) * g²
 * delta = -sqrt(ad + epsilon) * g / sqrt(ag + epsilon)
 * ad = rho * ad + (1 - rho) * delta²
 * w += lr * delta
 * </pre>
 *
 * Defaults: {@code learning_rate=0.001, rho=0.95, epsilon=1e-7}. Slots, interleaved per
 * variable: {@code <var>_accumulated_grad}, {@code <var>_accumulated_delta_var}.
 */
public final class Adadelta extends AbstractOptimizer<Adadelta> {
    private double rho = 0.95, epsilon = 1e-7;
    private Slots accumulatedGrads, accumulatedDeltas;

    public Adadelta() { this(0.001); }

    public Adadelta(double learningRate) { super(learningRate); }

    public Adadelta rho(double rho) { this.rho = checkUnit("rho", rho, false); return this; }
    public Adadelta epsilon(double epsilon) { this.epsilon = checkNonNegative("epsilon", epsilon); return this; }

    public double rho() { return rho; }
    public double epsilon() { return epsilon; }

    @Override protected void buildSlots(List<Variable> variables) {
        Slots[] s = interleavedSlots("accumulated_grad", "accumulated_delta_var");
        accumulatedGrads = s[0];
        accumulatedDeltas = s[1];
    }

    @Override protected void update(int index, float[] w, float[] g, float lr) {
        float r = (float) rho, omr = (float) (1 - rho), eps = (float) epsilon;
        float[] ag = accumulatedGrads.floats(index), ad = accumulatedDeltas.floats(index);
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float agi = r * ag[i] + omr * (gi * gi);
            ag[i] = agi;
            float delta = -((float) Math.sqrt(ad[i] + eps) * gi / (float) Math.sqrt(agi + eps));
            ad[i] = r * ad[i] + omr * (delta * delta);
            w[i] += lr * delta;
        }
    }

    @Override protected void update(int index, double[] w, double[] g, double lr) {
        double r = rho, omr = 1 - rho, eps = epsilon;
        double[] ag = accumulatedGrads.doubles(index), ad = accumulatedDeltas.doubles(index);
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            double agi = r * ag[i] + omr * (gi * gi);
            ag[i] = agi;
            double delta = -(Math.sqrt(ad[i] + eps) * gi / Math.sqrt(agi + eps));
            ad[i] = r * ad[i] + omr * (delta * delta);
            w[i] += lr * delta;
        }
    }

    @Override protected void addConfig(Map<String, Object> c) {
        c.put("rho", rho);
        c.put("epsilon", epsilon);
    }
}
