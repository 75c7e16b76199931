package io.jkeras.training;

import io.jkeras.callbacks.History;
import io.jkeras.datasets.Datasets;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.KerasTensor;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;
import io.jkeras.utils.Utils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class TrainingTest {
    @BeforeEach void fresh() {
        Layer.clearSession();
        SeedGenerator.setGlobalSeed(7);
    }

    /** Three Gaussian blobs in 4-D: a small MLP must separate them almost perfectly. */
    private static Tensor[] blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        double[][] centers = {{2, 0, 0, 1}, {-2, 1, 0, -1}, {0, -2, 2, 0}};
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) (centers[y[i]][j] + 0.7 * r.nextGaussian());
        }
        return new Tensor[] {Tensor.wrap(x, n, 4), Tensor.wrap(y, Shape.of(n))};
    }

    private static Model mlp() {
        KerasTensor in = Input.of(4);
        KerasTensor h = new Dense(16, "relu").apply(in);
        return new Model(in, new Dense(3, "softmax").apply(h));
    }

    @Test void fitReachesHighAccuracyOnSeparableData() {
        Tensor[] train = blobs(600, 1), test = blobs(300, 2);
        Model m = mlp();
        m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        History h = m.fit(train[0], train[1], FitOptions.builder().epochs(30).batchSize(32).verbose(0).validationSplit(0.2));
        List<Double> loss = h.get("loss");
        assertEquals(30, loss.size());
        assertTrue(loss.get(29) < loss.get(0) * 0.5, "loss should fall by half at least: " + loss);
        assertTrue(h.history().containsKey("val_loss") && h.history().containsKey("val_accuracy"), h.history().keySet().toString());
        Map<String, Double> ev = m.evaluate(test[0], test[1], 64, 0);
        assertTrue(ev.get("accuracy") > 0.95, "test accuracy " + ev);
        Tensor p = m.predict(test[0]);
        assertEquals(Shape.of(300, 3), p.shape());
        // evaluate's accuracy is what predict's argmax gives
        int[] pred = Ops.argmax(p, -1).toIntArray(), lab = test[1].toIntArray();
        int ok = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == lab[i]) ok++;
        assertEquals(ok / 300.0, ev.get("accuracy"), 1e-9);
    }

    @Test void sameSeedGivesTheSameBits() {
        Tensor[] train = blobs(200, 3);
        float[][] finals = new float[2][];
        for (int run = 0; run < 2; run++) {
            Layer.clearSession();
            SeedGenerator.setGlobalSeed(11);
            Model m = mlp();
            m.compile("adam", "sparse_categorical_crossentropy");
            m.fit(train[0], train[1], FitOptions.builder().epochs(3).batchSize(16).verbose(0));
            finals[run] = m.predict(train[0]).toFloatArray();
        }
        assertArrayEquals(finals[0], finals[1]);
    }

    @Test void mnistSubsetTrainsToKnownAccuracy() {
        Assumptions.assumeTrue(Files.isRegularFile(Datasets.cacheRoot().resolve("mnist/train-images-idx3-ubyte")),
                "MNIST is not in the cache (" + Datasets.cacheRoot() + "); run bin/fetch-mnist to include this test");
        Mnist.Data d = Mnist.loadData();
        int n = 6000;
        Tensor x = Ops.sliceAxis(Datasets.toFloatImages(d.xTrain(), true), 0, 0, n);
        Tensor y = Utils.toCategorical(Ops.sliceAxis(d.yTrain(), 0, 0, n), 10);
        Tensor xt = Ops.sliceAxis(Datasets.toFloatImages(d.xTest(), true), 0, 0, 2000);
        Tensor yt = Utils.toCategorical(Ops.sliceAxis(d.yTest(), 0, 0, 2000), 10);
        KerasTensor in = Input.of(784);
        KerasTensor h = new Dense(128, "relu").apply(in);
        Model m = new Model(in, new Dense(10, "softmax").apply(new Dense(64, "relu").apply(h)));
        m.compile("adam", "categorical_crossentropy", "accuracy");
        m.fit(x, y, FitOptions.builder().epochs(3).batchSize(64).verbose(0).seed(3));
        double acc = m.evaluate(xt, yt, 256, 0).get("accuracy");
        assertTrue(acc > 0.88, "accuracy on 2,000 test digits after 3 epochs on 6,000: " + acc);
    }

    @Test void fitBeforeCompileSaysWhatToDo() {
        Model m = mlp();
        Tensor[] d = blobs(10, 4);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.fit(d[0], d[1], 1, 4));
        assertTrue(e.getMessage().startsWith("You must call compile() before using the model for training"), e.getMessage());
    }

    @Test void labelsThatDoNotFitTheLossAreNamed() {
        Model m = mlp();
        m.compile("adam", "categorical_crossentropy");
        Tensor[] d = blobs(10, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(d[0], d[1], FitOptions.builder().verbose(0)));
        String msg = e.getMessage();
        assertTrue(msg.contains("(10,)") || msg.contains("(10, 3)") || msg.contains("sparse_categorical_crossentropy"), msg);
    }

    @Test void unknownIdentifiersListTheValidOnes() {
        Model m = mlp();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.compile("adamm", "mse"));
        assertTrue(e.getMessage().contains("adamm") && e.getMessage().contains("adam"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.compile("adam", "mse", "acuracy"));
        assertTrue(e.getMessage().contains("acuracy") && e.getMessage().contains("accuracy"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dense(3, "rellu"));
        assertTrue(e.getMessage().contains("rellu") && e.getMessage().contains("relu"), e.getMessage());
    }

    @Test void nanLossStopsAndNamesTheBatch() {
        Sequential m = new Sequential();
        m.add(new Dense(1).inputShape(2));
        m.compile("sgd", "mse");
        float[] x = new float[20];
        x[13] = Float.NaN; // sample 6 -> batch index 1 with batch size 4
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.fit(Tensor.wrap(x, 10, 2), Tensor.zeros(10, 1), FitOptions.builder().batchSize(4).shuffle(false).verbose(0)));
        assertTrue(e.getMessage().startsWith("Epoch 1, batch 1: the loss is NaN"), e.getMessage());
    }

    @Test void wrongInputWidthNamesTheModelAndShapes() {
        Model m = mlp();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("expected shape=(None, 4), found shape=(2, 5)"), e.getMessage());
    }

    @Test void classWeightsScaleTheLoss() {
        Sequential m = new Sequential();
        m.add(new Dense(2, "softmax").inputShape(2));
        m.compile("sgd", "sparse_categorical_crossentropy");
        Tensor x = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2);
        Tensor y = Tensor.wrap(new int[] {0, 1}, Shape.of(2));
        Tensor p = m.predict(x);
        double l0 = -Math.log(p.get(0, 0)), l1 = -Math.log(p.get(1, 1));
        assertEquals((l0 + l1) / 2, m.testOnBatch(x, y).get("loss"), 1e-6);
        // one step of batch 2 logs the loss before its update; sum_over_batch_size of weighted losses
        History h = m.fit(x, y, FitOptions.builder().epochs(1).batchSize(2).shuffle(false).verbose(0).classWeight(Map.of(0, 3.0, 1, 1.0)));
        assertEquals((3 * l0 + l1) / 2, h.get("loss").get(0), 1e-6);
    }

    /** A small MLP wide enough that its first product takes the packed GEMM path at batch 64 and more. */
    private static Model wideMlp(int in) {
        KerasTensor i = Input.of(in);
        KerasTensor h = new Dense(48, "relu").apply(i);
        return new Model(i, new Dense(5, "softmax").apply(h));
    }

    @Test void predictAndEvaluateInBatchesEqualOneBatchAtATime() {
        // predict cuts views over the input (no copies); each batch must give the bits of a standalone call
        int n = 1000, in = 70;
        Tensor x = FloatKernelsData.uniform(3, n, in);
        Model m = wideMlp(in);
        m.compile("adam", "categorical_crossentropy");
        Tensor p = m.predict(x, 128);
        assertEquals(Shape.of(n, 5), p.shape());
        float[] got = p.floats();
        for (int from = 0; from < n; from += 128) {
            int to = Math.min(n, from + 128);
            Tensor copy = Tensor.of(java.util.Arrays.copyOfRange(x.floats(), from * in, to * in), to - from, in);
            float[] want = m.predictOnBatch(copy).floats();
            assertArrayEquals(want, java.util.Arrays.copyOfRange(got, from * 5, to * 5), "rows " + from + ".." + to);
        }
        // evaluate over views: the sample-weighted mean of the per-batch losses of copies
        float[] yv = new float[n * 5];
        for (int i = 0; i < n; i++) yv[i * 5 + i % 5] = 1;
        Tensor y = Tensor.wrap(yv, n, 5);
        double total = 0;
        for (int from = 0; from < n; from += 300) {
            int to = Math.min(n, from + 300);
            Tensor xb = Tensor.of(java.util.Arrays.copyOfRange(x.floats(), from * in, to * in), to - from, in);
            Tensor yb = Tensor.of(java.util.Arrays.copyOfRange(yv, from * 5, to * 5), to - from, 5);
            total += m.testOnBatch(xb, yb).get("loss") * (to - from);
        }
        assertEquals(total / n, m.evaluate(x, y, 300, 0).get("loss"), 1e-6);
    }

    @Test void shuffledFitTrainsOnThePermutedBatchesItPromises() {
        // fit gathers each shuffled batch one step ahead on a pool thread, into two array sets used by turns
        // (the last, shorter batch into its own): the weights must be the bits of
        // train_on_batch over the same permutation (Fisher-Yates from the fit seed), batch after batch
        // (batches of 64 x (600 + 5) elements: above the size from which fit gathers ahead)
        int n = 700, in = 600, batch = 64;
        assertTrue((long) batch * (in + 5) >= Trainer.GATHER_AHEAD_MIN_ELEMENTS);
        long seed = 123;
        Tensor x = FloatKernelsData.uniform(5, n, in);
        float[] yv = new float[n * 5];
        for (int i = 0; i < n; i++) yv[i * 5 + (i * 7) % 5] = 1;
        Tensor y = Tensor.wrap(yv, n, 5);
        SeedGenerator.setGlobalSeed(11);
        Model a = wideMlp(in);
        a.compile("adam", "categorical_crossentropy");
        a.fit(x, y, FitOptions.builder().epochs(2).batchSize(batch).verbose(0).seed(seed));
        Layer.clearSession();
        SeedGenerator.setGlobalSeed(11);
        Model b = wideMlp(in);
        b.compile("adam", "categorical_crossentropy");
        SplittableRandom rng = new SplittableRandom(SeedGenerator.mix(seed));
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) p[i] = i;
            for (int i = n - 1; i > 0; i--) { int j = rng.nextInt(i + 1); int t = p[i]; p[i] = p[j]; p[j] = t; }
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                float[] xb = new float[(to - from) * in], yb = new float[(to - from) * 5];
                for (int r = from; r < to; r++) {
                    System.arraycopy(x.floats(), p[r] * in, xb, (r - from) * in, in);
                    System.arraycopy(yv, p[r] * 5, yb, (r - from) * 5, 5);
                }
                b.trainOnBatch(Tensor.wrap(xb, to - from, in), Tensor.wrap(yb, to - from, 5));
            }
        }
        List<io.jkeras.autodiff.Variable> wa = a.trainableWeights(), wb = b.trainableWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) assertArrayEquals(wb.get(i).value().floats(), wa.get(i).value().floats(), wa.get(i).path());
    }

    @Test void validationSplitTrainsOnTheFirstRowsAndValidatesOnTheRest() {
        // the split is a pair of views; unshuffled, the first epoch's logs equal an explicit split's
        Tensor[] data = blobs(200, 9);
        Tensor x = data[0], y = data[1];
        SeedGenerator.setGlobalSeed(3);
        Model a = mlp();
        a.compile("adam", "sparse_categorical_crossentropy");
        History ha = a.fit(x, y, FitOptions.builder().epochs(2).batchSize(32).shuffle(false).verbose(0).validationSplit(0.25));
        Layer.clearSession();
        SeedGenerator.setGlobalSeed(3);
        Model b = mlp();
        b.compile("adam", "sparse_categorical_crossentropy");
        Tensor tx = Tensor.of(java.util.Arrays.copyOfRange(x.floats(), 0, 150 * 4), 150, 4);
        Tensor ty = Tensor.wrap(java.util.Arrays.copyOfRange(y.ints(), 0, 150), Shape.of(150));
        Tensor vx = Tensor.of(java.util.Arrays.copyOfRange(x.floats(), 150 * 4, 200 * 4), 50, 4);
        Tensor vy = Tensor.wrap(java.util.Arrays.copyOfRange(y.ints(), 150, 200), Shape.of(50));
        History hb = b.fit(tx, ty, FitOptions.builder().epochs(2).batchSize(32).shuffle(false).verbose(0).validationData(vx, vy));
        assertEquals(hb.get("loss"), ha.get("loss"));
        assertEquals(hb.get("val_loss"), ha.get("val_loss"));
    }

    @Test void aLayerFrozenAtAnEpochStartStopsTrainingFromThatEpoch() {
        // fit reads the trainable variables at each epoch start, after the callbacks' onEpochBegin
        Tensor[] data = blobs(128, 4);
        KerasTensor in = Input.of(4);
        Dense first = new Dense(8, "relu");
        Model m = new Model(in, new Dense(3, "softmax").apply(first.apply(in)));
        m.compile("adam", "sparse_categorical_crossentropy");
        float[][] kernelAt = new float[3][];
        io.jkeras.callbacks.Callback freezer = new io.jkeras.callbacks.Callback() {
            @Override public void onEpochBegin(int epoch, Map<String, Double> logs) {
                kernelAt[epoch] = first.kernel().value().toFloatArray();
                if (epoch == 1) first.trainable(false);
            }
        };
        m.fit(data[0], data[1], FitOptions.builder().epochs(3).batchSize(32).verbose(0).callbacks(freezer));
        assertFalse(java.util.Arrays.equals(kernelAt[0], kernelAt[1]), "epoch 0 trains the first layer");
        assertArrayEquals(kernelAt[1], kernelAt[2], "frozen from epoch 1 on");
        assertArrayEquals(kernelAt[1], first.kernel().value().toFloatArray());
    }

    /** Uniform float inputs in [0, 1). */
    static final class FloatKernelsData {
        static Tensor uniform(long seed, int rows, int cols) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] d = new float[rows * cols];
            for (int i = 0; i < d.length; i++) d[i] = (float) r.nextDouble();
            return Tensor.wrap(d, rows, cols);
        }
    }
}
