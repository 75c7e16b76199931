package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;

import java.util.List;
import java.util.Map;

/**
 * AdamW (Keras's {@code keras.optimizers.AdamW}): {@link Adam} with decoupled weight decay, which
 * the base optimizer applies before each update as {@code w -= w * weight_decay * lr}.
 * Defaults: {@code learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
 * epsilon=1e-7, amsgrad=false}. Slots as {@link Adam}.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(1e-3).weightDecay(0.01).excludeFromWeightDecay("bias");
 * }</pre>
 */
public final class AdamW extends AbstractOptimizer<AdamW> {
    private final Adam.Hyper h = new Adam.Hyper();

    public AdamW() { this(0.001); }

    public AdamW(double learningRate) {
        super(learningRate);
        weightDecay(0.004);
    }

    /** AdamW always decays weights: {@code weight_decay} cannot be removed. */
    @Override public AdamW noWeightDecay() {
        throw new IllegalArgumentException("Argument `weight_decay` of AdamW must be a float. Received: weight_decay=None");
    }

    public AdamW beta1(double beta1) { h.beta1 = checkUnit("beta_1", beta1, false); return this; }
    public AdamW beta2(double beta2) { h.beta2 = checkUnit("beta_2", beta2, false); return this; }
    public AdamW epsilon(double epsilon) { h.epsilon = checkNonNegative("epsilon", epsilon); return this; }
    public AdamW amsgrad(boolean amsgrad) { h.setAmsgrad(amsgrad, built(), name()); return this; }

    public double beta1() { return h.beta1; }
    public double beta2() { return h.beta2; }
    public double epsilon() { return h.epsilon; }
    public boolean amsgrad() { return h.amsgrad; }

    @Override protected void buildSlots(List<Variable> variables) { h.build(this); }
    @Override protected void update(int index, float[] w, float[] g, float lr) { h.update(index, w, g, lr, localStep()); }
    @Override protected void update(int index, double[] w, double[] g, double lr) { h.update(index, w, g, lr, localStep()); }
    @Override protected void addConfig(Map<String, Object> c) { h.addConfig(c); }
}
