package io.jkeras.layers;

import io.jkeras.autodiff.GradientTape;
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

import java.util.Map;

/**
 * Normalizes each feature along {@code axis} to zero mean and unit variance, then scales by
 * {@code gamma} and shifts by {@code beta} (Keras's {@code keras.layers.BatchNormalization}).
 *
 * <p>In training ({@code apply(x, true)} on a trainable layer) it uses the batch's mean and biased
 * variance, and moves the statistics:
 * {@code moving = moving * momentum + batch * (1 - momentum)}. In inference, or when the layer is
 * frozen ({@code trainable(false)}), it uses the moving statistics. Weights, in Keras's order:
 * gamma, beta (trainable, when {@code scale}/{@code center}), moving_mean, moving_variance.
 *
 * <pre>{@code
 * new BatchNormalization()                       // axis -1, momentum 0.99, epsilon 1e-3
 * new BatchNormalization().axis(1).momentum(0.9) // channels-first feature maps
 * }</pre>
 */
public class BatchNormalization extends Layer {
    private int axis = -1;
    private double momentum = 0.99;
    private double epsilon = 1e-3;
    private boolean center = true, scale = true;
    private Initializer betaInitializer = Initializers.zeros(), gammaInitializer = Initializers.ones();
    private Initializer movingMeanInitializer = Initializers.zeros(), movingVarianceInitializer = Initializers.ones();
    private Regularizer betaRegularizer, gammaRegularizer;
    private Constraint betaConstraint, gammaConstraint;
    private Variable gamma, beta, movingMean, movingVariance;
    private int builtAxis;

    public BatchNormalization() {
        this.inputSpec = InputSpec.minRank(1);
        // as in Keras 3, a mask passes through, and in training the batch statistics leave masked steps out
        setSupportsMasking(true);
    }

    /** The feature axis (default -1); statistics are taken over every other axis. */
    public BatchNormalization axis(int a) { checkNotBuilt("axis"); this.axis = a; return this; }
    public BatchNormalization momentum(double m) { checkNotBuilt("momentum"); this.momentum = m; return this; }
    public BatchNormalization epsilon(double e) {
        checkNotBuilt("epsilon");
        if (!(e > 0)) throw new IllegalArgumentException("Layer \"" + name() + "\": epsilon must be positive, received " + e);
        this.epsilon = e;
        return this;
    }
    /** Whether to add the learned offset beta (default true). */
    public BatchNormalization center(boolean c) { checkNotBuilt("center"); this.center = c; return this; }
    /** Whether to multiply by the learned scale gamma (default true). */
    public BatchNormalization scale(boolean s) { checkNotBuilt("scale"); this.scale = s; return this; }
    public BatchNormalization betaInitializer(Initializer i) { checkNotBuilt("beta_initializer"); this.betaInitializer = i; return this; }
    public BatchNormalization gammaInitializer(Initializer i) { checkNotBuilt("gamma_initializer"); this.gammaInitializer = i; return this; }
    public BatchNormalization movingMeanInitializer(Initializer i) { checkNotBuilt("moving_mean_initializer"); this.movingMeanInitializer = i; return this; }
    public BatchNormalization movingVarianceInitializer(Initializer i) { checkNotBuilt("moving_variance_initializer"); this.movingVarianceInitializer = i; return this; }
    public BatchNormalization betaRegularizer(Regularizer r) { checkNotBuilt("beta_regularizer"); this.betaRegularizer = r; return this; }
    public BatchNormalization gammaRegularizer(Regularizer r) { checkNotBuilt("gamma_regularizer"); this.gammaRegularizer = r; return this; }
    public BatchNormalization betaConstraint(Constraint c) { checkNotBuilt("beta_constraint"); this.betaConstraint = c; return this; }
    public BatchNormalization gammaConstraint(Constraint c) { checkNotBuilt("gamma_constraint"); this.gammaConstraint = c; return this; }
    @Override public BatchNormalization name(String n) { super.name(n); return this; }
    @Override public BatchNormalization inputShape(int... s) { super.inputShape(s); return this; }

    public int axis() { return axis; }
    public double momentum() { return momentum; }
    public double epsilon() { return epsilon; }
    public boolean center() { return center; }
    public boolean scale() { return scale; }
    public Variable gamma() { return gamma; }
    public Variable beta() { return beta; }
    public Variable movingMean() { return movingMean; }
    public Variable movingVariance() { return movingVariance; }

    @Override public void build(Shape inputShape) {
        builtAxis = inputShape.normalizeAxis(axis);
        int dim = inputShape.dim(builtAxis);
        if (dim == Shape.UNKNOWN) throw new IllegalArgumentException("Layer \"" + name() + "\": axis " + axis + " of the input must have a known size, "
                + "received input shape " + inputShape);
        Shape s = Shape.of(dim);
        if (scale) gamma = addWeight("gamma", s, gammaInitializer, gammaRegularizer, gammaConstraint, true);
        if (center) beta = addWeight("beta", s, betaInitializer, betaRegularizer, betaConstraint, true);
        movingMean = addWeight("moving_mean", s, movingMeanInitializer, false);
        movingVariance = addWeight("moving_variance", s, movingVarianceInitializer, false);
        inputSpec = new InputSpec(inputShape.rank(), null, null, Map.of(builtAxis, dim));
    }

    @Override protected java.util.List<Tensor> call(java.util.List<Tensor> inputs, java.util.List<Tensor> masks, boolean training) {
        Tensor mask = masks == null || masks.isEmpty() ? null : masks.get(0);
        if (mask == null || !(training && trainable())) return java.util.List.of(call(inputs.get(0), training));
        return java.util.List.of(maskedTraining(inputs.get(0), mask));
    }

    /**
     * Training with a mask (Keras 3's masked moments): the mean and variance are weighted by the
     * mask, so padded steps do not move the statistics; every step is still normalized with them.
     * The mask has the input's shape without its last axis.
     */
    private Tensor maskedTraining(Tensor x, Tensor mask) {
        Tensor in = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
        int rank = in.rank();
        if (mask.rank() != rank - 1) throw new IllegalArgumentException("BatchNormalization \"" + name() + "\": the mask must have the input's shape "
                + "without its last axis; input " + in.shape() + ", mask " + mask.shape());
        int[] reduce = new int[rank - 1];
        for (int a = 0, k = 0; a < rank; a++) if (a != builtAxis) reduce[k++] = a;
        Tensor w = Ops.expandDims(Ops.cast(mask, in.dtype()), -1);
        Tensor weighted = Ops.multiply(w, in);
        Tensor count = Ops.add(Ops.sum(w, reduce, true), 1e-7);   // Keras adds backend.epsilon() to the weight sum
        Tensor mean = Ops.divide(Ops.sum(weighted, reduce, true), count);
        Tensor variance = Ops.divide(Ops.sum(Ops.multiply(w, Ops.square(Ops.subtract(weighted, mean))), reduce, true), count);
        Tensor m1 = Ops.reshape(mean, in.dim(builtAxis)), v1 = Ops.reshape(variance, in.dim(builtAxis));
        Tensor g = gamma == null ? null : Ops.cast(gamma.value(), in.dtype()), b = beta == null ? null : Ops.cast(beta.value(), in.dtype());
        updateMoving(m1, v1);
        return NNOps.batchNormalization(in, m1, v1, builtAxis, b, g, epsilon);
    }

    private void updateMoving(Tensor batchMean, Tensor batchVariance) {
        GradientTape.noRecording(() -> {
            movingMean.assign(Ops.add(Ops.multiply(movingMean.value(), momentum), Ops.multiply(Ops.cast(batchMean, movingMean.dtype()), 1 - momentum)));
            movingVariance.assign(Ops.add(Ops.multiply(movingVariance.value(), momentum),
                    Ops.multiply(Ops.cast(batchVariance, movingVariance.dtype()), 1 - momentum)));
            return null;
        });
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor in = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
        Tensor g = gamma == null ? null : Ops.cast(gamma.value(), in.dtype()), b = beta == null ? null : Ops.cast(beta.value(), in.dtype());
        if (training && trainable()) {
            NNOps.BatchNormResult r = NNOps.batchNormTraining(in, g, b, builtAxis, epsilon);
            updateMoving(r.mean(), r.variance());
            return r.output();
        }
        Tensor mean = Ops.cast(movingMean.value(), in.dtype()), variance = Ops.cast(movingVariance.value(), in.dtype());
        return NNOps.batchNormalization(in, mean, variance, builtAxis, b, g, epsilon);
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("beta_initializer", ConfigUtil.serialize(betaInitializer));
        c.put("gamma_initializer", ConfigUtil.serialize(gammaInitializer));
        c.put("moving_mean_initializer", ConfigUtil.serialize(movingMeanInitializer));
        c.put("moving_variance_initializer", ConfigUtil.serialize(movingVarianceInitializer));
        c.put("beta_regularizer", ConfigUtil.serialize(betaRegularizer));
        c.put("gamma_regularizer", ConfigUtil.serialize(gammaRegularizer));
        c.put("beta_constraint", ConfigUtil.serialize(betaConstraint));
        c.put("gamma_constraint", ConfigUtil.serialize(gammaConstraint));
        c.put("synchronized", false);
        return c;
    }
}
