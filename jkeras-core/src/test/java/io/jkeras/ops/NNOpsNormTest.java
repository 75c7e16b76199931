package io.jkeras.ops;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;
import io.jkeras.testutil.FiniteDifferences;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jkeras.ops.NNOpsConvTest.assertClose;
import static io.jkeras.ops.NNOpsConvTest.rnd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The fused training-mode batch normalization against its definition from elementary ops, and its gradients. */
class NNOpsNormTest {

    static Tensor reference(Tensor x, Tensor g, Tensor b, int axis, double eps) {
        int[] red = new int[x.rank() - 1];
        for (int i = 0, k = 0; i < x.rank(); i++) if (i != axis) red[k++] = i;
        NNOps.Moments m = NNOps.moments(x, red, false);
        return NNOps.batchNormalization(x, m.mean(), m.variance(), axis, b, g, eps);
    }

    @Test void fusedForwardMatchesTheDefinition() {
        Tensor x = rnd(1, 4, 3, 5, 2), g = rnd(2, 3), b = rnd(3, 3);
        for (int axis : new int[] {1, 3}) {
            Tensor gg = axis == 1 ? g : rnd(4, 2), bb = axis == 1 ? b : rnd(5, 2);
            NNOps.BatchNormResult r = NNOps.batchNormTraining(x, gg, bb, axis, 1e-3);
            assertClose(reference(x, gg, bb, axis, 1e-3).doubles(), r.output().doubles(), 1e-12, "axis " + axis);
            int[] red = axis == 1 ? new int[] {0, 2, 3} : new int[] {0, 1, 2};
            assertClose(Ops.mean(x, red, false).doubles(), r.mean().doubles(), 1e-14, "mean");
            assertClose(Ops.variance(x, red, false).doubles(), r.variance().doubles(), 1e-13, "variance");
        }
        // float32, no gamma or beta
        Tensor x32 = Ops.cast(x, DType.FLOAT32);
        NNOps.BatchNormResult r = NNOps.batchNormTraining(x32, null, null, -1, 1e-3);
        assertEquals(DType.FLOAT32, r.output().dtype());
        assertClose(reference(x, null, null, 3, 1e-3).doubles(), r.output().toDoubleArray(), 1e-5, "float32");
    }

    @Test void fusedGradientsMatchFiniteDifferences() {
        FiniteDifferences.checkAll(in -> NNOps.batchNormTraining(in.get(0), in.get(1), in.get(2), -1, 1e-3).output(),
                List.of(rnd(6, 5, 3), rnd(7, 3), rnd(8, 3)), 1e-5);
        FiniteDifferences.checkAll(in -> NNOps.batchNormTraining(in.get(0), in.get(1), in.get(2), 1, 1e-3).output(),
                List.of(rnd(9, 2, 3, 2, 2), rnd(10, 3), rnd(11, 3)), 1e-5);
        FiniteDifferences.check(t -> NNOps.batchNormTraining(t, null, null, 2, 1e-2).output(), rnd(12, 2, 2, 3), 1e-5);
    }

    @Test void gradientsOfAbsentGammaAndBetaAreAbsentAndFloat32Agrees() {
        Tensor x = rnd(13, 6, 4);
        Tensor g = rnd(14, 4), b = rnd(15, 4);
        Tensor w = rnd(16, 6, 4);
        List<Tensor> g64, g32;
        try (GradientTape t = new GradientTape()) {
            t.watch(x); t.watch(g); t.watch(b);
            g64 = t.gradients(Ops.sum(Ops.multiply(NNOps.batchNormTraining(x, g, b, -1, 1e-3).output(), w)), List.of(x, g, b));
        }
        Tensor x32 = Ops.cast(x, DType.FLOAT32), gf = Ops.cast(g, DType.FLOAT32), bf = Ops.cast(b, DType.FLOAT32);
        try (GradientTape t = new GradientTape()) {
            t.watch(x32); t.watch(gf); t.watch(bf);
            g32 = t.gradients(Ops.sum(Ops.multiply(NNOps.batchNormTraining(x32, gf, bf, -1, 1e-3).output(), Ops.cast(w, DType.FLOAT32))), List.of(x32, gf, bf));
        }
        for (int i = 0; i < 3; i++) assertClose(g64.get(i).doubles(), g32.get(i).toDoubleArray(), 1e-4, "float32 gradient " + i);
        try (GradientTape t = new GradientTape()) {
            t.watch(x);
            Tensor y = NNOps.batchNormTraining(x, null, null, -1, 1e-3).output();
            assertNull(t.gradient(Ops.sum(y), g));
        }
    }

    @Test void secondOrderUsesDifferentiableGradients() {
        // d/dx of sum(grad_x(sum(w * bn(x))^2)): the inner gradient is recorded by the outer tape
        Tensor w = rnd(17, 4, 3);
        FiniteDifferences.checkAll(in -> {
            try (GradientTape inner = new GradientTape()) {
                inner.watch(in.get(0));
                Tensor y = NNOps.batchNormTraining(in.get(0), in.get(1), null, -1, 1e-2).output();
                return inner.gradient(Ops.sum(Ops.square(Ops.multiply(y, w))), in.get(0));
            }
        }, List.of(rnd(18, 4, 3), rnd(19, 3)), 1e-4);
    }
}
