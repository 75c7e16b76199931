package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.activations.Activations;
import io.jkeras.initializers.Initializer;
import io.jkeras.ops.Ops;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * The cell of an {@link LSTM} (Keras's {@code LSTMCell}): one step of a long short-term memory
 * network, with Keras's weight layout so that Keras weights load unchanged. Weights:
 * {@code kernel (input_dim, 4*units)}, {@code recurrent_kernel (units, 4*units)} and
 * {@code bias (4*units,)}, each with the gate blocks in the order input, forget, cell, output.
 *
 * <pre>
 * i = sigmoid(x Wi + h Ui + bi)     f = sigmoid(x Wf + h Uf + bf)     o = sigmoid(x Wo + h Uo + bo)
 * c' = f * c + i * tanh(x Wc + h Uc + bc)                               h' = o * tanh(c')
 * </pre>
 * States: {@code [h, c]}, each {@code (batch, units)}; the output is {@code h'}.
 *
 * <pre>{@code
 * RNN rnn = new RNN(new LSTMCell(32).dropout(0.1));   // the same as new LSTM(32).dropout(0.1)
 * }</pre>
 */
public class LSTMCell extends AbstractRNNCell<LSTMCell> {
    private Activation recurrentActivation = Activations.sigmoid();
    private boolean unitForgetBias = true;

    public LSTMCell(int units) { super("LSTMCell", units); }

    public LSTMCell recurrentActivation(String id) { return recurrentActivation(Activations.get(id)); }
    public LSTMCell recurrentActivation(Activation a) { checkNotBuilt("recurrent_activation"); this.recurrentActivation = a; return this; }
    /** Adds 1 to the forget gate's bias at initialization (Keras's default {@code unit_forget_bias=True}). */
    public LSTMCell unitForgetBias(boolean b) { checkNotBuilt("unit_forget_bias"); this.unitForgetBias = b; return this; }

    public Activation recurrentActivation() { return recurrentActivation; }
    public boolean unitForgetBias() { return unitForgetBias; }

    @Override public List<Shape> stateShapes() { return List.of(Shape.of(units), Shape.of(units)); }

    @Override public void build(Shape stepInputShape) {
        int in = stepInputShape.dim(-1);
        if (in == Shape.UNKNOWN) throw new IllegalArgumentException("LSTMCell \"" + name() + "\": the last dimension of the input must be known, received " + stepInputShape);
        kernel = addWeight("kernel", Shape.of(in, 4 * units), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, 4 * units), recurrentInitializer, recurrentRegularizer, recurrentConstraint, true);
        if (useBias) {
            Initializer init = unitForgetBias ? forgetBiasInitializer(biasInitializer, units) : biasInitializer;
            bias = addWeight("bias", Shape.of(4 * units), init, biasRegularizer, biasConstraint, true);
        }
    }

    /** {@code [init(units), ones(units), init(2*units)]}, as Keras builds the bias with {@code unit_forget_bias}. */
    private static Initializer forgetBiasInitializer(Initializer base, int units) {
        return new Initializer() {
            @Override public Tensor generate(Shape shape, DType dtype) {
                return Ops.concatenate(List.of(base.generate(Shape.of(units), dtype), Tensor.ones(Shape.of(units), dtype),
                        base.generate(Shape.of(2 * units), dtype)), 0);
            }
            @Override public String className() { return base.className(); }
            @Override public Map<String, Object> getConfig() { return base.getConfig(); }
        };
    }

    @Override public Output call(Tensor x, List<Tensor> states, boolean training) {
        Tensor h = states.get(0), c = states.get(1);
        Tensor zi, zf, zc, zo;
        boolean dropIn = training && dropout > 0 && dropout < 1;
        boolean dropRec = training && recurrentDropout > 0 && recurrentDropout < 1;
        if (recurrentDropout > 0) {
            // Keras's implementation 1: a separate mask and matmul per gate
            Tensor[] dm = dropIn ? inputMasks.get(x, dropout, 4) : null;
            Tensor[] rm = dropRec ? stateMasks.get(h, recurrentDropout, 4) : null;
            Tensor[] z = new Tensor[4];
            for (int g = 0; g < 4; g++) {
                Tensor xg = dm == null ? x : Ops.multiply(x, dm[g]);
                Tensor hg = rm == null ? h : Ops.multiply(h, rm[g]);
                Tensor zg = Ops.matmul(xg, Ops.sliceAxis(kernel.value(), 1, g * units, (g + 1) * units));
                if (useBias) zg = Ops.add(zg, Ops.sliceAxis(bias.value(), 0, g * units, (g + 1) * units));
                z[g] = Ops.add(zg, Ops.matmul(hg, Ops.sliceAxis(recurrentKernel.value(), 1, g * units, (g + 1) * units)));
            }
            zi = z[0]; zf = z[1]; zc = z[2]; zo = z[3];
        } else {
            Tensor xin = dropIn ? Ops.multiply(x, inputMasks.get(x, dropout, 1)[0]) : x;
            Tensor z = Ops.add(Ops.matmul(xin, kernel.value()), Ops.matmul(h, recurrentKernel.value()));
            if (useBias) z = Ops.add(z, bias.value());
            zi = Ops.sliceAxis(z, 1, 0, units);
            zf = Ops.sliceAxis(z, 1, units, 2 * units);
            zc = Ops.sliceAxis(z, 1, 2 * units, 3 * units);
            zo = Ops.sliceAxis(z, 1, 3 * units, 4 * units);
        }
        Tensor i = recurrentActivation.apply(zi);
        Tensor f = recurrentActivation.apply(zf);
        Tensor cNew = Ops.add(Ops.multiply(f, c), Ops.multiply(i, activation.apply(zc)));
        Tensor o = recurrentActivation.apply(zo);
        Tensor hNew = Ops.multiply(o, activation.apply(cNew));
        return new Output(hNew, List.of(hNew, cNew));
    }

    @Override public LSTMCell copy() { return copyCommonTo(new LSTMCell(units)).recurrentActivation(recurrentActivation).unitForgetBias(unitForgetBias); }

    @Override void putAfterActivation(Map<String, Object> c) { c.put("recurrent_activation", recurrentActivation.name()); }
    @Override void putAfterInitializers(Map<String, Object> c) { c.put("unit_forget_bias", unitForgetBias); }

    @Override void applyConfig(Config c) {
        super.applyConfig(c);
        if (c.has("recurrent_activation")) recurrentActivation(KerasSerialization.activation(c, "recurrent_activation"));
        unitForgetBias(c.getBoolean("unit_forget_bias", true));
    }

    /** A LSTMCell from its Keras config; registered as {@code "LSTMCell"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static LSTMCell fromConfig(Config c) {
        LSTMCell cell = new LSTMCell(c.getInt("units"));
        cell.applyConfig(c);
        return KerasSerialization.applyBaseConfig(cell, c);
    }
}
