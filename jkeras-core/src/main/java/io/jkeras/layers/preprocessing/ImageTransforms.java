package io.jkeras.layers.preprocessing;

import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * The image kernels shared by the image preprocessing layers: resizing along an axis, cropping,
 * padding and affine resampling with Keras's fill modes. Everything is built from {@link Ops}
 * (matrix products, slices, gathers), so gradients flow through these layers when a trainable
 * layer sits before them.
 */
final class ImageTransforms {
    private ImageTransforms() {}

    static final List<String> FILL_MODES = List.of("reflect", "wrap", "constant", "nearest");
    static final List<String> INTERPOLATIONS = List.of("bilinear", "nearest");

    /** {@code "channels_last"} (also for null) or {@code "channels_first"}; anything else is an error naming the layer. */
    static String dataFormat(String f, String layer) {
        if (f == null) return "channels_last";
        String s = f.toLowerCase(Locale.ROOT);
        if (!s.equals("channels_last") && !s.equals("channels_first")) throw new IllegalArgumentException("Layer \"" + layer
                + "\": `data_format` must be \"channels_last\" or \"channels_first\". Received: data_format=" + f);
        return s;
    }

    /** One of {@code allowed}, lower-cased; anything else is a Keras-style error naming the layer and the argument. */
    static String choice(String value, List<String> allowed, String arg, String layer) {
        String s = value == null ? null : value.toLowerCase(Locale.ROOT);
        if (s == null || !allowed.contains(s)) throw new IllegalArgumentException("Layer \"" + layer + "\": unknown `" + arg + "` "
                + (value == null ? "null" : "\"" + value + "\"") + ". Expected one of " + quoted(allowed) + ". Received: " + arg + "=" + value);
        return s;
    }

    private static String quoted(List<String> l) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < l.size(); i++) b.append(i == 0 ? "" : ", ").append('"').append(l.get(i)).append('"');
        return b.append(')').toString();
    }

    /** Checks that the input is one image (rank 3) or a batch of images (rank 4). */
    static void checkRank(Shape s, String layer, String cls) {
        if (s.rank() != 3 && s.rank() != 4) throw new IllegalArgumentException("Layer \"" + layer + "\" (" + cls
                + "): expected images of rank 3 (height, width, channels) or rank 4 (batch, height, width, channels) "
                + "(channels first with data_format=\"channels_first\"). Received: inputs.shape=" + s);
    }

    /** The height axis of a rank-3 or rank-4 image tensor. */
    static int heightAxis(int rank, String df) { return df.equals("channels_first") ? rank - 2 : rank - 3; }

    /** The width axis. */
    static int widthAxis(int rank, String df) { return df.equals("channels_first") ? rank - 1 : rank - 2; }

    static Tensor floating(Tensor x) { return x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32); }

    // ---------------------------------------------------------------- resizing

    /**
     * Resizes {@code axis} to {@code out} cells. Bilinear: half-pixel centres, weights from a
     * triangle kernel normalised over the cells inside the image (JAX's {@code resize}, which
     * equals TensorFlow's half-pixel bilinear without antialiasing); with {@code antialias} the
     * kernel is widened by the down-scaling factor. Nearest: cell {@code floor((i + 0.5) * in / out)}.
     */
    static Tensor resizeAxis(Tensor x, int axis, int out, String interpolation, boolean antialias) {
        int in = x.dim(axis);
        if (in == out) return x;
        if (interpolation.equals("nearest")) {
            int[] idx = new int[out];
            for (int i = 0; i < out; i++) {
                float f = (i + 0.5f) * in / out;   // in float32, as JAX computes the offsets
                idx[i] = Math.min((int) Math.floor(f), in - 1);
            }
            return Ops.take(x, Tensor.of(idx, out), axis);
        }
        return alongAxis(x, axis, linearWeights(in, out, antialias), out);
    }

    /** The {@code (out, in)} matrix of bilinear (triangle-kernel) weights. */
    static double[] linearWeights(int in, int out, boolean antialias) {
        double invScale = (double) in / out;
        double kernelScale = antialias ? Math.max(invScale, 1) : 1;
        double[] m = new double[out * in];
        for (int i = 0; i < out; i++) {
            double sample = (i + 0.5) * invScale - 0.5;
            if (sample < -0.5 || sample > in - 0.5) continue;   // outside the image: weight 0
            double total = 0;
            for (int j = 0; j < in; j++) {
                double w = Math.max(0, 1 - Math.abs(sample - j) / kernelScale);
                m[i * in + j] = w;
                total += w;
            }
            if (Math.abs(total) > 1000 * Math.ulp(1f)) for (int j = 0; j < in; j++) m[i * in + j] /= total;
            else for (int j = 0; j < in; j++) m[i * in + j] = 0;
        }
        return m;
    }

    /** Applies an {@code (out, in)} matrix along {@code axis} (a matrix product, so the gradient is its transpose). */
    private static Tensor alongAxis(Tensor x, int axis, double[] m, int out) {
        int in = x.dim(axis), r = x.rank();
        Tensor mt = Ops.cast(Tensor.of(m, out, in), x.dtype());
        int[] perm = new int[r];
        for (int i = 0, k = 0; i < r; i++) if (i != axis) perm[k++] = i;
        perm[r - 1] = axis;
        Tensor moved = Ops.transpose(x, perm);
        Tensor y = Ops.matmul(moved, mt, false, true);
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) inv[perm[i]] = i;
        return Ops.transpose(y, inv);
    }

    /** Resizes the two spatial axes (rows first, then columns). */
    static Tensor resize(Tensor x, int h, int w, String interpolation, boolean antialias, String df) {
        int ha = heightAxis(x.rank(), df), wa = widthAxis(x.rank(), df);
        Tensor y = resizeAxis(floating(x), ha, h, interpolation, antialias);
        return resizeAxis(y, wa, w, interpolation, antialias);
    }

    /** The rows {@code [h0, h0 + h)} and columns {@code [w0, w0 + w)}. */
    static Tensor crop(Tensor x, int h0, int h, int w0, int w, String df) {
        int ha = heightAxis(x.rank(), df), wa = widthAxis(x.rank(), df);
        Tensor y = h0 == 0 && h == x.dim(ha) ? x : Ops.sliceAxis(x, ha, h0, h0 + h);
        return w0 == 0 && w == y.dim(wa) ? y : Ops.sliceAxis(y, wa, w0, w0 + w);
    }

    /**
     * Keras's {@code smart_resize} crop: the largest centred window with the aspect ratio of
     * {@code (th, tw)}, as {@code {hStart, cropHeight, wStart, cropWidth}}.
     */
    static int[] aspectCrop(int height, int width, int th, int tw) {
        int ch = Math.max(Math.min(height, (int) ((double) width * th / tw)), 1);
        int cw = Math.max(Math.min(width, (int) ((double) height * tw / th)), 1);
        return new int[] {(int) ((height - ch) / 2.0), ch, (int) ((width - cw) / 2.0), cw};
    }

    /** Crops to the target's aspect ratio (centred), then resizes to it: Keras's {@code smart_resize}. */
    static Tensor smartResize(Tensor x, int th, int tw, String interpolation, boolean antialias, String df) {
        int ha = heightAxis(x.rank(), df), wa = widthAxis(x.rank(), df);
        int[] c = aspectCrop(x.dim(ha), x.dim(wa), th, tw);
        return resize(crop(floating(x), c[0], c[1], c[2], c[3], df), th, tw, interpolation, antialias, df);
    }

    /**
     * Pads with {@code fill} to the target's aspect ratio, as Keras's JAX backend does: the same
     * margin on both sides of the rows (or else of the columns), {@code floor((padded - size) / 2)}.
     */
    static Tensor padToAspect(Tensor x, int th, int tw, double fill, String df) {
        int ha = heightAxis(x.rank(), df), wa = widthAxis(x.rank(), df);
        int height = x.dim(ha), width = x.dim(wa);
        int ph = Math.max(height, (int) ((double) width * th / tw));
        int pw = Math.max(width, (int) ((double) height * tw / th));
        int hs = (int) ((ph - height) / 2.0), ws = (int) ((pw - width) / 2.0);
        int[][] pads = new int[x.rank()][2];
        if (hs > 0) pads[ha] = new int[] {hs, hs};
        else if (ws > 0) pads[wa] = new int[] {ws, ws};
        else return x;
        return Ops.pad(floating(x), pads, fill);
    }

    // ---------------------------------------------------------------- affine resampling

    /**
     * Resamples each image of a batch through an affine map: output pixel {@code (y, x)} of image
     * {@code b} takes the input at {@code (b0 x + b1 y + b2, a0 x + a1 y + a2)} (row, column), with
     * {@code t[b] = {a0, a1, a2, b0, b1, b2}} (Keras's {@code affine_transform} with the projective
     * terms zero). {@code interpolation} is "bilinear" or "nearest" (round half away from zero);
     * points outside the image follow {@code fillMode} as in JAX's {@code map_coordinates}:
     * "reflect" (d c b a | a b c d | d c b a), "wrap" (a b c d | a b c d), "nearest" (the edge
     * cell) or "constant" ({@code fill}, blended cell by cell with bilinear interpolation).
     * Built as a gather with weights, so the gradient flows to {@code x}.
     */
    static Tensor affine(Tensor x, double[][] t, String interpolation, String fillMode, double fill, String df) {
        boolean single = x.rank() == 3;
        Tensor img = floating(x);
        if (single) img = Ops.expandDims(img, 0);
        boolean cf = df.equals("channels_first");
        if (cf) img = Ops.transpose(img, 0, 2, 3, 1);
        int batch = img.dim(0), h = img.dim(1), w = img.dim(2), c = img.dim(3);
        if (t.length != batch) throw new IllegalStateException("affine: " + t.length + " transforms for a batch of " + batch);
        boolean bilinear = interpolation.equals("bilinear");
        int k = bilinear ? 4 : 1;
        int n = batch * h * w;
        int[] idx = new int[n * k];
        double[] wt = new double[n * k];
        double[] fillTerm = new double[n];
        boolean anyFill = false;
        boolean constant = fillMode.equals("constant");
        for (int b = 0; b < batch; b++) {
            double[] m = t[b];
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    int p = (b * h + y) * w + xx;
                    double sx = m[0] * xx + m[1] * y + m[2], sy = m[3] * xx + m[4] * y + m[5];
                    if (bilinear) {
                        double fy = Math.floor(sy), fx = Math.floor(sx);
                        double wy1 = sy - fy, wx1 = sx - fx;
                        int y0 = (int) fy, x0 = (int) fx;
                        for (int q = 0; q < 4; q++) {
                            int yi = y0 + (q >> 1), xi = x0 + (q & 1);
                            double weight = ((q >> 1) == 1 ? wy1 : 1 - wy1) * ((q & 1) == 1 ? wx1 : 1 - wx1);
                            int e = p * 4 + q;
                            if (constant && (yi < 0 || yi >= h || xi < 0 || xi >= w)) {
                                idx[e] = b * h * w;
                                fillTerm[p] += weight * fill;
                                anyFill |= fill != 0;
                            } else {
                                idx[e] = (b * h + fixIndex(yi, h, fillMode)) * w + fixIndex(xi, w, fillMode);
                                wt[e] = weight;
                            }
                        }
                    } else {
                        int yi = (int) roundHalfAway(sy), xi = (int) roundHalfAway(sx);
                        if (constant && (yi < 0 || yi >= h || xi < 0 || xi >= w)) {
                            idx[p] = b * h * w;
                            fillTerm[p] = fill;
                            anyFill |= fill != 0;
                        } else {
                            idx[p] = (b * h + fixIndex(yi, h, fillMode)) * w + fixIndex(xi, w, fillMode);
                            wt[p] = 1;
                        }
                    }
                }
            }
        }
        DType dt = img.dtype();
        Tensor flat = Ops.reshape(img, n, c);
        Tensor gathered = Ops.take(flat, Tensor.of(idx, n * k), 0);                       // (n * k, c)
        Tensor weighted = Ops.multiply(gathered, Ops.cast(Tensor.of(wt, n * k, 1), dt));
        Tensor out = k == 1 ? weighted : Ops.sum(Ops.reshape(weighted, n, k, c), new int[] {1}, false);
        if (anyFill) out = Ops.add(out, Ops.cast(Tensor.of(fillTerm, n, 1), dt));
        out = Ops.reshape(out, batch, h, w, c);
        if (cf) out = Ops.transpose(out, 0, 3, 1, 2);
        if (single) out = Ops.squeeze(out, 0);
        return out;
    }

    private static double roundHalfAway(double v) { return Math.signum(v) * Math.floor(Math.abs(v) + 0.5); }

    /** Maps an index outside {@code [0, size)} back inside, as JAX's {@code map_coordinates} index fixers. */
    static int fixIndex(int i, int size, String mode) {
        if (i >= 0 && i < size) return i;
        return switch (mode) {
            case "nearest" -> Math.min(Math.max(i, 0), size - 1);
            case "wrap" -> Math.floorMod(i, size);
            case "reflect" -> Math.floorDiv(mirror(2 * i + 1, 2 * size + 1) - 1, 2);
            default -> i;   // constant: handled by the caller
        };
    }

    /** A triangle wave of half-period {@code size - 1}: the "mirror" index fixer. */
    private static int mirror(int i, int size) {
        int s = size - 1;
        return Math.abs(Math.floorMod(i + s, 2 * s) - s);
    }
}
