package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BatchNormalization, LayerNormalization, GroupNormalization, UnitNormalization. */
class NormalizationTest {

    static Tensor rnd(long seed, int... shape) { return FiniteDifferences.randomDouble(seed, shape); }

    @TestFactory Stream<DynamicTest> tfjsOracle() {
        return Stream.of(
                DynamicTest.dynamicTest("batchnorm_dense", () -> OracleCases.check("batchnorm_dense", false)),
                DynamicTest.dynamicTest("batchnorm_dense (training mode)", () -> OracleCases.check("batchnorm_dense", true)),
                DynamicTest.dynamicTest("batchnorm_conv2d", () -> OracleCases.check("batchnorm_conv2d", false)),
                DynamicTest.dynamicTest("batchnorm_conv2d (training mode)", () -> OracleCases.check("batchnorm_conv2d", true)),
                DynamicTest.dynamicTest("layernorm", () -> OracleCases.check("layernorm", false)),
                DynamicTest.dynamicTest("batchnorm_dense (training)", () -> OracleCases.checkTraining("batchnorm_dense")),
                // The conv bias feeds a training-mode BatchNormalization, which removes it: its gradient is
                // float32 rounding noise (~1e-8), which Adam (epsilon 1e-7) turns into steps of up to the learning
                // rate, differently in every implementation. The bias, the moving mean it shifts and the predictions
                // after training are therefore not comparable; the losses, kernel, gamma, beta and moving variance are.
                DynamicTest.dynamicTest("batchnorm_conv2d (training)", () -> OracleCases.checkTraining("batchnorm_conv2d", 3,
                        java.util.Set.of("conv2d/bias", "batch_normalization/moving_mean"), false)),
                DynamicTest.dynamicTest("layernorm (training)", () -> OracleCases.checkTraining("layernorm")));
    }

    // ---------------------------------------------------------------- BatchNormalization

    @Test void batchNormTrainingUsesBatchStatisticsAndMovesTheAverages() {
        BatchNormalization bn = (BatchNormalization) new BatchNormalization().momentum(0.9).epsilon(1e-3).dtype(DType.FLOAT64);
        // feature 0: 1, 2, 3, 6 (mean 3, biased var 3.5); feature 1: all 5 (mean 5, var 0)
        Tensor x = Tensor.of(new double[] {1, 5, 2, 5, 3, 5, 6, 5}, 4, 2);
        bn.buildFor(Shape.of(-1, 2));
        bn.setWeights(List.of(Tensor.of(2.0, 3.0), Tensor.of(0.5, -1.0), Tensor.of(0.0, 0.0), Tensor.of(1.0, 1.0)));
        Tensor y = bn.apply(x, true);
        double inv0 = 2 / Math.sqrt(3.5 + 1e-3);
        double[] expected = {(1 - 3) * inv0 + 0.5, -1, (2 - 3) * inv0 + 0.5, -1, (3 - 3) * inv0 + 0.5, -1, (6 - 3) * inv0 + 0.5, -1};
        NNOpsAsserts.close(expected, y.doubles(), 1e-12);
        // moving = moving * 0.9 + batch * 0.1, with the biased variance
        NNOpsAsserts.close(new double[] {0.3, 0.5}, bn.movingMean().value().doubles(), 1e-12);
        NNOpsAsserts.close(new double[] {0.9 + 0.35, 0.9}, bn.movingVariance().value().doubles(), 1e-12);
        // inference uses the moving statistics and changes nothing
        Tensor yi = bn.apply(x);
        double invI = 2 / Math.sqrt(1.25 + 1e-3);
        assertEquals((1 - 0.3) * invI + 0.5, yi.get(0, 0), 1e-12);
        NNOpsAsserts.close(new double[] {0.3, 0.5}, bn.movingMean().value().doubles(), 1e-15);
    }

    @Test void maskedBatchNormTrainingLeavesPaddedStepsOutOfTheStatistics() {
        // Keras 3.15.1 (JAX): BatchNormalization(momentum=0.5) on x = arange(24).reshape(2,3,4)**1.3,
        // mask [[1,1,0],[1,0,0]], training=True
        double[] xs = new double[24];
        for (int i = 0; i < 24; i++) xs[i] = (float) Math.pow(i, 1.3);
        float[] xf = new float[24];
        for (int i = 0; i < 24; i++) xf[i] = (float) xs[i];
        Tensor x = Tensor.of(xf, 2, 3, 4);
        Tensor mask = Tensor.of(new boolean[] {true, true, false, true, false, false}, 2, 3);
        BatchNormalization bn = new BatchNormalization().momentum(0.5);
        Tensor y = bn.apply(x, mask, true);
        double[] keras = {-0.9694108366966248, -0.9940927624702454, -1.0071184635162354, -1.0159082412719727, -0.4070169925689697,
                -0.37405818700790405, -0.35625094175338745, -0.34406590461730957, 0.41536515951156616, 0.43731892108917236,
                0.4507976770401001, 0.4606161117553711, 1.3764278888702393, 1.3681508302688599, 1.3633694648742676, 1.3599741458892822,
                2.4403069019317627, 2.3903040885925293, 2.3586270809173584, 2.335042715072632, 3.587825298309326, 3.4878363609313965,
                3.4230010509490967, 3.3740994930267334};
        NNOpsAsserts.close(keras, y.toDoubleArray(), 2e-5);
        NNOpsAsserts.close(new double[] {5.225348949432373, 6.194296360015869, 7.272244930267334, 8.420140266418457},
                bn.movingMean().value().toDoubleArray(), 2e-5);
        NNOpsAsserts.close(new double[] {58.60869216918945, 66.12252807617188, 72.46111297607422, 78.25899505615234},
                bn.movingVariance().value().toDoubleArray(), 5e-5);
        // without the mask the statistics differ (the padded steps would count)
        BatchNormalization plain = new BatchNormalization().momentum(0.5);
        plain.apply(x, true);
        assertTrue(Math.abs(plain.movingMean().value().toDoubleArray()[0] - 5.2253) > 0.5);
        // the gradient through the masked moments, against finite differences in float64
        BatchNormalization bn64 = (BatchNormalization) new BatchNormalization().dtype(DType.FLOAT64);
        Tensor x64 = rnd(3, 2, 3, 4);
        bn64.apply(x64, mask, true);
        io.jkeras.testing.GradCheck.checkUnary(v -> Ops.sum(Ops.multiply(bn64.apply(v, mask, true), rnd(4, 2, 3, 4))), x64);
    }

    @Test void frozenBatchNormIgnoresTheTrainingFlag() {
        BatchNormalization bn = new BatchNormalization();
        Tensor x = Ops.cast(rnd(1, 6, 3), DType.FLOAT32);
        bn.apply(x);
        bn.trainable(false);
        Tensor before = Ops.copy(bn.movingMean().value());
        assertArrayEquals(bn.apply(x, false).floats(), bn.apply(x, true).floats());
        assertArrayEquals(before.floats(), bn.movingMean().value().floats());
        assertEquals(0, bn.trainableWeights().size());
        assertEquals(4, bn.nonTrainableWeights().size());
    }

    @Test void batchNormWeightsOrderAndShapes() {
        BatchNormalization bn = new BatchNormalization().axis(1);
        KerasTensor out = bn.apply(Input.of(3, 5, 5));
        assertEquals(Shape.of(-1, 3, 5, 5), out.shape());
        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"), bn.weights().stream().map(v -> v.name()).toList());
        for (var v : bn.weights()) assertEquals(Shape.of(3), v.shape());
        assertEquals(List.of(true, true, false, false), bn.weights().stream().map(v -> v.trainable()).toList());
        BatchNormalization plain = new BatchNormalization().center(false).scale(false);
        plain.buildFor(Shape.of(-1, 4));
        assertEquals(List.of("moving_mean", "moving_variance"), plain.weights().stream().map(v -> v.name()).toList());
        Map<String, Object> c = new BatchNormalization().getConfig();
        assertEquals(-1, c.get("axis"));
        assertEquals(0.99, c.get("momentum"));
        assertEquals(1e-3, c.get("epsilon"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.apply(Tensor.zeros(2, 4, 5, 5)));
        assertTrue(e.getMessage().contains("expected axis 1"), e.getMessage());
    }

    @Test void batchNormAxis1MatchesTransposedAxisMinus1() {
        Tensor x = rnd(3, 4, 3, 2, 2);
        BatchNormalization a = (BatchNormalization) new BatchNormalization().axis(1).dtype(DType.FLOAT64);
        BatchNormalization b = (BatchNormalization) new BatchNormalization().dtype(DType.FLOAT64);
        a.buildFor(x.shape());
        Tensor xt = Ops.transpose(x, 0, 2, 3, 1);
        b.buildFor(xt.shape());
        List<Tensor> ws = List.of(Tensor.of(1.0, 2.0, 3.0), Tensor.of(0.1, 0.2, 0.3), Tensor.of(0.5, -0.5, 0.0), Tensor.of(1.5, 0.5, 2.0));
        a.setWeights(ws);
        b.setWeights(ws);
        for (boolean training : new boolean[] {false, true}) {
            Tensor ya = a.apply(x, training), yb = b.apply(xt, training);
            NNOpsAsserts.close(Ops.transpose(yb, 0, 3, 1, 2).doubles(), ya.doubles(), 1e-12);
        }
        NNOpsAsserts.close(b.movingVariance().value().doubles(), a.movingVariance().value().doubles(), 1e-12);
    }

    @Test void batchNormGradients() {
        Tensor x = rnd(4, 5, 3, 2);
        BatchNormalization bn = (BatchNormalization) new BatchNormalization().dtype(DType.FLOAT64);
        bn.buildFor(x.shape());
        bn.setWeights(List.of(Tensor.of(1.5, -0.5), Tensor.of(0.2, 0.1), Tensor.of(0.3, -0.2), Tensor.of(2.0, 0.5)));
        FiniteDifferences.check(t -> bn.apply(t, true), x, 1e-5);
        FiniteDifferences.check(t -> bn.apply(t, false), x, 1e-6);
        LayerGradients.checkWeights(bn, x, true, 1e-5);
    }

    // ---------------------------------------------------------------- LayerNormalization

    @Test void layerNormalizationValues() {
        LayerNormalization ln = (LayerNormalization) new LayerNormalization().dtype(DType.FLOAT64);
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, -1, 0, 0, 1}, 2, 4);
        ln.buildFor(x.shape());
        ln.setWeights(List.of(Tensor.of(1.0, 2.0, 1.0, 1.0), Tensor.of(0.0, 0.0, 0.0, 1.0)));
        Tensor y = ln.apply(x);
        double s0 = Math.sqrt(1.25 + 1e-3), s1 = Math.sqrt(0.5 + 1e-3);
        NNOpsAsserts.close(new double[] {-1.5 / s0, 2 * -0.5 / s0, 0.5 / s0, 1.5 / s0 + 1, -1 / s1, 0, 0, 1 / s1 + 1}, y.doubles(), 1e-12);
        LayerNormalization two = new LayerNormalization(1, 2);
        two.buildFor(Shape.of(-1, 3, 4));
        assertEquals(Shape.of(3, 4), two.gamma().shape());
        LayerNormalization rms = (LayerNormalization) new LayerNormalization().rmsScaling(true).dtype(DType.FLOAT64);
        Tensor yr = rms.apply(x);
        NNOpsAsserts.close(new double[] {1 / s0, 2 / s0, 3 / s0, 4 / s0, -1 / s1, 0, 0, 1 / s1}, yr.doubles(), 1e-12);
        assertNull(rms.beta());
    }

    @Test void layerNormalizationGradients() {
        Tensor x = rnd(5, 2, 3, 4);
        LayerNormalization ln = (LayerNormalization) new LayerNormalization(1, 2).dtype(DType.FLOAT64);
        ln.buildFor(x.shape());
        ln.setWeights(List.of(rnd(6, 3, 4), rnd(7, 3, 4)));
        FiniteDifferences.check(t -> ln.apply(t), x, 1e-5);
        LayerGradients.checkWeights(ln, x, false, 1e-5);
    }

    // ---------------------------------------------------------------- GroupNormalization

    @Test void groupNormalizationEndpoints() {
        Tensor x = rnd(8, 2, 3, 3, 4);
        // one group: layer normalization over every non-batch axis (gamma 1, beta 0)
        GroupNormalization one = (GroupNormalization) new GroupNormalization(1).dtype(DType.FLOAT64);
        LayerNormalization ln = (LayerNormalization) new LayerNormalization(1, 2, 3).dtype(DType.FLOAT64);
        NNOpsAsserts.close(ln.apply(x).doubles(), one.apply(x).doubles(), 1e-12);
        // one channel per group: instance normalization, each channel over its spatial cells
        GroupNormalization inst = (GroupNormalization) new GroupNormalization(4).dtype(DType.FLOAT64);
        Tensor y = inst.apply(x);
        Tensor m = Ops.mean(x, new int[] {1, 2}, true);
        Tensor v = Ops.variance(x, new int[] {1, 2}, true);
        NNOpsAsserts.close(Ops.divide(Ops.subtract(x, m), Ops.sqrt(Ops.add(v, 1e-3))).doubles(), y.doubles(), 1e-12);
        // two groups of two channels
        GroupNormalization two = (GroupNormalization) new GroupNormalization(2).dtype(DType.FLOAT64);
        Tensor y2 = two.apply(x);
        Tensor g0 = Ops.sliceAxis(x, 3, 0, 2);
        Tensor ref = Ops.divide(Ops.subtract(g0, Ops.mean(g0, new int[] {1, 2, 3}, true)), Ops.sqrt(Ops.add(Ops.variance(g0, new int[] {1, 2, 3}, true), 1e-3)));
        NNOpsAsserts.close(ref.doubles(), Ops.sliceAxis(y2, 3, 0, 2).toDoubleArray(), 1e-12);
    }

    @Test void groupNormalizationGradientsAndErrors() {
        Tensor x = rnd(9, 2, 3, 6);
        GroupNormalization gn = (GroupNormalization) new GroupNormalization(3).dtype(DType.FLOAT64);
        gn.buildFor(x.shape());
        gn.setWeights(List.of(rnd(10, 6), rnd(11, 6)));
        FiniteDifferences.check(t -> gn.apply(t), x, 1e-5);
        LayerGradients.checkWeights(gn, x, false, 1e-5);
        GroupNormalization cf = (GroupNormalization) new GroupNormalization(2).axis(1).dtype(DType.FLOAT64);
        FiniteDifferences.check(t -> cf.apply(t), rnd(12, 2, 4, 3), 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupNormalization(4).apply(Tensor.zeros(1, 3, 6)));
        assertTrue(e.getMessage().contains("Number of groups (4)") && e.getMessage().contains("(6)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GroupNormalization(8).apply(Tensor.zeros(1, 3, 6)));
        assertTrue(e.getMessage().contains("cannot be more than"), e.getMessage());
    }

    // ---------------------------------------------------------------- UnitNormalization

    @Test void unitNormalization() {
        Tensor y = new UnitNormalization().apply(Tensor.of(new float[] {3, 4, 0, 0}, 2, 2));
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0}, y.floats(), 1e-7f);
        Tensor x = rnd(13, 2, 3, 4);
        Tensor z = new UnitNormalization(1, 2).apply(x);
        Tensor n = Ops.sqrt(Ops.sum(Ops.square(z), new int[] {1, 2}, false));
        NNOpsAsserts.close(new double[] {1, 1}, n.doubles(), 1e-14);
        FiniteDifferences.check(t -> new UnitNormalization().apply(t), x, 1e-6);
        assertEquals(List.of(1, 2), new UnitNormalization(1, 2).getConfig().get("axis"));
    }
}
