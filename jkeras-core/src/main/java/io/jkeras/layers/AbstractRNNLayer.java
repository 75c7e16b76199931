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
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share: the {@link RNN} setters returning
 * the concrete layer type {@code L}, the setters and getters that forward to the cell's shared
 * arguments ({@link AbstractRNNCell}), and Keras's flattened config (the RNN arguments, then the
 * cell's, with no nested {@code cell} entry).
 */
abstract class AbstractRNNLayer<L extends AbstractRNNLayer<L, C>, C extends AbstractRNNCell<C>> extends RNN {
    AbstractRNNLayer(C cell) { super(cell); }

    @SuppressWarnings("unchecked")
    private L self() { return (L) this; }

    /** The cell holding the weights and the step computation. */
    @SuppressWarnings("unchecked")
    @Override public C cell() { return (C) super.cell(); }

    @Override public L name(String n) { super.name(n); return self(); }
    @Override public L inputShape(int... s) { super.inputShape(s); return self(); }
    @Override public L dtype(DType d) { super.dtype(d); return self(); }
    @Override public L returnSequences(boolean b) { super.returnSequences(b); return self(); }
    @Override public L returnState(boolean b) { super.returnState(b); return self(); }
    @Override public L goBackwards(boolean b) { super.goBackwards(b); return self(); }
    @Override public L stateful(boolean b) { super.stateful(b); return self(); }
    @Override public L unroll(boolean b) { super.unroll(b); return self(); }
    @Override public L zeroOutputForMask(boolean b) { super.zeroOutputForMask(b); return self(); }

    public L activation(String id) { cell().activation(id); return self(); }
    public L activation(Activation a) { cell().activation(a); return self(); }
    public L useBias(boolean b) { cell().useBias(b); return self(); }
    public L kernelInitializer(String id) { cell().kernelInitializer(id); return self(); }
    public L kernelInitializer(Initializer i) { cell().kernelInitializer(i); return self(); }
    public L recurrentInitializer(String id) { cell().recurrentInitializer(id); return self(); }
    public L recurrentInitializer(Initializer i) { cell().recurrentInitializer(i); return self(); }
    public L biasInitializer(String id) { cell().biasInitializer(id); return self(); }
    public L biasInitializer(Initializer i) { cell().biasInitializer(i); return self(); }
    public L kernelRegularizer(Regularizer r) { cell().kernelRegularizer(r); return self(); }
    public L recurrentRegularizer(Regularizer r) { cell().recurrentRegularizer(r); return self(); }
    public L biasRegularizer(Regularizer r) { cell().biasRegularizer(r); return self(); }
    public L kernelConstraint(Constraint c) { cell().kernelConstraint(c); return self(); }
    public L recurrentConstraint(Constraint c) { cell().recurrentConstraint(c); return self(); }
    public L biasConstraint(Constraint c) { cell().biasConstraint(c); return self(); }
    /** Fraction of the input units to drop in training (one mask per sequence). */
    public L dropout(double rate) { cell().dropout(rate); return self(); }
    /** Fraction of the recurrent state units to drop in training (one mask per sequence). */
    public L recurrentDropout(double rate) { cell().recurrentDropout(rate); return self(); }
    /** Seeds the dropout masks. */
    public L seed(long seed) { cell().seed(seed); return self(); }

    public int units() { return cell().units(); }
    public Activation activation() { return cell().activation(); }
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

    /** Applies a Keras layer config (cell arguments, RNN arguments, base layer arguments) to {@code l}, a fresh layer. */
    static <L extends AbstractRNNLayer<L, ?>> L applyConfig(L l, Config c) {
        l.cell().applyConfig(c);
        l.applyRnnConfig(c);
        return KerasSerialization.applyBaseConfig(l, c);
    }
}
