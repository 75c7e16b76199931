package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;

import java.util.Map;

/**
 * Gated recurrent unit (Cho et al., 2014), Keras's {@code keras.layers.GRU}: an {@link RNN} over a
 * {@link GRUCell}. Weights as in Keras ({@code kernel (input_dim, 3*units)},
 * {@code recurrent_kernel (units, 3*units)}; gates z, r, h) with {@code bias (2, 3*units)} for the
 * default {@code reset_after=true} or {@code (3*units,)} for {@code reset_after=false}.
 *
 * <pre>{@code
 * Tensor y = new GRU(32).apply(x);                              // (batch, 32)
 * Tensor v1 = new GRU(32).resetAfter(false).apply(x);           // the original GRU formulation
 * }</pre>
 */
public class GRU extends RNN {
    public GRU(int units) { this(new GRUCell(units).name("gru_cell")); }

    /** {@code GRU(units, activation=...)}. */
    public GRU(int units, String activation) { this(units); activation(activation); }

    private GRU(GRUCell cell) { super(cell); }

    @Override protected RNN newInstance(RNNCell cell) { return new GRU((GRUCell) cell); }

    /** The cell holding the weights and the step computation. */
    @Override public GRUCell cell() { return (GRUCell) super.cell(); }

    @Override public GRU name(String n) { super.name(n); return this; }
    @Override public GRU inputShape(int... s) { super.inputShape(s); return this; }
    @Override public GRU dtype(DType d) { super.dtype(d); return this; }
    @Override public GRU returnSequences(boolean b) { super.returnSequences(b); return this; }
    @Override public GRU returnState(boolean b) { super.returnState(b); return this; }
    @Override public GRU goBackwards(boolean b) { super.goBackwards(b); return this; }
    @Override public GRU stateful(boolean b) { super.stateful(b); return this; }
    @Override public GRU unroll(boolean b) { super.unroll(b); return this; }
    @Override public GRU zeroOutputForMask(boolean b) { super.zeroOutputForMask(b); return this; }

    public GRU activation(String id) { cell().activation(id); return this; }
    public GRU activation(Activation a) { cell().activation(a); return this; }
    public GRU recurrentActivation(String id) { cell().recurrentActivation(id); return this; }
    public GRU recurrentActivation(Activation a) { cell().recurrentActivation(a); return this; }
    public GRU resetAfter(boolean b) { cell().resetAfter(b); return this; }
    public GRU useBias(boolean b) { cell().useBias(b); return this; }
    public GRU kernelInitializer(String id) { cell().kernelInitializer(id); return this; }
    public GRU kernelInitializer(Initializer i) { cell().kernelInitializer(i); return this; }
    public GRU recurrentInitializer(String id) { cell().recurrentInitializer(id); return this; }
    public GRU recurrentInitializer(Initializer i) { cell().recurrentInitializer(i); return this; }
    public GRU biasInitializer(String id) { cell().biasInitializer(id); return this; }
    public GRU biasInitializer(Initializer i) { cell().biasInitializer(i); return this; }
    public GRU kernelRegularizer(Regularizer r) { cell().kernelRegularizer(r); return this; }
    public GRU recurrentRegularizer(Regularizer r) { cell().recurrentRegularizer(r); return this; }
    public GRU biasRegularizer(Regularizer r) { cell().biasRegularizer(r); return this; }
    public GRU kernelConstraint(Constraint c) { cell().kernelConstraint(c); return this; }
    public GRU recurrentConstraint(Constraint c) { cell().recurrentConstraint(c); return this; }
    public GRU biasConstraint(Constraint c) { cell().biasConstraint(c); return this; }
    /** Fraction of the input units to drop in training (one mask per sequence). */
    public GRU dropout(double rate) { cell().dropout(rate); return this; }
    /** Fraction of the recurrent state units to drop in training (one mask per sequence). */
    public GRU recurrentDropout(double rate) { cell().recurrentDropout(rate); return this; }
    /** Seeds the dropout masks. */
    public GRU seed(long seed) { cell().seed(seed); return this; }

    public int units() { return cell().units(); }
    public Activation activation() { return cell().activation(); }
    public Activation recurrentActivation() { return cell().recurrentActivation(); }
    public boolean resetAfter() { return cell().resetAfter(); }
    public boolean useBias() { return cell().useBias(); }
    public double dropout() { return cell().dropout(); }
    public double recurrentDropout() { return cell().recurrentDropout(); }

    /** Keras's config: the RNN arguments and the cell's, flattened (no nested {@code cell} entry). */
    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = baseConfig();
        putRnnConfig(c);
        cell().putCellConfig(c, activityRegularizer());
        return c;
    }

    /** A GRU layer from its Keras config (Keras 3, or Keras 1/2 and tfjs); registered as {@code "GRU"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static GRU fromConfig(Config c) {
        GRU l = new GRU(RNN.units(c));
        l.cell().applyConfig(c);
        l.applyRnnConfig(c);
        return KerasSerialization.applyBaseConfig(l, c);
    }
}
