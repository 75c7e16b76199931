package io.jkeras.initializers;

import java.util.Map;

/**
 * Glorot (Xavier) uniform: {@code U(-l, l)} with {@code l = sqrt(6 / (fan_in + fan_out))}
 * (Keras {@code GlorotUniform}, identifier {@code "glorot_uniform"}): {@code VarianceScaling(scale=1.0, mode="fan_avg",
 * distribution="uniform")}.
 *
 * <pre>{@code
 * new GlorotUniform()      // seed drawn from the global SeedGenerator when constructed
 * new GlorotUniform(42)    // deterministic
 * }</pre>
 */
public class GlorotUniform extends VarianceScaling {
    public GlorotUniform() { this(null, null, null); }

    public GlorotUniform(long seed) { this(Long.valueOf(seed), null, null); }

    /**
     * @param seed       {@code null} to draw the seed from the global generator
     * @param inputAxes  explicit fan-in axes (with {@code outputAxes}), or null
     * @param outputAxes explicit fan-out axes (with {@code inputAxes}), or null
     */
    public GlorotUniform(Long seed, int[] inputAxes, int[] outputAxes) {
        super(1.0, Mode.FAN_AVG, Distribution.UNIFORM, seed, inputAxes, outputAxes);
    }

    @Override public String className() { return "GlorotUniform"; }

    /** {@code seed}, {@code input_axes}, {@code output_axes}, as Keras 3.15 writes. */
    @Override public Map<String, Object> getConfig() { return presetConfig(); }
}
