package io.jkeras.initializers;

import java.util.Map;

/**
 * Glorot (Xavier) normal: truncated normal with stddev {@code sqrt(2 / (fan_in + fan_out))} after truncation
 * (Keras {@code GlorotNormal}, identifier {@code "glorot_normal"}): {@code VarianceScaling(scale=1.0, mode="fan_avg",
 * distribution="truncated_normal")}.
 *
 * <pre>{@code
 * new GlorotNormal()      // seed drawn from the global SeedGenerator when constructed
 * new GlorotNormal(42)    // deterministic
 * }</pre>
 */
public class GlorotNormal extends VarianceScaling {
    public GlorotNormal() { this(null, null, null); }

    public GlorotNormal(long seed) { this(Long.valueOf(seed), null, null); }

    /**
     * @param seed       {@code null} to draw the seed from the global generator
     * @param inputAxes  explicit fan-in axes (with {@code outputAxes}), or null
     * @param outputAxes explicit fan-out axes (with {@code inputAxes}), or null
     */
    public GlorotNormal(Long seed, int[] inputAxes, int[] outputAxes) {
        super(1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, seed, inputAxes, outputAxes);
    }

    @Override public String className() { return "GlorotNormal"; }

    /** {@code seed}, {@code input_axes}, {@code output_axes}, as Keras 3.15 writes. */
    @Override public Map<String, Object> getConfig() { return presetConfig(); }
}
