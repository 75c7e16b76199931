package io.jkeras.initializers;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")}:
 * values with variance {@code scale / n}, where {@code n} is fan-in, fan-out or their mean
 * (see {@link Initializers#fans(Shape)}), floored at 1.
 * <ul>
 *   <li>{@code truncated_normal}: a normal truncated at two standard deviations, whose stddev
 *       before truncation is {@code sqrt(scale / n) / 0.87962566103423978} so that the values'
 *       stddev after truncation is {@code sqrt(scale / n)};</li>
 *   <li>{@code untruncated_normal}: a normal with stddev {@code sqrt(scale / n)};</li>
 *   <li>{@code uniform}: uniform in {@code [-limit, limit)} with {@code limit = sqrt(3 scale / n)}.</li>
 * </ul>
 *
 * <pre>{@code
 * new VarianceScaling(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, 7L)   // He normal, seed 7
 * }</pre>
 */
public class VarianceScaling extends RandomInitializer {
    /** The standard deviation of a standard normal truncated to [-2, 2]. */
    public static final double TRUNCATED_STDDEV = 0.87962566103423978;

    /** Which fan divides the scale. */
    public enum Mode {
        FAN_IN("fan_in"), FAN_OUT("fan_out"), FAN_AVG("fan_avg");

        private final String kerasName;

        Mode(String kerasName) { this.kerasName = kerasName; }

        /** The Keras name, e.g. {@code "fan_in"}. */
        public String kerasName() { return kerasName; }

        /** Parses {@code "fan_in"}, {@code "fan_out"} or {@code "fan_avg"}. */
        public static Mode fromName(String name) {
            for (Mode m : values()) if (m.kerasName.equalsIgnoreCase(name)) return m;
            throw new IllegalArgumentException("Invalid `mode` argument: " + name + ". Please use one of fan_in, fan_out, fan_avg");
        }
    }

    /** The distribution values are drawn from. */
    public enum Distribution {
        TRUNCATED_NORMAL("truncated_normal"), UNTRUNCATED_NORMAL("untruncated_normal"), UNIFORM("uniform");

        private final String kerasName;

        Distribution(String kerasName) { this.kerasName = kerasName; }

        /** The Keras name, e.g. {@code "truncated_normal"}. */
        public String kerasName() { return kerasName; }

        /** Parses a Keras distribution name; {@code "normal"} means {@code "truncated_normal"}, as in Keras. */
        public static Distribution fromName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("normal")) return TRUNCATED_NORMAL;
            for (Distribution d : values()) if (d.kerasName.equals(n)) return d;
            throw new IllegalArgumentException("Invalid `distribution` argument: " + name
                    + ". Please use one of truncated_normal, untruncated_normal, uniform");
        }
    }

    private final double scale;
    private final Mode mode;
    private final Distribution distribution;
    private final int[] inputAxes, outputAxes;

    /** Keras defaults: scale 1, fan_in, truncated_normal, unseeded. */
    public VarianceScaling() { this(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, null); }

    /** @param seed {@code null} to draw the seed from the global generator */
    public VarianceScaling(double scale, Mode mode, Distribution distribution, Long seed) {
        this(scale, mode, distribution, seed, null, null);
    }

    /** With Keras's names for mode and distribution, e.g. {@code ("fan_avg", "uniform")}. */
    public VarianceScaling(double scale, String mode, String distribution, Long seed) {
        this(scale, Mode.fromName(mode), Distribution.fromName(distribution), seed, null, null);
    }

    /**
     * With explicit fan axes (Keras 3.15 {@code input_axes}/{@code output_axes}): fan-in is the
     * product of the {@code inputAxes} dimensions, fan-out that of the {@code outputAxes}; both
     * must be given, or neither (null) for the usual rule.
     */
    public VarianceScaling(double scale, Mode mode, Distribution distribution, Long seed, int[] inputAxes, int[] outputAxes) {
        super(seed);
        if (!(scale > 0)) throw new IllegalArgumentException("Argument `scale` must be positive float. Received: scale=" + scale);
        this.scale = scale;
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.distribution = java.util.Objects.requireNonNull(distribution, "distribution");
        this.inputAxes = inputAxes == null ? null : inputAxes.clone();
        this.outputAxes = outputAxes == null ? null : outputAxes.clone();
    }

    public double scale() { return scale; }
    public Mode mode() { return mode; }
    public Distribution distribution() { return distribution; }
    /** The explicit fan-in axes, or null. */
    public int[] inputAxes() { return inputAxes == null ? null : inputAxes.clone(); }
    /** The explicit fan-out axes, or null. */
    public int[] outputAxes() { return outputAxes == null ? null : outputAxes.clone(); }

    @Override public Tensor generate(Shape shape, DType dtype) {
        checkFloating(shape, dtype);
        long[] f = Initializers.fans(shape, inputAxes, outputAxes);
        double n = switch (mode) {
            case FAN_IN -> Math.max(1.0, f[0]);
            case FAN_OUT -> Math.max(1.0, f[1]);
            case FAN_AVG -> Math.max(1.0, (f[0] + f[1]) / 2.0);
        };
        double s = scale / n;
        return switch (distribution) {
            case TRUNCATED_NORMAL -> Ops.truncatedNormal(shape, 0.0, Math.sqrt(s) / TRUNCATED_STDDEV, dtype, streamSeed());
            case UNTRUNCATED_NORMAL -> Ops.randomNormal(shape, 0.0, Math.sqrt(s), dtype, streamSeed());
            case UNIFORM -> {
                double limit = Math.sqrt(3.0 * s);
                yield Ops.randomUniform(shape, -limit, limit, dtype, streamSeed());
            }
        };
    }

    @Override public String className() { return "VarianceScaling"; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> m = super.getConfig();
        m.put("scale", scale);
        m.put("mode", mode.kerasName());
        m.put("distribution", distribution.kerasName());
        m.put("input_axes", axesConfig(inputAxes));
        m.put("output_axes", axesConfig(outputAxes));
        return m;
    }

    /** The config of the fixed-parameter subclasses (GlorotUniform, HeNormal, ...): seed and axes only. */
    Map<String, Object> presetConfig() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("seed", seed());
        m.put("input_axes", axesConfig(inputAxes));
        m.put("output_axes", axesConfig(outputAxes));
        return m;
    }

    private static Object axesConfig(int[] axes) {
        return axes == null ? null : Arrays.stream(axes).boxed().toList();
    }
}
