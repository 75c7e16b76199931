package io.jkeras.initializers;

import java.util.Map;

/**
 * LeCun normal: truncated normal with stddev {@code sqrt(1 / fan_in)} after truncation
 * (Keras {@code LecunNormal}, identifier {@code "lecun_normal"}): {@code VarianceScaling(scale=1.0, mode="fan_in",
 * distribution="truncated_normal")}.
 *
 * <pre>{@code
 * new LecunNormal()      // seed drawn from the global SeedGenerator when constructed
 * new LecunNormal(42)    // deterministic
 * }</pre>
 */
public class LecunNormal extends VarianceScaling {
    public LecunNormal() { this(null, null, null); }

    public LecunNormal(long seed) { this(Long.valueOf(seed), null, null); }

    /**
     * @param seed       {@code null} to draw the seed from the global generator
     * @param inputAxes  explicit fan-in axes (with {@code outputAxes}), or null
     * @param outputAxes explicit fan-out axes (with {@code inputAxes}), or null
     */
    public LecunNormal(Long seed, int[] inputAxes, int[] outputAxes) {
        super(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed, inputAxes, outputAxes);
    }

    @Override public String className() { return "LecunNormal"; }

    /** {@code seed}, {@code input_axes}, {@code output_axes}, as Keras 3.15 writes. */
    @Override public Map<String, Object> getConfig() { return presetConfig(); }
}
