package io.jkeras.saving;

import io.jkeras.layers.AbstractConv;
import io.jkeras.layers.Layer;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Keras did when it read files of older versions, done the same way here:
 *
 * <ul>
 *   <li>{@link #config}: Keras 1 layer configs in Keras 2/3 terms ({@code Convolution2D} with
 *       {@code nb_filter}, {@code nb_row}, {@code border_mode}, {@code dim_ordering}, ... becomes
 *       {@code Conv2D} with {@code filters}, {@code kernel_size}, {@code padding},
 *       {@code data_format}, ...), as Keras 2's legacy argument converters did;</li>
 *   <li>{@link #weights}: the weight layouts Keras 2's {@code preprocess_weights_for_loading}
 *       converts: Keras 1's channels-first convolution kernels
 *       ({@code (filters, in, rows, cols)} to {@code (rows, cols, in, filters)}), Keras 1's
 *       {@code Conv1D} and {@code Deconvolution2D} kernels, and the kernels of files written with
 *       the Theano backend, which convolves where TensorFlow (and jkeras) correlates: their
 *       spatial axes are flipped. As in Keras, a file without a {@code backend} attribute (Keras 1)
 *       is not flipped.</li>
 * </ul>
 */
final class LegacyLayouts {
    private LegacyLayouts() {}

    // ================================================================== Keras 1 configs

    /** Keras 1 class names and the Keras 2/3 classes they became. */
    private static final Map<String, String> CLASSES = Map.of(
            "Convolution1D", "Conv1D",
            "Convolution2D", "Conv2D",
            "Convolution3D", "Conv3D",
            "AtrousConvolution1D", "Conv1D",
            "AtrousConvolution2D", "Conv2D",
            "Deconvolution2D", "Conv2DTranspose",
            "SeparableConvolution2D", "SeparableConv2D");

    /** Keys that only Keras 1 configs have; one of them marks a config as Keras 1. */
    private static final List<String> KERAS1_KEYS = List.of("nb_filter", "nb_row", "nb_col", "filter_length", "border_mode", "subsample",
            "subsample_length", "dim_ordering", "pool_length", "W_regularizer", "b_regularizer", "W_constraint", "b_constraint",
            "input_dtype", "atrous_rate", "kernel_dim1", "init");

    /** The Keras 2/3 class for a Keras 1 class name (others unchanged). */
    static String className(String cls) { return CLASSES.getOrDefault(cls, cls); }

    /**
     * A Keras 1 layer config in Keras 2/3 terms; other configs are returned as they are. Dense and
     * Embedding read Keras 1 keys themselves and are left alone.
     */
    static Map<String, Object> config(String originalClass, Map<String, Object> c) {
        String cls = className(originalClass);
        boolean keras1 = !cls.equals(originalClass);
        for (String k : KERAS1_KEYS) keras1 |= c.containsKey(k);
        keras1 |= cls.contains("Dropout") && c.containsKey("p") && !c.containsKey("rate");
        keras1 |= RECURRENT.contains(cls) && c.containsKey("output_dim") && !c.containsKey("units");
        keras1 |= cls.equals("GaussianNoise") && c.containsKey("sigma") && !c.containsKey("stddev");
        keras1 |= cls.equals("UpSampling1D") && c.containsKey("length") && !c.containsKey("size");
        if (!keras1 || cls.equals("Dense") || cls.equals("Embedding")) return c;
        Map<String, Object> out = new LinkedHashMap<>(c);
        if (RECURRENT.contains(cls)) recurrent(cls, out);
        rename(out, "input_dtype", "dtype");
        rename(out, "init", "kernel_initializer");
        rename(out, "W_regularizer", "kernel_regularizer");
        rename(out, "b_regularizer", "bias_regularizer");
        rename(out, "W_constraint", "kernel_constraint");
        rename(out, "b_constraint", "bias_constraint");
        rename(out, "bias", "use_bias");
        rename(out, "nb_filter", "filters");
        rename(out, "border_mode", "padding");
        rename(out, "subsample", "strides");
        rename(out, "atrous_rate", "dilation_rate");
        rename(out, "beta_init", "beta_initializer");
        rename(out, "gamma_init", "gamma_initializer");
        if (out.get("padding") instanceof String p && p.equals("full")) {
            throw new IllegalArgumentException("border_mode='full' (Keras 1) has no Keras 2/3 equivalent and cannot be loaded");
        }
        if (out.containsKey("dim_ordering")) {
            Object d = out.remove("dim_ordering");
            if ("th".equals(d)) out.put("data_format", "channels_first");
            else if ("tf".equals(d) || "default".equals(d)) out.put("data_format", "channels_last");
            else throw new IllegalArgumentException("dim_ordering must be 'th' or 'tf', found " + Config.describe(d));
        }
        // (lists that may hold nulls from a broken file: the layer's own checks name the bad entry)
        if (out.containsKey("nb_row") || out.containsKey("nb_col")) out.put("kernel_size", java.util.Arrays.asList(out.remove("nb_row"), out.remove("nb_col")));
        if (out.containsKey("kernel_dim1")) out.put("kernel_size", java.util.Arrays.asList(out.remove("kernel_dim1"), out.remove("kernel_dim2"), out.remove("kernel_dim3")));
        if (out.containsKey("filter_length")) out.put("kernel_size", java.util.Arrays.asList(out.remove("filter_length")));
        if (out.containsKey("subsample_length")) out.put("strides", java.util.Arrays.asList(out.remove("subsample_length")));
        if (out.containsKey("pool_length")) out.put("pool_size", java.util.Arrays.asList(out.remove("pool_length")));
        if (out.containsKey("stride")) {
            Object s = out.remove("stride");
            out.put("strides", s == null ? null : java.util.Arrays.asList(s));
        }
        if (cls.equals("UpSampling1D") && out.containsKey("length")) out.put("size", out.remove("length"));
        if (cls.contains("Dropout") && out.containsKey("p")) out.put("rate", out.remove("p"));
        if (cls.equals("GaussianNoise") && out.containsKey("sigma")) out.put("stddev", out.remove("sigma"));
        if (cls.equals("Conv2DTranspose")) out.remove("output_shape");
        if (cls.equals("BatchNormalization")) {
            Object mode = out.remove("mode");
            if (mode instanceof Number n && n.intValue() != 0) {
                throw new IllegalArgumentException("BatchNormalization mode=" + n.intValue() + " (Keras 1) normalizes per sample or per batch at"
                        + " inference too and has no Keras 2/3 equivalent; only mode=0 can be loaded");
            }
        }
        return out;
    }

    private static final java.util.Set<String> RECURRENT = java.util.Set.of("SimpleRNN", "LSTM", "GRU");

    /** Keras 1's recurrent arguments (output_dim, inner_init, inner_activation, dropout_W, ...) in Keras 2/3 terms. */
    private static void recurrent(String cls, Map<String, Object> out) {
        if (!out.containsKey("output_dim") || out.containsKey("units")) return;
        out.put("units", out.remove("output_dim"));
        rename(out, "inner_init", "recurrent_initializer");
        rename(out, "inner_activation", "recurrent_activation");
        rename(out, "U_regularizer", "recurrent_regularizer");
        rename(out, "U_constraint", "recurrent_constraint");
        rename(out, "dropout_W", "dropout");
        rename(out, "dropout_U", "recurrent_dropout");
        out.remove("consume_less");
        Object forget = out.remove("forget_bias_init");
        if (cls.equals("LSTM")) out.put("unit_forget_bias", forget == null || "one".equals(forget));
        if (cls.equals("GRU")) out.putIfAbsent("reset_after", false);     // Keras 1's GRU applies the reset gate before the product
        // Keras 1 states the input as input_dim and input_length; Keras 2 made them an input shape
        Object dim = out.remove("input_dim"), length = out.remove("input_length");
        if (dim instanceof Number && !out.containsKey("batch_input_shape")) out.put("batch_input_shape", java.util.Arrays.asList(null, length, dim));
    }

    private static void rename(Map<String, Object> m, String from, String to) {
        if (m.containsKey(from) && !m.containsKey(to)) m.put(to, m.remove(from));
        else m.remove(from);
    }

    // ================================================================== weights

    /**
     * Keras 1's recurrent layers kept one kernel, recurrent kernel and bias per gate; Keras 2 joined
     * them along the last axis: LSTM gates stored i, c, f, o become i, f, c, o; GRU's z, r, h stay.
     */
    private static List<Tensor> keras1Gates(String cls, List<Tensor> w) {
        int[] order;
        if (cls.equals("LSTM") && w.size() == 12) order = new int[] {0, 2, 1, 3};
        else if (cls.equals("GRU") && w.size() == 9) order = new int[] {0, 1, 2};
        else return w;
        List<Tensor> out = new ArrayList<>();
        for (int part = 0; part < 3; part++) {      // kernel, recurrent kernel, bias
            List<Tensor> gates = new ArrayList<>();
            for (int g : order) gates.add(w.get(3 * g + part));
            out.add(Ops.concatenate(gates, -1));
        }
        return out;
    }

    /** Whether a file written by {@code kerasVersion} is a Keras 1 file (no version counts as 1, as in Keras). */
    static boolean isKeras1(String kerasVersion) { return kerasVersion == null || kerasVersion.startsWith("1"); }

    /**
     * The weights of {@code layer} read from a legacy file, converted to the layout the layer has:
     * Keras 1 kernel layouts, Theano-flipped kernels, and (as Keras's last resort for convolution
     * kernels of the right size but the wrong shape) the Theano {@code (filters, in, rows, cols)}
     * order.
     */
    static List<Tensor> weights(Layer layer, List<Tensor> values, String kerasVersion, String backend) {
        if (values.isEmpty()) return values;
        Map<String, Layer> nested = layer.savedSublayers();
        if (layer.className().equals("Bidirectional") && nested.size() == 2 && values.size() % 2 == 0) {
            // forward weights, then backward weights, each converted for its own layer
            int half = values.size() / 2;
            List<Layer> sides = new ArrayList<>(nested.values());
            List<Tensor> out = new ArrayList<>(weights(sides.get(0), values.subList(0, half), kerasVersion, backend));
            out.addAll(weights(sides.get(1), values.subList(half, values.size()), kerasVersion, backend));
            return out;
        }
        if (layer.className().equals("TimeDistributed") && nested.size() == 1) return weights(nested.values().iterator().next(), values, kerasVersion, backend);
        if (isKeras1(kerasVersion) && (layer.className().equals("LSTM") || layer.className().equals("GRU"))) return keras1Gates(layer.className(), values);
        if (!(layer instanceof AbstractConv<?> conv)) return values;
        String cls = layer.className();
        boolean channelsFirst = "channels_first".equals(conv.dataFormat());
        List<Tensor> out = new ArrayList<>(values);
        Tensor k = out.get(0);
        if (isKeras1(kerasVersion)) {
            switch (cls) {
                case "Conv1D" -> {
                    int kernel = conv.kernelSize()[0];
                    if (k.rank() == 4) {
                        // Keras 1.1: (filters, in, length, 1); Keras 1.2: (length, 1, in, filters)
                        if (!(k.dim(0) == kernel && k.dim(1) == 1)) k = Ops.transpose(k, 2, 3, 1, 0);
                        k = Ops.squeeze(k, 1);
                    }
                }
                case "Conv2D" -> { if (channelsFirst && k.rank() == 4) k = Ops.transpose(k, 2, 3, 1, 0); }
                case "Conv3D" -> { if (channelsFirst && k.rank() == 5) k = Ops.transpose(k, 2, 3, 4, 1, 0); }
                case "Conv2DTranspose" -> {
                    if (k.rank() == 4) k = channelsFirst ? Ops.transpose(k, 2, 3, 0, 1) : Ops.transpose(k, 0, 1, 3, 2);
                }
                default -> { }
            }
        }
        boolean plainConv = cls.equals("Conv1D") || cls.equals("Conv2D") || cls.equals("Conv3D") || cls.equals("Conv2DTranspose");
        if (plainConv && "theano".equals(backend) && k.rank() >= 3) {
            int[] spatial = new int[k.rank() - 2];
            for (int i = 0; i < spatial.length; i++) spatial[i] = i;
            k = Ops.flip(k, spatial);
        }
        Shape want = layer.ownWeights().isEmpty() ? null : layer.ownWeights().get(0).shape();
        if (plainConv && want != null && !want.equals(k.shape()) && k.rank() == 4 && want.size() == k.shape().size()) {
            Tensor t = Ops.transpose(k, 3, 2, 0, 1);
            if (t.shape().equals(want)) k = t;
        }
        out.set(0, k);
        return out;
    }
}
