package io.jkeras.initializers;

import java.util.Map;

/**
 * He normal: truncated normal with stddev {@code sqrt(2 / fan_in)} after truncation
 * (Keras {@code HeNormal}, identifier {@code "he_normal"}): {@code VarianceScaling(scale=2.0, mode="fan_in",
 * distribution="truncated_normal")}.
 *
 * <pre>{@code
 * new HeNormal()      // seed drawn from the global SeedGenerator when constructed
 * new HeNormal(42)    // deterministic
 * }</pre>
 */
public class HeNormal extends VarianceScaling {
    public HeNormal() { this(null, null, null); }

    public HeNormal(long seed) { this(Long.valueOf(seed), null, null); }

    /**
     * @param seed       {@code null} to draw the seed from the global generator
     * @param inputAxes  explicit fan-in axes (with {@code outputAxes}), or null
     * @param outputAxes explicit fan-out axes (with {@code inputAxes}), or null
     */
    public HeNormal(Long seed, int[] inputAxes, int[] outputAxes) {
        super(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed, inputAxes, outputAxes);
    }

    @Override public String className() { return "HeNormal"; }

    /** {@code seed}, {@code input_axes}, {@code output_axes}, as Keras 3.15 writes. */
    @Override public Map<String, Object> getConfig() { return presetConfig(); }
}
