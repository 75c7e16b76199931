package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;
import io.jkeras.optimizers.schedules.LearningRateSchedule;

import java.util.Arrays;
import java.util.List;

/**
 * An {@link Optimizer} with Keras's common options as fluent setters that return the concrete
 * type, so options of both kinds chain in any order:
 *
 * <pre>{@code
 * SGD sgd = new SGD(0.1).clipnorm(1.0).momentum(0.9).nesterov(true);
 * }</pre>
 *
 * @param <T> the concrete optimizer type
 */
public abstract class AbstractOptimizer<T extends AbstractOptimizer<T>> extends Optimizer {

    protected AbstractOptimizer(double learningRate) { super(learningRate); }

    @SuppressWarnings("unchecked")
    protected final T self() { return (T) this; }

    /** Sets the optimizer's name (Keras's {@code name=}), which prefixes its variables' paths. Before the first step. */
    public T name(String name) { setName(name); return self(); }

    /** A constant learning rate (Keras's {@code learning_rate=float}); replaces a schedule. */
    public T learningRate(double learningRate) { setConstantLearningRate(learningRate); return self(); }

    /** A learning-rate schedule, evaluated at {@link #iterations()} on each step. */
    public T learningRate(LearningRateSchedule schedule) { setSchedule(schedule); return self(); }

    /**
     * Decoupled weight decay applied before each update: {@code w -= w * weightDecay * lr}
     * (Keras's {@code weight_decay}).
     */
    public T weightDecay(double weightDecay) {
        if (!Double.isFinite(weightDecay)) throw new IllegalArgumentException("`weight_decay` must be a finite number. Received: " + weightDecay);
        this.weightDecay = weightDecay;
        return self();
    }

    /** Removes weight decay (Keras's {@code weight_decay=None}). */
    public T noWeightDecay() { this.weightDecay = null; return self(); }

    /** Clips each gradient to this L2 norm (Keras's {@code clipnorm}); excludes the other two clipping options. */
    public T clipnorm(double clipnorm) { setClipping(clipnorm, this.clipvalue, this.globalClipnorm); return self(); }

    /** Clips each gradient element to {@code [-clipvalue, clipvalue]} (Keras's {@code clipvalue}). */
    public T clipvalue(double clipvalue) { setClipping(this.clipnorm, clipvalue, this.globalClipnorm); return self(); }

    /** Scales all gradients together so that their global L2 norm is at most this (Keras's {@code global_clipnorm}). */
    public T globalClipnorm(double globalClipnorm) { setClipping(this.clipnorm, this.clipvalue, globalClipnorm); return self(); }

    /** Removes gradient clipping. */
    public T noClipping() { setClipping(null, null, null); return self(); }

    /** Divides the gradients by this factor before clipping (Keras's {@code loss_scale_factor}). */
    public T lossScaleFactor(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) throw new IllegalArgumentException(
                "`loss_scale_factor` must be a finite number > 0. Received: " + factor);
        this.lossScaleFactor = factor;
        return self();
    }

    /**
     * Keeps exponential moving averages of the weights (Keras's {@code use_ema}):
     * {@code avg = m * avg + (1 - m) * w} after each step ({@code m = 0} on the first update, then
     * {@link #emaMomentum(double)}). Set it before the first step.
     */
    public T useEma(boolean useEma) { setEma(useEma, emaMomentum, emaOverwriteFrequency); return self(); }

    /** The EMA momentum in [0, 1] (Keras's {@code ema_momentum}, default 0.99). */
    public T emaMomentum(double momentum) { setEma(useEma, momentum, emaOverwriteFrequency); return self(); }

    /**
     * With {@code use_ema}, copies the averages into the weights every {@code frequency} updates
     * (Keras's {@code ema_overwrite_frequency}); without it, only {@link #finalizeVariableValues()} does.
     */
    public T emaOverwriteFrequency(int frequency) { setEma(useEma, emaMomentum, frequency); return self(); }

    /**
     * Updates only every {@code steps} steps, with the mean of the gradients since the last update
     * (Keras's {@code gradient_accumulation_steps}, at least 2). Set it before the first step.
     */
    public T gradientAccumulationSteps(int steps) { setGradientAccumulationSteps(steps); return self(); }

    /**
     * Excludes from weight decay the variables whose short name contains a match of one of these
     * regular expressions, e.g. {@code excludeFromWeightDecay("bias", "gamma")}. Replaces earlier
     * exclusions (Keras's {@code exclude_from_weight_decay(var_names=...)}).
     */
    public T excludeFromWeightDecay(String... namePatterns) {
        setWeightDecayExclusions(null, Arrays.asList(namePatterns));
        return self();
    }

    /** Excludes these variables (by identity) from weight decay; replaces earlier exclusions. */
    public T excludeFromWeightDecay(Variable... variables) {
        setWeightDecayExclusions(Arrays.asList(variables), null);
        return self();
    }

    /** Keras's {@code exclude_from_weight_decay(var_list, var_names)}: both kinds at once; replaces earlier exclusions. */
    public T excludeFromWeightDecay(List<Variable> variables, List<String> namePatterns) {
        setWeightDecayExclusions(variables, namePatterns);
        return self();
    }

    static double checkUnit(String what, double v, boolean openLow) {
        if (Double.isNaN(v) || v > 1 || (openLow ? v <= 0 : v < 0)) throw new IllegalArgumentException(
                "`" + what + "` must be in the range " + (openLow ? "(0, 1]" : "[0, 1]") + ". Received: " + what + "=" + v);
        return v;
    }

    static double checkNonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(
                "`" + what + "` must be a finite number >= 0. Received: " + what + "=" + v);
        return v;
    }
}
