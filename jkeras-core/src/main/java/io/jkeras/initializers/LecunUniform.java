package io.jkeras.initializers;

import java.util.Map;

/**
 * LeCun uniform: {@code U(-l, l)} with {@code l = sqrt(3 / fan_in)}
 * (Keras {@code LecunUniform}, identifier {@code "lecun_uniform"}): {@code VarianceScaling(scale=1.0, mode="fan_in",
 * distribution="uniform")}.
 *
 * <pre>{@code
 * new LecunUniform()      // seed drawn from the global SeedGenerator when constructed
 * new LecunUniform(42)    // deterministic
 * }</pre>
 */
public class LecunUniform extends VarianceScaling {
    public LecunUniform() { this(null, null, null); }

    public LecunUniform(long seed) { this(Long.valueOf(seed), null, null); }

    /**
     * @param seed       {@code null} to draw the seed from the global generator
     * @param inputAxes  explicit fan-in axes (with {@code outputAxes}), or null
     * @param outputAxes explicit fan-out axes (with {@code inputAxes}), or null
     */
    public LecunUniform(Long seed, int[] inputAxes, int[] outputAxes) {
        super(1.0, Mode.FAN_IN, Distribution.UNIFORM, seed, inputAxes, outputAxes);
    }

    @Override public String className() { return "LecunUniform"; }

    /** {@code seed}, {@code input_axes}, {@code output_axes}, as Keras 3.15 writes. */
    @Override public Map<String, Object> getConfig() { return presetConfig(); }
}
