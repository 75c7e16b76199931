package io.jkeras.layers.preprocessing;

import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Locale;

/** The output modes the preprocessing layers share, and Keras's way of turning indices into count vectors. */
final class Encoding {
    private Encoding() {}

    /** Index that a layer drops in a counting mode (a mask token outside "int" mode). */
    static final int DROPPED = -1;

    static String checkMode(String mode, String layer, String... allowed) {
        String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
        for (String a : allowed) if (a.equals(m)) return m;
        throw new IllegalArgumentException(layer + ": unknown output_mode \"" + mode + "\"; expected one of " + String.join(", ", allowed));
    }

    /**
     * Encodes integer indices in {@code [0, depth)} (Keras's {@code encode_categorical_inputs}):
     * {@code one_hot} adds an axis of size depth (replacing a last axis of size 1);
     * {@code multi_hot}, {@code count} and {@code tf_idf} fold the last axis into one vector per row
     * (a rank-1 input is one row). Indices equal to {@link #DROPPED} count nowhere. Float32.
     */
    static Tensor encode(int[] ids, Shape shape, int depth, String mode, double[] idf, String layer) {
        for (int v : ids) if (v != DROPPED && (v < 0 || v >= depth)) throw new IllegalArgumentException(layer + ": input value " + v
                + " is outside the range [0, " + depth + ") of num_tokens=" + depth + "; raise num_tokens or fix the input");
        if (mode.equals("one_hot")) {
            int[] d = shape.toArray();
            if (d.length >= 1 && d[d.length - 1] == 1 && d.length >= 2) d = java.util.Arrays.copyOf(d, d.length - 1);
            int[] out = java.util.Arrays.copyOf(d, d.length + 1);
            out[d.length] = depth;
            float[] o = new float[ids.length * depth];
            for (int i = 0; i < ids.length; i++) if (ids[i] != DROPPED) o[i * depth + ids[i]] = 1f;
            return Tensor.wrap(o, Shape.of(out));
        }
        int rank = shape.rank();
        int per = rank == 0 ? 1 : shape.dim(rank - 1);
        int rows = per == 0 ? (int) (shape.size() == 0 && rank > 0 ? shape.sub(0, rank - 1).size() : 0) : ids.length / per;
        int[] outShape;
        if (rank <= 1) outShape = new int[] {depth};
        else {
            outShape = java.util.Arrays.copyOf(shape.toArray(), rank);
            outShape[rank - 1] = depth;
        }
        float[] o = new float[rows * depth];
        for (int r = 0; r < rows; r++) for (int k = 0; k < per; k++) {
            int v = ids[r * per + k];
            if (v == DROPPED) continue;
            if (mode.equals("multi_hot")) o[r * depth + v] = 1f;
            else o[r * depth + v] += 1f;
        }
        if (mode.equals("tf_idf")) for (int r = 0; r < rows; r++) for (int v = 0; v < depth; v++) o[r * depth + v] *= (float) idf[v];
        return Tensor.wrap(o, Shape.of(outShape));
    }

    /** The int32 values of an integer tensor (refusing floats that are not whole numbers). */
    static int[] intValues(Tensor x, String layer) {
        if (x.dtype().isFloating()) {
            double[] d = x.toDoubleArray();
            int[] out = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                if (d[i] != Math.rint(d[i])) throw new IllegalArgumentException(layer + " expects integer inputs; received " + d[i]
                        + " in a " + x.dtype().kerasName() + " tensor");
                out[i] = (int) d[i];
            }
            return out;
        }
        return x.toIntArray();
    }
}
