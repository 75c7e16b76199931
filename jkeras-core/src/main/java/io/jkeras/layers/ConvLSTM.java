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
 * The base of {@link ConvLSTM1D}, {@link ConvLSTM2D} and {@link ConvLSTM3D} (Keras's
 * {@code ConvLSTM}): an {@link RNN} over a {@link ConvLSTMCell}. Input
 * {@code (batch, timesteps, spatial..., channels)}; output the last step's
 * {@code (batch, spatial'..., filters)}, or every step's with {@code return_sequences}.
 */
public abstract class ConvLSTM<T extends ConvLSTM<T>> extends RNN {
    protected ConvLSTM(int rank, int filters, int... kernelSize) { super(new ConvLSTMCell(rank, filters, kernelSize).name("conv_lstm_cell")); }

    /** A layer around an existing cell (used to copy a layer, e.g. for {@link Bidirectional}). */
    protected ConvLSTM(ConvLSTMCell cell) { super(cell); }

    @SuppressWarnings("unchecked")
    protected T self() { return (T) this; }

    @Override public ConvLSTMCell cell() { return (ConvLSTMCell) super.cell(); }

    @Override public T name(String n) { super.name(n); return self(); }
    @Override public T inputShape(int... s) { super.inputShape(s); return self(); }
    @Override public T dtype(DType d) { super.dtype(d); return self(); }
    @Override public T returnSequences(boolean b) { super.returnSequences(b); return self(); }
    @Override public T returnState(boolean b) { super.returnState(b); return self(); }
    @Override public T goBackwards(boolean b) { super.goBackwards(b); return self(); }
    @Override public T stateful(boolean b) { super.stateful(b); return self(); }
    @Override public T unroll(boolean b) { super.unroll(b); return self(); }
    @Override public T zeroOutputForMask(boolean b) { super.zeroOutputForMask(b); return self(); }

    public T strides(int... s) { cell().strides(s); return self(); }
    /** "valid" (default) or "same". */
    public T padding(String p) { cell().padding(p); return self(); }
    public T dataFormat(String f) { cell().dataFormat(f); return self(); }
    public T dilationRate(int... d) { cell().dilationRate(d); return self(); }
    public T activation(String id) { cell().activation(id); return self(); }
    public T activation(Activation a) { cell().activation(a); return self(); }
    public T recurrentActivation(String id) { cell().recurrentActivation(id); return self(); }
    public T recurrentActivation(Activation a) { cell().recurrentActivation(a); return self(); }
    public T useBias(boolean b) { cell().useBias(b); return self(); }
    public T unitForgetBias(boolean b) { cell().unitForgetBias(b); return self(); }
    public T kernelInitializer(Initializer i) { cell().kernelInitializer(i); return self(); }
    public T recurrentInitializer(Initializer i) { cell().recurrentInitializer(i); return self(); }
    public T biasInitializer(Initializer i) { cell().biasInitializer(i); return self(); }
    public T kernelRegularizer(Regularizer r) { cell().kernelRegularizer(r); return self(); }
    public T recurrentRegularizer(Regularizer r) { cell().recurrentRegularizer(r); return self(); }
    public T biasRegularizer(Regularizer r) { cell().biasRegularizer(r); return self(); }
    public T kernelConstraint(Constraint c) { cell().kernelConstraint(c); return self(); }
    public T recurrentConstraint(Constraint c) { cell().recurrentConstraint(c); return self(); }
    public T biasConstraint(Constraint c) { cell().biasConstraint(c); return self(); }
    public T dropout(double rate) { cell().dropout(rate); return self(); }
    public T recurrentDropout(double rate) { cell().recurrentDropout(rate); return self(); }
    public T seed(long seed) { cell().seed(seed); return self(); }

    public int filters() { return cell().filters(); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = baseConfig();
        putRnnConfig(c);
        cell().putCellConfig(c, activityRegularizer());
        return c;
    }

    /** Applies a ConvLSTM layer's Keras config to a new layer of the right rank, filters and kernel size. */
    static <L extends ConvLSTM<L>> L fromConfig(L layer, Config c) {
        layer.cell().applyConfig(c);
        layer.applyRnnConfig(c);
        return KerasSerialization.applyBaseConfig(layer, c);
    }
}
