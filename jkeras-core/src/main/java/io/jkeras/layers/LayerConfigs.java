package io.jkeras.layers;

import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.saving.SavingRegistry.LayerFactory;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Builds the convolution, pooling, normalization, regularization, reshaping, merging and activation layers
 * from their Keras configs (Keras 3, and the Keras 2 / tfjs spellings of the same keys), for the
 * saving registry. Tuples may be written as lists or single ints, as Keras accepts both.
 */
public final class LayerConfigs {
    private LayerConfigs() {}

    /** Hands every factory of this family to {@code put} (class name, factory). */
    public static void registerAll(BiConsumer<String, LayerFactory> put) {
        put.accept("Conv1D", c -> conv(new Conv1D(c.getInt("filters"), tuple(c, "kernel_size", null)), c));
        put.accept("Conv2D", c -> conv(new Conv2D(c.getInt("filters"), tuple(c, "kernel_size", null)), c));
        put.accept("Conv3D", c -> conv(new Conv3D(c.getInt("filters"), tuple(c, "kernel_size", null)), c));
        put.accept("DepthwiseConv1D", c -> depthwise(new DepthwiseConv1D(tuple(c, "kernel_size", null)), c));
        put.accept("DepthwiseConv2D", c -> depthwise(new DepthwiseConv2D(tuple(c, "kernel_size", null)), c));
        put.accept("SeparableConv1D", c -> separable(new SeparableConv1D(c.getInt("filters"), tuple(c, "kernel_size", null)), c));
        put.accept("SeparableConv2D", c -> separable(new SeparableConv2D(c.getInt("filters"), tuple(c, "kernel_size", null)), c));
        put.accept("Conv1DTranspose", c -> transpose(new Conv1DTranspose(c.getInt("filters"), tuple(c, "kernel_size", null)), c));
        put.accept("Conv2DTranspose", c -> transpose(new Conv2DTranspose(c.getInt("filters"), tuple(c, "kernel_size", null)), c));
        put.accept("Conv3DTranspose", c -> transpose(new Conv3DTranspose(c.getInt("filters"), tuple(c, "kernel_size", null)), c));

        put.accept("MaxPooling1D", c -> pool(new MaxPooling1D(tuple(c, "pool_size", new int[] {2})), c));
        put.accept("MaxPooling2D", c -> pool(new MaxPooling2D(tuple(c, "pool_size", new int[] {2})), c));
        put.accept("MaxPooling3D", c -> pool(new MaxPooling3D(tuple(c, "pool_size", new int[] {2})), c));
        put.accept("AveragePooling1D", c -> pool(new AveragePooling1D(tuple(c, "pool_size", new int[] {2})), c));
        put.accept("AveragePooling2D", c -> pool(new AveragePooling2D(tuple(c, "pool_size", new int[] {2})), c));
        put.accept("AveragePooling3D", c -> pool(new AveragePooling3D(tuple(c, "pool_size", new int[] {2})), c));
        put.accept("GlobalMaxPooling1D", c -> global(new GlobalMaxPooling1D(), c));
        put.accept("GlobalMaxPooling2D", c -> global(new GlobalMaxPooling2D(), c));
        put.accept("GlobalMaxPooling3D", c -> global(new GlobalMaxPooling3D(), c));
        put.accept("GlobalAveragePooling1D", c -> global(new GlobalAveragePooling1D(), c));
        put.accept("GlobalAveragePooling2D", c -> global(new GlobalAveragePooling2D(), c));
        put.accept("GlobalAveragePooling3D", c -> global(new GlobalAveragePooling3D(), c));

        put.accept("BatchNormalization", LayerConfigs::batchNorm);
        put.accept("LayerNormalization", LayerConfigs::layerNorm);
        put.accept("GroupNormalization", LayerConfigs::groupNorm);
        put.accept("UnitNormalization", c -> base(new UnitNormalization(axes(c, "axis", new int[] {-1})), c));

        put.accept("UpSampling1D", c -> base(new UpSampling1D(c.getInt("size", 2)), c));
        put.accept("UpSampling2D", c -> base(new UpSampling2D(tuple(c, "size", new int[] {2})).dataFormat(c.getString("data_format", "channels_last"))
                .interpolation(c.getString("interpolation", "nearest")), c));
        put.accept("UpSampling3D", c -> base(new UpSampling3D(tuple(c, "size", new int[] {2})).dataFormat(c.getString("data_format", "channels_last")), c));
        put.accept("ZeroPadding1D", c -> base(new ZeroPadding1D(tuple(c, "padding", new int[] {1})), c));
        put.accept("ZeroPadding2D", c -> base(new ZeroPadding2D(pairs(c, "padding", 2, 1)).dataFormat(c.getString("data_format", "channels_last")), c));
        put.accept("ZeroPadding3D", c -> base(new ZeroPadding3D(pairs(c, "padding", 3, 1)).dataFormat(c.getString("data_format", "channels_last")), c));
        put.accept("Cropping1D", c -> base(new Cropping1D(tuple(c, "cropping", new int[] {1, 1})), c));
        put.accept("Cropping2D", c -> base(new Cropping2D(pairs(c, "cropping", 2, 0)).dataFormat(c.getString("data_format", "channels_last")), c));
        put.accept("Cropping3D", c -> base(new Cropping3D(pairs(c, "cropping", 3, 1)).dataFormat(c.getString("data_format", "channels_last")), c));
        put.accept("Permute", c -> base(new Permute(c.getIntArray("dims")), c));
        put.accept("RepeatVector", c -> base(new RepeatVector(c.getInt("n")), c));

        put.accept("SpatialDropout1D", c -> seeded(base(new SpatialDropout1D(c.getDouble("rate")), c), c));
        put.accept("SpatialDropout2D", c -> seeded(base(new SpatialDropout2D(c.getDouble("rate")).dataFormat(c.getString("data_format", "channels_last")), c), c));
        put.accept("SpatialDropout3D", c -> seeded(base(new SpatialDropout3D(c.getDouble("rate")).dataFormat(c.getString("data_format", "channels_last")), c), c));
        put.accept("GaussianNoise", c -> {
            GaussianNoise g = base(new GaussianNoise(c.getDouble("stddev")), c);
            return c.has("seed") ? g.seed(c.getLong("seed")) : g;
        });
        put.accept("GaussianDropout", c -> {
            GaussianDropout g = base(new GaussianDropout(c.getDouble("rate")), c);
            return c.has("seed") ? g.seed(c.getLong("seed")) : g;
        });
        put.accept("AlphaDropout", c -> {
            AlphaDropout a = base(new AlphaDropout(c.getDouble("rate")).noiseShape(c.getShape("noise_shape")), c);
            return c.has("seed") ? a.seed(c.getLong("seed")) : a;
        });
        put.accept("ActivityRegularization", c -> base(new ActivityRegularization(c.getDouble("l1", 0), c.getDouble("l2", 0)), c));

        put.accept("ReLU", c -> base(new ReLU(c.getDoubleOrNull("max_value"), c.getDouble("negative_slope", 0), c.getDouble("threshold", 0)), c));
        // Keras 2 wrote LeakyReLU's slope as `alpha` (default 0.3 in both)
        put.accept("LeakyReLU", c -> base(new LeakyReLU(c.getDouble("negative_slope", c.getDouble("alpha", 0.3))), c));
        put.accept("ELU", c -> base(new ELU(c.getDouble("alpha", 1.0)), c));
        // Keras 2's ThresholdedReLU (x where x > theta, else 0; gone in Keras 3) is ReLU with threshold theta
        put.accept("ThresholdedReLU", c -> base(new ReLU(null, 0, c.getDouble("theta", 1.0)), c));
        put.accept("Softmax", c -> base(new Softmax(axes(c, "axis", new int[] {-1})), c));
        put.accept("PReLU", c -> {
            PReLU p = new PReLU().alphaInitializer(KerasSerialization.initializer(c, "alpha_initializer", io.jkeras.initializers.Initializers.zeros()));
            p.alphaRegularizer(KerasSerialization.regularizer(c, "alpha_regularizer")).alphaConstraint(KerasSerialization.constraint(c, "alpha_constraint"));
            if (c.has("shared_axes")) p.sharedAxes(tuple(c, "shared_axes", null));
            return base(p, c);
        });

        put.accept("Subtract", c -> base(new Subtract(), c));
        put.accept("Multiply", c -> base(new Multiply(), c));
        put.accept("Average", c -> base(new Average(), c));
        put.accept("Maximum", c -> base(new Maximum(), c));
        put.accept("Minimum", c -> base(new Minimum(), c));
        put.accept("Dot", c -> {
            int[] a = axes(c, "axes", null);
            if (a == null || a.length < 1 || a.length > 2) throw new IllegalArgumentException(c.owner() + ": Dot needs `axes` (an int or two ints)");
            return base((a.length == 1 ? new Dot(a[0]) : new Dot(a[0], a[1])).normalize(c.getBoolean("normalize", false)), c);
        });
    }

    private static <L extends Layer> L base(L layer, Config c) { return KerasSerialization.applyBaseConfig(layer, c); }

    private static <D extends Dropout> D seeded(D d, Config c) {
        if (c.has("seed")) d.seed(c.getLong("seed"));
        return d;
    }

    private static <T extends AbstractConv<T>> T common(T l, Config c) {
        if (c.has("strides")) l.strides(tuple(c, "strides", null));
        l.padding(c.getString("padding", "valid"));
        l.dataFormat(c.getString("data_format", "channels_last"));
        if (c.has("dilation_rate")) l.dilationRate(tuple(c, "dilation_rate", null));
        l.activation(KerasSerialization.activation(c, "activation"));
        l.useBias(c.getBoolean("use_bias", true));
        l.biasInitializer(KerasSerialization.initializer(c, "bias_initializer", l.biasInitializer));
        l.biasRegularizer(KerasSerialization.regularizer(c, "bias_regularizer"));
        l.biasConstraint(KerasSerialization.constraint(c, "bias_constraint"));
        return base(l, c);
    }

    private static <T extends BaseConv<T>> T conv(T l, Config c) {
        l.groups(c.getInt("groups", 1));
        l.kernelInitializer(KerasSerialization.initializer(c, "kernel_initializer", l.kernelInitializer));
        l.kernelRegularizer(KerasSerialization.regularizer(c, "kernel_regularizer"));
        l.kernelConstraint(KerasSerialization.constraint(c, "kernel_constraint"));
        return common(l, c);
    }

    private static <T extends BaseDepthwiseConv<T>> T depthwise(T l, Config c) {
        l.depthMultiplier(c.getInt("depth_multiplier", 1));
        l.depthwiseInitializer(KerasSerialization.initializer(c, "depthwise_initializer", l.depthwiseInitializer));
        l.depthwiseRegularizer(KerasSerialization.regularizer(c, "depthwise_regularizer"));
        l.depthwiseConstraint(KerasSerialization.constraint(c, "depthwise_constraint"));
        return common(l, c);
    }

    private static <T extends BaseSeparableConv<T>> T separable(T l, Config c) {
        l.depthMultiplier(c.getInt("depth_multiplier", 1));
        l.depthwiseInitializer(KerasSerialization.initializer(c, "depthwise_initializer", l.depthwiseInitializer));
        l.pointwiseInitializer(KerasSerialization.initializer(c, "pointwise_initializer", l.pointwiseInitializer));
        l.depthwiseRegularizer(KerasSerialization.regularizer(c, "depthwise_regularizer"));
        l.pointwiseRegularizer(KerasSerialization.regularizer(c, "pointwise_regularizer"));
        l.depthwiseConstraint(KerasSerialization.constraint(c, "depthwise_constraint"));
        l.pointwiseConstraint(KerasSerialization.constraint(c, "pointwise_constraint"));
        return common(l, c);
    }

    private static <T extends BaseConvTranspose<T>> T transpose(T l, Config c) {
        if (c.has("output_padding")) l.outputPadding(tuple(c, "output_padding", null));
        l.kernelInitializer(KerasSerialization.initializer(c, "kernel_initializer", l.kernelInitializer));
        l.kernelRegularizer(KerasSerialization.regularizer(c, "kernel_regularizer"));
        l.kernelConstraint(KerasSerialization.constraint(c, "kernel_constraint"));
        return common(l, c);
    }

    private static <T extends BasePooling<T>> T pool(T l, Config c) {
        if (c.has("strides")) l.strides(tuple(c, "strides", null));
        l.padding(c.getString("padding", "valid"));
        l.dataFormat(c.getString("data_format", "channels_last"));
        return base(l, c);
    }

    private static <T extends BaseGlobalPooling<T>> T global(T l, Config c) {
        l.dataFormat(c.getString("data_format", "channels_last"));
        l.keepdims(c.getBoolean("keepdims", false));
        return base(l, c);
    }

    private static BatchNormalization batchNorm(Config c) {
        int[] axis = axes(c, "axis", new int[] {-1});
        if (axis.length != 1) throw new IllegalArgumentException(c.owner() + ": BatchNormalization over several axes " + java.util.Arrays.toString(axis)
                + " is not supported; use one feature axis");
        if (c.getBoolean("renorm", false)) throw new IllegalArgumentException(c.owner() + ": BatchNormalization with renorm=True is not supported");
        BatchNormalization b = new BatchNormalization().axis(axis[0]).momentum(c.getDouble("momentum", 0.99)).epsilon(c.getDouble("epsilon", 1e-3))
                .center(c.getBoolean("center", true)).scale(c.getBoolean("scale", true));
        b.betaInitializer(KerasSerialization.initializer(c, "beta_initializer", io.jkeras.initializers.Initializers.zeros()));
        b.gammaInitializer(KerasSerialization.initializer(c, "gamma_initializer", io.jkeras.initializers.Initializers.ones()));
        b.movingMeanInitializer(KerasSerialization.initializer(c, "moving_mean_initializer", io.jkeras.initializers.Initializers.zeros()));
        b.movingVarianceInitializer(KerasSerialization.initializer(c, "moving_variance_initializer", io.jkeras.initializers.Initializers.ones()));
        b.betaRegularizer(KerasSerialization.regularizer(c, "beta_regularizer"));
        b.gammaRegularizer(KerasSerialization.regularizer(c, "gamma_regularizer"));
        b.betaConstraint(KerasSerialization.constraint(c, "beta_constraint"));
        b.gammaConstraint(KerasSerialization.constraint(c, "gamma_constraint"));
        return base(b, c);
    }

    private static LayerNormalization layerNorm(Config c) {
        LayerNormalization l = new LayerNormalization(axes(c, "axis", new int[] {-1})).epsilon(c.getDouble("epsilon", 1e-3))
                .center(c.getBoolean("center", true)).scale(c.getBoolean("scale", true)).rmsScaling(c.getBoolean("rms_scaling", false));
        l.betaInitializer(KerasSerialization.initializer(c, "beta_initializer", io.jkeras.initializers.Initializers.zeros()));
        l.gammaInitializer(KerasSerialization.initializer(c, "gamma_initializer", io.jkeras.initializers.Initializers.ones()));
        l.betaRegularizer(KerasSerialization.regularizer(c, "beta_regularizer"));
        l.gammaRegularizer(KerasSerialization.regularizer(c, "gamma_regularizer"));
        l.betaConstraint(KerasSerialization.constraint(c, "beta_constraint"));
        l.gammaConstraint(KerasSerialization.constraint(c, "gamma_constraint"));
        return base(l, c);
    }

    private static GroupNormalization groupNorm(Config c) {
        GroupNormalization g = new GroupNormalization(c.getInt("groups", 32)).axis(c.getInt("axis", -1)).epsilon(c.getDouble("epsilon", 1e-3))
                .center(c.getBoolean("center", true)).scale(c.getBoolean("scale", true));
        g.betaInitializer(KerasSerialization.initializer(c, "beta_initializer", io.jkeras.initializers.Initializers.zeros()));
        g.gammaInitializer(KerasSerialization.initializer(c, "gamma_initializer", io.jkeras.initializers.Initializers.ones()));
        g.betaRegularizer(KerasSerialization.regularizer(c, "beta_regularizer"));
        g.gammaRegularizer(KerasSerialization.regularizer(c, "gamma_regularizer"));
        g.betaConstraint(KerasSerialization.constraint(c, "beta_constraint"));
        g.gammaConstraint(KerasSerialization.constraint(c, "gamma_constraint"));
        return base(g, c);
    }

    /** An int or a list of ints; {@code defaultValue} when absent (null default: required). */
    static int[] tuple(Config c, String key, int[] defaultValue) {
        Object v = c.get(key);
        if (v == null) {
            if (defaultValue == null) throw new IllegalArgumentException(c.owner() + ": config entry '" + key + "' is required");
            return defaultValue;
        }
        if (v instanceof Number n) return new int[] {n.intValue()};
        return c.getIntArray(key);
    }

    private static int[] axes(Config c, String key, int[] defaultValue) { return tuple(c, key, defaultValue); }

    /** Padding/cropping: an int (all ends), one int per axis, or one (before, after) pair per axis. */
    private static int[][] pairs(Config c, String key, int rank, int defaultValue) {
        Object v = c.get(key);
        int[][] out = new int[rank][];
        if (v == null || v instanceof Number) {
            int a = v == null ? defaultValue : ((Number) v).intValue();
            for (int i = 0; i < rank; i++) out[i] = new int[] {a, a};
            return out;
        }
        List<Object> l = c.getList(key);
        if (l.size() != rank) throw new IllegalArgumentException(c.owner() + ": '" + key + "' needs " + rank + " entries, found " + l);
        for (int i = 0; i < rank; i++) {
            Object e = l.get(i);
            if (e instanceof Number n) out[i] = new int[] {n.intValue(), n.intValue()};
            else if (e instanceof List<?> p && p.size() == 2 && p.get(0) instanceof Number a && p.get(1) instanceof Number b) out[i] = new int[] {a.intValue(), b.intValue()};
            else throw new IllegalArgumentException(c.owner() + ": '" + key + "' entries must be ints or (before, after) pairs, found " + l);
        }
        return out;
    }
}
