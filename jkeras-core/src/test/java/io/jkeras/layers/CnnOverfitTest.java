package io.jkeras.layers;

import io.jkeras.callbacks.History;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.training.FitOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: a small CNN (convolutions, pooling, batch normalization, separable and transposed
 * convolutions, dropout) learns random labels of a tiny batch by heart through compile/fit. Every
 * layer's forward pass and gradient takes part; a wrong gradient anywhere stalls the loss.
 */
class CnnOverfitTest {

    @Test void smallCnnMemorizesATinyBatch() {
        SeedGenerator.setGlobalSeed(1);
        SplittableRandom r = new SplittableRandom(2);
        int n = 16;
        float[] xv = new float[n * 12 * 12 * 2];
        for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextDouble(-1, 1);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = r.nextInt(4);
        Tensor x = Tensor.of(xv, n, 12, 12, 2);
        Tensor y = Tensor.wrap(labels.clone(), Shape.of(n));

        Sequential model = new Sequential(List.of(
                new Conv2D(8, 3).activation("relu").padding("same").inputShape(12, 12, 2),
                new BatchNormalization(),
                new MaxPooling2D(2),
                new SeparableConv2D(16, 3).activation("relu"),
                new Conv2DTranspose(8, 2).strides(2).activation("relu"),
                new AveragePooling2D(2).padding("same"),
                new Flatten(),
                new Dropout(0.1).seed(3),
                new Dense(4).activation("softmax")));
        model.compile(new Adam(0.01), "sparse_categorical_crossentropy");
        History h = model.fit(x, y, FitOptions.builder().epochs(150).batchSize(n).shuffle(false).verbose(0));
        List<Double> loss = h.get("loss");
        double first = loss.get(0), last = loss.get(loss.size() - 1);
        assertTrue(first > 1.0, "random labels over 4 classes start near ln 4, got " + first);
        assertTrue(last < 0.05, "the CNN should memorize 16 samples, loss went " + first + " -> " + last);
        Tensor pred = Ops.argmax(model.predict(x), -1);
        assertArrayEquals(labels, pred.toIntArray());
    }
}
