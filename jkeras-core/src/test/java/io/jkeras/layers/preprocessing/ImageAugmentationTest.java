package io.jkeras.layers.preprocessing;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.ops.Ops;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.jkeras.layers.preprocessing.ImageLayersValuesTest.ar;
import static org.junit.jupiter.api.Assertions.*;

/** Behaviour of the image augmentation layers: inference, seeds, flips, argument errors, configs and gradients. */
class ImageAugmentationTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    private static Tensor images() { return Ops.randomUniform(Shape.of(6, 8, 10, 3), 0, 255, DType.FLOAT32, 5); }

    /** One of each augmentation, seeded, with wide factors. */
    private static List<Supplier<RandomImageLayer<?>>> augmentations(long seed) {
        return List.of(
                () -> new RandomFlip().seed(seed),
                () -> new RandomRotation(0.3).seed(seed),
                () -> new RandomZoom(0.4).seed(seed),
                () -> new RandomTranslation(0.3, 0.3).seed(seed),
                () -> new RandomContrast(0.2, 0.5).seed(seed),
                () -> new RandomBrightness(0.4).seed(seed),
                () -> new RandomCrop(5, 7).seed(seed));
    }

    @Test void inferenceIsTheIdentity() {
        Tensor x = images();
        for (Supplier<RandomImageLayer<?>> s : augmentations(1)) {
            RandomImageLayer<?> l = s.get();
            assertArrayEquals(x.toFloatArray(), l.apply(x).toFloatArray(), 0, l.className());
            assertArrayEquals(x.toFloatArray(), l.apply(x, false).toFloatArray(), 0, l.className());
        }
        // integer images come out float32, as Keras casts to the compute dtype
        Tensor ints = Tensor.of(new int[] {1, 2, 3, 4}, 2, 2, 1);
        Tensor y = new RandomFlip().apply(ints);
        assertEquals(DType.FLOAT32, y.dtype());
        assertArrayEquals(new float[] {1, 2, 3, 4}, y.toFloatArray());
    }

    @Test void sameSeedSameDrawsDifferentSeedsDiffer() {
        Tensor x = images();
        List<Supplier<RandomImageLayer<?>>> a = augmentations(7), b = augmentations(7), c = augmentations(8);
        for (int i = 0; i < a.size(); i++) {
            RandomImageLayer<?> la = a.get(i).get(), lb = b.get(i).get(), lc = c.get(i).get();
            float[] first = la.apply(x, true).toFloatArray();
            assertArrayEquals(first, lb.apply(x, true).toFloatArray(), 0, la.className() + ": same seed, first call");
            assertFalse(Arrays.equals(first, lc.apply(x, true).toFloatArray()), la.className() + ": another seed gives the same output");
            // the next call draws anew, and the same for both layers of the same seed
            float[] second = la.apply(x, true).toFloatArray();
            assertArrayEquals(second, lb.apply(x, true).toFloatArray(), 0, la.className() + ": same seed, second call");
            assertFalse(Arrays.equals(first, second), la.className() + ": the second call repeats the first draw");
        }
    }

    @Test void flipGivesTheImageOrItsMirror() {
        Tensor x = ar(16, 3, 4, 2);
        Tensor h = Ops.flip(x, 2), v = Ops.flip(x, 1), hv = Ops.flip(Ops.flip(x, 1), 2);
        for (String mode : List.of("horizontal", "vertical", "horizontal_and_vertical")) {
            Tensor mirror = mode.equals("horizontal") ? h : mode.equals("vertical") ? v : hv;
            Tensor y = new RandomFlip(mode).seed(3).apply(x, true);
            int flipped = 0;
            for (int i = 0; i < 16; i++) {
                float[] yi = Ops.sliceAxis(y, 0, i, i + 1).toFloatArray();
                boolean same = Arrays.equals(yi, Ops.sliceAxis(x, 0, i, i + 1).toFloatArray());
                boolean mirrored = Arrays.equals(yi, Ops.sliceAxis(mirror, 0, i, i + 1).toFloatArray());
                assertTrue(same || mirrored, mode + ": image " + i + " is neither unchanged nor flipped");
                if (mirrored) flipped++;
            }
            assertTrue(flipped > 0 && flipped < 16, mode + ": " + flipped + " of 16 flipped");
        }
        // a single image, channels first
        Tensor one = ar(2, 3, 4);
        Tensor y1 = new RandomFlip("horizontal").dataFormat("channels_first").seed(0).apply(one, true);
        assertTrue(Arrays.equals(y1.toFloatArray(), one.toFloatArray()) || Arrays.equals(y1.toFloatArray(), Ops.flip(one, 2).toFloatArray()));
    }

    @Test void zeroWidthFactorsAreTheIdentityInTraining() {
        Tensor x = images();
        float[] v = x.toFloatArray();
        assertArrayEquals(v, new RandomRotation(0).apply(x, true).toFloatArray(), 1e-3f);
        assertArrayEquals(v, new RandomZoom(0).apply(x, true).toFloatArray(), 1e-3f);
        assertArrayEquals(v, new RandomTranslation(0, 0).apply(x, true).toFloatArray(), 1e-3f);
        assertArrayEquals(v, new RandomContrast(0).apply(x, true).toFloatArray(), 1e-3f);
        assertArrayEquals(v, new RandomBrightness(0).apply(x, true).toFloatArray(), 1e-3f);
    }

    @Test void randomCropWindowLiesInsideTheImage() {
        Tensor x = ar(2, 6, 7, 1);
        Tensor y = new RandomCrop(3, 4).seed(11).apply(x, true);
        assertEquals(Shape.of(2, 3, 4, 1), y.shape());
        float[] v = y.toFloatArray();
        // the same window for both images: image 1 is image 0 + 42
        for (int i = 0; i < 12; i++) assertEquals(v[i] + 42, v[12 + i], 0);
        int r0 = (int) v[0] / 7, c0 = (int) v[0] % 7;
        assertTrue(r0 <= 3 && c0 <= 3);
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) assertEquals((r0 + r) * 7 + c0 + c, v[r * 4 + c], 0);
    }

    @Test void symbolicShapes() {
        KerasTensor in = Input.of(32, 40, 3);
        assertEquals(Shape.of(Shape.UNKNOWN, 16, 20, 3), new Resizing(16, 20).apply(in).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 30, 30, 3), new CenterCrop(30, 30).apply(in).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 28, 28, 3), new RandomCrop(28, 28).apply(in).shape());
        assertEquals(in.shape(), new RandomRotation(0.1).apply(in).shape());
        KerasTensor cf = Input.of(3, 32, 40);
        assertEquals(Shape.of(Shape.UNKNOWN, 3, 8, 9), new Resizing(8, 9).dataFormat("channels_first").apply(cf).shape());
    }

    private static void error(Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) assertTrue(ex.getMessage().contains(p), "'" + p + "' missing from: " + ex.getMessage());
    }

    @Test void badArgumentsNameTheLayerAndTheValue() {
        error(() -> new RandomRotation(2), "random_rotation", "RandomRotation", "[-1, 1]", "factor=2");
        error(() -> new RandomRotation(0.1).fillMode("mirror"), "random_rotation", "fill_mode=mirror", "\"reflect\"");
        error(() -> new RandomRotation(0.1).interpolation("bicubic"), "interpolation=bicubic");
        error(() -> new RandomZoom(-1), "random_zoom", "(-1.0, 1.0]", "height_factor=-1");
        error(() -> new RandomZoom(0.1).widthFactor(1.5), "width_factor=1.5");
        error(() -> new RandomTranslation(1.5, 0), "random_translation", "[-1.0, 1.0]", "height_factor=1.5");
        error(() -> new RandomContrast(1.5), "random_contrast", "[0, 1]", "factor=1.5");
        error(() -> new RandomBrightness(-2), "random_brightness", "factor=-2");
        error(() -> new RandomFlip("diagonal"), "random_flip", "mode=diagonal", "\"horizontal\"");
        error(() -> new Resizing(0, 4), "resizing", "height=0");
        error(() -> new Resizing(4, 4).interpolation("bicubic"), "resizing", "bicubic", "not implemented");
        error(() -> new Resizing(4, 4).cropToAspectRatio(true).padToAspectRatio(true), "Only one of");
        error(() -> new CenterCrop(2, 2).dataFormat("nhwc"), "center_crop", "data_format=nhwc");
        error(() -> new RandomCrop(-1, 2), "random_crop", "height=-1");
        error(() -> new Resizing(2, 2).name("rs").apply(Tensor.zeros(Shape.of(4, 4), DType.FLOAT32)), "rs", "Resizing", "rank 3", "(4, 4)");
    }

    /** Each layer's config, built back by the registry, gives the same config and the same training-time output. */
    @Test void configsRoundTripThroughTheRegistry() {
        Tensor x = images();
        List<Layer> layers = List.of(
                new Resizing(5, 6).interpolation("nearest").padToAspectRatio(true).fillValue(3).antialias(true),
                new CenterCrop(4, 4).dataFormat("channels_last"),
                new RandomFlip("vertical").seed(4),
                new RandomRotation(-0.2, 0.1).fillMode("constant").fillValue(9).interpolation("nearest").seed(4),
                new RandomZoom(0.3).widthFactor(-0.2, 0.1).fillMode("wrap").seed(4),
                new RandomTranslation(new double[] {0.2}, new double[] {-0.1, 0.3}).fillMode("nearest").seed(4),
                new RandomContrast(0.3).valueRange(10, 200).seed(4),
                new RandomBrightness(-0.1, 0.3).valueRange(255, 0).seed(4),
                new RandomCrop(4, 5).seed(4));
        for (Layer l : layers) {
            Map<String, Object> c = l.getConfig();
            Layer back = KerasSerialization.layerFromEntry(Map.of("class_name", l.className(), "config", c));
            assertEquals(c, back.getConfig(), l.className());
            assertArrayEquals(l.apply(x, true).toFloatArray(), back.apply(x, true).toFloatArray(), 0, l.className());
        }
        // Keras's key names
        assertEquals(List.of(-0.2, 0.1), layers.get(3).getConfig().get("factor"));
        assertEquals(0.3, layers.get(4).getConfig().get("height_factor"));
        assertEquals(List.of(-0.2, 0.1), layers.get(4).getConfig().get("width_factor"));
        assertEquals(List.of(0.0, 0.3), layers.get(6).getConfig().get("factor"));
        assertEquals(List.of(0.0, 255.0), layers.get(7).getConfig().get("value_range"));
        assertEquals(Boolean.TRUE, layers.get(0).getConfig().get("antialias"));
    }

    /** Gradients flow through the resampling (gathers and matrix products), checked against central differences in float64. */
    @Test void gradientsMatchFiniteDifferences() {
        Tensor x = Ops.cast(Ops.randomUniform(Shape.of(2, 4, 5, 2), 0, 1, DType.FLOAT32, 3), DType.FLOAT64);
        List<Supplier<Layer>> layers = List.of(
                () -> new Resizing(3, 7),
                () -> new Resizing(3, 3).antialias(true).padToAspectRatio(true),
                () -> new RandomRotation(0.1, 0.1).fillMode("constant").fillValue(0.5),
                () -> new RandomZoom(-0.3, -0.3).fillMode("reflect"),
                () -> new RandomContrast(-0.2, 0.2).valueRange(-10, 10));   // factor exactly 1.2
        for (Supplier<Layer> s : layers) {
            Tensor w = Ops.cast(Ops.randomNormal(s.get().apply(x, true).shape(), 0, 1, DType.FLOAT32, 9), DType.FLOAT64);
            Tensor g;
            try (GradientTape tape = new GradientTape()) {
                tape.watch(x);
                Tensor loss = Ops.sum(Ops.multiply(s.get().apply(x, true), w));
                g = tape.gradient(loss, x);
            }
            double[] xv = x.toDoubleArray(), gv = g.toDoubleArray();
            double eps = 1e-6;
            for (int i = 0; i < xv.length; i += 7) {
                double[] p = xv.clone(), m = xv.clone();
                p[i] += eps;
                m[i] -= eps;
                double fp = Ops.sum(Ops.multiply(s.get().apply(Tensor.wrap(p, x.shape()), true), w)).toDoubleArray()[0];
                double fm = Ops.sum(Ops.multiply(s.get().apply(Tensor.wrap(m, x.shape()), true), w)).toDoubleArray()[0];
                assertEquals((fp - fm) / (2 * eps), gv[i], 1e-6, s.get().className() + " element " + i);
            }
        }
    }
}
