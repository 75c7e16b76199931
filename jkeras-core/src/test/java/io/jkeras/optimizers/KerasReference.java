package io.jkeras.optimizers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongToDoubleFunction;

/**
 * An independent float64 model of Keras 3's optimizers, written element by element straight from
 * keras/src/optimizers/*.py (BaseOptimizer.apply and each update_step), for tests only. Variables
 * are plain double[] arrays identified by their position.
 */
abstract class KerasReference {
    // ---- base options (Keras's keyword arguments)
    double learningRate;
    LongToDoubleFunction schedule;
    Double weightDecay, clipnorm, clipvalue, globalClipnorm, lossScaleFactor;
    final Set<Integer> excludedFromDecay = new HashSet<>();
    final Map<Integer, DoubleUnaryOperator> constraints = new HashMap<>();
    long iterations;              // Keras's _iterations: every apply() call
    Integer accumulationSteps;    // gradient_accumulation_steps
    boolean useEma;
    double emaMomentum = 0.99;
    Integer emaOverwriteFrequency;
    /**
     * Set for float32 variables: Keras casts some hyperparameters to the variable's dtype before
     * using them (ops.cast(self.beta_1, variable.dtype) ...); {@link #cast} models that.
     */
    boolean float32;

    private final Map<String, double[]> state = new HashMap<>();

    KerasReference(double learningRate) { this.learningRate = learningRate; }

    /** Keras keeps a constant learning rate in a float32 variable; schedules also give float32. */
    double currentLr() { return (float) (schedule != null ? schedule.applyAsDouble(iterations) : learningRate); }

    double cast(double x) { return float32 ? (float) x : x; }

    /** A slot for variable {@code var}, created on first use with {@code init}. */
    double[] slot(String name, int var, int n, double init) {
        return state.computeIfAbsent(name + "#" + var, k -> {
            double[] a = new double[n];
            java.util.Arrays.fill(a, init);
            return a;
        });
    }

    /** Keras's optimizer.iterations: the number of updates. */
    long updates() { return accumulationSteps == null ? iterations : iterations / accumulationSteps; }

    /**
     * BaseOptimizer.apply (JAX backend): filter null gradients, unscale, accumulate, clip, weight
     * decay, update, moving averages, constraints, count.
     */
    void apply(List<double[]> grads, List<double[]> vars) {
        List<Integer> idx = new ArrayList<>();
        List<double[]> gs = new ArrayList<>();
        for (int i = 0; i < grads.size(); i++) {
            if (grads.get(i) == null) continue;
            idx.add(i);
            gs.add(grads.get(i).clone());
        }
        if (lossScaleFactor != null) for (double[] g : gs) for (int j = 0; j < g.length; j++) g[j] = g[j] / lossScaleFactor;
        boolean isUpdateStep = true;
        if (accumulationSteps != null) {
            isUpdateStep = (iterations + 1) % accumulationSteps == 0;
            for (int k = 0; k < idx.size(); k++) {
                double[] g = gs.get(k), acc = slot("accumulator", idx.get(k), g.length, 0);
                for (int j = 0; j < g.length; j++) {
                    if (isUpdateStep) { g[j] = (g[j] + acc[j]) / accumulationSteps; acc[j] = 0; }
                    else acc[j] = g[j] + acc[j];
                }
            }
        }
        if (isUpdateStep) {
            if (clipnorm != null && clipnorm > 0) {
                for (double[] g : gs) {
                    double l2sum = 0;
                    for (double x : g) l2sum += x * x;
                    double l2norm = l2sum > 0 ? Math.sqrt(l2sum) : l2sum;
                    for (int j = 0; j < g.length; j++) g[j] = g[j] * clipnorm / Math.max(l2norm, clipnorm);
                }
            } else if (globalClipnorm != null && globalClipnorm > 0) {
                double sq = 0;
                for (double[] g : gs) for (double x : g) sq += x * x;
                double norm = Math.sqrt(sq);
                double scale = globalClipnorm * Math.min(1 / norm, 1 / globalClipnorm) + (norm - norm);
                for (double[] g : gs) for (int j = 0; j < g.length; j++) g[j] *= scale;
            } else if (clipvalue != null && clipvalue > 0) {
                for (double[] g : gs) for (int j = 0; j < g.length; j++) g[j] = Math.min(Math.max(g[j], -clipvalue), clipvalue);
            }
            double lr = currentLr();
            if (weightDecay != null) {
                for (int i : idx) {
                    if (excludedFromDecay.contains(i)) continue;
                    double[] w = vars.get(i);
                    for (int j = 0; j < w.length; j++) w[j] = w[j] - w[j] * weightDecay * lr;
                }
            }
            long t = updates() + 1;
            beforeStep(t);
            for (int k = 0; k < idx.size(); k++) updateStep(idx.get(k), vars.get(idx.get(k)), gs.get(k), lr, t);
        }
        if (useEma) {
            double m = updates() != 0 ? emaMomentum : 0;
            for (int i = 0; i < vars.size(); i++) {
                double[] w = vars.get(i), avg = slot("average", i, w.length, 0);
                for (int j = 0; j < w.length; j++) avg[j] = m * avg[j] + (1 - m) * w[j];
            }
            if (emaOverwriteFrequency != null && (updates() + 1) % emaOverwriteFrequency == 0)
                for (int i = 0; i < vars.size(); i++) System.arraycopy(slot("average", i, 0, 0), 0, vars.get(i), 0, vars.get(i).length);
        }
        for (int i : idx) {
            DoubleUnaryOperator c = constraints.get(i);
            if (c != null) {
                double[] w = vars.get(i);
                for (int j = 0; j < w.length; j++) w[j] = c.applyAsDouble(w[j]);
            }
        }
        iterations++;
    }

    void beforeStep(long t) {}

    abstract void updateStep(int var, double[] w, double[] g, double lr, long t);

    // ================================================================ the rules

    static final class Sgd extends KerasReference {
        final double momentum; final boolean nesterov;
        Sgd(double lr, double momentum, boolean nesterov) { super(lr); this.momentum = momentum; this.nesterov = nesterov; }

        @Override void updateStep(int var, double[] w, double[] g, double lr, long t) {
            if (momentum == 0) { for (int j = 0; j < w.length; j++) w[j] -= lr * g[j]; return; }
            double[] m = slot("m", var, w.length, 0);
            for (int j = 0; j < w.length; j++) {
                m[j] = m[j] * momentum - g[j] * lr;
                if (nesterov) w[j] += m[j] * momentum - g[j] * lr;
                else w[j] += m[j];
            }
        }
    }

    static final class AdamRef extends KerasReference {
        final double b1, b2, eps; final boolean amsgrad;
        AdamRef(double lr, double b1, double b2, double eps, boolean amsgrad) { super(lr); this.b1 = b1; this.b2 = b2; this.eps = eps; this.amsgrad = amsgrad; }

        @Override void updateStep(int var, double[] w, double[] g, double lr, long t) {
            double[] m = slot("m", var, w.length, 0), v = slot("v", var, w.length, 0), vh = slot("vh", var, w.length, 0);
            double alpha = lr * Math.sqrt(1 - Math.pow(cast(b2), t)) / (1 - Math.pow(cast(b1), t));
            for (int j = 0; j < w.length; j++) {
                m[j] += (g[j] - m[j]) * (1 - b1);
                v[j] += (g[j] * g[j] - v[j]) * (1 - b2);
                double vUse = v[j];
                if (amsgrad) { vh[j] = Math.max(vh[j], v[j]); vUse = vh[j]; }
                w[j] -= m[j] * alpha / (Math.sqrt(vUse) + eps);
            }
        }
    }

    static final class RmsRef extends KerasReference {
        final double rho, momentum, eps; final boolean centered;
        RmsRef(double lr, double rho, double momentum, double eps, boolean centered) { super(lr); this.rho = rho; this.momentum = momentum; this.eps = eps; this.centered = centered; }

        @Override void updateStep(int var, double[] w, double[] g, double lr, long t) {
            double[] vel = slot("vel", var, w.length, 0), mom = slot("mom", var, w.length, 0), avg = slot("avg", var, w.length, 0);
            for (int j = 0; j < w.length; j++) {
                vel[j] = rho * vel[j] + (1 - rho) * g[j] * g[j];
                double denominator;
                if (centered) {
                    avg[j] = rho * avg[j] + (1 - rho) * g[j];
                    denominator = vel[j] - avg[j] * avg[j] + eps;
                } else denominator = vel[j] + eps;
                double increment = lr * g[j] / Math.sqrt(denominator);
                if (momentum > 0) { mom[j] = momentum * mom[j] + increment; w[j] -= mom[j]; }
                else w[j] -= increment;
            }
        }
    }

    static final class AdagradRef extends KerasReference {
        final double init, eps;
        AdagradRef(double lr, double init, double eps) { super(lr); this.init = init; this.eps = eps; }

        @Override void updateStep(int var, double[] w, double[] g, double lr, long t) {
            double[] acc = slot("acc", var, w.length, init);
            for (int j = 0; j < w.length; j++) {
                acc[j] += g[j] * g[j];
                w[j] -= lr * g[j] / Math.sqrt(acc[j] + eps);
            }
        }
    }

    static final class AdadeltaRef extends KerasReference {
        final double rho, eps;
        AdadeltaRef(double lr, double rho, double eps) { super(lr); this.rho = rho; this.eps = eps; }

        @Override void updateStep(int var, double[] w, double[] g, double lr, long t) {
            double[] ag = slot("ag", var, w.length, 0), ad = slot("ad", var, w.length, 0);
            for (int j = 0; j < w.length; j++) {
                ag[j] = rho * ag[j] + (1 - rho) * g[j] * g[j];
                double delta = -(Math.sqrt(ad[j] + eps) * g[j]) / Math.sqrt(ag[j] + eps);
                ad[j] = rho * ad[j] + (1 - rho) * delta * delta;
                w[j] += lr * delta;
            }
        }
    }

    static final class AdamaxRef extends KerasReference {
        final double b1, b2, eps;
        AdamaxRef(double lr, double b1, double b2, double eps) { super(lr); this.b1 = b1; this.b2 = b2; this.eps = eps; }

        @Override void updateStep(int var, double[] w, double[] g, double lr, long t) {
            double[] m = slot("m", var, w.length, 0), u = slot("u", var, w.length, 0);
            double b1p = Math.pow(cast(b1), t);
            for (int j = 0; j < w.length; j++) {
                m[j] += (g[j] - m[j]) * (1 - b1);
                u[j] = Math.max(b2 * u[j], Math.abs(g[j]));
                w[j] -= lr * m[j] / ((1 - b1p) * (u[j] + eps));
            }
        }
    }

    static final class NadamRef extends KerasReference {
        final double b1, b2, eps;
        double uProduct = 1.0;
        NadamRef(double lr, double b1, double b2, double eps) { super(lr); this.b1 = b1; this.b2 = b2; this.eps = eps; }

        // u_product is a variable of the first model variable's dtype
        @Override void beforeStep(long t) { uProduct = cast(uProduct * b1 * (1.0 - 0.5 * Math.pow(cast(0.96), t))); }

        @Override void updateStep(int var, double[] w, double[] g, double lr, long t) {
            double[] m = slot("m", var, w.length, 0), v = slot("v", var, w.length, 0);
            double b1 = cast(this.b1), b2 = cast(this.b2), decay = cast(0.96);
            double ut = b1 * (1.0 - 0.5 * Math.pow(decay, t));
            double ut1 = b1 * (1.0 - 0.5 * Math.pow(decay, t + 1));
            double upt = uProduct, upt1 = upt * ut1;
            double b2p = Math.pow(b2, t);
            for (int j = 0; j < w.length; j++) {
                m[j] += (g[j] - m[j]) * (1 - b1);
                v[j] += (g[j] * g[j] - v[j]) * (1 - b2);
                double mHat = ut1 * m[j] / (1 - upt1) + (1 - ut) * g[j] / (1 - upt);
                double vHat = v[j] / (1 - b2p);
                w[j] -= mHat * lr / (Math.sqrt(vHat) + eps);
            }
        }
    }

    static final class LionRef extends KerasReference {
        final double b1, b2;
        LionRef(double lr, double b1, double b2) { super(lr); this.b1 = b1; this.b2 = b2; }

        @Override void updateStep(int var, double[] w, double[] g, double lr, long t) {
            double[] m = slot("m", var, w.length, 0);
            double b1 = cast(this.b1), b2 = cast(this.b2);
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * Math.signum(m[j] * b1 + g[j] * (1 - b1));
                m[j] = m[j] * b2 + g[j] * (1 - b2);
            }
        }
    }

    static final class FtrlRef extends KerasReference {
        final double power, init, l1, l2, l2Shrink, beta;
        FtrlRef(double lr, double power, double init, double l1, double l2, double l2Shrink, double beta) {
            super(lr); this.power = power; this.init = init; this.l1 = l1; this.l2 = l2; this.l2Shrink = l2Shrink; this.beta = beta;
        }

        @Override void updateStep(int var, double[] w, double[] g, double lr, long t) {
            double[] accum = slot("accum", var, w.length, init), linear = slot("linear", var, w.length, 0);
            double l2Reg = l2 + beta / (2.0 * lr);
            for (int j = 0; j < w.length; j++) {
                double gradToUse = g[j] + 2 * l2Shrink * w[j];
                double newAccum = accum[j] + g[j] * g[j];
                linear[j] += gradToUse - (Math.pow(newAccum, -power) - Math.pow(accum[j], -power)) / lr * w[j];
                double quadratic = Math.pow(newAccum, -power) / lr + 2 * l2Reg;
                double clipped = Math.min(Math.max(linear[j], -l1), l1);
                w[j] = (clipped - linear[j]) / quadratic;
                accum[j] = newAccum;
            }
        }
    }
}
