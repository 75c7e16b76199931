package io.jkeras.layers;

/** Elementwise closeness of double arrays with the index in the message. */
final class NNOpsAsserts {
    private NNOpsAsserts() {}

    static void close(double[] expected, double[] actual, double tol) {
        if (expected.length != actual.length) throw new AssertionError("size " + actual.length + ", expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol * Math.max(1, Math.abs(expected[i]))))
                throw new AssertionError("element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }
}
