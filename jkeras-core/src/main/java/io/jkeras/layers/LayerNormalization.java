package io.jkeras.layers;

import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.NNOps;
import io.jkeras.ops.Ops;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Normalizes each sample over {@code axis} (the last by default) to zero mean and unit variance,
 * then scales by {@code gamma} and shifts by {@code beta}, which have the shape of the normalized
 * axes (Keras's {@code keras.layers.LayerNormalization}). With {@code rmsScaling(true)} it divides by
 * the root of the variance only and has no beta.
 *
 * <pre>{@code
 * new LayerNormalization()              // axis -1, epsilon 1e-3
 * new LayerNormalization(1, 2)          // over the last two axes of (batch, steps, features)
 * }</pre>
 */
public class LayerNormalization extends Layer {
    private final int[] axes;
    private double epsilon = 1e-3;
    private boolean center = true, scale = true, rmsScaling;
    private Initializer betaInitializer = Initializers.zeros(), gammaInitializer = Initializers.ones();
    private Regularizer betaRegularizer, gammaRegularizer;
    private Constraint betaConstraint, gammaConstraint;
    private Variable gamma, beta;
    private int[] builtAxes;

    /** Normalizes over the last axis. */
    public LayerNormalization() { this(-1); }

    /** Normalizes over the given axes (negative counts from the end). */
    public LayerNormalization(int... axes) {
        if (axes == null || axes.length == 0) throw new IllegalArgumentException("LayerNormalization: give at least one axis");
        this.axes = axes.clone();
        this.inputSpec = InputSpec.minRank(1);
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    public LayerNormalization epsilon(double e) {
        checkNotBuilt("epsilon");
        if (!(e > 0)) throw new IllegalArgumentException("Layer \"" + name() + "\": epsilon must be positive, received " + e);
        this.epsilon = e;
        return this;
    }
    public LayerNormalization center(boolean c) { checkNotBuilt("center"); this.center = c; return this; }
    public LayerNormalization scale(boolean s) { checkNotBuilt("scale"); this.scale = s; return this; }
    /** Root-mean-square scaling: {@code x * rsqrt(var(x) + epsilon) * gamma}, no centering. */
    public LayerNormalization rmsScaling(boolean r) { checkNotBuilt("rms_scaling"); this.rmsScaling = r; return this; }
    public LayerNormalization betaInitializer(Initializer i) { checkNotBuilt("beta_initializer"); this.betaInitializer = i; return this; }
    public LayerNormalization gammaInitializer(Initializer i) { checkNotBuilt("gamma_initializer"); this.gammaInitializer = i; return this; }
    public LayerNormalization betaRegularizer(Regularizer r) { checkNotBuilt("beta_regularizer"); this.betaRegularizer = r; return this; }
    public LayerNormalization gammaRegularizer(Regularizer r) { checkNotBuilt("gamma_regularizer"); this.gammaRegularizer = r; return this; }
    public LayerNormalization betaConstraint(Constraint c) { checkNotBuilt("beta_constraint"); this.betaConstraint = c; return this; }
    public LayerNormalization gammaConstraint(Constraint c) { checkNotBuilt("gamma_constraint"); this.gammaConstraint = c; return this; }
    @Override public LayerNormalization name(String n) { super.name(n); return this; }
    @Override public LayerNormalization inputShape(int... s) { super.inputShape(s); return this; }

    public int[] axes() { return axes.clone(); }
    public double epsilon() { return epsilon; }
    public Variable gamma() { return gamma; }
    public Variable beta() { return beta; }

    @Override public void build(Shape inputShape) {
        int[] ax = new int[axes.length];
        for (int i = 0; i < axes.length; i++) ax[i] = inputShape.normalizeAxis(axes[i]);
        Arrays.sort(ax);
        for (int i = 1; i < ax.length; i++) if (ax[i] == ax[i - 1]) throw new IllegalArgumentException("Layer \"" + name()
                + "\": duplicate axis in " + Arrays.toString(axes));
        int[] ps = new int[ax.length];
        for (int i = 0; i < ax.length; i++) {
            ps[i] = inputShape.dim(ax[i]);
            if (ps[i] == Shape.UNKNOWN) throw new IllegalArgumentException("Layer \"" + name() + "\": the normalized axes must have known sizes, "
                    + "received input shape " + inputShape + " with axis " + Arrays.toString(axes));
        }
        builtAxes = ax;
        if (scale) gamma = addWeight("gamma", Shape.of(ps), gammaInitializer, gammaRegularizer, gammaConstraint, true);
        if (center && !rmsScaling) beta = addWeight("beta", Shape.of(ps), betaInitializer, betaRegularizer, betaConstraint, true);
    }

    private Tensor broadcast(Tensor p, int rank) {
        int[] d = new int[rank];
        Arrays.fill(d, 1);
        for (int i = 0; i < builtAxes.length; i++) d[builtAxes[i]] = p.dim(i);
        return Ops.reshape(p, Shape.of(d));
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor in = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
        Tensor g = gamma == null ? null : broadcast(Ops.cast(gamma.value(), in.dtype()), in.rank());
        if (rmsScaling) {
            Tensor inv = Ops.rsqrt(Ops.add(NNOps.moments(in, builtAxes, true).variance(), epsilon));
            Tensor out = Ops.multiply(in, inv);
            return g == null ? out : Ops.multiply(out, g);
        }
        NNOps.Moments m = NNOps.moments(in, builtAxes, true);
        Tensor b = beta == null ? null : broadcast(Ops.cast(beta.value(), in.dtype()), in.rank());
        return NNOps.batchNormalization(in, m.mean(), m.variance(), -1, b, g, epsilon);
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axes.length == 1 ? (Object) axes[0] : ConfigUtil.list(axes));
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("rms_scaling", rmsScaling);
        c.put("beta_initializer", ConfigUtil.serialize(betaInitializer));
        c.put("gamma_initializer", ConfigUtil.serialize(gammaInitializer));
        c.put("beta_regularizer", ConfigUtil.serialize(betaRegularizer));
        c.put("gamma_regularizer", ConfigUtil.serialize(gammaRegularizer));
        c.put("beta_constraint", ConfigUtil.serialize(betaConstraint));
        c.put("gamma_constraint", ConfigUtil.serialize(gammaConstraint));
        return c;
    }
}
