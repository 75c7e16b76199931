package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * The base of every optimizer (Keras's {@code keras.optimizers.Optimizer}): it turns gradients into
 * in-place variable updates. {@link #apply(List, List)} applies gradient clipping, the update rule
 * of the subclass, weight decay and the variables' constraints, then counts the step.
 */
public abstract class Optimizer {
    /** Updates {@code variables} from {@code gradients} (same order; a null gradient skips its variable). */
    public abstract void apply(List<Tensor> gradients, List<Variable> variables);

    /** The learning rate used at the current step. */
    public abstract double learningRate();

    /** Sets a constant learning rate (used by callbacks such as ReduceLROnPlateau). */
    public abstract void setLearningRate(double lr);

    /** Number of update steps applied so far (Keras's {@code optimizer.iterations}). */
    public abstract long iterations();

    /** The Keras class name, e.g. {@code "Adam"}. */
    public abstract String className();

    /** Keras-style config for serialization. */
    public abstract Map<String, Object> getConfig();

    /** The optimizer's own state (slots such as moments, and the iteration counter) for saving. */
    public abstract List<Variable> variables();
}
