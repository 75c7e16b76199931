package io.jkeras.layers.preprocessing;

import io.jkeras.callbacks.History;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.random.SeedGenerator;
import io.jkeras.saving.Models;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jkeras.models.KerasTensor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** keras.io's image-classification pattern: augmentation layers at the front of a Sequential model that trains, saves and loads. */
class ImageModelTest {
    @TempDir Path tmp;

    @BeforeEach void fresh() { Layer.clearSession(); }

    /** Bright images (class 1) and dark ones (class 0), 12 x 12 RGB in [0, 255]. */
    static Tensor[] data(int n) {
        float[] x = new float[n * 12 * 12 * 3];
        int[] y = new int[n];
        float[] noise = Ops.randomUniform(Shape.of(x.length), 0, 100, DType.FLOAT32, 21).toFloatArray();
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 432; j++) x[i * 432 + j] = noise[i * 432 + j] + (y[i] == 1 ? 150 : 0);
        }
        return new Tensor[] {Tensor.wrap(x, n, 12, 12, 3), Tensor.of(y, n)};
    }

    static Sequential model() {
        Sequential m = new Sequential("augmented");
        m.add(Input.of(12, 12, 3));
        m.add(new Rescaling(1 / 255.0));
        m.add(new RandomFlip("horizontal").seed(1));
        m.add(new RandomRotation(0.1).seed(2));
        m.add(new Conv2D(4, 3, "relu"));
        m.add(new GlobalAveragePooling2D());
        m.add(new Dense(2, "softmax"));
        return m;
    }

    @Test void augmentedModelTrainsAndRoundTripsThroughAKerasFile() throws Exception {
        SeedGenerator.setGlobalSeed(5);
        Tensor[] d = data(32);
        Sequential m = model();
        m.compile(new Adam(0.05), "sparse_categorical_crossentropy", "accuracy");
        History h = m.fit(d[0], d[1], FitOptions.builder().epochs(8).batchSize(8).verbose(0));
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss did not fall: " + loss);
        Tensor before = m.predict(d[0]);
        // inference skips the augmentations: predicting twice gives the same numbers
        assertArrayEquals(before.toFloatArray(), m.predict(d[0]).toFloatArray(), 0);
        Path file = tmp.resolve("augmented.keras");
        Models.save(m, file);
        Layer.clearSession();
        Model back = Models.load(file);
        List<String> kinds = back.layers().stream().map(Layer::className).toList();
        assertEquals(List.of("Rescaling", "RandomFlip", "RandomRotation", "Conv2D", "GlobalAveragePooling2D", "Dense"), kinds);
        RandomRotation rot = (RandomRotation) back.layers().get(2);
        assertArrayEquals(new double[] {-0.1, 0.1}, rot.factor(), 0);
        assertEquals(2L, rot.seed());
        assertArrayEquals(before.toFloatArray(), back.predict(d[0]).toFloatArray(), 0);
        // and it trains on after loading
        History more = back.fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(8).verbose(0));
        assertTrue(Double.isFinite(more.get("loss").get(0)));
    }

    /**
     * Keras records {@code "kwargs": {"training": true}} on the nodes of its image preprocessing
     * layers in Functional models (their call's default); its Functional replaces it with the
     * model's own flag, so such files load and predict without augmentation.
     */
    @Test void kerasTrainingTrueNodeKwargsLoad() throws Exception {
        KerasTensor in = Input.of(8, 10, 3);
        KerasTensor h = new Resizing(6, 6).apply(in);
        h = new RandomFlip("horizontal").seed(3).apply(h);
        h = new RandomRotation(0.2).seed(4).apply(h);
        KerasTensor out = new Dense(2).apply(new GlobalAveragePooling2D().apply(h));
        Model m = new Model(List.of(in), List.of(out), "functional");
        Tensor x = Ops.randomUniform(Shape.of(3, 8, 10, 3), 0, 1, DType.FLOAT32, 8);
        Tensor before = m.predict(x);
        Path plain = tmp.resolve("plain.keras"), asKeras = tmp.resolve("as_keras.keras");
        Models.save(m, plain);
        int rewritten = 0;
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(plain));
             ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(asKeras))) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                byte[] bytes = zin.readAllBytes();
                if (e.getName().equals("config.json")) {
                    String json = new String(bytes, StandardCharsets.UTF_8);
                    String edited = json.replace("\"kwargs\": {}", "\"kwargs\": {\"training\": true}");
                    rewritten = (edited.length() - json.length()) / "\"training\": true".length();
                    bytes = edited.getBytes(StandardCharsets.UTF_8);
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(bytes);
                zout.closeEntry();
            }
        }
        assertTrue(rewritten >= 3, "expected the nodes' kwargs in config.json, rewrote " + rewritten);
        Layer.clearSession();
        Model back = Models.load(asKeras);
        assertArrayEquals(before.toFloatArray(), back.predict(x).toFloatArray(), 0);
    }
}
