package io.jkeras.autodiff;

import io.jkeras.backend.Backends;
import io.jkeras.constraints.Constraint;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/**
 * A mutable, named tensor: a layer weight or an optimizer slot (Keras's {@code keras.Variable}).
 * Reading a trainable variable inside a {@link GradientTape} watches it.
 *
 * <p>{@link #assign} writes into the variable's storage in place (no allocation in the training
 * step); a tensor returned by {@link #value()} therefore sees later assignments. Copy it with
 * {@code Ops.copy} to keep a snapshot.
 */
public final class Variable {
    private final String name;
    private final Shape shape;
    private final DType dtype;
    private final boolean trainable;
    private final Constraint constraint;
    private String path;
    private Tensor value;

    public Variable(String name, Tensor initialValue, boolean trainable) { this(name, initialValue, trainable, null); }

    public Variable(String name, Tensor initialValue, boolean trainable, Constraint constraint) {
        this.name = name;
        this.path = name;
        this.shape = initialValue.shape();
        this.dtype = initialValue.dtype();
        this.trainable = trainable;
        this.constraint = constraint;
        // own a private copy: the caller's tensor may share storage with others
        Tensor own = Tensor.zeros(shape, dtype);
        Backends.current().assignInPlace(own, initialValue);
        this.value = own;
    }

    /** The short name, e.g. {@code "kernel"}. */
    public String name() { return name; }

    /** The full path, e.g. {@code "dense/kernel"}. */
    public String path() { return path; }

    /** Sets the full path; done by the layer that owns the variable. */
    public void setPath(String path) { this.path = path; }

    public Shape shape() { return shape; }
    public DType dtype() { return dtype; }
    public boolean trainable() { return trainable; }
    public Constraint constraint() { return constraint; }

    /** The current value; inside a GradientTape a trainable variable is watched. */
    public Tensor value() {
        if (trainable) GradientTape.onVariableRead(this);
        return value;
    }

    /** The current value without watching it (for tapes and optimizers). */
    Tensor rawValue() { return value; }

    /** Overwrites the value in place. Shape and dtype must match. */
    public void assign(Tensor newValue) {
        if (!newValue.shape().equals(shape)) throw new IllegalArgumentException("Cannot assign a value of shape " + newValue.shape()
                + " to variable '" + path + "' of shape " + shape);
        Tensor v = newValue.dtype() == dtype ? newValue : Backends.current().cast(newValue, dtype);
        if (v.array() != value.array()) Backends.current().assignInPlace(value, v);
    }

    /** {@code this += delta}. An update is never recorded on a gradient tape. */
    public void assignAdd(Tensor delta) { assign(GradientTape.noRecording(() -> io.jkeras.ops.Ops.add(value, delta))); }

    /** {@code this -= delta}. An update is never recorded on a gradient tape. */
    public void assignSub(Tensor delta) { assign(GradientTape.noRecording(() -> io.jkeras.ops.Ops.subtract(value, delta))); }

    /** Number of scalars. */
    public long size() { return shape.size(); }

    @Override public String toString() {
        return "<Variable path=" + path + ", shape=" + shape + ", dtype=" + dtype + (trainable ? "" : ", trainable=False") + ">";
    }
}
