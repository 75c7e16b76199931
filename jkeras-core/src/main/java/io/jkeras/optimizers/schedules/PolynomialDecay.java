package io.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Polynomial decay from {@code initialLearningRate} to {@code endLearningRate} over
 * {@code decaySteps} (Keras's {@code PolynomialDecay}):
 * <pre>
 * step = min(step, decaySteps)
 * lr   = (initial - end) * (1 - step / decaySteps) ^ power + end
 * </pre>
 * With {@code cycle}, {@code decaySteps} is instead multiplied by {@code ceil(step / decaySteps)}
 * (1 at step 0), so the decay restarts from the top every {@code decaySteps}.
 * Defaults: {@code endLearningRate=1e-4, power=1, cycle=false}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new PolynomialDecay(0.1, 10_000).endLearningRate(0.01).power(0.5);
 * }</pre>
 */
public final class PolynomialDecay implements LearningRateSchedule {
    private final double initialLearningRate, decaySteps, endLearningRate, power;
    private final boolean cycle;
    private final String name;

    public PolynomialDecay(double initialLearningRate, double decaySteps) {
        this(initialLearningRate, decaySteps, 1e-4, 1.0, false, "PolynomialDecay");
    }

    private PolynomialDecay(double initialLearningRate, double decaySteps, double endLearningRate, double power, boolean cycle, String name) {
        this.initialLearningRate = initialLearningRate;
        this.decaySteps = ScheduleConfig.positive("PolynomialDecay", "decay_steps", decaySteps);
        this.endLearningRate = endLearningRate;
        this.power = power;
        this.cycle = cycle;
        this.name = name;
    }

    public PolynomialDecay endLearningRate(double e) { return new PolynomialDecay(initialLearningRate, decaySteps, e, power, cycle, name); }
    public PolynomialDecay power(double p) { return new PolynomialDecay(initialLearningRate, decaySteps, endLearningRate, p, cycle, name); }
    public PolynomialDecay cycle(boolean c) { return new PolynomialDecay(initialLearningRate, decaySteps, endLearningRate, power, c, name); }
    public PolynomialDecay name(String n) { return new PolynomialDecay(initialLearningRate, decaySteps, endLearningRate, power, cycle, n); }

    @Override public double at(long step) {
        double s = step, d = decaySteps;
        if (cycle) d *= s == 0 ? 1.0 : Math.ceil(s / decaySteps);
        else s = Math.min(s, d);
        double p = s / d;
        return (initialLearningRate - endLearningRate) * Math.pow(1 - p, power) + endLearningRate;
    }

    public double initialLearningRate() { return initialLearningRate; }
    public double decaySteps() { return decaySteps; }
    public double endLearningRate() { return endLearningRate; }
    public double power() { return power; }
    public boolean cycle() { return cycle; }
    public String name() { return name; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", ScheduleConfig.steps(decaySteps));
        c.put("end_learning_rate", endLearningRate);
        c.put("power", power);
        c.put("cycle", cycle);
        c.put("name", name);
        return c;
    }

    static PolynomialDecay fromConfig(Map<String, ?> config) {
        ScheduleConfig c = new ScheduleConfig("PolynomialDecay", config);
        PolynomialDecay s = new PolynomialDecay(c.number("initial_learning_rate"), c.number("decay_steps"), c.number("end_learning_rate", 1e-4),
                c.number("power", 1.0), c.bool("cycle", false), c.name("PolynomialDecay"));
        c.checkAllUsed();
        return s;
    }

    @Override public String toString() { return "PolynomialDecay" + getConfig(); }
}
