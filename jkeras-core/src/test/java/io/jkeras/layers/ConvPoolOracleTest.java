package io.jkeras.layers;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Set;
import java.util.stream.Stream;

/**
 * Convolution and pooling layers against the tfjs oracle cases: predict outputs with the cases'
 * weights, and where a case has one, its 3-step training run (losses, trained weights, predict after).
 */
class ConvPoolOracleTest {

    static final String[] CASES = {
            "conv1d_valid", "conv1d_same_stride2", "conv2d_valid", "conv2d_same", "conv2d_valid_stride2", "conv2d_same_stride2_even",
            "conv2d_rect_kernel_strides", "conv2d_dilation2_same", "conv2d_1x1_no_bias", "flatten_conv_dense",
            "maxpool1d", "maxpool2d_2x2", "maxpool2d_2x2_valid_odd", "avgpool1d_same", "avgpool2d_2x2", "global_avgpool1d", "global_avgpool2d"};

    @TestFactory Stream<DynamicTest> predictMatchesTfjs() {
        return Stream.of(CASES).map(n -> DynamicTest.dynamicTest(n, () -> OracleCases.check(n, false)));
    }

    @TestFactory Stream<DynamicTest> trainingMatchesTfjs() {
        return Stream.of(CASES).filter(n -> !n.equals("avgpool1d_same")).map(n -> DynamicTest.dynamicTest(n, () -> OracleCases.checkTraining(n)));
    }

    /**
     * tfjs's average-pooling gradient divides every window by its full size, also where 'same'
     * padding leaves fewer real cells; Keras (TensorFlow and JAX) divides by the real cells, the
     * exact gradient of the forward pass (checked by finite differences in NNOpsPoolTest). With
     * tfjs's rule every step of this case matches (tried); with the exact one only the first loss
     * can be compared.
     */
    @Test void avgpoolSameTrainingFirstStepOnly() {
        OracleCases.checkTraining("avgpool1d_same", 1, Set.of("*"), false);
    }
}
