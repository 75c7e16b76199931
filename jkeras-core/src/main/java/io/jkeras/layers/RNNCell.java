package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of a recurrent network: given the input at one timestep and the states of the previous
 * one, the output and the new states. The {@link RNN} layer runs a cell over a sequence; write your
 * own cell by extending this class (Keras's "cell" protocol: {@code state_size}, {@code call}).
 *
 * <pre>{@code
 * class MinimalRNNCell extends RNNCell {
 *     private final int units;
 *     private Variable kernel, recurrentKernel;
 *     MinimalRNNCell(int units) { this.units = units; }
 *     @Override public List<Shape> stateShapes() { return List.of(Shape.of(units)); }
 *     @Override public void build(Shape stepInputShape) {          // (batch, features)
 *         kernel = addWeight("kernel", Shape.of(stepInputShape.dim(-1), units), Initializers.get("glorot_uniform"), true);
 *         recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, units), Initializers.get("orthogonal"), true);
 *     }
 *     @Override public Output call(Tensor x, List<Tensor> states, boolean training) {
 *         Tensor h = Ops.add(Ops.matmul(x, kernel.value()), Ops.matmul(states.get(0), recurrentKernel.value()));
 *         return new Output(h, List.of(h));
 *     }
 * }
 * Tensor y = new RNN(new MinimalRNNCell(32)).apply(sequences);   // (batch, 32)
 * }</pre>
 *
 * A cell is built with the shape of one timestep's input, batch dimension included. Cells that use
 * dropout draw one mask per sequence (the same for every timestep), as Keras's cells do; the RNN
 * layer calls {@link #resetDropoutMasks()} around each sequence.
 */
public abstract class RNNCell extends Layer {
    /** A step's result: the output and the new states (in {@link #stateShapes()} order). */
    public record Output(Tensor output, List<Tensor> states) {
        public Output { states = List.copyOf(states); }
    }

    protected RNNCell() {}

    protected RNNCell(String name) { super(name); }

    /** The shape of each state for one sample, without the batch dimension (Keras's {@code state_size}). */
    public abstract List<Shape> stateShapes();

    /** The number of states (Keras's {@code len(state_size)}); known before the cell is built. */
    public int stateCount() { return stateShapes().size(); }

    /** The shape of one step's output for one sample (Keras's {@code output_size}); by default the first state's. */
    public Shape outputShape() { return stateShapes().get(0); }

    /** One timestep: {@code inputs} is {@code (batch, features...)}, {@code states} the previous states. */
    public abstract Output call(Tensor inputs, List<Tensor> states, boolean training);

    /** The states a sequence starts from when none are given: zeros (Keras's {@code get_initial_state}). */
    public List<Tensor> getInitialState(int batchSize, DType dtype) {
        List<Tensor> out = new ArrayList<>();
        for (Shape s : stateShapes()) out.add(Tensor.zeros(s.prepend(batchSize), dtype));
        return out;
    }

    /** Forgets the dropout masks drawn for the current sequence; the RNN layer calls it before and after each sequence. */
    public void resetDropoutMasks() {}

    /**
     * A new, unbuilt cell with the same settings (fresh weights). {@link Bidirectional} uses it to
     * make its forward and backward layers; cells that should work there override it.
     */
    public RNNCell copy() {
        throw new UnsupportedOperationException("RNN cell \"" + name() + "\" (" + className() + ") cannot be copied: override RNNCell.copy() "
                + "to return a new cell with the same settings, or give Bidirectional an explicit backward layer");
    }

    /**
     * Calling a cell directly (Keras's {@code cell(inputs, states)}): {@code inputs} are the step
     * input followed by the states; the result is the output followed by the new states.
     */
    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1 + stateCount()) throw new IllegalArgumentException("RNN cell \"" + name() + "\" takes the step input and "
                + stateCount() + " state(s), received " + inputs.size() + " tensors");
        Output o = call(inputs.get(0), inputs.subList(1, inputs.size()), training);
        List<Tensor> out = new ArrayList<>();
        out.add(o.output());
        out.addAll(o.states());
        return out;
    }

    @Override public List<Shape> computeOutputShape(List<Shape> inputShapes) {
        int batch = inputShapes.get(0).dim(0);
        List<Shape> out = new ArrayList<>();
        out.add(outputShape().prepend(batch));
        for (Shape s : stateShapes()) out.add(s.prepend(batch));
        return out;
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return outputShape().prepend(inputShape.dim(0)); }

    /** Checks a dropout rate given to a cell or RNN layer. */
    static double checkRate(String owner, String arg, double rate) {
        if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("Invalid value received for argument `" + arg + "` of " + owner
                + ". Expected a float value between 0 and 1. Received: " + arg + "=" + rate);
        return rate;
    }

    /**
     * The dropout masks of one sequence (Keras's {@code DropoutRNNCell}): drawn on first use with
     * the shape of the step input or state, kept for every timestep, dropped by {@link #reset()}.
     * With {@code count > 1} there is one independent mask per gate.
     */
    static final class DropoutMasks {
        private static final long GOLDEN = 0x9E3779B97F4A7C15L;
        private long baseSeed;
        private long draws;
        private Tensor[] masks;

        DropoutMasks() { this.baseSeed = SeedGenerator.nextSeed(); }

        void seed(long seed) { this.baseSeed = SeedGenerator.mix(seed); this.draws = 0; }

        /** The masks for a sequence whose steps look like {@code like}: {@code count} tensors of 0 and {@code 1/(1-rate)}. */
        Tensor[] get(Tensor like, double rate, int count) {
            if (masks == null) {
                masks = new Tensor[count];
                DType dt = like.dtype().isFloating() ? like.dtype() : DType.FLOAT32;
                for (int i = 0; i < count; i++) {
                    long s = SeedGenerator.mix(baseSeed + GOLDEN * ++draws);
                    Tensor u = Ops.randomUniform(like.shape(), 0, 1, dt, s);
                    Tensor keep = Ops.cast(Ops.greaterEqual(u, Ops.scalar(rate, dt)), dt);
                    masks[i] = rate >= 1 ? Tensor.zeros(like.shape(), dt) : Ops.multiply(keep, 1.0 / (1.0 - rate));
                }
            }
            return masks;
        }

        void reset() { masks = null; }
    }
}
