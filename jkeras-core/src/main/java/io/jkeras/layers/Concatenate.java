package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Concatenates a list of inputs along {@code axis} (Keras's {@code keras.layers.Concatenate}); all
 * other axes must match.
 *
 * <pre>{@code
 * KerasTensor both = new Concatenate().apply(a, b);        // last axis
 * KerasTensor rows = new Concatenate(1).apply(seq1, seq2);
 * }</pre>
 */
public class Concatenate extends Layer {
    private final int axis;

    /** Concatenates along the last axis. */
    public Concatenate() { this(-1); }

    public Concatenate(int axis) { this.axis = axis; setSupportsMasking(true); }

    /**
     * As in Keras: no mask when no input has one; otherwise each input's mask (all true where it
     * has none), widened to the input's rank, concatenated along the axis and reduced with AND over
     * the last axis, e.g. the AND of the masks for features side by side, or the masks one after the
     * other for a concatenation along time.
     */
    @Override public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        boolean any = false;
        if (masks != null) for (Tensor m : masks) any |= m != null;
        if (!any) return java.util.Collections.singletonList(null);
        List<Tensor> parts = new java.util.ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i), m = masks.get(i);
            if (m == null) m = Tensor.full(x.shape(), 1, io.jkeras.tensor.DType.BOOL);
            else {
                if (m.dtype() != io.jkeras.tensor.DType.BOOL) m = Ops.notEqual(m, Ops.scalar(0, m.dtype()));
                while (m.rank() < x.rank()) m = Ops.expandDims(m, -1);
                m = Ops.broadcastTo(m, x.shape());
            }
            parts.add(m);
        }
        Tensor cat = Ops.concatenate(parts, axis);
        return java.util.Collections.singletonList(Ops.all(cat, new int[] {-1}, false));
    }

    @Override public Concatenate name(String n) { super.name(n); return this; }

    public int axis() { return axis; }

    @Override public void build(List<Shape> inputShapes) { computeOutputShape(inputShapes); }

    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("A `Concatenate` layer should be called on a list of at least 1 input. "
                + "Layer \"" + name() + "\" received none");
        return List.of(Ops.concatenate(inputs, axis));
    }

    @Override public List<Shape> computeOutputShape(List<Shape> shapes) {
        if (shapes.isEmpty()) throw new IllegalArgumentException("A `Concatenate` layer should be called on a list of at least 1 input. "
                + "Layer \"" + name() + "\" received none");
        int rank = shapes.get(0).rank();
        String mismatch = "A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape="
                + shapes + " (layer \"" + name() + "\", axis=" + axis + ")";
        for (Shape s : shapes) if (s.rank() != rank) throw new IllegalArgumentException(mismatch);
        if (axis < -rank || axis >= rank) throw new IllegalArgumentException("Layer \"" + name() + "\" (Concatenate): axis " + axis
                + " is out of range for inputs of rank " + rank + "; valid axes are " + (-rank) + " to " + (rank - 1));
        int ax = axis < 0 ? axis + rank : axis;
        int[] out = shapes.get(0).toArray();
        for (int i = 1; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            for (int j = 0; j < rank; j++) {
                int d = s.dim(j);
                if (j == ax) {
                    out[j] = out[j] == Shape.UNKNOWN || d == Shape.UNKNOWN ? Shape.UNKNOWN : out[j] + d;
                } else if (d != Shape.UNKNOWN) {
                    if (out[j] != Shape.UNKNOWN && out[j] != d) throw new IllegalArgumentException(mismatch);
                    out[j] = d;
                }
            }
        }
        return List.of(Shape.of(out));
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return computeOutputShape(List.of(inputShape)).get(0); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }
}
