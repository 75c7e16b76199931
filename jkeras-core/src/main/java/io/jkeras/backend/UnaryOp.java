package io.jkeras.backend;

/** Elementwise one-input kernels every backend provides. Float ops keep the input's float dtype. */
public enum UnaryOp {
    NEG, ABS, SIGN, EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, SQUARE, RECIPROCAL,
    SIN, COS, TAN, TANH, SIGMOID, RELU, RELU6, SOFTPLUS, SOFTSIGN, ERF,
    FLOOR, CEIL, ROUND, LOGICAL_NOT, IS_NAN, IS_FINITE
}
