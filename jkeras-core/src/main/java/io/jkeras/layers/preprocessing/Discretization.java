package io.jkeras.layers.preprocessing;

import io.jkeras.layers.Layer;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Buckets continuous values into integer bins by boundaries (Keras's
 * {@code keras.layers.Discretization}): bin {@code i} holds {@code boundaries[i-1] <= x < boundaries[i]}.
 *
 * <pre>{@code
 * Discretization d = new Discretization().binBoundaries(0.0, 1.0, 2.0);
 * d.apply(Tensor.of(new float[] {-1.5f, 1.0f, 3.4f, 0.5f}, 4));   // int32 [0, 2, 3, 1]
 * Discretization q = new Discretization().numBins(4);
 * q.adapt(data);                                                // boundaries at the quartiles
 * }</pre>
 *
 * {@link #adapt} follows Keras's quantile summary: sorted values (thinned to about
 * {@code 1/epsilon} points on large data, epsilon 0.01 by default), then boundaries at the
 * cumulative fractions {@code 1/numBins, 2/numBins, ...} by linear interpolation. Output modes:
 * {@code int} (default), {@code one_hot}, {@code multi_hot}, {@code count}.
 */
public class Discretization extends Layer {
    private double[] boundaries;
    private Integer numBins;
    private double epsilon = 0.01;
    private String outputMode = "int";

    public Discretization() { super(null); }

    /** Sorted bin boundaries; numBins() becomes boundaries + 1. */
    public Discretization binBoundaries(double... b) {
        for (int i = 1; i < b.length; i++) if (b[i] < b[i - 1]) throw new IllegalArgumentException("Discretization: bin_boundaries must be sorted, received "
                + Arrays.toString(b));
        boundaries = b.clone();
        numBins = null;
        return this;
    }

    /** The number of bins that {@link #adapt} learns boundaries for. */
    public Discretization numBins(int n) {
        if (n < 2) throw new IllegalArgumentException("Discretization: num_bins must be >= 2, received " + n);
        numBins = n;
        return this;
    }

    /** The precision of the quantile summary (Keras's {@code epsilon}, default 0.01). */
    public Discretization epsilon(double e) {
        if (!(e > 0 && e < 1)) throw new IllegalArgumentException("Discretization: epsilon must be in (0, 1), received " + e);
        epsilon = e;
        return this;
    }

    /** "int" (default), "one_hot", "multi_hot" or "count". */
    public Discretization outputMode(String m) { outputMode = Encoding.checkMode(m, "Discretization", "int", "one_hot", "multi_hot", "count"); return this; }

    @Override public Discretization name(String n) { super.name(n); return this; }

    /** The boundaries (given or learned), or null before adapt. */
    public double[] binBoundaries() { return boundaries == null ? null : boundaries.clone(); }

    /** Learns {@code numBins - 1} boundaries from the values of {@code data}. */
    public Discretization adapt(Tensor data) {
        if (numBins == null) throw new IllegalStateException("Discretization: adapt needs num_bins (set numBins(n)); with bin_boundaries there is nothing to learn");
        double[][] summary = summarize(data.toDoubleArray(), epsilon);
        summary = compress(summary, epsilon);   // Keras merges into an empty summary, which compresses
        double[][] bins = compress(summary, 1.0 / numBins);
        double[] b = new double[bins[0].length - 1];
        for (int i = 0; i < b.length; i++) b[i] = (float) bins[0][i];   // Keras keeps the summary in float32
        boundaries = b;
        return this;
    }

    /** Sorted values, every {@code max(n*epsilon, 1)}-th kept, each weighing that step. */
    static double[][] summarize(double[] values, double epsilon) {
        double[] v = values.clone();
        Arrays.sort(v);
        double increment = v.length * epsilon;   // elements / (1 / epsilon)
        int start = (int) increment, step = (int) Math.max(increment, 1);
        int n = start >= v.length ? 0 : (v.length - start + step - 1) / step;
        double[][] s = new double[2][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = v[start + i * step];
            s[1][i] = step;
        }
        return s;
    }

    /** Keras's compress_summary: interpolates the summary at cumulative fractions epsilon, 2*epsilon, ..., 1. */
    static double[][] compress(double[][] s, double epsilon) {
        int n = s[0].length;
        if (n * epsilon < 1) return s;
        int m = (int) Math.ceil(1.0 / epsilon);   // numpy's arange(0, 1, epsilon) length
        double[] cum = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) { total += s[1][i]; cum[i] = total; }
        double[] pct = new double[n];
        for (int i = 0; i < n; i++) pct[i] = cum[i] / total;
        double[][] out = new double[2][m];
        double prev = 0;
        for (int j = 0; j < m; j++) {
            double p = epsilon + j * epsilon;
            out[0][j] = interp(p, pct, s[0]);
            double cw = interp(p, pct, cum);
            out[1][j] = cw - prev;
            prev = cw;
        }
        return out;
    }

    /** numpy.interp: linear interpolation in increasing xp, clamped to the end values. */
    static double interp(double x, double[] xp, double[] fp) {
        if (x <= xp[0]) return fp[0];
        int n = xp.length;
        if (x >= xp[n - 1]) return fp[n - 1];
        int lo = 0, hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xp[mid] <= x) lo = mid; else hi = mid;
        }
        double t = (x - xp[lo]) / (xp[hi] - xp[lo]);
        return fp[lo] + t * (fp[hi] - fp[lo]);
    }

    private int bins() { return boundaries.length + 1; }

    @Override protected Tensor call(Tensor x, boolean training) {
        if (boundaries == null) throw new IllegalStateException("Discretization \"" + name() + "\" has no bin boundaries: give binBoundaries(...) "
                + "or call adapt(data) with numBins(n)");
        double[] v = x.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            // the number of boundaries <= v (binary search for the first boundary > v)
            int lo = 0, hi = boundaries.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (boundaries[mid] <= v[i]) lo = mid + 1; else hi = mid;
            }
            out[i] = lo;
        }
        if (outputMode.equals("int")) return Tensor.wrap(out, x.shape());
        return Encoding.encode(out, x.shape(), bins(), outputMode, null, "Discretization \"" + name() + "\"");
    }

    @Override public Shape computeOutputShape(Shape in) {
        if (outputMode.equals("int")) return in;
        int depth = boundaries != null ? bins() : numBins;
        int[] d = in.toArray();
        if (outputMode.equals("one_hot")) {
            if (d.length >= 2 && d[d.length - 1] == 1) d = Arrays.copyOf(d, d.length - 1);
            int[] o = Arrays.copyOf(d, d.length + 1);
            o[d.length] = depth;
            return Shape.of(o);
        }
        if (d.length <= 1) return Shape.of(depth);
        d[d.length - 1] = depth;
        return Shape.of(d);
    }

    @Override protected DType outputDType() { return outputMode.equals("int") ? DType.INT32 : DType.FLOAT32; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("trainable");   // Keras's Discretization config has no 'trainable' (its constructor refuses one)
        c.put("bin_boundaries", boundaries == null ? null : Arrays.stream(boundaries).boxed().toList());
        c.put("num_bins", numBins);
        c.put("epsilon", epsilon);
        c.put("output_mode", outputMode);
        c.put("sparse", false);
        return c;
    }
}
