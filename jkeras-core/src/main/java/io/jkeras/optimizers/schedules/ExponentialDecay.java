package io.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code lr(step) = initialLearningRate * decayRate ^ (step / decaySteps)}, with the exponent
 * floored when {@code staircase} is set (Keras's {@code ExponentialDecay}).
 *
 * <pre>{@code
 * Optimizer sgd = new SGD().learningRate(new ExponentialDecay(0.1, 100_000, 0.96).staircase(true));
 * }</pre>
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initialLearningRate, decaySteps, decayRate;
    private final boolean staircase;
    private final String name;

    public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false, "ExponentialDecay");
    }

    private ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase, String name) {
        this.initialLearningRate = initialLearningRate;
        this.decaySteps = ScheduleConfig.positive("ExponentialDecay", "decay_steps", decaySteps);
        this.decayRate = decayRate;
        this.staircase = staircase;
        this.name = name;
    }

    /** A copy that decays at discrete intervals ({@code floor(step / decaySteps)}). */
    public ExponentialDecay staircase(boolean s) { return new ExponentialDecay(initialLearningRate, decaySteps, decayRate, s, name); }

    /** A copy with another name (Keras's {@code name}). */
    public ExponentialDecay name(String n) { return new ExponentialDecay(initialLearningRate, decaySteps, decayRate, staircase, n); }

    @Override public double at(long step) {
        double p = step / decaySteps;
        if (staircase) p = Math.floor(p);
        return initialLearningRate * Math.pow(decayRate, p);
    }

    public double initialLearningRate() { return initialLearningRate; }
    public double decaySteps() { return decaySteps; }
    public double decayRate() { return decayRate; }
    public boolean staircase() { return staircase; }
    public String name() { return name; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", ScheduleConfig.steps(decaySteps));
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        c.put("name", name);
        return c;
    }

    static ExponentialDecay fromConfig(Map<String, ?> config) {
        ScheduleConfig c = new ScheduleConfig("ExponentialDecay", config);
        ExponentialDecay s = new ExponentialDecay(c.number("initial_learning_rate"), c.number("decay_steps"), c.number("decay_rate"),
                c.bool("staircase", false), c.name("ExponentialDecay"));
        c.checkAllUsed();
        return s;
    }

    @Override public String toString() { return "ExponentialDecay" + getConfig(); }
}
