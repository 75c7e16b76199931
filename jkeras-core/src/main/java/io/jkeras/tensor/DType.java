package io.jkeras.tensor;

import java.util.Arrays;
import java.util.Locale;

/** Element type of a {@link Tensor}. Names follow Keras ({@code "float32"}, {@code "int32"}, ...). */
public enum DType {
    FLOAT32("float32", 4, true),
    FLOAT64("float64", 8, true),
    INT32("int32", 4, false),
    INT64("int64", 8, false),
    BOOL("bool", 1, false);

    private final String kerasName;
    private final int byteSize;
    private final boolean floating;

    DType(String kerasName, int byteSize, boolean floating) {
        this.kerasName = kerasName;
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** The Keras / NumPy name, e.g. {@code "float32"}. */
    public String kerasName() { return kerasName; }

    /** Bytes per element. */
    public int byteSize() { return byteSize; }

    public boolean isFloating() { return floating; }

    /** Parses a Keras dtype name ({@code "float32"}, {@code "int64"}, {@code "bool"}, ...). */
    public static DType fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("float")) return FLOAT32;
        for (DType t : values()) if (t.kerasName.equals(n)) return t;
        if (n.equals("double")) return FLOAT64;
        throw new IllegalArgumentException("Unknown dtype '" + name + "'. Valid dtypes: "
                + Arrays.stream(values()).map(DType::kerasName).toList());
    }

    /** The type both operands of a binary op are promoted to (NumPy-like, floats win, wider wins). */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
        if (a == FLOAT32 || b == FLOAT32) return FLOAT32;
        if (a == INT64 || b == INT64) return INT64;
        if (a == INT32 || b == INT32) return INT32;
        return BOOL;
    }

    @Override public String toString() { return kerasName; }
}
