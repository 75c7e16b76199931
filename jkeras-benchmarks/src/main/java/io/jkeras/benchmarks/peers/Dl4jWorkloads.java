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
 * The MLP with Deeplearning4j 1.0.0-M2.1 on nd4j-native (OpenBLAS), the way a DL4J user writes it:
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
        if (!wl.equals("mlp")) throw new IllegalArgumentException("dl4j: only the mlp workload is implemented so far");
        mlp();
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
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        int n = Bench.MLP_STEPS * Bench.MLP_BATCH;
        float[] xs = Bench.inputs(n, Bench.FEATURES), ys = Bench.oneHot(Bench.labels(n));
        List<DataSet> batches = new ArrayList<>();
        for (int s = 0; s < Bench.MLP_STEPS; s++) {
            INDArray x = Nd4j.create(java.util.Arrays.copyOfRange(xs, s * Bench.MLP_BATCH * Bench.FEATURES, (s + 1) * Bench.MLP_BATCH * Bench.FEATURES),
                    new long[] {Bench.MLP_BATCH, Bench.FEATURES}, 'c');
            INDArray y = Nd4j.create(java.util.Arrays.copyOfRange(ys, s * Bench.MLP_BATCH * Bench.CLASSES, (s + 1) * Bench.MLP_BATCH * Bench.CLASSES),
                    new long[] {Bench.MLP_BATCH, Bench.CLASSES}, 'c');
            batches.add(new DataSet(x, y));
        }
        Bench.info(LIB, "Deeplearning4j 1.0.0-M2.1, nd4j backend " + Nd4j.getBackend().getClass().getSimpleName()
                + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY"));
        Runnable epoch = () -> { for (DataSet d : batches) net.fit(d); };
        epoch.run();
        for (int rep = 0; rep < Bench.REPEATS; rep++) {
            long t0 = System.nanoTime();
            double c0 = Bench.cpuSeconds();
            epoch.run();
            Bench.result(LIB, "mlp", "train", n / ((System.nanoTime() - t0) / 1e9));
            Bench.result(LIB, "mlp", "train_per_cpu_s", n / (Bench.cpuSeconds() - c0));
        }
        int ni = Bench.MLP_INFER_BATCHES * Bench.INFER_BATCH;
        float[] xi = Bench.inputs(ni, Bench.FEATURES);
        List<INDArray> bi = new ArrayList<>();
        for (int s = 0; s < Bench.MLP_INFER_BATCHES; s++)
            bi.add(Nd4j.create(java.util.Arrays.copyOfRange(xi, s * Bench.INFER_BATCH * Bench.FEATURES, (s + 1) * Bench.INFER_BATCH * Bench.FEATURES),
                    new long[] {Bench.INFER_BATCH, Bench.FEATURES}, 'c'));
        Runnable pass = () -> { for (INDArray b : bi) net.output(b); };
        pass.run();
        for (int rep = 0; rep < Bench.REPEATS; rep++) {
            long t0 = System.nanoTime();
            pass.run();
            Bench.result(LIB, "mlp", "infer", ni / ((System.nanoTime() - t0) / 1e9));
        }
    }
}
