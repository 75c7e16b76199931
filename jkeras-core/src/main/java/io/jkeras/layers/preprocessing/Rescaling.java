package io.jkeras.layers.preprocessing;

import io.jkeras.layers.Layer;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Multiplies inputs by {@code scale} and adds {@code offset} (Keras's {@code keras.layers.Rescaling}),
 * typically to bring pixel values into {@code [0, 1]} or {@code [-1, 1]}.
 *
 * <pre>{@code
 * KerasTensor x = new Rescaling(1.0 / 255).apply(Input.of(28, 28, 1));          // [0, 255] -> [0, 1]
 * KerasTensor y = new Rescaling(1.0 / 127.5, -1).apply(Input.of(32, 32, 3));    // [0, 255] -> [-1, 1]
 * new Rescaling(new double[] {1, 2, 4}, new double[] {0}).apply(rgb);            // one scale per channel
 * }</pre>
 *
 * Either value may be one number or a list that broadcasts against the trailing axes of the
 * input, as in Keras. Non-float inputs are cast to float32 first. The layer has no weights.
 */
public class Rescaling extends Layer {
    private final double[] scale, offset;
    private final boolean scalarScale, scalarOffset;

    /** {@code x * scale + offset}. */
    public Rescaling(double scale, double offset) {
        this(new double[] {scale}, new double[] {offset}, true, true);
    }

    /** {@code x * scale}. */
    public Rescaling(double scale) { this(scale, 0); }

    /** Per-entry scale and offset, broadcast against the trailing axes of the input. */
    public Rescaling(double[] scale, double[] offset) { this(scale.clone(), offset.clone(), false, false); }

    private Rescaling(double[] scale, double[] offset, boolean scalarScale, boolean scalarOffset) {
        super(null);
        if (scale.length == 0 || offset.length == 0) throw new IllegalArgumentException("Rescaling: scale and offset need at least one value");
        for (double v : scale) if (!Double.isFinite(v)) throw new IllegalArgumentException("Rescaling: scale must be finite, received " + v);
        for (double v : offset) if (!Double.isFinite(v)) throw new IllegalArgumentException("Rescaling: offset must be finite, received " + v);
        this.scale = scale;
        this.offset = offset;
        this.scalarScale = scalarScale;
        this.scalarOffset = scalarOffset;
    }

    @Override public Rescaling name(String n) { super.name(n); return this; }

    /** The scale values (one, or one per entry of the trailing axes). */
    public double[] scale() { return scale.clone(); }

    /** The offset values. */
    public double[] offset() { return offset.clone(); }

    @Override protected Tensor call(Tensor x, boolean training) {
        if (!x.dtype().isFloating()) x = Ops.cast(x, DType.FLOAT32);
        Tensor s = constant(scale, x, "scale"), o = constant(offset, x, "offset");
        Tensor y = Ops.multiply(x, s);
        return isZero(offset) ? y : Ops.add(y, o);
    }

    private static boolean isZero(double[] v) {
        for (double d : v) if (d != 0) return false;
        return true;
    }

    /** A scale or offset as a tensor that broadcasts against {@code x}'s trailing axes, in x's dtype. */
    private Tensor constant(double[] v, Tensor x, String what) {
        if (v.length == 1) return Ops.cast(Tensor.wrap(v.clone(), Shape.SCALAR), x.dtype());
        int last = x.rank() == 0 ? 1 : x.dim(-1);
        if (last != v.length) throw new IllegalArgumentException("Rescaling \"" + name() + "\": " + v.length + " " + what
                + " values do not broadcast against inputs of shape " + x.shape() + " (the last axis has " + last
                + " entries); give one value or one per entry of the last axis");
        return Ops.cast(Tensor.wrap(v.clone(), Shape.of(v.length)), x.dtype());
    }

    @Override public Shape computeOutputShape(Shape in) { return in; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("scale", scalarScale ? (Object) scale[0] : toList(scale));
        c.put("offset", scalarOffset ? (Object) offset[0] : toList(offset));
        return c;
    }

    private static List<Double> toList(double[] v) { return Arrays.stream(v).boxed().toList(); }

    /** Keras's config: {@code scale} and {@code offset} as numbers or (nested) lists of numbers. */
    static Rescaling fromConfig(io.jkeras.saving.Config c) {
        Object s = c.get("scale"), o = c.has("offset") ? c.get("offset") : 0.0;
        double[] sv = PreprocessingConfigs.numbers(s, c.owner(), "scale"), ov = PreprocessingConfigs.numbers(o, c.owner(), "offset");
        return new Rescaling(sv, ov, s instanceof Number, o instanceof Number);
    }
}
