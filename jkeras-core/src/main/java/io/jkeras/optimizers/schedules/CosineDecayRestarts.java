package io.jkeras.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay with warm restarts (SGDR; Keras's {@code CosineDecayRestarts}). The multiplier
 * decays from 1 to {@code alpha} over {@code firstDecaySteps}; then it restarts, each period
 * {@code tMul} times longer than the one before and starting {@code mMul} times lower.
 * <pre>
 * f = step / firstDecaySteps
 * tMul == 1:  i = floor(f),                                  f = f - i
 * otherwise:  i = floor(log(1 - f (1 - tMul)) / log(tMul)),  f = (f - (1 - tMul^i) / (1 - tMul)) / tMul^i
 * lr = initial * ((1 - alpha) * 0.5 * mMul^i * (1 + cos(pi f)) + alpha)
 * </pre>
 * Defaults: {@code tMul=2, mMul=1, alpha=0}, name {@code "SGDRDecay"}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new CosineDecayRestarts(0.1, 1000).mMul(0.9);
 * }</pre>
 */
public final class CosineDecayRestarts implements LearningRateSchedule {
    private final double initialLearningRate, firstDecaySteps, tMul, mMul, alpha;
    private final String name;

    public CosineDecayRestarts(double initialLearningRate, double firstDecaySteps) {
        this(initialLearningRate, firstDecaySteps, 2.0, 1.0, 0.0, "SGDRDecay");
    }

    private CosineDecayRestarts(double initialLearningRate, double firstDecaySteps, double tMul, double mMul, double alpha, String name) {
        this.initialLearningRate = initialLearningRate;
        this.firstDecaySteps = ScheduleConfig.positive("CosineDecayRestarts", "first_decay_steps", firstDecaySteps);
        this.tMul = tMul;
        this.mMul = mMul;
        this.alpha = alpha;
        this.name = name;
    }

    /** A copy whose periods grow by {@code t} at each restart. */
    public CosineDecayRestarts tMul(double t) { return new CosineDecayRestarts(initialLearningRate, firstDecaySteps, t, mMul, alpha, name); }
    /** A copy whose peak is multiplied by {@code m} at each restart. */
    public CosineDecayRestarts mMul(double m) { return new CosineDecayRestarts(initialLearningRate, firstDecaySteps, tMul, m, alpha, name); }
    public CosineDecayRestarts alpha(double a) { return new CosineDecayRestarts(initialLearningRate, firstDecaySteps, tMul, mMul, a, name); }
    public CosineDecayRestarts name(String n) { return new CosineDecayRestarts(initialLearningRate, firstDecaySteps, tMul, mMul, alpha, n); }

    @Override public double at(long step) {
        double f = step / firstDecaySteps;
        double i;
        if (tMul == 1.0) {
            i = Math.floor(f);
            f -= i;
        } else {
            i = Math.floor(Math.log(1.0 - f * (1.0 - tMul)) / Math.log(tMul));
            double sumR = (1.0 - Math.pow(tMul, i)) / (1.0 - tMul);
            f = (f - sumR) / Math.pow(tMul, i);
        }
        double cosine = 0.5 * Math.pow(mMul, i) * (1.0 + Math.cos(Math.PI * f));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }

    public double initialLearningRate() { return initialLearningRate; }
    public double firstDecaySteps() { return firstDecaySteps; }
    public double tMul() { return tMul; }
    public double mMul() { return mMul; }
    public double alpha() { return alpha; }
    public String name() { return name; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("first_decay_steps", ScheduleConfig.steps(firstDecaySteps));
        c.put("t_mul", tMul);
        c.put("m_mul", mMul);
        c.put("alpha", alpha);
        c.put("name", name);
        return c;
    }

    static CosineDecayRestarts fromConfig(Map<String, ?> config) {
        ScheduleConfig c = new ScheduleConfig("CosineDecayRestarts", config);
        CosineDecayRestarts s = new CosineDecayRestarts(c.number("initial_learning_rate"), c.number("first_decay_steps"),
                c.number("t_mul", 2.0), c.number("m_mul", 1.0), c.number("alpha", 0.0), c.name("SGDRDecay"));
        c.checkAllUsed();
        return s;
    }

    @Override public String toString() { return "CosineDecayRestarts" + getConfig(); }
}
