package io.jkeras.saving;

import io.jkeras.tensor.Shape;

/**
 * A bound on the weights a model file may make jkeras allocate. While a file is loaded, the
 * loader allows the architecture only as many weight elements as its weights file holds (plus a
 * little slack), so a hostile config that declares a gigantic layer is refused before the memory
 * is taken, instead of exhausting the heap. Outside a load it does nothing.
 *
 * <p>{@link io.jkeras.layers.Layer} calls {@link #charge} when it creates a weight; user code
 * never needs to.
 */
public final class LoadBudget {
    private static final ThreadLocal<long[]> REMAINING = new ThreadLocal<>();

    private LoadBudget() {}

    /**
     * Counts a new weight of {@code shape} against the active budget; throws an
     * {@link IllegalArgumentException} naming {@code what} when the budget is exceeded.
     */
    public static void charge(String what, Shape shape) {
        long[] rem = REMAINING.get();
        if (rem == null) return;
        long n = 1;
        try {
            for (int d : shape.toArray()) n = Math.multiplyExact(n, Math.max(d, 0));
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        if (n > rem[0]) throw new IllegalArgumentException("Weight " + what + " of shape " + shape + " needs " + n
                + " values, more than the model file holds (" + rem[0] + " left); the config does not match its weights");
        rem[0] -= n;
    }

    /** Runs {@code body} with a budget of {@code elements} weight values on this thread. */
    static <T, E extends Exception> T with(long elements, ThrowingSupplier<T, E> body) throws E {
        long[] previous = REMAINING.get();
        REMAINING.set(new long[] {elements});
        try {
            return body.get();
        } finally {
            if (previous == null) REMAINING.remove();
            else REMAINING.set(previous);
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T, E extends Exception> {
        T get() throws E;
    }
}
