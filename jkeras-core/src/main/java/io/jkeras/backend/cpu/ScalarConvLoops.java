package io.jkeras.backend.cpu;

/** {@link ConvLoops} in plain Java: the reference, and the loops where the Vector API is absent. */
final class ScalarConvLoops implements ConvLoops {

    @Override public void forwardRow(float[] x, int base, int pixStride, int npix, int[] xoff, int[] wrow, int taps,
                                     float[] w, int f, float[] bias, boolean relu, float[] y, int o) {
        for (int i = 0; i < npix; i++, base += pixStride, o += f) {
            for (int j = 0; j < f; j++) y[o + j] = bias == null ? 0f : bias[j];
            for (int t = 0; t < taps; t++) {
                float v = x[base + xoff[t]];
                int wr = wrow[t];
                for (int j = 0; j < f; j++) y[o + j] += v * w[wr + j];
            }
            if (relu) for (int j = 0; j < f; j++) y[o + j] = Math.max(y[o + j], 0f);
        }
    }

    @Override public void filterRow(float[] x, int base, int pixStride, int npix, int[] xoff, int[] wrow, int taps,
                                    float[] dy, int o, int f, float[] dw) {
        for (int i = 0; i < npix; i++, base += pixStride, o += f) {
            for (int t = 0; t < taps; t++) {
                float v = x[base + xoff[t]];
                int wr = wrow[t];
                for (int j = 0; j < f; j++) dw[wr + j] += v * dy[o + j];
            }
        }
    }

    @Override public void maxPoolGradWindow(float[] g, int[] arg, int o, int c, int base, int[] rel, float[] dx) {
        for (int r : rel) {
            int cell = base + r;
            for (int j = 0; j < c; j++) dx[cell + j] = arg[o + j] == cell + j ? g[o + j] : 0f;
        }
    }

    @Override public void reluGradRow(float[] g, float[] y, int o, int npix, int f, float[] dz, float[] db) {
        for (int i = 0, q = 0; i < npix; i++) {
            for (int j = 0; j < f; j++, q++) {
                float v = y == null || y[o + q] > 0 ? g[o + q] : 0f;
                dz[q] = v;
                if (db != null) db[j] += v;
            }
        }
    }

    @Override public void maxWindowValues(float[] x, int base, int[] rel, float[] y, int o, int c) {
        for (int j = 0; j < c; j++) {
            float m = x[base + rel[0] + j];
            for (int q = 1; q < rel.length; q++) {
                float v = x[base + rel[q] + j];
                if (v > m) m = v;
            }
            y[o + j] = m;
        }
    }
}
