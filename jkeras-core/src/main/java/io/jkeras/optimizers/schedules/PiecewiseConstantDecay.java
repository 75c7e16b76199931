package io.jkeras.optimizers.schedules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step function (Keras's {@code PiecewiseConstantDecay}): {@code values[0]} while
 * {@code step <= boundaries[0]}, {@code values[i]} while {@code boundaries[i-1] < step <= boundaries[i]},
 * and {@code values[last]} after the last boundary. Boundaries are step counts (Keras casts them to
 * the step's integer type, so a fractional boundary is truncated).
 *
 * <pre>{@code
 * // 1.0 for the first 100001 steps, 0.5 for the next 10000, then 0.1
 * LearningRateSchedule s = new PiecewiseConstantDecay(new long[] {100_000, 110_000}, new double[] {1.0, 0.5, 0.1});
 * }</pre>
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
    private final List<Number> boundaries;   // as given, for the config
    private final long[] bounds;             // as compared with the step
    private final double[] values;
    private final String name;

    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        this(Arrays.stream(boundaries).boxed().map(b -> (Number) b).toList(), values, "PiecewiseConstant");
    }

    private PiecewiseConstantDecay(List<Number> boundaries, double[] values, String name) {
        if (boundaries.size() != values.length - 1) throw new IllegalArgumentException("PiecewiseConstantDecay: the length of boundaries "
                + "should be 1 less than the length of values. Received: boundaries=" + boundaries + " of length " + boundaries.size()
                + ", and values=" + Arrays.toString(values) + " of length " + values.length + ".");
        if (boundaries.isEmpty()) throw new IllegalArgumentException("PiecewiseConstantDecay needs at least one boundary (and two values)");
        this.boundaries = List.copyOf(boundaries);
        this.bounds = new long[boundaries.size()];
        for (int i = 0; i < bounds.length; i++) bounds[i] = (long) boundaries.get(i).doubleValue();
        this.values = values.clone();
        this.name = name;
    }

    public PiecewiseConstantDecay name(String n) { return new PiecewiseConstantDecay(boundaries, values, n); }

    @Override public double at(long step) {
        // Keras adds one indicator per interval; with increasing boundaries exactly one is 1
        double r = 0;
        if (step <= bounds[0]) r += values[0];
        if (step > bounds[bounds.length - 1]) r += values[values.length - 1];
        for (int i = 0; i + 1 < bounds.length; i++) if (step > bounds[i] && step <= bounds[i + 1]) r += values[i + 1];
        return r;
    }

    public List<Number> boundaries() { return boundaries; }
    public double[] values() { return values.clone(); }
    public String name() { return name; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("boundaries", new ArrayList<>(boundaries));
        List<Double> v = new ArrayList<>();
        for (double d : values) v.add(d);
        c.put("values", v);
        c.put("name", name);
        return c;
    }

    static PiecewiseConstantDecay fromConfig(Map<String, ?> config) {
        ScheduleConfig c = new ScheduleConfig("PiecewiseConstantDecay", config);
        Object rawBounds = config.get("boundaries");
        c.numbers("boundaries"); // type check
        List<Number> b = new ArrayList<>();
        for (Object o : (List<?>) rawBounds) b.add((Number) o);
        double[] v = c.numbers("values").stream().mapToDouble(Double::doubleValue).toArray();
        PiecewiseConstantDecay s = new PiecewiseConstantDecay(b, v, c.name("PiecewiseConstant"));
        c.checkAllUsed();
        return s;
    }

    @Override public String toString() { return "PiecewiseConstantDecay" + getConfig(); }
}
