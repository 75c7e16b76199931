package io.jkeras.utils;

import io.jkeras.layers.Add;
import io.jkeras.layers.AlphaDropout;
import io.jkeras.layers.Average;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Cropping2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dot;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.ELU;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GaussianDropout;
import io.jkeras.layers.GaussianNoise;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.layers.LeakyReLU;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.MultiHeadAttention;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.PReLU;
import io.jkeras.layers.Permute;
import io.jkeras.layers.ReLU;
import io.jkeras.layers.RepeatVector;
import io.jkeras.layers.Reshape;
import io.jkeras.layers.Softmax;
import io.jkeras.layers.SpatialDropout1D;
import io.jkeras.layers.Subtract;
import io.jkeras.layers.UpSampling1D;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.layers.ZeroPadding2D;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.tensor.DType;
import io.jkeras.testutil.SharedFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rebuilds models of the Keras 3.15.1 fixtures and compares {@code summary()} with the text Keras
 * printed for them ({@code ../shared/fixtures/keras3/<case>/summary.txt}), line by line.
 *
 * <p>Every model is built from jkeras's real layers, so these also check the layers' shape rules,
 * parameter counts and default names against Keras.
 */
class SummaryFixturesTest {
    @BeforeEach void fresh() { Layer.clearSession(); }

    static void assertMatchesFixture(String caseName, Model model) {
        String expected = SharedFixtures.keras3Text(caseName, "summary.txt");
        String actual = model.summaryString();
        assertEquals(List.of(expected.split("\n", -1)), List.of(actual.split("\n", -1)), "summary of " + caseName);
        assertEquals(expected, actual);
    }

    // ------------------------------------------------------------------ the paper models (real layers only)

    @Test void paperSequentialMlp() {
        Sequential m = new Sequential("paper_sequential_mlp");
        m.add(new Dense(64, "relu").inputShape(100));
        m.add(new Dense(32, "relu"));
        m.add(new Dense(10, "softmax"));
        assertMatchesFixture("paper_sequential_mlp", m);
    }

    @Test void paperFunctionalMlp() {
        KerasTensor in = Input.of("pixels", 784);
        KerasTensor h = new Dense(128, "relu").apply(in);
        h = new Dense(64, "relu").apply(h);
        KerasTensor out = new Dense(10, "softmax").apply(h);
        assertMatchesFixture("paper_functional_mlp", new Model(List.of(in), List.of(out), "paper_functional_mlp"));
    }

    @Test void multiInputMultiOutputWithSharedLayer() {
        KerasTensor left = Input.of("left", 5), right = Input.of("right", 5);
        Dense shared = new Dense(4).name("shared");
        KerasTensor a = shared.apply(left), b = shared.apply(right);
        KerasTensor cat = new Concatenate().apply(a, b);
        KerasTensor sum = new Add().apply(a, b);
        KerasTensor cls = new Dense(3, "softmax").name("cls").apply(cat);
        KerasTensor reg = new Dense(1).name("reg").apply(sum);
        assertMatchesFixture("multi_io_shared", new Model(List.of(left, right), List.of(cls, reg), "multi_io_shared"));
    }

    @Test void nestedFunctionalAndSequential() {
        KerasTensor x = Input.of(6);                                  // input_layer
        Dense outer = new Dense(4, "relu");                           // Keras built Dense(4)(Dense(5)(x)): dense, then dense_1
        Dense inner = new Dense(5);
        Model innerFunctional = new Model(List.of(x), List.of(outer.apply(inner.apply(x))), "inner_functional");
        Sequential innerSequential = new Sequential("inner_sequential");
        innerSequential.add(Input.of(4));                             // input_layer_1
        innerSequential.add(new Dense(3, "tanh"));
        innerSequential.add(new Dense(2));
        KerasTensor z = Input.of(6);                                  // input_layer_2
        KerasTensor out = innerSequential.apply(innerFunctional.apply(z));
        Model model = new Model(List.of(z), List.of(out), "nested_models");
        assertEquals(List.of("input_layer_2", "inner_functional", "inner_sequential"), model.layers().stream().map(Layer::name).toList());
        assertMatchesFixture("nested_models", model);
    }

    @Test void denseActivationsHasConnectedToColumn() {
        KerasTensor in = Input.of(8);
        List<String> names = List.of("relu", "sigmoid", "tanh", "softmax", "elu", "selu", "gelu", "swish", "silu", "softplus",
                "softsign", "hard_sigmoid", "leaky_relu", "mish", "relu6", "linear");
        List<KerasTensor> outs = names.stream().map(n -> new Dense(5).name("dense_" + n).apply(in)).toList();
        assertMatchesFixture("dense_activations", new Model(List.of(in), outs, "dense_activations"));
    }

    // ------------------------------------------------------------------ models of the layer families

    @Test void transformerEncoderWrapsAndCutsConnections() {
        KerasTensor x = Input.of(6, 8);
        KerasTensor att = new MultiHeadAttention(2, 4).dropout(0.1).apply(x, x);
        KerasTensor h = new Add().apply(x, new Dropout(0.1).apply(att));
        KerasTensor ln = new LayerNormalization().epsilon(1e-6).apply(h);
        KerasTensor ff = new Dense(16, "relu").apply(ln);   // created before Dense(8): "dense", then "dense_1"
        ff = new Dense(8).apply(ff);
        KerasTensor h2 = new Add().apply(ln, new Dropout(0.1).apply(ff));
        KerasTensor ln2 = new LayerNormalization().epsilon(1e-6).apply(h2);
        KerasTensor pooled = new GlobalAveragePooling1D().apply(ln2);
        KerasTensor out = new Dense(3, "softmax").apply(pooled);
        assertMatchesFixture("transformer_encoder", new Model(List.of(x), List.of(out), "transformer_encoder"));
    }

    @Test void severalOutputsOfOneLayerWrapInTheShapeColumn() {
        KerasTensor x = Input.of(5, 3);
        List<KerasTensor> outs = new LSTM(4).returnSequences(true).returnState(true).apply(List.of(x));
        assertMatchesFixture("lstm_return_state", new Model(List.of(x), outs, "lstm_return_state"));
    }

    @Test void threeInputsOfOneCall() {
        KerasTensor q = Input.of("query", 4, 6), v = Input.of("value", 6, 5), mask = Input.of("mask", DType.INT32, 4, 6);
        KerasTensor out = new MultiHeadAttention(3, 2).apply(q, v, mask);
        assertMatchesFixture("mha_cross_mask", new Model(List.of(q, v, mask), List.of(out), "mha_cross_mask"));
    }

    @Test void mergeLayers() {
        KerasTensor a = Input.of(6), b = Input.of(6);
        List<KerasTensor> outs = List.of(new Add().apply(a, b), new Subtract().apply(a, b), new Multiply().apply(a, b),
                new Average().apply(a, b), new Maximum().apply(a, b), new Minimum().apply(a, b), new Concatenate().apply(a, b),
                new Dot(1).normalize(true).apply(a, b));
        assertMatchesFixture("merge_layers", new Model(List.of(a, b), outs, "merge_layers"));
    }

    @Test void inputsAtDifferentDepthsAreOrderedLikeKeras() {
        KerasTensor img = Input.of(4, 5, 2);
        KerasTensor h = new UpSampling2D(2).apply(img);
        h = new ZeroPadding2D(new int[][] {{1, 2}, {0, 1}}).apply(h);
        h = new Cropping2D(new int[][] {{1, 0}, {2, 1}}).apply(h);
        KerasTensor seq = Input.of(4, 3);
        KerasTensor conv = new Conv2D(2, 3).apply(h);
        KerasTensor up = new UpSampling1D(3).apply(seq);
        assertMatchesFixture("upsample_pad_crop", new Model(List.of(img, seq), List.of(conv, up), "upsample_pad_crop"));
    }

    @Test void nonTrainableParamsAndAChainShownWithoutConnections() {
        KerasTensor x = Input.of(6, 6, 3);
        KerasTensor h = new Conv2D(4, 3).padding("same").apply(x);
        h = new BatchNormalization().apply(h);
        h = new ReLU().apply(h);
        h = new Flatten().apply(h);
        h = new Dense(5).apply(h);
        KerasTensor out = new BatchNormalization().apply(h);
        assertMatchesFixture("batchnorm", new Model(List.of(x), List.of(out), "batchnorm"));
    }

    @Test void cnnMnistSequential() {
        Sequential m = new Sequential("cnn_mnist");
        m.add(Input.of(28, 28, 1));
        m.add(new Conv2D(4, 3).activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Conv2D(8, 3).activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Flatten());
        m.add(new Dropout(0.5));
        m.add(new Dense(10, "softmax"));
        assertMatchesFixture("cnn_mnist", m);
    }

    @Test void reshapeAndFlattenInASequential() {
        Sequential m = new Sequential("reshape_permute");
        m.add(Input.of(12));
        m.add(new Dense(12));
        m.add(new Reshape(-1, 4));
        m.add(new Permute(2, 1));
        m.add(new Flatten());
        m.add(new Dense(3));
        m.add(new RepeatVector(4));
        m.add(new Dense(2));
        assertMatchesFixture("reshape_permute", m);
    }

    @Test void activationLayersSideBySide() {
        KerasTensor x = Input.of(4, 5);
        List<KerasTensor> outs = List.of(new ReLU(6.0, 0.1, 0.5).apply(x), new LeakyReLU().apply(x), new PReLU().apply(x),
                new ELU().apply(x), new Softmax(1).apply(x));
        assertMatchesFixture("activation_layers", new Model(List.of(x), outs, "activation_layers"));
    }

    @Test void noiseLayersWithANameThatExactlyFillsItsColumn() {
        Sequential m = new Sequential("noise_identity");
        m.add(Input.of(5, 4));
        m.add(new Dense(4));
        m.add(new Dropout(0.5));
        m.add(new SpatialDropout1D(0.3));
        m.add(new GaussianNoise(1.0));
        m.add(new GaussianDropout(0.4));
        m.add(new AlphaDropout(0.2));
        m.add(new Dense(2));
        assertMatchesFixture("noise_identity", m);
    }
}
