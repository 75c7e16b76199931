package io.jkeras.backend.cpu;

/** Plain-Java {@link FloatLoops}: the reference, and the path when the Vector API is absent. */
final class ScalarFloatLoops implements FloatLoops {
    @Override public String name() { return "scalar"; }

    static float apply(int op, float p, float q) {
        return switch (op) {
            case ADD -> p + q;
            case SUB -> p - q;
            case MUL -> p * q;
            case DIV -> p / q;
            case MAX -> Float.isNaN(p) || Float.isNaN(q) ? Float.NaN : Math.max(p, q);
            default -> Float.isNaN(p) || Float.isNaN(q) ? Float.NaN : Math.min(p, q);
        };
    }

    @Override public void binary(int op, float[] x, int xOff, float[] y, int yOff, float[] o, int oOff, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oOff + i] = x[xOff + i] + y[yOff + i]; }
            case SUB -> { for (int i = 0; i < n; i++) o[oOff + i] = x[xOff + i] - y[yOff + i]; }
            case MUL -> { for (int i = 0; i < n; i++) o[oOff + i] = x[xOff + i] * y[yOff + i]; }
            case DIV -> { for (int i = 0; i < n; i++) o[oOff + i] = x[xOff + i] / y[yOff + i]; }
            default -> { for (int i = 0; i < n; i++) o[oOff + i] = apply(op, x[xOff + i], y[yOff + i]); }
        }
    }

    @Override public void binaryScalar(int op, float[] x, int xOff, float s, boolean swap, float[] o, int oOff, int n) {
        if (swap) { for (int i = 0; i < n; i++) o[oOff + i] = apply(op, s, x[xOff + i]); return; }
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oOff + i] = x[xOff + i] + s; }
            case SUB -> { for (int i = 0; i < n; i++) o[oOff + i] = x[xOff + i] - s; }
            case MUL -> { for (int i = 0; i < n; i++) o[oOff + i] = x[xOff + i] * s; }
            case DIV -> { for (int i = 0; i < n; i++) o[oOff + i] = x[xOff + i] / s; }
            default -> { for (int i = 0; i < n; i++) o[oOff + i] = apply(op, x[xOff + i], s); }
        }
    }

    @Override public void relu(float[] x, float[] o, int from, int to) {
        for (int i = from; i < to; i++) o[i] = Math.max(x[i], 0f);
    }

    @Override public void reluGrad(float[] y, float[] g, float[] o, int from, int to) {
        for (int i = from; i < to; i++) o[i] = y[i] > 0f ? g[i] : 0f;
    }

    @Override public void biasAct(float[] c, int off, float[] b, int n, boolean relu) {
        if (relu) for (int j = 0; j < n; j++) c[off + j] = Math.max(c[off + j] + b[j], 0f);
        else for (int j = 0; j < n; j++) c[off + j] += b[j];
    }

    @Override public void maxWindow(float[] x, int base, int[] rel, float[] y, int[] arg, int o, int c) {
        for (int j = 0; j < c; j++) {
            int best = base + rel[0] + j;
            float m = x[best];
            for (int q = 1; q < rel.length; q++) {
                int at = base + rel[q] + j;
                float v = x[at];
                if (v > m) { m = v; best = at; }
            }
            y[o + j] = m;
            arg[o + j] = best;
        }
    }
}
