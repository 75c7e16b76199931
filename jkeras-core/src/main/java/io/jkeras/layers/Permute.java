package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Permutes the non-batch axes (Keras's {@code keras.layers.Permute}); {@code dims} numbers them from 1.
 *
 * <pre>{@code
 * new Permute(2, 1).apply(Input.of(10, 64))   // (None, 64, 10)
 * }</pre>
 */
public class Permute extends Layer {
    private final int[] dims;

    public Permute(int... dims) {
        int n = dims.length;
        boolean[] seen = new boolean[n + 1];
        for (int d : dims) {
            if (d < 1 || d > n || seen[d]) throw new IllegalArgumentException("Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                    + "`dims` must be consecutive and start from 1. Received dims=" + Arrays.toString(dims));
            seen[d] = true;
        }
        this.dims = dims.clone();
        this.inputSpec = InputSpec.rank(n + 1);
        this.built = true;
    }

    @Override public Permute name(String n) { super.name(n); return this; }
    @Override public Permute inputShape(int... s) { super.inputShape(s); return this; }

    public int[] dims() { return dims.clone(); }

    private int[] perm() {
        int[] p = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) p[i + 1] = dims[i];
        return p;
    }

    @Override protected Tensor call(Tensor x, boolean training) { return Ops.transpose(x, perm()); }

    @Override public Shape computeOutputShape(Shape s) {
        int[] p = perm(), d = new int[p.length];
        for (int i = 0; i < p.length; i++) d[i] = s.dim(p[i]);
        return Shape.of(d);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("dims", ConfigUtil.list(dims));
        return c;
    }
}
