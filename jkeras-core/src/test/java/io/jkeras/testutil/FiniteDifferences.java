package io.jkeras.testutil;

import io.jkeras.tensor.Tensor;
import io.jkeras.testing.GradCheck;

import java.util.List;
import java.util.function.Function;

/**
 * The older entry points for gradient checks, kept for the tests that call them: each delegates to
 * {@link GradCheck} (the one implementation) with the rule these methods have always had,
 * {@code |analytic - numeric| <= tolerance * max(1, |numeric|)}, step 1e-6, and a failure when no
 * gradient reaches an input. New tests can call {@link GradCheck} directly.
 */
public final class FiniteDifferences {
    private FiniteDifferences() {}

    /** Checks d/dx of {@code f} at {@code x} (float64). */
    public static void check(Function<Tensor, Tensor> f, Tensor x, double tolerance) {
        GradCheck.scaled(tolerance).requireConnected().verify(xs -> f.apply(xs.get(0)), x);
    }

    /** Checks the gradient of {@code f} with respect to each of its (float64) inputs. */
    public static void checkAll(Function<List<Tensor>, Tensor> f, List<Tensor> xs, double tolerance) {
        GradCheck.scaled(tolerance).requireConnected().verify(f, xs.toArray(Tensor[]::new));
    }

    /** A float64 tensor of the given shape with values uniform in [-2, 2) (the same values for a seed as ever). */
    public static Tensor randomDouble(long seed, int... shape) {
        return GradCheck.uniform(seed, -2, 2, shape);
    }
}
