package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The base of elementwise merge layers ({@link Add}, ...; Keras's {@code Merge}): called on a list
 * of tensors, it combines them pairwise with {@link #merge(Tensor, Tensor)}. Shapes broadcast as in
 * NumPy on the axes after the batch axis; inputs of lower rank get size-1 axes inserted after the
 * batch axis first.
 */
public abstract class Merge extends Layer {
    protected Merge() { setSupportsMasking(true); }

    /** As in Keras: no mask when no input has one, else the AND of the inputs' masks. */
    @Override public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        Tensor out = null;
        if (masks != null) for (Tensor m : masks) if (m != null) out = out == null ? m : Ops.logicalAnd(out, m);
        return java.util.Collections.singletonList(out);
    }

    /** Combines two inputs of broadcast-compatible shapes. */
    protected abstract Tensor merge(Tensor a, Tensor b);

    @Override public void build(List<Shape> inputShapes) { computeOutputShape(inputShapes); }

    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        if (inputs.isEmpty()) throw new IllegalArgumentException(noInputs(List.of()));
        int maxRank = 0;
        for (Tensor t : inputs) maxRank = Math.max(maxRank, t.rank());
        Tensor out = null;
        for (Tensor t : inputs) {
            while (t.rank() < maxRank) t = Ops.expandDims(t, 1);
            out = out == null ? t : merge(out, t);
        }
        return List.of(out);
    }

    @Override public List<Shape> computeOutputShape(List<Shape> shapes) {
        if (shapes.isEmpty()) throw new IllegalArgumentException(noInputs(shapes));
        Set<Integer> batch = new HashSet<>();
        for (Shape s : shapes) {
            if (s.rank() == 0) throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className()
                    + "): merge inputs need a batch axis. Received: input_shape=" + shapes);
            if (s.dim(0) != Shape.UNKNOWN) batch.add(s.dim(0));
        }
        if (batch.size() > 1) throw new IllegalArgumentException("Cannot merge tensors with different batch sizes. Received tensors with shapes "
                + shapes + " (layer \"" + name() + "\")");
        Shape out = shapes.get(0).withoutBatch();
        for (int i = 1; i < shapes.size(); i++) out = broadcast(out, shapes.get(i).withoutBatch(), shapes);
        return List.of(out.prepend(batch.size() == 1 ? batch.iterator().next() : Shape.UNKNOWN));
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return computeOutputShape(List.of(inputShape)).get(0); }

    private Shape broadcast(Shape a, Shape b, List<Shape> all) {
        if (a.rank() < b.rank()) { Shape t = a; a = b; b = t; }
        int[] out = a.toArray();
        int off = a.rank() - b.rank();
        for (int j = 0; j < b.rank(); j++) {
            int x = a.dim(off + j), y = b.dim(j);
            if (x == Shape.UNKNOWN || y == Shape.UNKNOWN) out[off + j] = Shape.UNKNOWN;
            else if (x == 1) out[off + j] = y;
            else if (y == 1 || x == y) out[off + j] = x;
            else throw new IllegalArgumentException("Inputs have incompatible shapes. Received shapes " + a + " and " + b
                    + " (layer \"" + name() + "\" (" + className() + "), full input shapes " + all + ")");
        }
        return Shape.of(out);
    }

    private String noInputs(List<?> received) {
        return "A merge layer should be called on a list of at least 1 input. Layer \"" + name() + "\" (" + className()
                + ") received " + new ArrayList<>(received);
    }
}
