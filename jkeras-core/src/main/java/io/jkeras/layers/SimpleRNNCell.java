package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;

/**
 * The cell of a {@link SimpleRNN} (Keras's {@code SimpleRNNCell}): {@code h' = tanh(x W + h U + b)}.
 * Weights: {@code kernel (input_dim, units)}, {@code recurrent_kernel (units, units)},
 * {@code bias (units,)}. One state, {@code (batch, units)}, which is also the output.
 */
public class SimpleRNNCell extends AbstractRNNCell<SimpleRNNCell> {
    public SimpleRNNCell(int units) { super("SimpleRNNCell", units); }

    @Override public List<Shape> stateShapes() { return List.of(Shape.of(units)); }

    @Override public void build(Shape stepInputShape) {
        int in = stepInputShape.dim(-1);
        if (in == Shape.UNKNOWN) throw new IllegalArgumentException("SimpleRNNCell \"" + name() + "\": the last dimension of the input must be known, received " + stepInputShape);
        kernel = addWeight("kernel", Shape.of(in, units), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, units), recurrentInitializer, recurrentRegularizer, recurrentConstraint, true);
        if (useBias) bias = addWeight("bias", Shape.of(units), biasInitializer, biasRegularizer, biasConstraint, true);
    }

    @Override public Output call(Tensor x, List<Tensor> states, boolean training) {
        Tensor prev = states.get(0);
        if (training && dropout > 0 && dropout < 1) x = Ops.multiply(x, inputMasks.get(x, dropout, 1)[0]);
        Tensor h = Ops.matmul(x, kernel.value());
        if (useBias) h = Ops.add(h, bias.value());
        if (training && recurrentDropout > 0 && recurrentDropout < 1) prev = Ops.multiply(prev, stateMasks.get(prev, recurrentDropout, 1)[0]);
        Tensor out = activation.apply(Ops.add(h, Ops.matmul(prev, recurrentKernel.value())));
        return new Output(out, List.of(out));
    }

    @Override public SimpleRNNCell copy() { return copyCommonTo(new SimpleRNNCell(units)); }

    /** A SimpleRNNCell from its Keras config; registered as {@code "SimpleRNNCell"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static SimpleRNNCell fromConfig(Config c) {
        SimpleRNNCell cell = new SimpleRNNCell(c.getInt("units"));
        cell.applyConfig(c);
        return KerasSerialization.applyBaseConfig(cell, c);
    }
}
