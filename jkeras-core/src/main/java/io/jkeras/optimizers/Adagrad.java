package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;

import java.util.List;
import java.util.Map;

/**
 * Adagrad (Keras's {@code keras.optimizers.Adagrad}):
 *
 * <pre>
 * acc += g²
 * w -= lr * g / sqrt(acc + epsilon)
 * </pre>
 *
 * Defaults: {@code learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7}.
 * Slot: {@code <var>_accumulator}, starting at {@code initial_accumulator_value}.
 */
public final class Adagrad extends AbstractOptimizer<Adagrad> {
    private double initialAccumulatorValue = 0.1, epsilon = 1e-7;
    private Slots accumulators;

    public Adagrad() { this(0.001); }

    public Adagrad(double learningRate) { super(learningRate); }

    /** The starting value of the accumulators (Keras's {@code initial_accumulator_value}); before the first step. */
    public Adagrad initialAccumulatorValue(double v) {
        if (built()) throw new IllegalStateException("Set `initial_accumulator_value` of optimizer '" + name() + "' before its first step.");
        initialAccumulatorValue = checkNonNegative("initial_accumulator_value", v);
        return this;
    }

    public Adagrad epsilon(double epsilon) { this.epsilon = checkNonNegative("epsilon", epsilon); return this; }

    public double initialAccumulatorValue() { return initialAccumulatorValue; }
    public double epsilon() { return epsilon; }

    @Override protected void buildSlots(List<Variable> variables) { accumulators = slots("accumulator", initialAccumulatorValue); }

    @Override protected void update(int index, float[] w, float[] g, float lr) {
        float eps = (float) epsilon;
        float[] acc = accumulators.floats(index);
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float a = acc[i] + gi * gi;
            acc[i] = a;
            w[i] -= lr * gi / (float) Math.sqrt(a + eps);
        }
    }

    @Override protected void update(int index, double[] w, double[] g, double lr) {
        double[] acc = accumulators.doubles(index);
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            double a = acc[i] + gi * gi;
            acc[i] = a;
            w[i] -= lr * gi / Math.sqrt(a + epsilon);
        }
    }

    @Override protected void addConfig(Map<String, Object> c) {
        c.put("initial_accumulator_value", initialAccumulatorValue);
        c.put("epsilon", epsilon);
    }
}
