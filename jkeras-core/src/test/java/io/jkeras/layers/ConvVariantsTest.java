package io.jkeras.layers;

import io.jkeras.autodiff.Variable;
import io.jkeras.models.KerasTensor;
import io.jkeras.ops.NNOps;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DepthwiseConv1D/2D, SeparableConv1D/2D and Conv1D/2D/3DTranspose layers. */
class ConvVariantsTest {

    static final String[] CASES = {"depthwise_conv2d_same", "separable_conv2d_valid", "conv2d_transpose_same_stride1", "conv2d_transpose_same_stride2"};

    @TestFactory Stream<DynamicTest> tfjsOracle() {
        return Stream.concat(
                Stream.of(CASES).map(n -> DynamicTest.dynamicTest(n, () -> OracleCases.check(n, false))),
                Stream.of(CASES).map(n -> DynamicTest.dynamicTest(n + " (training)", () -> OracleCases.checkTraining(n))));
    }

    static Tensor rnd(long seed, int... shape) { return FiniteDifferences.randomDouble(seed, shape); }

    @Test void symbolicAndConcreteShapesAgree() {
        record S(AbstractConv<?> layer, int[] sample, int[] expected) {}
        List<S> cases = List.of(
                new S(new DepthwiseConv1D(3).depthMultiplier(2).strides(2), new int[] {9, 3}, new int[] {4, 6}),
                new S(new DepthwiseConv2D(3).padding("same").strides(2), new int[] {7, 6, 4}, new int[] {4, 3, 4}),
                new S(new DepthwiseConv2D(3, 2).dataFormat("channels_first").depthMultiplier(3), new int[] {2, 7, 6}, new int[] {6, 5, 5}),
                new S(new SeparableConv1D(5, 3).padding("same").dilationRate(2), new int[] {8, 3}, new int[] {8, 5}),
                new S(new SeparableConv2D(4, 3).strides(2).depthMultiplier(2), new int[] {7, 8, 3}, new int[] {3, 3, 4}),
                new S(new Conv1DTranspose(3, 3).strides(2), new int[] {5, 2}, new int[] {11, 3}),
                new S(new Conv1DTranspose(3, 3).strides(2).padding("same").outputPadding(1), new int[] {5, 2}, new int[] {10, 3}),
                new S(new Conv2DTranspose(2, 3, 2).strides(2, 3).padding("same"), new int[] {3, 4, 2}, new int[] {6, 12, 2}),
                new S(new Conv2DTranspose(2, 4).strides(2).outputPadding(1, 0), new int[] {3, 4, 2}, new int[] {9, 10, 2}),
                new S(new Conv2DTranspose(2, 3).dilationRate(2).padding("valid"), new int[] {3, 4, 2}, new int[] {7, 8, 2}),
                new S(new Conv3DTranspose(2, 2).strides(2), new int[] {2, 3, 2, 1}, new int[] {4, 6, 4, 2}));
        long seed = 1;
        for (S s : cases) {
            KerasTensor out = s.layer.apply(Input.of(s.sample));
            assertEquals(Shape.batched(s.expected), out.shape(), s.layer.className() + " " + java.util.Arrays.toString(s.sample));
            Tensor y = s.layer.apply(Ops.cast(rnd(seed++, Shape.batched(s.sample).withDim(0, 2).toArray()), DType.FLOAT32));
            assertEquals(out.shape().withDim(0, 2), y.shape(), s.layer.className());
        }
    }

    @Test void weightsFollowKerasLayout() {
        DepthwiseConv2D d = new DepthwiseConv2D(3, 2).depthMultiplier(2);
        d.buildFor(Shape.batched(5, 5, 3));
        assertEquals(Shape.of(3, 2, 3, 2), d.kernel().shape());
        assertEquals(Shape.of(6), d.bias().shape());
        assertEquals(List.of("kernel", "bias"), d.weights().stream().map(Variable::name).toList());
        SeparableConv2D s = new SeparableConv2D(7, 3).depthMultiplier(2);
        s.buildFor(Shape.batched(5, 5, 3));
        assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"), s.weights().stream().map(Variable::name).toList());
        assertEquals(Shape.of(3, 3, 3, 2), s.depthwiseKernel().shape());
        assertEquals(Shape.of(1, 1, 6, 7), s.pointwiseKernel().shape());
        Conv2DTranspose t = new Conv2DTranspose(5, 3);
        t.buildFor(Shape.batched(4, 4, 2));
        assertEquals(Shape.of(3, 3, 5, 2), t.kernel().shape());
        assertEquals(Shape.of(5), t.bias().shape());
        SeparableConv1D s1 = new SeparableConv1D(4, 3);
        s1.buildFor(Shape.batched(6, 2));
        assertEquals(Shape.of(1, 2, 4), s1.pointwiseKernel().shape());
    }

    @Test void layersComputeTheirOps() {
        Tensor x = Ops.cast(rnd(3, 2, 6, 5, 3), DType.FLOAT32);
        DepthwiseConv2D d = new DepthwiseConv2D(3).depthMultiplier(2).padding("same").biasInitializer("ones");
        Tensor yd = d.apply(x);
        assertArrayEquals(Ops.add(NNOps.depthwiseConv(x, d.kernel().value(), null, "same", null, null), 1.0).floats(), yd.floats(), 1e-6f);
        Conv2DTranspose t = new Conv2DTranspose(4, 3).strides(2).padding("same").activation("relu");
        Tensor yt = t.apply(x);
        assertArrayEquals(Ops.relu(NNOps.convTranspose(x, t.kernel().value(), t.bias().value(), new int[] {2}, "same", null, null, null)).floats(),
                yt.floats(), 1e-6f);
    }

    @Test void gradientsThroughLayers() {
        DepthwiseConv1D d = (DepthwiseConv1D) new DepthwiseConv1D(3).depthMultiplier(2).padding("same").biasInitializer("random_normal").dtype(DType.FLOAT64);
        Tensor x1 = rnd(4, 2, 6, 2);
        FiniteDifferences.check(t -> d.apply(t), x1, 1e-6);
        LayerGradients.checkWeights(d, x1, false, 1e-6);
        SeparableConv1D s = (SeparableConv1D) new SeparableConv1D(3, 2).strides(2).dtype(DType.FLOAT64);
        FiniteDifferences.check(t -> s.apply(t), x1, 1e-6);
        LayerGradients.checkWeights(s, x1, false, 1e-6);
        Conv3DTranspose t3 = (Conv3DTranspose) new Conv3DTranspose(2, 2).strides(2, 1, 2).padding("same").dtype(DType.FLOAT64);
        Tensor x3 = rnd(5, 1, 2, 3, 2, 2);
        FiniteDifferences.check(t -> t3.apply(t), x3, 1e-6);
        LayerGradients.checkWeights(t3, x3, false, 1e-6);
        Conv2DTranspose t2 = (Conv2DTranspose) new Conv2DTranspose(2, 3).strides(2).outputPadding(1).dataFormat("channels_first").dtype(DType.FLOAT64);
        Tensor x2 = rnd(6, 1, 2, 3, 3);
        FiniteDifferences.check(t -> t2.apply(t), x2, 1e-6);
        LayerGradients.checkWeights(t2, x2, false, 1e-6);
    }

    @Test void errorsAndConfig() {
        Conv2DTranspose op = new Conv2DTranspose(2, 3).strides(2).outputPadding(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.apply(Tensor.zeros(1, 3, 3, 1)));
        assertTrue(e.getMessage().contains("Strides must be greater than output padding"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DepthwiseConv2D(3).depthMultiplier(0));
        assertTrue(e.getMessage().contains("depth_multiplier=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SeparableConv2D(0, 3));
        assertTrue(e.getMessage().contains("filters=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv1DTranspose(2, 3).padding("causal"));
        assertTrue(e.getMessage().contains("padding=causal"), e.getMessage());
        DepthwiseConv2D sd = new DepthwiseConv2D(3).strides(2).dilationRate(2);
        e = assertThrows(IllegalArgumentException.class, () -> sd.apply(Tensor.zeros(1, 9, 9, 1)));
        assertTrue(e.getMessage().contains("dilation_rate > 1"), e.getMessage());
        Map<String, Object> c = new Conv2DTranspose(8, 3).strides(2).outputPadding(1).getConfig();
        assertEquals(List.of(1, 1), c.get("output_padding"));
        assertEquals(8, c.get("filters"));
        assertEquals(null, new Conv2DTranspose(8, 3).getConfig().get("output_padding"));
        Map<String, Object> s = new SeparableConv2D(4, 3).depthMultiplier(2).getConfig();
        assertEquals(2, s.get("depth_multiplier"));
        assertEquals("GlorotUniform", ((Map<?, ?>) s.get("pointwise_initializer")).get("class_name"));
        assertEquals(3, ((List<?>) new DepthwiseConv2D(3).getConfig().get("kernel_size")).get(0));
        assertEquals("depthwise_conv2d", Layer.toSnakeCase("DepthwiseConv2D"));
        assertEquals("conv2d_transpose", Layer.toSnakeCase("Conv2DTranspose"));
    }
}
