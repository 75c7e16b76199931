package io.jkeras.layers;

import io.jkeras.models.KerasTensor;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jkeras.layers.RecurrentLayersTest.checkWeightGradients;
import static io.jkeras.layers.RecurrentLayersTest.random;
import static io.jkeras.layers.RecurrentLayersTest.randomizeWeights;
import static io.jkeras.layers.SequenceFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ConvLSTM1D/2D/3D (the Keras 3 fixture is in SequenceModelsSavingTest). */
class ConvLSTMTest {

    @Test void aOneByOneConvLstmIsAnLstm() {
        // 1-wide kernels on a spatial size of 1: every convolution is the LSTM's matrix product
        Tensor x = random(1, DType.FLOAT32, 2, 4, 3);
        LSTM lstm = new LSTM(5).returnSequences(true).returnState(true);
        lstm.buildFor(x.shape());
        randomizeWeights(lstm, 2);
        List<Tensor> w = lstm.getWeights();
        for (Layer conv : List.<Layer>of(new ConvLSTM1D(5, 1).returnSequences(true).returnState(true),
                new ConvLSTM2D(5, 1).returnSequences(true).returnState(true), new ConvLSTM3D(5, 1, 1, 1).returnSequences(true).returnState(true))) {
            int rank = ((ConvLSTM<?>) conv).cell().rank();
            int[] shape = new int[3 + rank + 1 - 1];
            shape[0] = 2; shape[1] = 4;
            for (int i = 0; i < rank; i++) shape[2 + i] = 1;
            shape[2 + rank] = 3;
            Tensor xs = Ops.reshape(x, shape);
            conv.buildFor(xs.shape());
            int[] k = new int[rank + 2], rk = new int[rank + 2];
            java.util.Arrays.fill(k, 1);
            java.util.Arrays.fill(rk, 1);
            k[rank] = 3; k[rank + 1] = 20; rk[rank] = 5; rk[rank + 1] = 20;
            conv.setWeights(List.of(Ops.reshape(w.get(0), k), Ops.reshape(w.get(1), rk), w.get(2)));
            List<Tensor> a = lstm.apply(List.of(x), false), b = conv.apply(List.of(xs), false);
            for (int i = 0; i < 3; i++) assertClose(a.get(i), Ops.reshape(b.get(i), a.get(i).shape()), 1e-6, 1e-5, conv.className() + " output " + i);
        }
    }

    @Test void shapesPaddingStridesAndConfig() {
        ConvLSTM2D l = new ConvLSTM2D(4, 3).strides(2).returnSequences(true);
        KerasTensor out = l.apply(Input.of(5, 7, 6, 2));
        assertEquals(Shape.of(-1, 5, 3, 2, 4), out.shape());                      // valid: (7-3)/2+1, (6-3)/2+1
        assertEquals(List.of(Shape.of(3, 3, 2, 16), Shape.of(3, 3, 4, 16), Shape.of(16)), l.weights().stream().map(v -> v.shape()).toList());
        ConvLSTM1D same = new ConvLSTM1D(3, 3).padding("same").returnState(true);
        List<KerasTensor> outs = same.apply(List.of(Input.of(4, 9, 2)));
        assertEquals(Shape.of(-1, 9, 3), outs.get(0).shape());
        assertEquals(Shape.of(-1, 9, 3), outs.get(2).shape());
        Map<String, Object> c = l.getConfig();
        assertEquals(4, c.get("filters"));
        assertEquals(List.of(3, 3), c.get("kernel_size"));
        assertEquals(List.of(2, 2), c.get("strides"));
        assertEquals("valid", c.get("padding"));
        assertEquals(true, c.get("return_sequences"));
        assertThrows(IllegalArgumentException.class, () -> new ConvLSTM2D(2, 3).apply(Tensor.zeros(1, 2, 2, 2, 1)));   // kernel larger than the input
    }

    @Test void gradientsMatchFiniteDifferences() {
        ConvLSTM2D l = new ConvLSTM2D(2, 2).padding("same").returnSequences(true);
        l.dtype(DType.FLOAT64);
        Tensor x = FiniteDifferences.randomDouble(3, 1, 3, 3, 2, 2);
        l.buildFor(x.shape());
        randomizeWeights(l, 4);
        FiniteDifferences.check(in -> l.apply(in), x, 1e-6);
        checkWeightGradients(l, () -> l.apply(x), 1e-6);
    }

    @Test void maskedStepsKeepTheStates() {
        ConvLSTM1D l = new ConvLSTM1D(2, 3).padding("same");
        Tensor x = random(5, DType.FLOAT32, 2, 4, 5, 1);
        l.buildFor(Shape.of(-1, -1, 5, 1));
        randomizeWeights(l, 6);
        Tensor m = Tensor.of(new boolean[] {true, true, true, true, true, true, false, false}, 2, 4);
        Tensor y = l.apply(x, m, false);
        Tensor alone = l.apply(Ops.sliceAxis(Ops.sliceAxis(x, 0, 1, 2), 1, 0, 2));
        assertClose(alone, Ops.sliceAxis(y, 0, 1, 2), 1e-6, 1e-5, "padded sample == its first two steps");
    }
}
