package io.jkeras.layers;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.models.KerasTensor;
import io.jkeras.ops.NNOps;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conv1D/2D/3D and pooling layers: weights, shape rules (symbolic and concrete agree), Keras errors, configs. */
class ConvLayersTest {

    static Tensor rnd32(long seed, int... shape) { return Ops.cast(FiniteDifferences.randomDouble(seed, shape), io.jkeras.tensor.DType.FLOAT32); }

    @Test void conv2dWeightsFollowKerasLayoutAndDefaults() {
        Conv2D c = new Conv2D(6, 3, 2).groups(2);
        c.buildFor(Shape.batched(9, 9, 4));
        assertEquals(Shape.of(3, 2, 2, 6), c.kernel().shape());
        assertEquals(Shape.of(6), c.bias().shape());
        assertEquals(3 * 2 * 2 * 6 + 6, c.countParams());
        // glorot_uniform: |w| <= sqrt(6 / (fan_in + fan_out)), fan_in = 3*2*2, fan_out = 3*2*6
        double limit = Math.sqrt(6.0 / (12 + 36));
        float[] k = c.kernel().value().floats();
        double maxAbs = 0;
        for (float v : k) maxAbs = Math.max(maxAbs, Math.abs(v));
        assertTrue(maxAbs <= limit && maxAbs > limit / 2, "glorot_uniform range, max |w| = " + maxAbs);
        for (float v : c.bias().value().floats()) assertEquals(0f, v);
        assertEquals(List.of("kernel", "bias"), c.weights().stream().map(Variable::name).toList());
        assertEquals("conv2d", Layer.toSnakeCase("Conv2D"));
    }

    @Test void symbolicAndConcreteShapesAgree() {
        record S(BaseConv<?> layer, int[] sample) {}
        List<S> cases = List.of(
                new S(new Conv1D(4, 3).strides(2), new int[] {10, 3}),
                new S(new Conv1D(4, 3).padding("causal").dilationRate(2), new int[] {9, 3}),
                new S(new Conv1D(4, 5).padding("same").strides(3), new int[] {10, 2}),
                new S(new Conv2D(3, 3).strides(2), new int[] {7, 8, 2}),
                new S(new Conv2D(3, 3, 2).padding("same").strides(3, 2), new int[] {8, 5, 2}),
                new S(new Conv2D(3, 3).dilationRate(2, 3), new int[] {9, 11, 2}),
                new S(new Conv2D(4, 3).dataFormat("channels_first").padding("same").strides(2), new int[] {2, 7, 6}),
                new S(new Conv3D(2, 2, 3, 1).strides(1, 2, 1), new int[] {5, 7, 3, 2}),
                new S(new Conv3D(2, 3).padding("same").strides(2), new int[] {5, 4, 3, 1}));
        long seed = 1;
        for (S s : cases) {
            KerasTensor in = Input.of(s.sample);
            KerasTensor out = s.layer.apply(in);
            Tensor x = rnd32(seed++, Shape.batched(s.sample).withDim(0, 2).toArray());
            Tensor y = s.layer.apply(x);
            assertEquals(out.shape().withDim(0, 2), y.shape(), s.layer + " " + java.util.Arrays.toString(s.sample));
            assertEquals(Shape.UNKNOWN, out.shape().dim(0));
        }
        // unknown spatial sizes stay unknown
        assertEquals(Shape.of(-1, -1, 5, 8), new Conv2D(8, 3).strides(2).padding("same").computeOutputShape(Shape.of(-1, -1, 10, 3)));
    }

    @Test void layerCallEqualsTheOpWithItsWeightsAndActivation() {
        Conv2D c = new Conv2D(3, 3).strides(2).padding("same").activation("relu");
        Tensor x = rnd32(5, 2, 7, 7, 2);
        Tensor y = c.apply(x);
        Tensor ref = Ops.relu(NNOps.conv(x, c.kernel().value(), c.bias().value(), new int[] {2}, "same", null, null));
        assertArrayEquals(ref.floats(), y.floats());
    }

    @Test void causalConv1dOutputDependsOnlyOnThePast() {
        Conv1D c = new Conv1D(2, 3).padding("causal").dilationRate(2);
        Tensor x = rnd32(6, 1, 12, 2);
        Tensor y = c.apply(x);
        float[] xv = x.toFloatArray();
        xv[7 * 2] += 5f;   // change step 7
        Tensor y2 = c.apply(Tensor.of(xv, 1, 12, 2));
        float[] a = y.floats(), b = y2.floats();
        for (int t = 0; t < 12; t++) for (int f = 0; f < 2; f++) {
            boolean same = a[t * 2 + f] == b[t * 2 + f];
            // step t reads steps t, t-2, t-4: it changes when t is 7, 9 or 11
            assertEquals(!(t == 7 || t == 9 || t == 11), same, "step " + t);
        }
    }

    @Test void gradientsReachKernelAndBias() {
        Conv1D c = new Conv1D(2, 2).useBias(true);
        Tensor x = rnd32(7, 3, 5, 2);
        c.apply(x);
        try (GradientTape tape = new GradientTape()) {
            Tensor l = Ops.sum(c.apply(x));
            List<Tensor> g = tape.gradient(l, c.trainableWeights());
            assertEquals(c.kernel().shape(), g.get(0).shape());
            // d sum / d bias = number of outputs per filter = batch * steps
            assertArrayEquals(new float[] {12, 12}, g.get(1).floats());
        }
    }

    @Test void kerasErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
        assertTrue(e.getMessage().contains("filters=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3, 0));
        assertTrue(e.getMessage().contains("kernel_size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3, 3, 3));
        assertTrue(e.getMessage().contains("kernel_size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).padding("causal"));
        assertTrue(e.getMessage().contains("padding=causal"), e.getMessage());
        Conv2D sd = new Conv2D(4, 3).strides(2).dilationRate(2);
        e = assertThrows(IllegalArgumentException.class, () -> sd.apply(Tensor.zeros(1, 9, 9, 1)));
        assertTrue(e.getMessage().contains("dilation_rate > 1"), e.getMessage());
        Conv2D g = new Conv2D(6, 3).groups(4);
        e = assertThrows(IllegalArgumentException.class, () -> g.apply(Tensor.zeros(1, 5, 5, 4)));
        assertTrue(e.getMessage().contains("groups=4, filters=6"), e.getMessage());
        Conv2D g2 = new Conv2D(6, 3).groups(2);
        e = assertThrows(IllegalArgumentException.class, () -> g2.apply(Tensor.zeros(1, 5, 5, 3)));
        assertTrue(e.getMessage().contains("3 channels"), e.getMessage());
        Conv2D built = new Conv2D(2, 3);
        built.apply(Tensor.zeros(1, 5, 5, 3));
        e = assertThrows(IllegalArgumentException.class, () -> built.apply(Tensor.zeros(1, 5, 5, 4)));
        assertTrue(e.getMessage().contains("expected axis 3") && e.getMessage().contains("value 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).apply(Tensor.zeros(1, 5, 3)));
        assertTrue(e.getMessage().contains("expected ndim=4"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> built.strides(2));
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 5).computeOutputShape(Shape.of(-1, 3, 3, 1)));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    @Test void config() {
        Map<String, Object> c = new Conv2D(8, 3).strides(2).padding("same").activation("relu").name("c1").getConfig();
        assertEquals("c1", c.get("name"));
        assertEquals(8, c.get("filters"));
        assertEquals(List.of(3, 3), c.get("kernel_size"));
        assertEquals(List.of(2, 2), c.get("strides"));
        assertEquals("same", c.get("padding"));
        assertEquals("channels_last", c.get("data_format"));
        assertEquals(List.of(1, 1), c.get("dilation_rate"));
        assertEquals(1, c.get("groups"));
        assertEquals("relu", c.get("activation"));
        assertEquals(true, c.get("use_bias"));
        assertEquals("GlorotUniform", ((Map<?, ?>) c.get("kernel_initializer")).get("class_name"));
        assertEquals("Zeros", ((Map<?, ?>) c.get("bias_initializer")).get("class_name"));
        assertNull(c.get("kernel_regularizer"));
    }

    // ---------------------------------------------------------------- pooling layers

    @Test void poolingShapesAndDefaults() {
        MaxPooling2D m = new MaxPooling2D();
        assertArrayEquals(new int[] {2, 2}, m.poolSize());
        assertArrayEquals(new int[] {2, 2}, m.strides());
        assertEquals(Shape.of(-1, 3, 4, 5), m.apply(Input.of(7, 9, 5)).shape());
        assertEquals(Shape.of(-1, 4, 5, 5), new MaxPooling2D(2).padding("same").apply(Input.of(7, 9, 5)).shape());
        assertEquals(Shape.of(-1, 5, 3), new AveragePooling1D(3).strides(2).padding("same").apply(Input.of(9, 3)).shape());
        assertEquals(Shape.of(-1, 2, 3, 1, 4), new MaxPooling3D(2, 2, 3).apply(Input.of(5, 6, 3, 4)).shape());
        assertEquals(Shape.of(-1, 5, 3, 4), new AveragePooling2D(3).strides(1).dataFormat("channels_first").apply(Input.of(5, 5, 6)).shape());
        Map<String, Object> cfg = new MaxPooling1D(3).getConfig();
        assertEquals(List.of(3), cfg.get("pool_size"));
        assertEquals(List.of(3), cfg.get("strides"));
        assertEquals("valid", cfg.get("padding"));
        assertEquals("max_pooling1d", Layer.toSnakeCase("MaxPooling1D"));
        // concrete and symbolic agree, 3-d average included
        Tensor x = rnd32(3, 2, 5, 6, 3, 4);
        Tensor y = new AveragePooling3D(2, 3, 2).padding("same").apply(x);
        assertEquals(Shape.of(2, 3, 2, 2, 4), y.shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(2).apply(Tensor.zeros(2, 4, 4)));
        assertTrue(e.getMessage().contains("expected ndim=4"), e.getMessage());
    }

    @Test void globalPooling() {
        Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 3, 30, 4, 40}, 1, 2, 2, 2);
        assertArrayEquals(new float[] {4, 40}, new GlobalMaxPooling2D().apply(x).floats());
        assertArrayEquals(new float[] {2.5f, 25}, new GlobalAveragePooling2D().apply(x).floats());
        Tensor k = new GlobalAveragePooling2D().keepdims(true).apply(x);
        assertEquals(Shape.of(1, 1, 1, 2), k.shape());
        // channels_first: the channels are axis 1 -> (1, 2) means over the last two axes
        Tensor cf = new GlobalMaxPooling2D().dataFormat("channels_first").apply(x);
        assertArrayEquals(new float[] {20, 40}, cf.floats());
        assertEquals(Shape.of(-1, 7), new GlobalAveragePooling1D().apply(Input.of(5, 7)).shape());
        assertEquals(Shape.of(-1, 1, 1, 1, 7), new GlobalMaxPooling3D().keepdims(true).apply(Input.of(2, 3, 5, 7)).shape());
        assertEquals(Shape.of(-1, 2), new GlobalAveragePooling3D().dataFormat("channels_first").apply(Input.of(2, 3, 5, 7)).shape());
        try (GradientTape tape = new GradientTape()) {
            Tensor xd = FiniteDifferences.randomDouble(3, 2, 4, 3);
            tape.watch(xd);
            Tensor g = tape.gradient(Ops.sum(new GlobalAveragePooling1D().apply(xd)), xd);
            assertNotNull(g);
            for (double v : g.doubles()) assertEquals(0.25, v, 1e-15);
        }
    }
}
