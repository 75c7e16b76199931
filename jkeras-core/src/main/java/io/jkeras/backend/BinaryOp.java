package io.jkeras.backend;

/** Elementwise two-input kernels with NumPy broadcasting. Comparisons and logical ops give bool. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, MOD, FLOOR_DIV,
    EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL,
    LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR;

    /** True for ops whose result is bool. */
    public boolean isPredicate() { return ordinal() >= EQUAL.ordinal(); }
}
