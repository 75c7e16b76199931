package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Nadam, Adam with Nesterov momentum (Keras's {@code keras.optimizers.Nadam}), with Keras 3's
 * momentum schedule; {@code t} is the step from 1:
 *
 * <pre>
 * u_t   = beta_1 * (1 - 0.5 * 0.96^t)
 * u_t1  = beta_1 * (1 - 0.5 * 0.96^(t+1))
 * P_t   = P_(t-1) * u_t           (the "u_product" variable, once per step, P_0 = 1)
 * m += (g - m) * (1 - beta_1)
 * v += (g² - v) * (1 - beta_2)
 * m̂ = u_t1 * m / (1 - P_t * u_t1) + (1 - u_t) * g / (1 - P_t)
 * v̂ = v / (1 - beta_2^t)
 * w -= lr * m̂ / (sqrt(v̂) + epsilon)
 * </pre>
 *
 * Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7}. Variables:
 * slots interleaved per variable ({@code <var>_momentum}, {@code <var>_velocity}), then the scalar
 * {@code u_product} (dtype of the first variable), as in Keras.
 */
public final class Nadam extends AbstractOptimizer<Nadam> {
    private static final double DECAY = 0.96;
    private double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;
    private Slots momentums, velocities;
    private Variable uProduct;

    public Nadam() { this(0.001); }

    public Nadam(double learningRate) { super(learningRate); }

    public Nadam beta1(double beta1) { this.beta1 = checkUnit("beta_1", beta1, false); return this; }
    public Nadam beta2(double beta2) { this.beta2 = checkUnit("beta_2", beta2, false); return this; }
    public Nadam epsilon(double epsilon) { this.epsilon = checkNonNegative("epsilon", epsilon); return this; }

    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double epsilon() { return epsilon; }

    @Override protected void buildSlots(List<Variable> variables) {
        DType dtype = variables.isEmpty() ? DType.FLOAT32 : variables.get(0).dtype();
        Slots[] s = interleavedSlots("momentum", "velocity");
        momentums = s[0];
        velocities = s[1];
        uProduct = addVariable("u_product", Tensor.full(Shape.SCALAR, 1.0, dtype));
    }

    private double uProduct() { return uProduct.value().getFlat(0); }

    @Override protected void beforeUpdates() {
        long t = localStep();
        Object a = uProduct.value().array();
        if (a instanceof float[] f) {
            // Keras computes the product in the variable's dtype (float32 here)
            float ut = (float) beta1 * (float) (1.0 - 0.5 * Math.pow((float) DECAY, t));
            f[0] = f[0] * ut;
        } else {
            double[] d = (double[]) a;
            d[0] = d[0] * beta1 * (1.0 - 0.5 * Math.pow(DECAY, t));
        }
    }

    @Override protected void update(int index, float[] w, float[] g, float lr) {
        long t = localStep();
        // Keras casts beta_1, beta_2 and the decay 0.96 to the variable's dtype
        float b1 = (float) beta1, b2 = (float) beta2;
        double decay = (float) DECAY;
        double ut = b1 * (1.0 - 0.5 * Math.pow(decay, t));
        double ut1 = b1 * (1.0 - 0.5 * Math.pow(decay, t + 1));
        double pt = (float) uProduct();
        double pt1 = pt * ut1;
        float cm = (float) (ut1 / (1 - pt1)), cg = (float) ((1 - ut) / (1 - pt));
        float vcorr = (float) (1 - Math.pow(b2, t));
        float omb1 = 1f - b1, omb2 = 1f - b2, eps = (float) epsilon;
        float[] m = momentums.floats(index), v = velocities.floats(index);
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * omb1;
            float vi = v[i] + (gi * gi - v[i]) * omb2;
            m[i] = mi;
            v[i] = vi;
            float mHat = cm * mi + cg * gi;
            float vHat = vi / vcorr;
            w[i] -= mHat * lr / ((float) Math.sqrt(vHat) + eps);
        }
    }

    @Override protected void update(int index, double[] w, double[] g, double lr) {
        long t = localStep();
        double ut = beta1 * (1.0 - 0.5 * Math.pow(DECAY, t));
        double ut1 = beta1 * (1.0 - 0.5 * Math.pow(DECAY, t + 1));
        double pt = uProduct();
        double pt1 = pt * ut1;
        double cm = ut1 / (1 - pt1), cg = (1 - ut) / (1 - pt);
        double vcorr = 1 - Math.pow(beta2, t);
        double omb1 = 1 - beta1, omb2 = 1 - beta2;
        double[] m = momentums.doubles(index), v = velocities.doubles(index);
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            double mi = m[i] + (gi - m[i]) * omb1;
            double vi = v[i] + (gi * gi - v[i]) * omb2;
            m[i] = mi;
            v[i] = vi;
            double mHat = cm * mi + cg * gi;
            w[i] -= mHat * lr / (Math.sqrt(vi / vcorr) + epsilon);
        }
    }

    @Override protected void addConfig(Map<String, Object> c) {
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
    }
}
