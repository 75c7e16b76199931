package io.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay with an optional linear warmup (Keras's {@code CosineDecay}, after Loshchilov &amp;
 * Hutter's SGDR and Goyal et al.'s warmup).
 * <pre>
 * without warmup:   s = min(step, decaySteps)
 *                   lr = initial * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decaySteps)) + alpha)
 * with warmupTarget: s = min(step, warmupSteps + decaySteps)
 *                   s &lt; warmupSteps:  lr = initial + (warmupTarget - initial) * s / warmupSteps
 *                   otherwise:        the decay above from warmupTarget, at s - warmupSteps
 * </pre>
 * Defaults: {@code alpha=0}, no warmup.
 *
 * <pre>{@code
 * LearningRateSchedule s = new CosineDecay(0.0, 1000).warmup(0.1, 100);   // 0 -> 0.1 in 100 steps, then cosine to 0
 * }</pre>
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLearningRate, decaySteps, alpha;
    private final Double warmupTarget;
    private final double warmupSteps;
    private final String name;

    public CosineDecay(double initialLearningRate, double decaySteps) {
        this(initialLearningRate, decaySteps, 0.0, "CosineDecay", null, 0);
    }

    private CosineDecay(double initialLearningRate, double decaySteps, double alpha, String name, Double warmupTarget, double warmupSteps) {
        this.initialLearningRate = initialLearningRate;
        this.decaySteps = ScheduleConfig.positive("CosineDecay", "decay_steps", decaySteps);
        this.alpha = alpha;
        this.name = name;
        this.warmupTarget = warmupTarget;
        if (warmupSteps < 0) throw new IllegalArgumentException("CosineDecay: `warmup_steps` must be >= 0. Received: warmup_steps=" + warmupSteps);
        this.warmupSteps = warmupSteps;
    }

    /** A copy whose floor is {@code alpha} times the peak learning rate. */
    public CosineDecay alpha(double a) { return new CosineDecay(initialLearningRate, decaySteps, a, name, warmupTarget, warmupSteps); }

    /** A copy that first rises linearly from the initial rate to {@code target} over {@code steps} steps. */
    public CosineDecay warmup(double target, double steps) { return new CosineDecay(initialLearningRate, decaySteps, alpha, name, target, steps); }

    public CosineDecay name(String n) { return new CosineDecay(initialLearningRate, decaySteps, alpha, n, warmupTarget, warmupSteps); }

    @Override public double at(long step) {
        double s = step;
        if (warmupTarget == null) return decay(Math.min(s, decaySteps), initialLearningRate);
        s = Math.min(s, decaySteps + warmupSteps);
        if (s < warmupSteps) return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
        return decay(s - warmupSteps, warmupTarget);
    }

    private double decay(double s, double from) {
        double cosine = 0.5 * (1.0 + Math.cos(Math.PI * (s / decaySteps)));
        return from * ((1 - alpha) * cosine + alpha);
    }

    public double initialLearningRate() { return initialLearningRate; }
    public double decaySteps() { return decaySteps; }
    public double alpha() { return alpha; }
    public java.util.OptionalDouble warmupTarget() { return warmupTarget == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(warmupTarget); }
    public double warmupSteps() { return warmupSteps; }
    public String name() { return name; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", ScheduleConfig.steps(decaySteps));
        c.put("alpha", alpha);
        c.put("name", name);
        c.put("warmup_target", warmupTarget);
        c.put("warmup_steps", ScheduleConfig.steps(warmupSteps));
        return c;
    }

    static CosineDecay fromConfig(Map<String, ?> config) {
        ScheduleConfig c = new ScheduleConfig("CosineDecay", config);
        CosineDecay s = new CosineDecay(c.number("initial_learning_rate"), c.number("decay_steps"), c.number("alpha", 0.0),
                c.name("CosineDecay"), c.nullableNumber("warmup_target"), c.number("warmup_steps", 0));
        c.checkAllUsed();
        return s;
    }

    @Override public String toString() { return "CosineDecay" + getConfig(); }
}
