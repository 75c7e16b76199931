package io.jkeras.layers;

import io.jkeras.tensor.Shape;

import java.util.Map;

/**
 * What a layer accepts as input (Keras's {@code InputSpec}): an exact rank, a rank range,
 * and fixed sizes for some axes. Null / empty fields are not checked.
 */
public record InputSpec(Integer rank, Integer minRank, Integer maxRank, Map<Integer, Integer> axes) {

    public static InputSpec minRank(int min) { return new InputSpec(null, min, null, Map.of()); }

    public static InputSpec rank(int rank) { return new InputSpec(rank, null, null, Map.of()); }

    /** Same spec with {@code axis} required to have size {@code size}. */
    public InputSpec withAxis(int axis, int size) {
        java.util.Map<Integer, Integer> m = new java.util.LinkedHashMap<>(axes);
        m.put(axis, size);
        return new InputSpec(rank, minRank, maxRank, Map.copyOf(m));
    }

    /** Throws a Keras-style error when {@code shape} does not satisfy the spec. */
    /** The start of every message of {@link #check}; built only when a check fails (checks run on every call). */
    private static String head(String layerName, int inputIndex) {
        return "Input " + inputIndex + " of layer \"" + layerName + "\" is incompatible with the layer: ";
    }

    public void check(String layerName, int inputIndex, Shape shape) {
        if (rank != null && shape.rank() != rank) throw new IllegalArgumentException(head(layerName, inputIndex) + "expected ndim=" + rank
                + ", found ndim=" + shape.rank() + ". Full shape received: " + shape);
        if (minRank != null && shape.rank() < minRank) throw new IllegalArgumentException(head(layerName, inputIndex) + "expected min_ndim=" + minRank
                + ", found ndim=" + shape.rank() + ". Full shape received: " + shape);
        if (maxRank != null && shape.rank() > maxRank) throw new IllegalArgumentException(head(layerName, inputIndex) + "expected max_ndim=" + maxRank
                + ", found ndim=" + shape.rank() + ". Full shape received: " + shape);
        for (Map.Entry<Integer, Integer> e : axes.entrySet()) {
            int ax = e.getKey() < 0 ? e.getKey() + shape.rank() : e.getKey();
            if (ax < 0 || ax >= shape.rank()) continue;
            int got = shape.dim(ax);
            if (got != Shape.UNKNOWN && got != e.getValue()) throw new IllegalArgumentException(head(layerName, inputIndex) + "expected axis " + e.getKey()
                    + " of input shape to have value " + e.getValue() + ", but received input with shape " + shape);
        }
    }
}
