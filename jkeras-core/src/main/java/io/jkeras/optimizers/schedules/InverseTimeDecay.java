package io.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code lr(step) = initialLearningRate / (1 + decayRate * step / decaySteps)}, with
 * {@code step / decaySteps} floored when {@code staircase} is set (Keras's {@code InverseTimeDecay}).
 *
 * <pre>{@code
 * LearningRateSchedule s = new InverseTimeDecay(0.1, 1.0, 0.5);   // 0.1 / (1 + 0.5 t)
 * }</pre>
 */
public final class InverseTimeDecay implements LearningRateSchedule {
    private final double initialLearningRate, decaySteps, decayRate;
    private final boolean staircase;
    private final String name;

    public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false, "InverseTimeDecay");
    }

    private InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase, String name) {
        this.initialLearningRate = initialLearningRate;
        this.decaySteps = ScheduleConfig.positive("InverseTimeDecay", "decay_steps", decaySteps);
        this.decayRate = decayRate;
        this.staircase = staircase;
        this.name = name;
    }

    /** A copy that decays at discrete intervals. */
    public InverseTimeDecay staircase(boolean s) { return new InverseTimeDecay(initialLearningRate, decaySteps, decayRate, s, name); }

    public InverseTimeDecay name(String n) { return new InverseTimeDecay(initialLearningRate, decaySteps, decayRate, staircase, n); }

    @Override public double at(long step) {
        double p = step / decaySteps;
        if (staircase) p = Math.floor(p);
        return initialLearningRate / (1 + decayRate * p);
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

    static InverseTimeDecay fromConfig(Map<String, ?> config) {
        ScheduleConfig c = new ScheduleConfig("InverseTimeDecay", config);
        InverseTimeDecay s = new InverseTimeDecay(c.number("initial_learning_rate"), c.number("decay_steps"), c.number("decay_rate"),
                c.bool("staircase", false), c.name("InverseTimeDecay"));
        c.checkAllUsed();
        return s;
    }

    @Override public String toString() { return "InverseTimeDecay" + getConfig(); }
}
