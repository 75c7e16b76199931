package io.jkeras.training;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.LSTM;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.metrics.SparseCategoricalAccuracy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sequence output that carries a Keras mask (a return_sequences LSTM after
 * Embedding(mask_zero)) leaves its padded timesteps out of the compiled loss and metrics.
 */
class MaskedLossTest {
    // two sequences of 5 steps, padded with 0 (3 and 1 padded steps); targets per step
    private static final int[] X = {3, 1, 4, 0, 0,
                                     2, 5, 2, 1, 0};
    private static final int[] Y = {0, 2, 1, 2, 0,
                                    1, 1, 0, 2, 2};

    private static Sequential model() {
        SeedGenerator.setGlobalSeed(11);
        Sequential m = new Sequential();
        m.add(new Embedding(6, 4).maskZero(true).inputShape(5));
        m.add(new LSTM(5).returnSequences(true));
        m.add(new Dense(3, "softmax"));
        m.compile(new SGD(0.1), new SparseCategoricalCrossentropy(), new SparseCategoricalAccuracy());
        return m;
    }

    /** Hand-computed: mean over the unmasked steps of -log p[target], and the fraction of unmasked steps whose argmax is the target. */
    private static double[] maskedByHand(Tensor probs, boolean onlyUnmasked) {
        double sum = 0, hits = 0;
        int count = 0;
        for (int b = 0; b < 2; b++) for (int t = 0; t < 5; t++) {
            if (onlyUnmasked && X[b * 5 + t] == 0) continue;
            int y = Y[b * 5 + t];
            double p = probs.get(b, t, y);
            sum -= Math.log(p);
            int arg = 0;
            for (int k = 1; k < 3; k++) if (probs.get(b, t, k) > probs.get(b, t, arg)) arg = k;
            if (arg == y) hits++;
            count++;
        }
        return new double[] {sum / count, hits / count};
    }

    @Test void evaluateLeavesMaskedTimestepsOutOfLossAndMetrics() {
        Sequential m = model();
        Tensor x = Tensor.of(X, 2, 5), y = Tensor.of(Y, 2, 5);
        Tensor probs = m.predict(x);
        double[] masked = maskedByHand(probs, true), all = maskedByHand(probs, false);
        Map<String, Double> logs = m.evaluate(x, y, 2, 0);
        assertEquals(masked[0], logs.get("loss"), 1e-5, "loss over the 6 unmasked steps");
        assertEquals(masked[1], logs.get("sparse_categorical_accuracy"), 1e-6, "accuracy over the 6 unmasked steps");
        // the check can fail: the padded steps change the unmasked average
        assertTrue(Math.abs(all[0] - masked[0]) > 1e-4, "the padded steps' loss differs, so the test can tell; all " + all[0] + " masked " + masked[0]);
    }

    @Test void trainStepUsesTheMaskedLoss() {
        Sequential m = model();
        Tensor x = Tensor.of(X, 2, 5), y = Tensor.of(Y, 2, 5);
        double expected = maskedByHand(m.predict(x), true)[0];
        // train_on_batch reports the loss of the forward pass before the update
        assertEquals(expected, m.trainOnBatch(x, y).get("loss"), 1e-5);
    }
}
