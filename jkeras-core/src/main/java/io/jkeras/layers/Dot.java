package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dot product of two inputs along an axis of each, per sample (Keras's {@code keras.layers.Dot},
 * a batched {@code batch_dot}): for {@code (batch, n)} inputs {@code (batch, 1)}; in general the
 * output keeps the non-contracted axes of the first input, then of the second. With
 * {@code normalize(true)} both inputs are L2-normalized along their axes first, giving the cosine
 * similarity.
 *
 * <pre>{@code
 * KerasTensor sim = new Dot(1).normalize(true).apply(a, b);     // (None, 1)
 * KerasTensor att = new Dot(2, 2).apply(queries, keys);         // (None, tq, tk)
 * }</pre>
 */
public class Dot extends Layer {
    private final int[] axes;
    private boolean normalize;

    /** The same axis of both inputs (negative counts from the end). */
    public Dot(int axis) { this(axis, axis); }

    /** Axis {@code axis1} of the first input against axis {@code axis2} of the second. */
    public Dot(int axis1, int axis2) { this.axes = new int[] {axis1, axis2}; }

    /** L2-normalize each input along its axis before the product. */
    public Dot normalize(boolean n) { this.normalize = n; return this; }

    @Override public Dot name(String n) { super.name(n); return this; }

    public int[] axes() { return axes.clone(); }
    public boolean normalize() { return normalize; }

    private int[] resolved(Shape a, Shape b) {
        int a1 = axes[0] < 0 ? Math.floorMod(axes[0], a.rank()) : axes[0];
        int a2 = axes[1] < 0 ? Math.floorMod(axes[1], b.rank()) : axes[1];
        if (a1 == 0 || a2 == 0 || a1 >= a.rank() || a2 >= b.rank()) throw new IllegalArgumentException("Layer \"" + name() + "\" (Dot): axes "
                + java.util.Arrays.toString(axes) + " must name non-batch axes of the inputs, received shapes " + a + " and " + b);
        return new int[] {a1, a2};
    }

    private void checkTwo(int n) {
        if (n != 2) throw new IllegalArgumentException("A `Dot` layer should be called on a list of 2 inputs. Layer \"" + name() + "\" received " + n + " inputs");
    }

    @Override public void build(List<Shape> inputShapes) { computeOutputShape(inputShapes); }

    @Override public List<Shape> computeOutputShape(List<Shape> shapes) {
        checkTwo(shapes.size());
        Shape a = shapes.get(0), b = shapes.get(1);
        int[] ax = resolved(a, b);
        if (a.dim(ax[0]) != Shape.UNKNOWN && b.dim(ax[1]) != Shape.UNKNOWN && a.dim(ax[0]) != b.dim(ax[1]))
            throw new IllegalArgumentException("Incompatible input shapes: axis values " + a.dim(ax[0]) + " (at axis " + ax[0] + ") != " + b.dim(ax[1])
                    + " (at axis " + ax[1] + "). Full input shapes: " + a + ", " + b + " (layer \"" + name() + "\")");
        if (a.dim(0) != Shape.UNKNOWN && b.dim(0) != Shape.UNKNOWN && a.dim(0) != b.dim(0))
            throw new IllegalArgumentException("Layer \"" + name() + "\" (Dot): the batch sizes differ, received shapes " + a + " and " + b);
        List<Integer> out = new ArrayList<>();
        out.add(a.dim(0) != Shape.UNKNOWN ? a.dim(0) : b.dim(0));
        for (int i = 1; i < a.rank(); i++) if (i != ax[0]) out.add(a.dim(i));
        for (int i = 1; i < b.rank(); i++) if (i != ax[1]) out.add(b.dim(i));
        if (out.size() == 1) out.add(1);
        return List.of(Shape.of(out.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return computeOutputShape(List.of(inputShape)).get(0); }

    @Override protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        checkTwo(inputs.size());
        Tensor x = inputs.get(0), y = inputs.get(1);
        int[] ax = resolved(x.shape(), y.shape());
        Shape outShape = computeOutputShape(List.of(x.shape(), y.shape())).get(0);
        if (normalize) {
            x = l2Normalize(x, ax[0]);
            y = l2Normalize(y, ax[1]);
        }
        // x: (b, restX..., k) ; y: (b, k, restY...) ; flattened to batched matrices
        Tensor xm = moveAxis(x, ax[0], x.rank() - 1), ym = moveAxis(y, ax[1], 1);
        int b = x.dim(0), k = x.dim(ax[0]);
        int m = (int) (x.shape().size() / ((long) b * k)), n = (int) (y.shape().size() / ((long) b * k));
        Tensor prod = Ops.matmul(Ops.reshape(xm, Shape.of(b, m, k)), Ops.reshape(ym, Shape.of(b, k, n)));
        return List.of(Ops.reshape(prod, outShape));
    }

    /** {@code x * min(rsqrt(sum(x^2)), 1e7)} along {@code axis}, as Keras's {@code ops.normalize} with its default epsilon. */
    private static Tensor l2Normalize(Tensor x, int axis) {
        return Ops.multiply(x, Ops.minimum(Ops.rsqrt(Ops.sum(Ops.square(x), new int[] {axis}, true)), 1e7));
    }

    private static Tensor moveAxis(Tensor x, int from, int to) {
        if (from == to) return x;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) if (i != from) order.add(i);
        order.add(to, from);
        return Ops.transpose(x, order.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axes", axes[0] == axes[1] ? (Object) axes[0] : ConfigUtil.list(axes));
        c.put("normalize", normalize);
        return c;
    }
}
