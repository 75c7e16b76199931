package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reshapes each sample to {@code targetShape} (Keras's {@code keras.layers.Reshape}); the batch
 * axis is kept. One entry of the target may be -1 and is inferred from the input size.
 *
 * <pre>{@code
 * KerasTensor x = Input.of(12);
 * new Reshape(3, 4).apply(x);      // (None, 3, 4)
 * new Reshape(-1, 2, 2).apply(x);  // (None, 3, 2, 2)
 * }</pre>
 */
public class Reshape extends Layer {
    private final int[] targetShape;

    /** @param targetShape the per-sample shape, without the batch axis; at most one -1 */
    public Reshape(int... targetShape) {
        if (targetShape == null) throw new IllegalArgumentException("Reshape: `target_shape` must not be null");
        int unknown = 0;
        for (int d : targetShape) {
            if (d < -1) throw new IllegalArgumentException("Each dimension in `target_shape` must be a non-negative integer, "
                    + "or `-1` for a single unknown dimension. Received: target_shape=" + tuple(targetShape) + ".");
            if (d == -1) unknown++;
        }
        if (unknown > 1) throw new IllegalArgumentException("There must be at most one unknown dimension (-1) in `target_shape`. "
                + "Received: target_shape=" + tuple(targetShape) + ".");
        this.targetShape = targetShape.clone();
        this.built = true;
    }

    @Override public Reshape name(String n) { super.name(n); return this; }
    @Override public Reshape inputShape(int... s) { super.inputShape(s); return this; }

    /** The target per-sample shape as given (it may hold one -1). */
    public int[] targetShape() { return targetShape.clone(); }

    @Override public Shape computeOutputShape(Shape inputShape) {
        if (inputShape.rank() < 1) throw new IllegalArgumentException("Layer \"" + name()
                + "\" (Reshape) needs an input with a batch axis, received shape " + inputShape);
        return resolve(inputShape.withoutBatch()).prepend(inputShape.dim(0));
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        return Ops.reshape(x, computeOutputShape(x.shape()));
    }

    /** The per-sample output shape: the -1 resolved when the input's per-sample shape is known. */
    private Shape resolve(Shape sample) {
        int unknownAt = -1;
        long known = 1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1) unknownAt = i;
            else known *= targetShape[i];
        }
        if (!sample.isFullyDefined()) return Shape.of(targetShape);   // the -1 stays unknown (None)
        long size = sample.size();
        int[] out = targetShape.clone();
        if (unknownAt < 0) {
            if (size != known) throw new IllegalArgumentException("The total size of the tensor must be unchanged. Received: input_shape="
                    + sample + ", target_shape=" + tuple(targetShape) + " (layer \"" + name() + "\": " + size + " values per sample cannot be reshaped to "
                    + known + ")");
            return Shape.of(out);
        }
        if (known == 0 || size % known != 0) throw new IllegalArgumentException("The total size of the tensor must be unchanged, but the input size "
                + "is not divisible by the known dimensions of target_shape. Received: input_shape=" + sample
                + ", target_shape=" + tuple(targetShape) + " (layer \"" + name() + "\": " + size + " values per sample are not a multiple of " + known + ")");
        out[unknownAt] = (int) (size / known);
        return Shape.of(out);
    }

    /** Python's tuple notation for an int array: {@code (3, 4)}, {@code (12,)}. */
    private static String tuple(int[] dims) {
        if (dims.length == 1) return "(" + dims[0] + ",)";
        return Arrays.toString(dims).replace('[', '(').replace(']', ')');
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        List<Integer> t = new ArrayList<>();
        for (int d : targetShape) t.add(d);
        c.put("target_shape", t);
        return c;
    }
}
