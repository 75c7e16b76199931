package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The shared part of the ZeroPadding and Cropping layers: per spatial axis, a number of cells to
 * add (zeros) or remove at the start and at the end.
 */
abstract class SpatialPadCrop extends Layer {
    protected final int rank;
    private final boolean pad;
    protected final int[][] amounts;   // [axis][before, after]
    protected String dataFormat = "channels_last";

    SpatialPadCrop(int rank, boolean pad, int[][] amounts) {
        this.rank = rank;
        this.pad = pad;
        String what = pad ? "padding" : "cropping";
        if (amounts.length != rank) throw new IllegalArgumentException("Layer \"" + name() + "\": `" + what + "` needs " + rank
                + " (before, after) pairs, received " + Arrays.deepToString(amounts));
        this.amounts = new int[rank][];
        for (int i = 0; i < rank; i++) {
            if (amounts[i].length != 2 || amounts[i][0] < 0 || amounts[i][1] < 0) throw new IllegalArgumentException("Layer \"" + name() + "\": `" + what
                    + "` must be non-negative (before, after) pairs, received " + Arrays.deepToString(amounts));
            this.amounts[i] = amounts[i].clone();
        }
        this.inputSpec = InputSpec.rank(rank + 2);
        this.built = true;
    }

    /** Symmetric amounts: one per axis, or one for all. */
    static int[][] symmetric(int rank, int[] v) {
        if (v.length != 1 && v.length != rank) throw new IllegalArgumentException("Expected 1 or " + rank + " values, received " + Arrays.toString(v));
        int[][] r = new int[rank][];
        for (int i = 0; i < rank; i++) { int a = v.length == 1 ? v[0] : v[i]; r[i] = new int[] {a, a}; }
        return r;
    }

    protected int firstSpatialAxis() { return dataFormat.equals("channels_first") ? 2 : 1; }

    @Override protected Tensor call(Tensor x, boolean training) {
        int off = firstSpatialAxis();
        if (pad) {
            int[][] p = new int[x.rank()][2];
            for (int i = 0; i < rank; i++) p[off + i] = amounts[i].clone();
            return Ops.pad(x, p, 0);
        }
        Tensor y = x;
        for (int i = 0; i < rank; i++) {
            int ax = off + i, n = x.dim(ax);
            if (amounts[i][0] + amounts[i][1] >= n) throw tooMuch(x.shape());
            y = Ops.sliceAxis(y, ax, amounts[i][0], n - amounts[i][1]);
        }
        return y;
    }

    private IllegalArgumentException tooMuch(Shape s) {
        return new IllegalArgumentException("Layer \"" + name() + "\": cropping " + Arrays.deepToString(amounts) + " removes every cell of an axis of input shape "
                + s + "; each axis must keep at least one cell");
    }

    @Override public Shape computeOutputShape(Shape s) {
        if (s.rank() != rank + 2) throw new IllegalArgumentException("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected ndim="
                + (rank + 2) + ", found ndim=" + s.rank() + ". Full shape received: " + s);
        int off = firstSpatialAxis();
        int[] d = s.toArray();
        for (int i = 0; i < rank; i++) {
            if (d[off + i] == Shape.UNKNOWN) continue;
            d[off + i] += pad ? amounts[i][0] + amounts[i][1] : -(amounts[i][0] + amounts[i][1]);
            if (d[off + i] <= 0) throw tooMuch(s);
        }
        return Shape.of(d);
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        List<Object> a = new ArrayList<>();
        for (int[] p : amounts) a.add(ConfigUtil.list(p));
        c.put(pad ? "padding" : "cropping", rank == 1 ? ConfigUtil.list(amounts[0]) : a);
        if (rank > 1) c.put("data_format", dataFormat);
        return c;
    }
}
