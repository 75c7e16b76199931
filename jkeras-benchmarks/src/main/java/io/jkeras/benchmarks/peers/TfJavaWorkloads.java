package io.jkeras.benchmarks.peers;

import io.jkeras.benchmarks.Bench;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The MLP with TensorFlow Java 1.1 raw ops, the way a TF Java user writes a training loop: a graph
 * of MatMul/Add/Relu, SoftmaxCrossEntropyWithLogits, {@code Graph.addGradients}, one ApplyAdam per
 * variable, run by a session with intra- and inter-op pools of 2 threads. Batches are tensors built
 * before timing (as the Python peers do). Usage: {@code TfJavaWorkloads mlp}.
 */
public final class TfJavaWorkloads {
    private TfJavaWorkloads() {}

    private static final String LIB = "tfjava";

    public static void main(String[] args) {
        String wl = Bench.workload(args, 0);
        if (!wl.equals("mlp")) throw new IllegalArgumentException("tfjava: only the mlp workload is implemented (no conv/LSTM raw-op models)");
        mlp();
        Bench.finish(LIB, wl);
    }

    /** Glorot-uniform initial values, fixed seed. */
    static float[] glorot(long seed, int fanIn, int fanOut) {
        SplittableRandom r = new SplittableRandom(seed);
        double lim = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] w = new float[fanIn * fanOut];
        for (int i = 0; i < w.length; i++) w[i] = (float) ((r.nextDouble() * 2 - 1) * lim);
        return w;
    }

    static void mlp() {
        int[] sizes = {Bench.FEATURES, 128, 64, Bench.CLASSES};
        ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(2).setInterOpParallelismThreads(2).build();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, Bench.FEATURES)));
            Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, Bench.CLASSES)));
            Placeholder<TFloat32> b1Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            Placeholder<TFloat32> b2Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            List<Variable<TFloat32>> vars = new ArrayList<>();
            Operand<TFloat32> h = x;
            for (int l = 0; l < 3; l++) {
                Variable<TFloat32> w = tf.variable(tf.constant(Shape.of(sizes[l], sizes[l + 1]),
                        DataBuffers.of(glorot(Bench.SEED + l, sizes[l], sizes[l + 1]), true, false)));
                Variable<TFloat32> b = tf.variable(tf.constant(Shape.of(sizes[l + 1]), DataBuffers.of(new float[sizes[l + 1]], true, false)));
                vars.add(w);
                vars.add(b);
                h = tf.math.add(tf.linalg.matMul(h, w), b);
                if (l < 2) h = tf.nn.relu(h);
            }
            Operand<TFloat32> logits = h;
            Operand<TFloat32> probs = tf.nn.softmax(logits);
            Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, y).loss(), tf.constant(0));
            Output<?>[] wrt = new Output<?>[vars.size()];
            for (int i = 0; i < wrt.length; i++) wrt[i] = vars.get(i).asOutput();
            Output<?>[] grads = g.addGradients(loss.asOutput(), wrt);
            List<ApplyAdam<TFloat32>> updates = new ArrayList<>();
            for (int i = 0; i < vars.size(); i++) {
                Variable<TFloat32> v = vars.get(i);
                Shape s = v.shape();
                Variable<TFloat32> m = tf.variable(tf.zeros(tf.constant(s), TFloat32.class));
                Variable<TFloat32> vv = tf.variable(tf.zeros(tf.constant(s), TFloat32.class));
                @SuppressWarnings("unchecked") Operand<TFloat32> gi = (Operand<TFloat32>) grads[i];
                updates.add(tf.train.applyAdam(v, m, vv, b1Power, b2Power, tf.constant(1e-3f), tf.constant(0.9f), tf.constant(0.999f),
                        tf.constant(1e-7f), gi));
            }
            try (Session session = new Session(g, config)) {
                session.initialize();
                int n = Bench.MLP_STEPS * Bench.MLP_BATCH;
                float[] xs = Bench.inputs(n, Bench.FEATURES), ys = Bench.oneHot(Bench.labels(n));
                List<TFloat32> bx = new ArrayList<>(), by = new ArrayList<>();
                for (int s = 0; s < Bench.MLP_STEPS; s++) {
                    bx.add(TFloat32.tensorOf(Shape.of(Bench.MLP_BATCH, Bench.FEATURES), DataBuffers.of(
                            java.util.Arrays.copyOfRange(xs, s * Bench.MLP_BATCH * Bench.FEATURES, (s + 1) * Bench.MLP_BATCH * Bench.FEATURES), true, false)));
                    by.add(TFloat32.tensorOf(Shape.of(Bench.MLP_BATCH, Bench.CLASSES), DataBuffers.of(
                            java.util.Arrays.copyOfRange(ys, s * Bench.MLP_BATCH * Bench.CLASSES, (s + 1) * Bench.MLP_BATCH * Bench.CLASSES), true, false)));
                }
                Bench.info(LIB, "TensorFlow Java 1.1.0 raw ops (graph + session), intra/inter-op threads 2/2");
                long[] t = {0};
                Runnable step = () -> {
                    t[0]++;
                    int s = (int) ((t[0] - 1) % Bench.MLP_STEPS);
                    try (TFloat32 p1 = TFloat32.scalarOf((float) Math.pow(0.9, t[0])); TFloat32 p2 = TFloat32.scalarOf((float) Math.pow(0.999, t[0]))) {
                        Session.Runner r = session.runner().feed(x, bx.get(s)).feed(y, by.get(s)).feed(b1Power, p1).feed(b2Power, p2);
                        for (ApplyAdam<TFloat32> u : updates) r.addTarget(u);
                        try (Result res = r.run()) { /* targets only */ }
                    }
                };
                for (int s = 0; s < Bench.MLP_STEPS; s++) step.run();
                for (int rep = 0; rep < Bench.REPEATS; rep++) {
                    long t0 = System.nanoTime();
                    double c0 = Bench.cpuSeconds();
                    for (int s = 0; s < Bench.MLP_STEPS; s++) step.run();
                    Bench.result(LIB, "mlp", "train", n / ((System.nanoTime() - t0) / 1e9));
                    Bench.result(LIB, "mlp", "train_per_cpu_s", n / (Bench.cpuSeconds() - c0));
                }
                try (Result res = session.runner().feed(x, bx.get(0)).feed(y, by.get(0)).fetch(loss).run()) {
                    Bench.info(LIB, "loss after training " + ((TFloat32) res.get(0)).getFloat());
                }
                int ni = Bench.MLP_INFER_BATCHES * Bench.INFER_BATCH;
                float[] xi = Bench.inputs(ni, Bench.FEATURES);
                List<TFloat32> bi = new ArrayList<>();
                for (int s = 0; s < Bench.MLP_INFER_BATCHES; s++) bi.add(TFloat32.tensorOf(Shape.of(Bench.INFER_BATCH, Bench.FEATURES), DataBuffers.of(
                        java.util.Arrays.copyOfRange(xi, s * Bench.INFER_BATCH * Bench.FEATURES, (s + 1) * Bench.INFER_BATCH * Bench.FEATURES), true, false)));
                Runnable pass = () -> {
                    for (TFloat32 b : bi) try (Result res = session.runner().feed(x, b).fetch(probs).run()) { /* fetched */ }
                };
                pass.run();
                for (int rep = 0; rep < Bench.REPEATS; rep++) {
                    long t0 = System.nanoTime();
                    pass.run();
                    Bench.result(LIB, "mlp", "infer", ni / ((System.nanoTime() - t0) / 1e9));
                }
            }
        }
    }
}
