package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.activations.Activations;
import io.jkeras.ops.Ops;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * The cell of a {@link GRU} (Keras's {@code GRUCell}): one step of a gated recurrent unit, with
 * Keras's weight layout. Weights: {@code kernel (input_dim, 3*units)} and
 * {@code recurrent_kernel (units, 3*units)} with the gate blocks in the order update (z), reset
 * (r), candidate (h), and a bias of shape {@code (2, 3*units)} (input bias, recurrent bias) when
 * {@code reset_after} is true (Keras's default, the cuDNN variant) or {@code (3*units,)} when false.
 *
 * <pre>
 * z = sigmoid(x Wz + h Uz + b)      r = sigmoid(x Wr + h Ur + b)
 * reset_after=true:   h~ = tanh(x Wh + bh + r * (h Uh + bh'))
 * reset_after=false:  h~ = tanh(x Wh + (r * h) Uh + bh)
 * h' = z * h + (1 - z) * h~
 * </pre>
 */
public class GRUCell extends AbstractRNNCell<GRUCell> {
    private Activation recurrentActivation = Activations.sigmoid();
    private boolean resetAfter = true;

    public GRUCell(int units) { super("GRUCell", units); }

    public GRUCell recurrentActivation(String id) { return recurrentActivation(Activations.get(id)); }
    public GRUCell recurrentActivation(Activation a) { checkNotBuilt("recurrent_activation"); this.recurrentActivation = a; return this; }
    /** Applies the reset gate after the recurrent matmul (Keras's default {@code True}; bias shape {@code (2, 3*units)}). */
    public GRUCell resetAfter(boolean b) { checkNotBuilt("reset_after"); this.resetAfter = b; return this; }

    public Activation recurrentActivation() { return recurrentActivation; }
    public boolean resetAfter() { return resetAfter; }

    @Override public List<Shape> stateShapes() { return List.of(Shape.of(units)); }

    @Override public void build(Shape stepInputShape) {
        int in = stepInputShape.dim(-1);
        if (in == Shape.UNKNOWN) throw new IllegalArgumentException("GRUCell \"" + name() + "\": the last dimension of the input must be known, received " + stepInputShape);
        kernel = addWeight("kernel", Shape.of(in, 3 * units), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, 3 * units), recurrentInitializer, recurrentRegularizer, recurrentConstraint, true);
        if (useBias) {
            Shape bs = resetAfter ? Shape.of(2, 3 * units) : Shape.of(3 * units);
            bias = addWeight("bias", bs, biasInitializer, biasRegularizer, biasConstraint, true);
        }
    }

    private Tensor gate(Tensor t, int g) { return Ops.sliceAxis(t, -1, g * units, (g + 1) * units); }

    @Override public Output call(Tensor x, List<Tensor> states, boolean training) {
        Tensor h = states.get(0);
        Tensor inputBias = null, recurrentBias = null;
        if (useBias) {
            if (resetAfter) {
                inputBias = Ops.reshape(Ops.sliceAxis(bias.value(), 0, 0, 1), 3 * units);
                recurrentBias = Ops.reshape(Ops.sliceAxis(bias.value(), 0, 1, 2), 3 * units);
            } else {
                inputBias = bias.value();
            }
        }
        boolean dropIn = training && dropout > 0 && dropout < 1;
        boolean dropRec = training && recurrentDropout > 0 && recurrentDropout < 1;
        Tensor K = kernel.value(), R = recurrentKernel.value();
        Tensor z, r, hh;
        if (recurrentDropout > 0) {
            // Keras's implementation 1: a separate mask and matmul per gate
            Tensor[] dm = dropIn ? inputMasks.get(x, dropout, 3) : null;
            Tensor[] rm = dropRec ? stateMasks.get(h, recurrentDropout, 3) : null;
            Tensor[] xg = new Tensor[3], hg = new Tensor[3];
            for (int g = 0; g < 3; g++) {
                xg[g] = Ops.matmul(dm == null ? x : Ops.multiply(x, dm[g]), gate(K, g));
                if (useBias) xg[g] = Ops.add(xg[g], gate(inputBias, g));
                hg[g] = rm == null ? h : Ops.multiply(h, rm[g]);
            }
            Tensor rz = Ops.matmul(hg[0], gate(R, 0)), rr = Ops.matmul(hg[1], gate(R, 1));
            if (resetAfter && useBias) { rz = Ops.add(rz, gate(recurrentBias, 0)); rr = Ops.add(rr, gate(recurrentBias, 1)); }
            z = recurrentActivation.apply(Ops.add(xg[0], rz));
            r = recurrentActivation.apply(Ops.add(xg[1], rr));
            Tensor rh;
            if (resetAfter) {
                rh = Ops.matmul(hg[2], gate(R, 2));
                if (useBias) rh = Ops.add(rh, gate(recurrentBias, 2));
                rh = Ops.multiply(r, rh);
            } else {
                rh = Ops.matmul(Ops.multiply(r, hg[2]), gate(R, 2));
            }
            hh = activation.apply(Ops.add(xg[2], rh));
        } else {
            Tensor xin = dropIn ? Ops.multiply(x, inputMasks.get(x, dropout, 1)[0]) : x;
            Tensor mx = Ops.matmul(xin, K);
            if (useBias) mx = Ops.add(mx, inputBias);
            Tensor inner;
            if (resetAfter) {
                inner = Ops.matmul(h, R);
                if (useBias) inner = Ops.add(inner, recurrentBias);
            } else {
                inner = Ops.matmul(h, Ops.sliceAxis(R, 1, 0, 2 * units));
            }
            z = recurrentActivation.apply(Ops.add(gate(mx, 0), gate(inner, 0)));
            r = recurrentActivation.apply(Ops.add(gate(mx, 1), gate(inner, 1)));
            Tensor rh = resetAfter ? Ops.multiply(r, gate(inner, 2)) : Ops.matmul(Ops.multiply(r, h), gate(R, 2));
            hh = activation.apply(Ops.add(gate(mx, 2), rh));
        }
        // h' = z * h + (1 - z) * h~
        Tensor hNew = Ops.add(Ops.multiply(z, h), Ops.multiply(Ops.subtract(1.0, z), hh));
        return new Output(hNew, List.of(hNew));
    }

    @Override public GRUCell copy() { return copyCommonTo(new GRUCell(units)).recurrentActivation(recurrentActivation).resetAfter(resetAfter); }

    @Override void putAfterActivation(Map<String, Object> c) { c.put("recurrent_activation", recurrentActivation.name()); }
    @Override void putAfterDropout(Map<String, Object> c) { c.put("reset_after", resetAfter); }

    @Override void applyConfig(Config c) {
        super.applyConfig(c);
        if (c.has("recurrent_activation")) recurrentActivation(KerasSerialization.activation(c, "recurrent_activation"));
        resetAfter(c.getBoolean("reset_after", true));
    }

    /** A GRUCell from its Keras config; registered as {@code "GRUCell"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static GRUCell fromConfig(Config c) {
        GRUCell cell = new GRUCell(c.getInt("units"));
        cell.applyConfig(c);
        return KerasSerialization.applyBaseConfig(cell, c);
    }
}
