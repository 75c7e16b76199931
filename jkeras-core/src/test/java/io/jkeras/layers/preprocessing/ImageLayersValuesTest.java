package io.jkeras.layers.preprocessing;

import io.jkeras.layers.Layer;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Resizing, CenterCrop and the augmentations with factors that make them deterministic, against
 * Keras 3.15.1 (JAX 0.10.2 backend). The expected numbers were printed by
 * {@code KERAS_BACKEND=jax python} with {@code keras.layers.X(...)(np.arange(n, dtype="float32").reshape(shape), training=True)}
 * for the arguments named in each assertion, and pasted here; the inputs are the same aranges.
 */
class ImageLayersValuesTest {
    private static final float TOL = 2e-4f;   // Keras computes coordinates in float32, we in float64

    @BeforeEach void fresh() { Layer.clearSession(); }

    /** {@code np.arange(prod(shape), dtype="float32").reshape(shape)}. */
    static Tensor ar(int... shape) {
        float[] v = new float[Shape.of(shape).size() > Integer.MAX_VALUE ? 0 : (int) Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return Tensor.wrap(v, shape);
    }

    static void check(float[] expected, int[] shape, Tensor actual) {
        assertEquals(Shape.of(shape), actual.shape());
        assertArrayEquals(expected, actual.toFloatArray(), TOL);
    }

    // ---------------------------------------------------------------- Resizing

    @Test void resizingBilinearDownAndUp() {
        // Resizing(3, 2) on arange (1, 4, 5, 2)
        check(new float[] {3.166667f, 4.166667f, 8.166667f, 9.166667f, 16.5f, 17.5f, 21.5f, 22.5f, 29.833336f, 30.833336f, 34.833336f, 35.833336f}, new int[] {1, 3, 2, 2}, new Resizing(3, 2).apply(ar(1, 4, 5, 2)));
        // Resizing(5, 4) on arange (1, 2, 3, 1): up-sampling, edges clamped
        check(new float[] {0f, 0.625f, 1.375f, 2f, 0.3f, 0.925f, 1.675f, 2.3f, 1.5f, 2.125f, 2.875f, 3.5f, 2.7f, 3.325f, 4.075f, 4.7f, 3f, 3.625f, 4.375f, 5f}, new int[] {1, 5, 4, 1}, new Resizing(5, 4).apply(ar(1, 2, 3, 1)));
    }

    @Test void resizingNearest() {
        // Resizing(3, 7, interpolation="nearest") on arange (1, 4, 5, 2)
        check(new float[] {0f, 1f, 2f, 3f, 2f, 3f, 4f, 5f, 6f, 7f, 6f, 7f, 8f, 9f, 20f, 21f, 22f, 23f, 22f, 23f, 24f, 25f, 26f, 27f, 26f, 27f, 28f, 29f, 30f, 31f, 32f, 33f, 32f, 33f, 34f, 35f, 36f, 37f, 36f, 37f, 38f, 39f}, new int[] {1, 3, 7, 2}, new Resizing(3, 7).interpolation("nearest").apply(ar(1, 4, 5, 2)));
        // Resizing(2, 3, interpolation="nearest") on arange (1, 4, 5, 1)
        check(new float[] {5f, 7f, 9f, 15f, 17f, 19f}, new int[] {1, 2, 3, 1}, new Resizing(2, 3).interpolation("nearest").apply(ar(1, 4, 5, 1)));
    }

    @Test void resizingCropAndPadToAspectRatioOnSingleImages() {
        // Resizing(2, 2, crop_to_aspect_ratio=True) on arange (4, 6, 1)
        check(new float[] {4.5f, 6.5f, 16.5f, 18.5f}, new int[] {2, 2, 1}, new Resizing(2, 2).cropToAspectRatio(true).apply(ar(4, 6, 1)));
        // Resizing(3, 3, pad_to_aspect_ratio=True, fill_value=0.5) on arange (2, 4, 1): rows padded
        check(new float[] {0.444444f, 0.666667f, 0.888889f, 2.166667f, 3.5f, 4.833333f, 1.111111f, 1.333333f, 1.555555f}, new int[] {3, 3, 1}, new Resizing(3, 3).padToAspectRatio(true).fillValue(0.5).apply(ar(2, 4, 1)));
        // ... and on arange (4, 2, 1): columns padded
        check(new float[] {0.472222f, 0.833333f, 0.638889f, 0.916667f, 3.5f, 1.083333f, 1.361111f, 6.166667f, 1.527777f}, new int[] {3, 3, 1}, new Resizing(3, 3).padToAspectRatio(true).fillValue(0.5).apply(ar(4, 2, 1)));
    }

    @Test void resizingChannelsFirstAndAntialias() {
        // Resizing(2, 3, data_format="channels_first") on arange (1, 2, 4, 5)
        check(new float[] {2.833333f, 4.5f, 6.166667f, 12.833334f, 14.5f, 16.166666f, 22.833332f, 24.5f, 26.166666f, 32.833332f, 34.5f, 36.166668f}, new int[] {1, 2, 2, 3}, new Resizing(2, 3).dataFormat("channels_first").apply(ar(1, 2, 4, 5)));
        // Resizing(2, 3, antialias=True) on arange (1, 6, 7, 1)
        check(new float[] {9.607143f, 11.750001f, 13.892857f, 27.107143f, 29.250002f, 31.392857f}, new int[] {1, 2, 3, 1}, new Resizing(2, 3).antialias(true).apply(ar(1, 6, 7, 1)));
    }

    // ---------------------------------------------------------------- CenterCrop

    @Test void centerCrop() {
        // CenterCrop(2, 3) on arange (1, 5, 5, 1)
        check(new float[] {6f, 7f, 8f, 11f, 12f, 13f}, new int[] {1, 2, 3, 1}, new CenterCrop(2, 3).apply(ar(1, 5, 5, 1)));
        // CenterCrop(4, 4) on arange (3, 5, 1): smaller than the window, so crop to 1:1 and resize
        check(new float[] {1f, 1.625f, 2.375f, 3f, 4.125f, 4.75f, 5.5f, 6.125f, 7.875f, 8.5f, 9.25f, 9.875f, 11f, 11.625f, 12.375f, 13f}, new int[] {4, 4, 1}, new CenterCrop(4, 4).apply(ar(3, 5, 1)));
        // CenterCrop(2, 2, data_format="channels_first") on arange (2, 4, 3)
        check(new float[] {3f, 4f, 6f, 7f, 15f, 16f, 18f, 19f}, new int[] {2, 2, 2}, new CenterCrop(2, 2).dataFormat("channels_first").apply(ar(2, 4, 3)));
    }

    // ---------------------------------------------------------------- affine augmentations

    @Test void rotationByExactlyNinetyDegreesTurnsCounterClockwise() {
        // RandomRotation((0.25, 0.25), fill_mode="constant", fill_value=-1) on arange (1, 4, 5, 1)
        Tensor y = new RandomRotation(0.25, 0.25).fillMode("constant").fillValue(-1).apply(ar(1, 4, 5, 1), true);
        check(new float[] {1.25f, 6f, 11f, 16f, 8.75f, 0.75f, 5f, 10f, 15f, 8.25f, 0.25f, 4f, 9f, 14f, 7.75f, -0.25f, 3f, 8f, 12.999998f, 7.250004f}, new int[] {1, 4, 5, 1}, y);
    }

    @Test void rotationFillModes() {
        Tensor x = ar(1, 4, 5, 1);
        // RandomRotation((0.1, 0.1), fill_mode=..., fill_value=-1): 36 degrees
        check(new float[] {1.263644f, 2.072661f, 4.31405f, 8.061994f, 11.310225f, 0.675859f, 4.023407f, 7.771349f, 11.519293f, 15.267238f, 3.732763f, 7.480706f, 11.228649f, 14.976592f, 18.324142f, 7.689775f, 10.938006f, 14.685949f, 16.92734f, 17.736357f}, new int[] {1, 4, 5, 1}, new RandomRotation(0.1, 0.1).apply(x, true));
        check(new float[] {14.600085f, 6.592322f, 4.31405f, 8.061994f, 9.311377f, 1.877044f, 4.023407f, 7.771349f, 11.519293f, 15.267238f, 3.732763f, 7.480706f, 11.228649f, 14.976592f, 17.122959f, 9.688622f, 10.938006f, 14.685949f, 12.407679f, 4.399916f}, new int[] {1, 4, 5, 1}, new RandomRotation(0.1, 0.1).fillMode("wrap").apply(x, true));
        check(new float[] {-0.748953f, 1.146835f, 4.31405f, 8.061994f, 5.158658f, 0.541658f, 4.023407f, 7.771349f, 11.519293f, 15.267238f, 3.732763f, 7.480706f, 11.228649f, 14.976592f, 16.776688f, 3.347391f, 10.938006f, 14.685949f, 11.52564f, 1.077936f}, new int[] {1, 4, 5, 1},
                new RandomRotation(0.1, 0.1).fillMode("constant").fillValue(-1).apply(x, true));
        check(new float[] {1.263644f, 2.072661f, 4.31405f, 8.061994f, 11.310225f, 0.675859f, 4.023407f, 7.771349f, 11.519293f, 15.267238f, 3.732763f, 7.480706f, 11.228649f, 14.976592f, 18.324142f, 7.689775f, 10.938006f, 14.685949f, 16.92734f, 17.736357f}, new int[] {1, 4, 5, 1}, new RandomRotation(0.1, 0.1).fillMode("nearest").apply(x, true));
        // RandomRotation((0.1, 0.1), interpolation="nearest", fill_mode="constant")
        check(new float[] {0f, 2f, 3f, 9f, 9f, 1f, 6f, 7f, 13f, 14f, 5f, 6f, 12f, 13f, 18f, 10f, 10f, 16f, 17f, 0f}, new int[] {1, 4, 5, 1},
                new RandomRotation(0.1, 0.1).interpolation("nearest").fillMode("constant").apply(x, true));
        // RandomRotation((-0.1, -0.1), data_format="channels_first") on a single image arange (2, 4, 5)
        check(new float[] {7.310225f, 4.680604f, 2.550694f, 1.927339f, 2.736356f, 11.443383f, 9.313474f, 7.183565f, 5.053656f, 3.324142f, 15.675858f, 13.946345f, 11.816435f, 9.686526f, 7.556616f, 16.263645f, 17.07266f, 16.449305f, 14.319396f, 11.689775f, 27.310225f, 24.680603f, 22.550695f, 21.92734f, 22.736357f, 31.443384f, 29.313473f, 27.183565f, 25.053656f, 23.324141f, 35.675861f, 33.946346f, 31.816435f, 29.686527f, 27.556618f, 36.263645f, 37.072662f, 36.449306f, 34.319397f, 31.689774f}, new int[] {2, 4, 5}, new RandomRotation(-0.1, -0.1).dataFormat("channels_first").apply(ar(2, 4, 5), true));
    }

    @Test void zoomWithFixedFactors() {
        Tensor x = ar(1, 4, 5, 1);
        // RandomZoom((0.5, 0.5), (-0.25, -0.25), fill_mode="constant"): out on rows, in on columns
        check(new float[] {0.125f, 0.3125f, 0.5f, 0.6875f, 0.875f, 4.25f, 5f, 5.75f, 6.5f, 7.25f, 11.75f, 12.5f, 13.25f, 14f, 14.75f, 3.875f, 4.0625f, 4.25f, 4.4375f, 4.625f}, new int[] {1, 4, 5, 1}, new RandomZoom(0.5, 0.5).widthFactor(-0.25, -0.25).fillMode("constant").apply(x, true));
        // RandomZoom((0.5, 0.5)): the width follows the height, reflect fill
        check(new float[] {0f, 0.5f, 2f, 3.5f, 4f, 3.75f, 4.25f, 5.75f, 7.25f, 7.75f, 11.25f, 11.75f, 13.25f, 14.75f, 15.25f, 15f, 15.5f, 17f, 18.5f, 19f}, new int[] {1, 4, 5, 1}, new RandomZoom(0.5, 0.5).apply(x, true));
    }

    @Test void translationWithFixedFactors() {
        Tensor x = ar(1, 4, 5, 1);
        // RandomTranslation((0.25, 0.25), (-0.2, -0.2))
        check(new float[] {1f, 2f, 3f, 4f, 4f, 1f, 2f, 3f, 4f, 4f, 6f, 7f, 8f, 9f, 9f, 11f, 12f, 13f, 14f, 14f}, new int[] {1, 4, 5, 1},
                new RandomTranslation(new double[] {0.25, 0.25}, new double[] {-0.2, -0.2}).apply(x, true));
        // RandomTranslation((0.25, 0.25), (-0.3, -0.3), fill_mode="wrap")
        check(new float[] {16.5f, 17.5f, 18.5f, 17f, 15.5f, 1.5f, 2.5f, 3.5f, 2f, 0.5f, 6.5f, 7.5f, 8.5f, 7f, 5.5f, 11.5f, 12.5f, 13.5f, 12f, 10.5f}, new int[] {1, 4, 5, 1},
                new RandomTranslation(new double[] {0.25, 0.25}, new double[] {-0.3, -0.3}).fillMode("wrap").apply(x, true));
        // RandomTranslation((-0.5, -0.5), (0.3, 0.3), fill_mode="nearest", interpolation="nearest")
        check(new float[] {10f, 10f, 11f, 12f, 13f, 15f, 15f, 16f, 17f, 18f, 15f, 15f, 16f, 17f, 18f, 15f, 15f, 16f, 17f, 18f}, new int[] {1, 4, 5, 1}, new RandomTranslation(new double[] {-0.5, -0.5}, new double[] {0.3, 0.3})
                .fillMode("nearest").interpolation("nearest").apply(x, true));
    }

    // ---------------------------------------------------------------- colour and crop

    @Test void contrastAndBrightnessWithFixedFactors() {
        Tensor x = ImageLayersValuesTest.scaled(ar(2, 2, 3, 2), 10);
        // RandomContrast((-0.5, 0.5)) on arange (2, 2, 3, 2) * 10: factor drawn from [1.5, 1.5], clipped to [0, 255]
        check(new float[] {0f, 0f, 5f, 15f, 35f, 45f, 65f, 75f, 95f, 105f, 125f, 135f, 95f, 105f, 125f, 135f, 155f, 165f, 185f, 195f, 215f, 225f, 245f, 255f}, new int[] {2, 2, 3, 2}, new RandomContrast(-0.5, 0.5).apply(x, true));
        // RandomBrightness((0.2, 0.2)) on arange * 30: +51, clipped to [0, 255]
        check(new float[] {51f, 81f, 111f, 141f, 171f, 201f, 231f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f, 255f}, new int[] {2, 2, 3, 2}, new RandomBrightness(0.2, 0.2).apply(scaled(x, 3), true));
        // RandomBrightness((-0.5, -0.5), value_range=(0, 1)) on arange * 0.1
        check(new float[] {0f, 0f, 0f, 0f, 0f, 0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f}, new int[] {2, 2, 3, 2}, new RandomBrightness(-0.5, -0.5).valueRange(0, 1).apply(scaled(x, 0.01), true));
    }

    @Test void randomCropFallsBackToAspectCropWhenNotLarger() {
        // RandomCrop(3, 5) on arange (1, 4, 5, 1): the width is not larger, so Keras crops rows [0, 3)
        check(new float[] {0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f}, new int[] {1, 3, 5, 1}, new RandomCrop(3, 5).apply(ar(1, 4, 5, 1), true));
        // inference: Keras 3 passes the input through
        check(new float[] {0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f, 18f, 19f}, new int[] {1, 4, 5, 1}, new RandomCrop(2, 2).apply(ar(1, 4, 5, 1), false));
    }

    static Tensor scaled(Tensor x, double s) {
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] *= (float) s;
        return Tensor.wrap(v, x.shape().toArray());
    }
}
