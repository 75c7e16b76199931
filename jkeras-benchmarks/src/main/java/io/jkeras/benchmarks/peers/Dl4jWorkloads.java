package io.jkeras.benchmarks.peers;

import io.jkeras.benchmarks.Bench;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/**
 * The MLP, CNN and LSTM workloads with Deeplearning4j 1.0.0-M2.1 on nd4j-native (OpenBLAS), the way a DL4J user writes it:
 * a MultiLayerNetwork of DenseLayers and an MCXENT softmax OutputLayer, Adam 1e-3, Xavier-uniform
 * weights, {@code fit(DataSet)} per batch and {@code output(x)} for inference. Batches are INDArrays
 * built before timing. Run with OMP_NUM_THREADS=2 and OMP_WAIT_POLICY=PASSIVE. Usage:
 * {@code Dl4jWorkloads mlp}.
 */
public final class Dl4jWorkloads {
    private Dl4jWorkloads() {}

    private static final String LIB = "dl4j";

    public static void main(String[] args) {
        String wl = Bench.workload(args, 0);
        switch (wl) {
            case "mlp" -> mlp();
            case "cnn" -> cnn();
            case "lstm" -> lstm();
            default -> throw new IllegalArgumentException("dl4j: workload " + wl + " is not implemented");
        }
        Bench.finish(LIB, wl);
    }

    static void mlp() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(Bench.SEED).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new DenseLayer.Builder().nIn(Bench.FEATURES).nOut(128).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(128).nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(Bench.CLASSES).activation(Activation.SOFTMAX).build())
                .build();
        run(conf, "mlp", Bench.MLP_BATCH, Bench.MLP_STEPS, Bench.MLP_STEPS, Bench.MLP_INFER_BATCHES);
    }

    /** Conv 32 3x3 relu, max-pool 2, conv 64 3x3 relu, max-pool 2, dense 128 relu, softmax 10; flat 784-float inputs. */
    static void cnn() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(Bench.SEED).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nIn(1).nOut(32).activation(Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder(org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder(org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(Bench.CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutionalFlat(Bench.IMG, Bench.IMG, 1))
                .build();
        run(conf, "cnn", Bench.CNN_BATCH, Bench.CNN_WARM, Bench.CNN_STEPS, Bench.CNN_INFER_BATCHES);
    }

    /** LSTM 128 (tanh) over 50 steps of 32 features, its last step (LastTimeStep), softmax 10. */
    static void lstm() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(Bench.SEED).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep(new org.deeplearning4j.nn.conf.layers.LSTM.Builder()
                        .nIn(Bench.SEQ_FEATURES).nOut(Bench.LSTM_UNITS).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(Bench.LSTM_UNITS).nOut(Bench.CLASSES).activation(Activation.SOFTMAX).build())
                .build();
        // DL4J's recurrent layout is (batch, features, time)
        run(conf, "lstm", Bench.LSTM_BATCH, Bench.LSTM_WARM, Bench.LSTM_STEPS, Bench.LSTM_INFER_BATCHES,
                new long[] {Bench.SEQ_FEATURES, Bench.SEQ_LEN});
    }

    static long[] shape(int batch, long[] sample) {
        long[] s = new long[sample.length + 1];
        s[0] = batch;
        System.arraycopy(sample, 0, s, 1, sample.length);
        return s;
    }

    static void run(MultiLayerConfiguration conf, String wl, int batch, int warm, int steps, int inferBatches) {
        run(conf, wl, batch, warm, steps, inferBatches, new long[] {Bench.FEATURES});
    }

    static void run(MultiLayerConfiguration conf, String wl, int batch, int warm, int steps, int inferBatches, long[] sample) {
        int size = 1;
        for (long d : sample) size *= (int) d;
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        int nb = Math.max(warm, steps), n = steps * batch;
        float[] xs = Bench.inputs(nb * batch, size), ys = Bench.oneHot(Bench.labels(nb * batch));
        List<DataSet> batches = new ArrayList<>();
        for (int s = 0; s < nb; s++) {
            INDArray x = Nd4j.create(java.util.Arrays.copyOfRange(xs, s * batch * size, (s + 1) * batch * size), shape(batch, sample), 'c');
            INDArray y = Nd4j.create(java.util.Arrays.copyOfRange(ys, s * batch * Bench.CLASSES, (s + 1) * batch * Bench.CLASSES),
                    new long[] {batch, Bench.CLASSES}, 'c');
            batches.add(new DataSet(x, y));
        }
        Bench.info(LIB, "Deeplearning4j 1.0.0-M2.1, nd4j backend " + Nd4j.getBackend().getClass().getSimpleName()
                + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY"));
        java.util.function.IntConsumer epoch = count -> { for (int s = 0; s < count; s++) net.fit(batches.get(s)); };
        epoch.accept(warm);
        for (int rep = 0; rep < Bench.REPEATS; rep++) {
            long t0 = System.nanoTime();
            double c0 = Bench.cpuSeconds();
            epoch.accept(steps);
            Bench.result(LIB, wl, "train", n / ((System.nanoTime() - t0) / 1e9));
            Bench.result(LIB, wl, "train_per_cpu_s", n / (Bench.cpuSeconds() - c0));
        }
        int ni = inferBatches * Bench.INFER_BATCH;
        float[] xi = Bench.inputs(ni, size);
        List<INDArray> bi = new ArrayList<>();
        for (int s = 0; s < inferBatches; s++)
            bi.add(Nd4j.create(java.util.Arrays.copyOfRange(xi, s * Bench.INFER_BATCH * size, (s + 1) * Bench.INFER_BATCH * size),
                    shape(Bench.INFER_BATCH, sample), 'c'));
        Runnable pass = () -> { for (INDArray b : bi) net.output(b); };
        pass.run();
        for (int rep = 0; rep < Bench.REPEATS; rep++) {
            long t0 = System.nanoTime();
            pass.run();
            Bench.result(LIB, wl, "infer", ni / ((System.nanoTime() - t0) / 1e9));
        }
    }
}
