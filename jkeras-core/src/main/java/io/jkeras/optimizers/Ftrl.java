package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;

import java.util.List;
import java.util.Map;

/**
 * FTRL-proximal (Keras's {@code keras.optimizers.Ftrl}); {@code p = learning_rate_power}:
 *
 * <pre>
 * l2 = l2_regularization_strength + beta / (2 * lr)
 * g' = g + 2 * l2_shrinkage_regularization_strength * w
 * n' = n + g²
 * z += g' - (n'^(-p) - n^(-p)) / lr * w
 * w = (clip(z, -l1, l1) - z) / (n'^(-p) / lr + 2 * l2)
 * n = n'
 * </pre>
 *
 * Defaults: {@code learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
 * l1_regularization_strength=0, l2_regularization_strength=0,
 * l2_shrinkage_regularization_strength=0, beta=0}. Slots, interleaved per variable:
 * {@code <var>_accumulator} (starting at {@code initial_accumulator_value}), {@code <var>_linear}.
 */
public final class Ftrl extends AbstractOptimizer<Ftrl> {
    private double learningRatePower = -0.5, initialAccumulatorValue = 0.1;
    private double l1 = 0, l2 = 0, l2Shrinkage = 0, beta = 0;
    private Slots accumulators, linears;

    public Ftrl() { this(0.001); }

    public Ftrl(double learningRate) { super(learningRate); }

    public Ftrl learningRatePower(double p) {
        if (!(p <= 0)) throw new IllegalArgumentException("`learning_rate_power` needs to be negative or zero. Received: learning_rate_power=" + p);
        learningRatePower = p;
        return this;
    }

    public Ftrl initialAccumulatorValue(double v) {
        if (built()) throw new IllegalStateException("Set `initial_accumulator_value` of optimizer '" + name() + "' before its first step.");
        initialAccumulatorValue = positive("initial_accumulator_value", v);
        return this;
    }

    public Ftrl l1RegularizationStrength(double v) { l1 = positive("l1_regularization_strength", v); return this; }
    public Ftrl l2RegularizationStrength(double v) { l2 = positive("l2_regularization_strength", v); return this; }
    public Ftrl l2ShrinkageRegularizationStrength(double v) { l2Shrinkage = positive("l2_shrinkage_regularization_strength", v); return this; }
    public Ftrl beta(double v) { beta = v; return this; }

    public double learningRatePower() { return learningRatePower; }
    public double initialAccumulatorValue() { return initialAccumulatorValue; }
    public double l1RegularizationStrength() { return l1; }
    public double l2RegularizationStrength() { return l2; }
    public double l2ShrinkageRegularizationStrength() { return l2Shrinkage; }
    public double beta() { return beta; }

    private static double positive(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(
                "`" + what + "` needs to be positive or zero. Received: " + what + "=" + v);
        return v;
    }

    @Override protected void buildSlots(List<Variable> variables) {
        Slots[] s = interleavedSlots(new String[] {"accumulator", "linear"}, new double[] {initialAccumulatorValue, 0});
        accumulators = s[0];
        linears = s[1];
    }

    @Override protected void update(int index, float[] w, float[] g, float lr) {
        double p = -learningRatePower;
        boolean sqrt = p == 0.5;
        float l2reg = (float) (l2 + beta / (2.0 * lr));
        float shrink2 = (float) (2 * l2Shrinkage), twoL2 = 2 * l2reg, l1f = (float) l1;
        float[] n = accumulators.floats(index), z = linears.floats(index);
        for (int i = 0; i < w.length; i++) {
            float gi = g[i], wi = w[i], ni = n[i];
            float gUse = gi + shrink2 * wi;
            float nNew = ni + gi * gi;
            float powNew = (float) (sqrt ? Math.sqrt(nNew) : Math.pow(nNew, p));
            float powOld = (float) (sqrt ? Math.sqrt(ni) : Math.pow(ni, p));
            float zi = z[i] + (gUse - (powNew - powOld) / lr * wi);
            z[i] = zi;
            float quadratic = powNew / lr + twoL2;
            float clipped = Math.min(Math.max(zi, -l1f), l1f);
            w[i] = (clipped - zi) / quadratic;
            n[i] = nNew;
        }
    }

    @Override protected void update(int index, double[] w, double[] g, double lr) {
        double p = -learningRatePower;
        boolean sqrt = p == 0.5;
        double twoL2 = 2 * (l2 + beta / (2.0 * lr)), shrink2 = 2 * l2Shrinkage;
        double[] n = accumulators.doubles(index), z = linears.doubles(index);
        for (int i = 0; i < w.length; i++) {
            double gi = g[i], wi = w[i], ni = n[i];
            double gUse = gi + shrink2 * wi;
            double nNew = ni + gi * gi;
            double powNew = sqrt ? Math.sqrt(nNew) : Math.pow(nNew, p);
            double powOld = sqrt ? Math.sqrt(ni) : Math.pow(ni, p);
            double zi = z[i] + (gUse - (powNew - powOld) / lr * wi);
            z[i] = zi;
            double quadratic = powNew / lr + twoL2;
            double clipped = Math.min(Math.max(zi, -l1), l1);
            w[i] = (clipped - zi) / quadratic;
            n[i] = nNew;
        }
    }

    @Override protected void addConfig(Map<String, Object> c) {
        c.put("learning_rate_power", learningRatePower);
        c.put("initial_accumulator_value", initialAccumulatorValue);
        c.put("l1_regularization_strength", l1);
        c.put("l2_regularization_strength", l2);
        c.put("l2_shrinkage_regularization_strength", l2Shrinkage);
        c.put("beta", beta);
    }
}
