package io.jkeras.layers.preprocessing;

import io.jkeras.autodiff.Variable;
import io.jkeras.initializers.Ones;
import io.jkeras.initializers.Zeros;
import io.jkeras.layers.Layer;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Shifts and scales inputs to mean 0 and variance 1 per feature (Keras's
 * {@code keras.layers.Normalization}): {@code (x - mean) / max(sqrt(variance), 1e-7)}, with the
 * mean and variance given or learned by {@link #adapt}; {@code invert(true)} undoes it.
 *
 * <pre>{@code
 * Normalization norm = new Normalization();        // axis -1: one mean and variance per feature
 * norm.adapt(xTrain);                              // population mean and variance over the other axes
 * Tensor z = norm.apply(xTrain);
 * }</pre>
 *
 * As in Keras, statistics given to the constructor ({@link #meanAndVariance} before the layer is
 * built) are constants saved in the config, and the layer has no weights; otherwise they are the
 * non-trainable weights {@code mean} and {@code variance} (shaped as the kept axes) and an int32
 * {@code count} that Keras 3 keeps for old files, which {@link #adapt} fills and which are saved
 * with the model's weights.
 */
public class Normalization extends Layer {
    private static final double EPSILON = 1e-7;   // Keras's backend.epsilon()

    private int[] axis = {-1};
    private boolean invert;
    private double[] givenMean, givenVariance;
    private Variable mean, variance, count;
    private int[] keptAxes;   // resolved against the input rank at build
    private Shape statShape;

    public Normalization() { super(null); }

    /** The axes that keep their own statistics (default -1); none for one mean and variance over everything. */
    public Normalization axis(int... axes) { checkNotBuilt("axis"); axis = axes.clone(); return this; }

    /** Fixed statistics (instead of adapt): one value for all, or one per entry of the kept axes. */
    public Normalization meanAndVariance(double[] mean, double[] variance) {
        if (mean.length != variance.length) throw new IllegalArgumentException("Normalization: mean has " + mean.length
                + " values but variance has " + variance.length);
        for (double v : variance) if (v < 0) throw new IllegalArgumentException("Normalization: variance must be >= 0, received " + v);
        if (this.mean != null) {   // built with weights (adaptable statistics): they take the values
            assignStats(mean, variance);
            return this;
        }
        if (built) checkFits(mean);   // built without weights: the statistics stay constants
        givenMean = mean.clone();
        givenVariance = variance.clone();
        return this;
    }

    /** Maps normalized values back: {@code mean + x * max(sqrt(variance), 1e-7)}. */
    public Normalization invert(boolean b) { invert = b; return this; }

    @Override public Normalization name(String n) { super.name(n); return this; }

    private int[] resolveAxes(int rank) {
        int[] a = new int[axis.length];
        for (int i = 0; i < axis.length; i++) {
            int ax = axis[i] < 0 ? axis[i] + rank : axis[i];
            if (ax < 0 || ax >= rank) throw new IllegalArgumentException("Normalization \"" + name() + "\": axis " + axis[i]
                    + " is out of range for inputs of rank " + rank);
            if (ax == 0 && rank > 1) throw new IllegalArgumentException("Normalization \"" + name() + "\": axis 0 is the batch axis; "
                    + "statistics per batch entry are not supported");
            a[i] = ax;
        }
        Arrays.sort(a);
        return a;
    }

    @Override public void build(Shape in) {
        keptAxes = resolveAxes(in.rank());
        int[] d = new int[keptAxes.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = in.dim(keptAxes[i]);
            if (d[i] < 0) throw new IllegalArgumentException("Normalization \"" + name() + "\": axis " + keptAxes[i]
                    + " of the input shape " + in + " must be known to keep statistics along it");
        }
        statShape = Shape.of(d);
        if (givenMean != null) {   // given statistics are constants, as in Keras: no weights
            checkFits(givenMean);
            return;
        }
        mean = addWeight("mean", statShape, new Zeros(), false);
        variance = addWeight("variance", statShape, new Ones(), false);
        count = addWeight("count", Shape.SCALAR, new Zeros(), DType.INT32, false);
        if (pendingMean != null) assignStats(pendingMean, pendingVariance);
    }

    private void checkFits(double[] m) {
        int n = (int) statShape.size();
        if (m.length != 1 && m.length != n) throw new IllegalArgumentException("Normalization \"" + name() + "\": " + m.length
                + " mean/variance values do not fit the statistics shape " + statShape + " (give 1 or " + n + ")");
    }

    private double[] pendingMean, pendingVariance;

    private void assignStats(double[] m, double[] v) {
        checkFits(m);
        int n = (int) statShape.size();
        float[] mf = new float[n], vf = new float[n];
        for (int i = 0; i < n; i++) {
            mf[i] = (float) m[m.length == 1 ? 0 : i];
            vf[i] = (float) v[v.length == 1 ? 0 : i];
        }
        mean.assign(Tensor.wrap(mf, statShape));
        variance.assign(Tensor.wrap(vf, statShape));
    }

    /**
     * Learns the mean and population variance of {@code data} per entry of the kept axes (Keras's
     * {@code adapt}), in float64.
     */
    public Normalization adapt(Tensor data) {
        if (givenMean != null) throw new IllegalStateException("Normalization \"" + name() + "\" was given a fixed mean and variance, "
                + "so it has no statistics to adapt; create it without meanAndVariance(...) to learn them from data");
        int rank = data.rank();
        int[] kept = resolveAxes(Math.max(rank, 1));
        int[] dims = data.shape().toArray();
        int nStats = 1;
        for (int a : kept) nStats *= dims[a];
        double[] sum = new double[nStats], sumSq = new double[nStats];
        long[] count = new long[nStats];
        double[] v = data.toDoubleArray();
        int[] strides = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; i--) { strides[i] = s; s *= dims[i]; }
        // two passes for accuracy: the means first, then the squared deviations
        for (int i = 0; i < v.length; i++) {
            int k = statIndex(i, kept, dims, strides);
            sum[k] += v[i];
            count[k]++;
        }
        double[] m = new double[nStats];
        for (int k = 0; k < nStats; k++) m[k] = count[k] == 0 ? 0 : sum[k] / count[k];
        for (int i = 0; i < v.length; i++) {
            int k = statIndex(i, kept, dims, strides);
            double d = v[i] - m[k];
            sumSq[k] += d * d;
        }
        double[] var = new double[nStats];
        for (int k = 0; k < nStats; k++) var[k] = count[k] == 0 ? 1 : sumSq[k] / count[k];
        if (built) assignStats(m, var);
        else { pendingMean = m; pendingVariance = var; }
        return this;
    }

    private static int statIndex(int flat, int[] kept, int[] dims, int[] strides) {
        int k = 0;
        for (int a : kept) k = k * dims[a] + (flat / strides[a]) % dims[a];
        return k;
    }

    /** The learned or given mean (shape of the kept axes), or null before the layer is built. */
    public Tensor mean() { return mean != null ? mean.value() : built && givenMean != null ? stat(givenMean) : null; }

    /** The learned or given variance, or null before the layer is built. */
    public Tensor variance() { return variance != null ? variance.value() : built && givenVariance != null ? stat(givenVariance) : null; }

    private Tensor stat(double[] v) {
        float[] f = new float[(int) statShape.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) v[v.length == 1 ? 0 : i];
        return Tensor.wrap(f, statShape);
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        if (!x.dtype().isFloating()) x = Ops.cast(x, DType.FLOAT32);
        int rank = x.rank();
        int[] b = new int[rank];
        Arrays.fill(b, 1);
        for (int a : keptAxes) b[a] = x.dim(a);
        Shape bs = Shape.of(b);
        double[] m = mean().toDoubleArray(), var = variance().toDoubleArray();
        double[] sd = new double[var.length];
        for (int i = 0; i < var.length; i++) sd[i] = Math.max(Math.sqrt(var[i]), EPSILON);
        Tensor mt = Ops.cast(Tensor.wrap(m, bs), x.dtype()), st = Ops.cast(Tensor.wrap(sd, bs), x.dtype());
        return invert ? Ops.add(mt, Ops.multiply(x, st)) : Ops.divide(Ops.subtract(x, mt), st);
    }

    @Override public Shape computeOutputShape(Shape in) { return in; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis.length == 1 ? (Object) axis[0] : Arrays.stream(axis).boxed().toList());
        c.put("invert", invert);
        c.put("mean", givenMean == null ? null : Arrays.stream(givenMean).boxed().toList());
        c.put("variance", givenVariance == null ? null : Arrays.stream(givenVariance).boxed().toList());
        return c;
    }
}
