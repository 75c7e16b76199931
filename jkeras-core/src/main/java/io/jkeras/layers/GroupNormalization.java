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
 * Splits the channels ({@code axis}, the last by default) into {@code groups} groups and normalizes
 * each sample's group over the group's channels and every other non-batch axis; then per-channel
 * {@code gamma} and {@code beta} (Keras's {@code keras.layers.GroupNormalization}). One group is
 * layer normalization over all non-batch axes; one channel per group is instance normalization.
 *
 * <pre>{@code
 * new GroupNormalization(8)          // 8 groups, axis -1, epsilon 1e-3
 * }</pre>
 */
public class GroupNormalization extends Layer {
    private final int groups;
    private int axis = -1;
    private double epsilon = 1e-3;
    private boolean center = true, scale = true;
    private Initializer betaInitializer = Initializers.zeros(), gammaInitializer = Initializers.ones();
    private Regularizer betaRegularizer, gammaRegularizer;
    private Constraint betaConstraint, gammaConstraint;
    private Variable gamma, beta;
    private int builtAxis;

    /** Keras's default: 32 groups. */
    public GroupNormalization() { this(32); }

    public GroupNormalization(int groups) {
        if (groups <= 0) throw new IllegalArgumentException("GroupNormalization: groups must be positive, received " + groups);
        this.groups = groups;
        this.inputSpec = InputSpec.minRank(2);
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    public GroupNormalization axis(int a) { checkNotBuilt("axis"); this.axis = a; return this; }
    public GroupNormalization epsilon(double e) { checkNotBuilt("epsilon"); this.epsilon = e; return this; }
    public GroupNormalization center(boolean c) { checkNotBuilt("center"); this.center = c; return this; }
    public GroupNormalization scale(boolean s) { checkNotBuilt("scale"); this.scale = s; return this; }
    public GroupNormalization betaInitializer(Initializer i) { checkNotBuilt("beta_initializer"); this.betaInitializer = i; return this; }
    public GroupNormalization gammaInitializer(Initializer i) { checkNotBuilt("gamma_initializer"); this.gammaInitializer = i; return this; }
    public GroupNormalization betaRegularizer(Regularizer r) { checkNotBuilt("beta_regularizer"); this.betaRegularizer = r; return this; }
    public GroupNormalization gammaRegularizer(Regularizer r) { checkNotBuilt("gamma_regularizer"); this.gammaRegularizer = r; return this; }
    public GroupNormalization betaConstraint(Constraint c) { checkNotBuilt("beta_constraint"); this.betaConstraint = c; return this; }
    public GroupNormalization gammaConstraint(Constraint c) { checkNotBuilt("gamma_constraint"); this.gammaConstraint = c; return this; }
    @Override public GroupNormalization name(String n) { super.name(n); return this; }
    @Override public GroupNormalization inputShape(int... s) { super.inputShape(s); return this; }

    public int groups() { return groups; }
    public Variable gamma() { return gamma; }
    public Variable beta() { return beta; }

    @Override public void build(Shape inputShape) {
        builtAxis = inputShape.normalizeAxis(axis);
        if (builtAxis == 0) throw new IllegalArgumentException("Layer \"" + name() + "\": axis " + axis + " is the batch axis; GroupNormalization normalizes within samples");
        int dim = inputShape.dim(builtAxis);
        if (dim == Shape.UNKNOWN) throw new IllegalArgumentException("Axis " + axis + " of input tensor should have a defined dimension but the layer received "
                + "an input with shape " + inputShape + " (layer \"" + name() + "\")");
        if (dim < groups) throw new IllegalArgumentException("Number of groups (" + groups + ") cannot be more than the number of channels (" + dim
                + ") (layer \"" + name() + "\")");
        if (dim % groups != 0) throw new IllegalArgumentException("Number of groups (" + groups + ") must be a multiple of the number of channels ("
                + dim + ") (layer \"" + name() + "\": the channels must split evenly into the groups)");
        if (scale) gamma = addWeight("gamma", Shape.of(dim), gammaInitializer, gammaRegularizer, gammaConstraint, true);
        if (center) beta = addWeight("beta", Shape.of(dim), betaInitializer, betaRegularizer, betaConstraint, true);
        inputSpec = new InputSpec(inputShape.rank(), null, null, Map.of(builtAxis, dim));
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor in = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
        int r = in.rank(), c = in.dim(builtAxis);
        // (..., C, ...) -> (..., groups, C/groups, ...)
        int[] gs = new int[r + 1];
        for (int i = 0, k = 0; i < r; i++) {
            if (i == builtAxis) { gs[k++] = groups; gs[k++] = c / groups; }
            else gs[k++] = in.dim(i);
        }
        Tensor g = Ops.reshape(in, Shape.of(gs));
        int[] red = new int[r - 1];
        for (int i = 1, k = 0; i <= r; i++) if (i != builtAxis) red[k++] = i;
        NNOps.Moments m = NNOps.moments(g, red, true);
        int[] bs = new int[r + 1];
        Arrays.fill(bs, 1);
        bs[builtAxis] = groups;
        bs[builtAxis + 1] = c / groups;
        Tensor inv = Ops.rsqrt(Ops.add(m.variance(), epsilon));
        if (gamma != null) inv = Ops.multiply(inv, Ops.reshape(Ops.cast(gamma.value(), in.dtype()), Shape.of(bs)));
        Tensor res = Ops.negative(Ops.multiply(m.mean(), inv));
        if (beta != null) res = Ops.add(res, Ops.reshape(Ops.cast(beta.value(), in.dtype()), Shape.of(bs)));
        return Ops.reshape(Ops.add(Ops.multiply(g, inv), res), in.shape());
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("groups", groups);
        c.put("axis", axis);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("beta_initializer", ConfigUtil.serialize(betaInitializer));
        c.put("gamma_initializer", ConfigUtil.serialize(gammaInitializer));
        c.put("beta_regularizer", ConfigUtil.serialize(betaRegularizer));
        c.put("gamma_regularizer", ConfigUtil.serialize(gammaRegularizer));
        c.put("beta_constraint", ConfigUtil.serialize(betaConstraint));
        c.put("gamma_constraint", ConfigUtil.serialize(gammaConstraint));
        return c;
    }
}
