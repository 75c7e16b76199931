package io.jkeras.optimizers;

/**
 * The optimizer's gradient preprocessing loops, on float[] or double[] arrays owned by the
 * optimizer (scratch copies of the gradients) or by a variable (weight decay), in place.
 */
final class Kernels {
    private Kernels() {}

    /** {@code g /= s} (Keras's loss-scale unscaling). */
    static void divide(Object g, double s) {
        if (g instanceof float[] f) { float d = (float) s; for (int i = 0; i < f.length; i++) f[i] /= d; }
        else { double[] a = (double[]) g; for (int i = 0; i < a.length; i++) a[i] /= s; }
    }

    /** {@code g *= s}. */
    static void scale(Object g, double s) {
        if (g instanceof float[] f) { float m = (float) s; for (int i = 0; i < f.length; i++) f[i] *= m; }
        else { double[] a = (double[]) g; for (int i = 0; i < a.length; i++) a[i] *= s; }
    }

    /** Sum of squares, accumulated in double. */
    static double sumSquares(Object g) {
        double s = 0;
        if (g instanceof float[] f) for (float x : f) s += (double) x * x;
        else for (double x : (double[]) g) s += x * x;
        return s;
    }

    /**
     * Keras's {@code clip_by_norm} over the whole tensor: {@code g * c / max(||g||, c)}, which
     * leaves {@code g} unchanged when its L2 norm is at most {@code c}.
     */
    static void clipByNorm(Object g, double c) {
        double norm = Math.sqrt(sumSquares(g));
        if (norm > c) scale(g, c / norm);
        else if (Double.isNaN(norm)) scale(g, Double.NaN);
    }

    /** {@code g = clip(g, -v, v)}. */
    static void clipByValue(Object g, double v) {
        if (g instanceof float[] f) {
            float hi = (float) v, lo = -hi;
            for (int i = 0; i < f.length; i++) f[i] = Math.min(Math.max(f[i], lo), hi);
        } else {
            double[] a = (double[]) g;
            for (int i = 0; i < a.length; i++) a[i] = Math.min(Math.max(a[i], -v), v);
        }
    }

    /** Decoupled weight decay as Keras 3 applies it: {@code w = w - w * wd * lr}. */
    static void decay(float[] w, float wd, float lr) {
        for (int i = 0; i < w.length; i++) w[i] = w[i] - w[i] * wd * lr;
    }

    static void decay(double[] w, double wd, double lr) {
        for (int i = 0; i < w.length; i++) w[i] = w[i] - w[i] * wd * lr;
    }

    /** Gradient accumulation on an update step: {@code g = (g + acc) / n; acc = 0}. */
    static void meanWithAccumulatorAndReset(Object g, Object acc, int n) {
        if (g instanceof float[] f) {
            float[] a = (float[]) acc;
            float d = n;
            for (int i = 0; i < f.length; i++) { f[i] = (f[i] + a[i]) / d; a[i] = 0f; }
        } else {
            double[] x = (double[]) g, a = (double[]) acc;
            for (int i = 0; i < x.length; i++) { x[i] = (x[i] + a[i]) / n; a[i] = 0; }
        }
    }

    /** {@code acc += g}. */
    static void addInto(Object acc, Object g) {
        if (g instanceof float[] f) { float[] a = (float[]) acc; for (int i = 0; i < f.length; i++) a[i] += f[i]; }
        else { double[] x = (double[]) g, a = (double[]) acc; for (int i = 0; i < x.length; i++) a[i] += x[i]; }
    }

    /** Keras's EMA: {@code avg = m * avg + (1 - m) * w}. */
    static void movingAverage(float[] avg, float[] w, float m) {
        float om = 1f - m;
        for (int i = 0; i < avg.length; i++) avg[i] = m * avg[i] + om * w[i];
    }

    static void movingAverage(double[] avg, double[] w, double m) {
        double om = 1 - m;
        for (int i = 0; i < avg.length; i++) avg[i] = m * avg[i] + om * w[i];
    }
}
