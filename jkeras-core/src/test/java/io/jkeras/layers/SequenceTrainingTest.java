package io.jkeras.layers;

import io.jkeras.callbacks.History;
import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.metrics.BinaryAccuracy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sequence models train with fit: the loss falls and a task that needs the whole sequence is learned. */
class SequenceTrainingTest {

    /**
     * Token sequences of random length 2..8 (padded with 0), label 1 when token 1 occurs more often
     * than token 2: the answer needs the whole (unpadded) sequence.
     */
    private static Tensor[] data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] x = new int[n * 8];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int len = 2 + r.nextInt(7), ones = 0, twos = 0;
            for (int t = 0; t < len; t++) {
                int tok = 1 + r.nextInt(4);
                x[i * 8 + t] = tok;
                if (tok == 1) ones++;
                if (tok == 2) twos++;
            }
            y[i] = ones > twos ? 1 : 0;
        }
        return new Tensor[] {Tensor.of(x, n, 8), Tensor.of(y, n, 1)};
    }

    private static void learns(Layer recurrent, String what) {
        SeedGenerator.setGlobalSeed(7);
        Sequential m = new Sequential();
        m.add(new Embedding(5, 8).maskZero(true).inputShape(8));
        m.add(recurrent);
        m.add(new Dense(1, "sigmoid"));
        m.compile(new Adam(0.02), new BinaryCrossentropy(), new BinaryAccuracy());
        Tensor[] train = data(512, 1);
        History h = m.fit(train[0], train[1], FitOptions.builder().epochs(25).batchSize(64).verbose(0));
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), what + ": the loss should at least halve, history " + loss);
        Tensor[] test = data(256, 2);
        double acc = m.evaluate(test[0], test[1], 256, 0).get("binary_accuracy");
        assertTrue(acc > 0.85, what + ": held-out accuracy " + acc);
    }

    @Test void lstmLearnsACountingTask() { learns(new LSTM(16), "LSTM"); }

    @Test void gruLearnsACountingTask() { learns(new GRU(16), "GRU"); }

    @Test void bidirectionalSimpleRnnLearnsACountingTask() { learns(new Bidirectional(new SimpleRNN(12), "concat"), "Bidirectional(SimpleRNN)"); }
}
