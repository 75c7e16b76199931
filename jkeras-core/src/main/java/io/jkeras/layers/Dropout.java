package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Randomly sets a fraction {@code rate} of its inputs to 0 in training, and scales the others by
 * {@code 1 / (1 - rate)} so that the expected sum is unchanged (inverted dropout; Keras's
 * {@code keras.layers.Dropout}). In inference it is the identity.
 *
 * <p>Masks are deterministic: a layer given a {@link #seed(long) seed} draws the same sequence of
 * masks in every run; an unseeded layer takes its seed from {@link SeedGenerator} when it is
 * created (reproducible after {@code SeedGenerator.setGlobalSeed}). Each training call draws a new
 * mask. With a {@link #noiseShape(int...) noise shape} one mask value is shared along the axes of
 * size 1, e.g. {@code noiseShape(-1, 1, -1)} drops whole features for every timestep.
 *
 * <pre>{@code
 * Dropout d = new Dropout(0.5).seed(42);
 * Tensor y = d.apply(x, true);    // about half of x zeroed, the rest doubled
 * Tensor z = d.apply(x);          // inference: z == x
 * }</pre>
 */
public class Dropout extends Layer {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final double rate;
    private int[] noiseShape;      // -1 entries take the input's size (Keras's None); null = the input's shape
    private Long seed;             // the seed given by the user, null when unseeded
    private long baseSeed;         // the stream this layer's masks come from
    private long calls;            // training calls so far: call i uses stream element i

    /** @param rate the fraction of inputs to drop, in [0, 1) */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Invalid value received for argument `rate` of layer \"" + name()
                + "\". Expected a float value between 0 (inclusive) and 1 (exclusive). Received: rate=" + rate);
        this.rate = rate;
        this.baseSeed = SeedGenerator.nextSeed();
        this.built = true;
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    /** {@code Dropout(rate, seed=seed)}. */
    public Dropout(double rate, long seed) { this(rate); seed(seed); }

    /** {@code Dropout(rate, noise_shape, seed)}; {@code noiseShape} may be null, {@code seed} may be null (unseeded). */
    public Dropout(double rate, int[] noiseShape, Long seed) {
        this(rate);
        if (noiseShape != null) noiseShape(noiseShape);
        if (seed != null) seed(seed);
    }

    /**
     * The shape of the mask, batch axis included; -1 takes the input's size on that axis (Keras's
     * {@code None}). Every other entry must equal the input's size or be 1 (the mask is then
     * broadcast along that axis).
     */
    public Dropout noiseShape(int... shape) {
        if (shape == null) { this.noiseShape = null; return this; }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0 || shape[i] < -1) throw new IllegalArgumentException("Invalid value received for argument `noise_shape` of layer \""
                    + name() + "\". Expected all dimensions to be positive integers or -1 (None). Received " + shape[i] + " at index " + i
                    + ": noise_shape=" + Arrays.toString(shape));
        }
        this.noiseShape = shape.clone();
        return this;
    }

    /** Fixes the seed: the same seed gives the same sequence of masks, call after call, run after run. */
    public Dropout seed(long seed) {
        this.seed = seed;
        this.baseSeed = SeedGenerator.mix(seed);
        this.calls = 0;
        return this;
    }

    @Override public Dropout name(String n) { super.name(n); return this; }
    @Override public Dropout inputShape(int... s) { super.inputShape(s); return this; }

    public double rate() { return rate; }

    /** The noise shape as given (with -1 for None), or null. */
    public int[] noiseShape() { return noiseShape == null ? null : noiseShape.clone(); }

    /** The seed given by the user, or null. */
    public Long seed() { return seed; }

    @Override protected Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0) return x;
        Shape maskShape = concreteNoiseShape(x.shape());
        DType dt = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        long callSeed = SeedGenerator.mix(baseSeed + GOLDEN * ++calls);
        Tensor u = Ops.randomUniform(maskShape, 0, 1, dt, callSeed);
        // keep with probability 1 - rate, kept values scaled by 1 / (1 - rate)
        Tensor keep = Ops.cast(Ops.greaterEqual(u, Ops.scalar(rate, dt)), dt);
        Tensor mask = Ops.multiply(keep, 1.0 / (1.0 - rate));
        return Ops.multiply(x, mask);
    }

    private Shape concreteNoiseShape(Shape in) {
        if (noiseShape == null) return in;
        if (noiseShape.length != in.rank()) throw new IllegalArgumentException("Layer \"" + name() + "\" (Dropout): noise_shape "
                + Arrays.toString(noiseShape) + " has " + noiseShape.length + " dimensions, but the input has shape " + in
                + " (rank " + in.rank() + "). Give one entry per input axis, -1 to use the input's size.");
        int[] d = new int[in.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = noiseShape[i] == -1 ? in.dim(i) : noiseShape[i];
            if (d[i] != 1 && d[i] != in.dim(i)) throw new IllegalArgumentException("Layer \"" + name() + "\" (Dropout): noise_shape "
                    + Arrays.toString(noiseShape) + " cannot be broadcast to the input shape " + in + ": axis " + i + " must be 1, -1 or "
                    + in.dim(i) + ", received " + noiseShape[i]);
        }
        return Shape.of(d);
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", seed);
        List<Integer> ns = null;
        if (noiseShape != null) {
            ns = new ArrayList<>();
            for (int d : noiseShape) ns.add(d == -1 ? null : d);
        }
        c.put("noise_shape", ns);
        return c;
    }
}
