package io.jkeras.benchmarks.peers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.jkeras.benchmarks.Bench;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The MLP, CNN and LSTM workloads with DJL 0.36 on PyTorch 2.7.1 (the offline CPU native jar), the way a DJL user writes it:
 * a SequentialBlock of Linear and relu, softmax crossentropy on logits with class-index labels,
 * Adam through a {@link Trainer}, a {@link GradientCollector} per step; inference is the block's
 * forward pass plus a softmax. Batches are NDArrays built before timing; each step's intermediates
 * live in a sub-manager closed after the step. PyTorch gets 2 intra-op threads. Usage:
 * {@code DjlWorkloads mlp|cnn}.
 */
public final class DjlWorkloads {
    private DjlWorkloads() {}

    private static final String LIB = "djl";

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        String wl = Bench.workload(args, 0);
        switch (wl) {
            case "mlp" -> mlp();
            case "cnn" -> cnn();
            case "lstm" -> lstm();
            default -> throw new IllegalArgumentException("djl: workload " + wl + " is not implemented");
        }
        Bench.finish(LIB, wl);
    }

    static void mlp() {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(64).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(Bench.CLASSES).build());
        run(block, "mlp", new Shape(Bench.FEATURES), Bench.MLP_BATCH, Bench.MLP_STEPS, Bench.MLP_STEPS, Bench.MLP_INFER_BATCHES);
    }

    /** Conv 32 3x3 relu, max-pool 2, conv 64 3x3 relu, max-pool 2, flatten, linear 128 relu, linear 10; NCHW inputs. */
    static void cnn() {
        SequentialBlock block = new SequentialBlock()
                .add(ai.djl.nn.convolutional.Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build()).add(Activation::relu)
                .add(ai.djl.nn.pooling.Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(ai.djl.nn.convolutional.Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build()).add(Activation::relu)
                .add(ai.djl.nn.pooling.Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(ai.djl.nn.Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(Bench.CLASSES).build());
        run(block, "cnn", new Shape(1, Bench.IMG, Bench.IMG), Bench.CNN_BATCH, Bench.CNN_WARM, Bench.CNN_STEPS, Bench.CNN_INFER_BATCHES);
    }

    /** LSTM 128 over (batch, 50, 32), batch first, the last step's output, then linear 10. */
    static void lstm() {
        SequentialBlock block = new SequentialBlock()
                .add(ai.djl.nn.recurrent.LSTM.builder().setStateSize(Bench.LSTM_UNITS).setNumLayers(1).optBatchFirst(true).build())
                .add(new ai.djl.nn.LambdaBlock(list -> new NDList(list.get(0).get(":, -1, :"))))
                .add(Linear.builder().setUnits(Bench.CLASSES).build());
        run(block, "lstm", new Shape(Bench.SEQ_LEN, Bench.SEQ_FEATURES), Bench.LSTM_BATCH, Bench.LSTM_WARM, Bench.LSTM_STEPS,
                Bench.LSTM_INFER_BATCHES);
    }

    static void run(SequentialBlock block, String wl, Shape sample, int batch, int warm, int steps, int inferBatches) {
        int sampleSize = (int) sample.size();
        try (Model model = Model.newInstance("mlp", "PyTorch")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).optEpsilon(1e-7f).build())
                    .optInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3),
                            Parameter.Type.WEIGHT)
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch).addAll(sample));
                NDManager base = trainer.getManager();
                int nb = Math.max(warm, steps), n = steps * batch;
                float[] xs = Bench.inputs(nb * batch, sampleSize);
                int[] labels = Bench.labels(nb * batch);
                List<NDArray> bx = new ArrayList<>(), by = new ArrayList<>();
                for (int s = 0; s < nb; s++) {
                    bx.add(base.create(FloatBuffer.wrap(xs, s * batch * sampleSize, batch * sampleSize), new Shape(batch).addAll(sample)));
                    float[] ly = new float[batch];
                    for (int i = 0; i < ly.length; i++) ly[i] = labels[s * batch + i];
                    by.add(base.create(ly));
                }
                Engine engine = Engine.getInstance();
                Bench.info(LIB, "DJL " + Engine.getDjlVersion() + " on " + engine.getEngineName() + " " + engine.getVersion()
                        + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
                java.util.function.IntConsumer epoch = count -> {
                    for (int s = 0; s < count; s++) {
                        try (NDManager sub = base.newSubManager()) {
                            NDArray x = bx.get(s), y = by.get(s);
                            x.tempAttach(sub);
                            y.tempAttach(sub);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList preds = trainer.forward(new NDList(x));
                                NDArray loss = trainer.getLoss().evaluate(new NDList(y), preds);
                                gc.backward(loss);
                            }
                            trainer.step();
                        }
                    }
                };
                epoch.accept(warm);
                for (int rep = 0; rep < Bench.REPEATS; rep++) {
                    long t0 = System.nanoTime();
                    double c0 = Bench.cpuSeconds();
                    epoch.accept(steps);
                    Bench.result(LIB, wl, "train", n / ((System.nanoTime() - t0) / 1e9));
                    Bench.result(LIB, wl, "train_per_cpu_s", n / (Bench.cpuSeconds() - c0));
                }

                int ni = inferBatches * Bench.INFER_BATCH;
                float[] xi = Bench.inputs(ni, sampleSize);
                List<NDArray> bi = new ArrayList<>();
                for (int s = 0; s < inferBatches; s++)
                    bi.add(base.create(FloatBuffer.wrap(xi, s * Bench.INFER_BATCH * sampleSize, Bench.INFER_BATCH * sampleSize),
                            new Shape(Bench.INFER_BATCH).addAll(sample)));
                ParameterStore ps = new ParameterStore(base, false);
                Runnable pass = () -> {
                    for (NDArray b : bi) {
                        try (NDManager sub = base.newSubManager()) {
                            b.tempAttach(sub);
                            NDArray p = block.forward(ps, new NDList(b), false).singletonOrThrow().softmax(1);
                            p.toFloatArray();
                        }
                    }
                };
                pass.run();
                for (int rep = 0; rep < Bench.REPEATS; rep++) {
                    long t0 = System.nanoTime();
                    pass.run();
                    Bench.result(LIB, wl, "infer", ni / ((System.nanoTime() - t0) / 1e9));
                }
            }
        }
    }
}
