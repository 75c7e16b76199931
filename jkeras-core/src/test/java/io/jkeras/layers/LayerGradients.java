package io.jkeras.layers;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.autodiff.Variable;
import io.jkeras.ops.Ops;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Checks a float64 layer's gradients with respect to its trainable weights against central finite
 * differences (each weight element nudged through {@code setWeights}); the output is reduced with
 * fixed random weights so that every element counts.
 */
final class LayerGradients {
    private LayerGradients() {}

    static void checkWeights(Layer layer, Tensor x, boolean training, double tol) {
        Tensor probe = layer.apply(x, training);
        double[] w = new double[probe.size()];
        SplittableRandom r = new SplittableRandom(99);
        for (int i = 0; i < w.length; i++) w[i] = r.nextDouble(-1, 1);
        Tensor weights = Tensor.of(w, probe.shape().toArray());
        List<Variable> vars = layer.trainableWeights();
        List<Tensor> analytic;
        try (GradientTape tape = new GradientTape()) {
            analytic = tape.gradient(Ops.sum(Ops.multiply(layer.apply(x, training), weights)), vars);
        }
        List<Tensor> all = layer.getWeights();
        List<Variable> allVars = layer.weights();
        double h = 1e-6;
        for (int v = 0; v < vars.size(); v++) {
            int idx = allVars.indexOf(vars.get(v));
            Tensor g = analytic.get(v);
            assertNotNull(g, "no gradient for " + vars.get(v).path());
            double[] base = all.get(idx).toDoubleArray(), ga = g.toDoubleArray();
            for (int i = 0; i < base.length; i++) {
                double[] plus = base.clone(), minus = base.clone();
                plus[i] += h;
                minus[i] -= h;
                double lp = loss(layer, all, idx, Tensor.of(plus, vars.get(v).shape().toArray()), x, training, weights);
                double lm = loss(layer, all, idx, Tensor.of(minus, vars.get(v).shape().toArray()), x, training, weights);
                double numeric = (lp - lm) / (2 * h);
                assertEquals(numeric, ga[i], tol * Math.max(1, Math.abs(numeric)), vars.get(v).path() + "[" + i + "]");
            }
            layer.setWeights(all);
        }
    }

    private static double loss(Layer layer, List<Tensor> all, int idx, Tensor value, Tensor x, boolean training, Tensor weights) {
        List<Tensor> ws = new ArrayList<>(all);
        ws.set(idx, value);
        layer.setWeights(ws);
        return Ops.sum(Ops.multiply(layer.apply(x, training), weights)).item();
    }
}
