package io.jkeras.layers;

import io.jkeras.models.Model;
import io.jkeras.saving.Models;
import io.jkeras.saving.SavingRegistry;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.SharedFixtures;
import io.jkeras.testutil.Oracle;
import io.jkeras.utils.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real files written by Keras 3.15.1 (../shared/fixtures/keras3) with convolution, pooling,
 * normalization, noise, reshaping and merge layers: each loads (.keras and legacy .h5), has Keras's
 * parameter count, and predicts what Keras predicted, |a-e| <= tol * max(|e|, 1).
 */
class KerasFixturesLayersTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"activation_layers", "batchnorm", "cnn_mnist", "conv1d_paddings", "conv2d_same", "conv3d", "conv_autoencoder", "conv_groups_dilation",
            "conv_transpose", "depthwise_separable", "global_pooling", "merge_layers", "noise_identity", "normalizations", "pooling", "preprocessing",
            "reshape_permute", "separable_conv1d", "upsample_bilinear", "upsample_pad_crop"})
    void loadsAndPredictsLikeKeras(String caseName) throws IOException {
        Path dir = SharedFixtures.keras3Case(caseName);
        Map<String, Object> info = SharedFixtures.json(dir.resolve("case.json"));
        @SuppressWarnings("unchecked") List<String> classes = (List<String>) info.get("layers");
        for (String cls : classes) Assumptions.assumeTrue(SavingRegistry.isRegistered(cls), "layer class " + cls + " is not implemented/registered yet");
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve("x_" + i + ".npy")); i++) xs.add(Npy.read(dir.resolve("x_" + i + ".npy")));
        double tol = ((Number) info.get("tolerance")).doubleValue();
        List<String> files = new ArrayList<>(List.of("model.keras"));
        if (Boolean.TRUE.equals(info.get("h5")) && Boolean.TRUE.equals(info.get("h5_reload_ok"))) files.add("model.h5");
        for (String file : files) {
            Layer.clearSession();
            Model model = Models.load(dir.resolve(file));
            assertEquals(((Number) info.get("params")).longValue(), model.countParams(), caseName + "/" + file + ": parameter count");
            if (file.equals("model.keras")) {
                // the loaded model prints the summary Keras printed (shapes, parameter counts, layer names)
                String expected = Files.readString(dir.resolve("summary.txt"));
                assertEquals(List.of(expected.split("\n", -1)), List.of(model.summaryString().split("\n", -1)), caseName + ": summary");
            }
            List<Tensor> ys = model.predictAll(xs, 32);
            int outputs = 0;
            for (int i = 0; Files.exists(dir.resolve("y_" + i + ".npy")); i++, outputs++) {
                Oracle.assertKeras3Close(Npy.read(dir.resolve("y_" + i + ".npy")), ys.get(i), tol, caseName + "/" + file + " output " + i);
            }
            assertEquals(outputs, ys.size(), caseName + ": number of outputs");
        }
    }

    @TempDir Path tmp;

    /** Every layer of this family survives save and load: same config, same weights, same predictions. */
    @Test void saveAndLoadRoundTrip() throws IOException {
        io.jkeras.models.KerasTensor img = Input.of("img", 8, 8, 2), seq = Input.of("seq", 10, 3), vec = Input.of("vec", 6);
        io.jkeras.models.KerasTensor a = new Conv2D(4, 3).padding("same").activation("relu").groups(2).apply(img);
        a = new BatchNormalization().momentum(0.9).apply(a);
        a = new DepthwiseConv2D(3).depthMultiplier(2).apply(a);
        a = new SeparableConv2D(4, 2).dilationRate(2).apply(a);
        a = new Conv2DTranspose(3, 3).strides(2).outputPadding(1).apply(a);
        a = new MaxPooling2D(2).padding("same").apply(a);
        a = new AveragePooling2D(2).strides(1).apply(a);
        a = new ZeroPadding2D(new int[][] {{1, 0}, {0, 2}}).apply(a);
        a = new Cropping2D(new int[][] {{0, 1}, {1, 0}}).apply(a);
        a = new UpSampling2D(2).interpolation("bilinear").apply(a);
        a = new SpatialDropout2D(0.2).seed(1).apply(a);
        a = new GroupNormalization(3).apply(a);
        a = new GlobalAveragePooling2D().apply(a);
        io.jkeras.models.KerasTensor b = new Conv1D(4, 3).padding("causal").dilationRate(2).apply(seq);
        b = new SeparableConv1D(4, 3).padding("same").apply(b);
        b = new DepthwiseConv1D(2).apply(b);
        b = new Conv1DTranspose(3, 2).apply(b);
        b = new UpSampling1D(2).apply(b);
        b = new ZeroPadding1D(1, 2).apply(b);
        b = new Cropping1D(2, 1).apply(b);
        b = new MaxPooling1D(2).apply(b);
        b = new AveragePooling1D(3).strides(2).padding("same").apply(b);
        b = new LayerNormalization().apply(b);
        b = new GaussianNoise(0.1).apply(b);
        b = new Permute(2, 1).apply(b);
        b = new GlobalMaxPooling1D().dataFormat("channels_first").apply(b);
        io.jkeras.models.KerasTensor c = new RepeatVector(3).apply(vec);
        c = new Flatten().apply(new UnitNormalization().apply(c));
        c = new Dense(3).apply(new AlphaDropout(0.1).apply(new GaussianDropout(0.1).apply(new ActivityRegularization(0.01, 0).apply(c))));
        io.jkeras.models.KerasTensor m = new Average().apply(new Subtract().apply(a, b), new Multiply().apply(b, c), new Maximum().apply(a, c));
        m = new Minimum().apply(m, a);
        io.jkeras.models.KerasTensor d = new Dot(1).normalize(true).apply(m, b);
        Model model = new Model(List.of(img, seq, vec), List.of(m, d), "roundtrip");
        List<Tensor> xs = List.of(io.jkeras.ops.Ops.randomNormal(io.jkeras.tensor.Shape.of(2, 8, 8, 2), 0, 1, io.jkeras.tensor.DType.FLOAT32, 1),
                io.jkeras.ops.Ops.randomNormal(io.jkeras.tensor.Shape.of(2, 10, 3), 0, 1, io.jkeras.tensor.DType.FLOAT32, 2),
                io.jkeras.ops.Ops.randomNormal(io.jkeras.tensor.Shape.of(2, 6), 0, 1, io.jkeras.tensor.DType.FLOAT32, 3));
        List<Tensor> before = model.predictAll(xs, 2);
        Path file = tmp.resolve("m.keras");
        Models.save(model, file);
        Layer.clearSession();
        Model back = Models.load(file);
        assertEquals(Models.toJson(model), Models.toJson(back));
        List<Tensor> w0 = model.getWeights(), w1 = back.getWeights();
        assertEquals(w0.size(), w1.size());
        for (int i = 0; i < w0.size(); i++) assertEquals(true, w0.get(i).contentEquals(w1.get(i)), "weight " + i);
        List<Tensor> after = back.predictAll(xs, 2);
        for (int i = 0; i < before.size(); i++) assertEquals(true, before.get(i).contentEquals(after.get(i)), "output " + i);
    }
}
