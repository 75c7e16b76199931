package io.jkeras.initializers;

import java.util.Map;

/**
 * He uniform: {@code U(-l, l)} with {@code l = sqrt(6 / fan_in)}
 * (Keras {@code HeUniform}, identifier {@code "he_uniform"}): {@code VarianceScaling(scale=2.0, mode="fan_in",
 * distribution="uniform")}.
 *
 * <pre>{@code
 * new HeUniform()      // seed drawn from the global SeedGenerator when constructed
 * new HeUniform(42)    // deterministic
 * }</pre>
 */
public class HeUniform extends VarianceScaling {
    public HeUniform() { this(null, null, null); }

    public HeUniform(long seed) { this(Long.valueOf(seed), null, null); }

    /**
     * @param seed       {@code null} to draw the seed from the global generator
     * @param inputAxes  explicit fan-in axes (with {@code outputAxes}), or null
     * @param outputAxes explicit fan-out axes (with {@code inputAxes}), or null
     */
    public HeUniform(Long seed, int[] inputAxes, int[] outputAxes) {
        super(2.0, Mode.FAN_IN, Distribution.UNIFORM, seed, inputAxes, outputAxes);
    }

    @Override public String className() { return "HeUniform"; }

    /** {@code seed}, {@code input_axes}, {@code output_axes}, as Keras 3.15 writes. */
    @Override public Map<String, Object> getConfig() { return presetConfig(); }
}
