package io.jkeras.ops;

import io.jkeras.autodiff.GradientTape;
import io.jkeras.backend.Backends;
import io.jkeras.backend.cpu.CpuBackend;
import io.jkeras.backend.cpu.LstmKernel;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

/**
 * Recurrent ops that run a whole sequence in one kernel, with their gradient through time. Layers
 * use them where they apply (see {@link #lstmSupported}) and the step-by-step {@link Ops} loop
 * elsewhere; both give the same values.
 */
public final class RnnOps {
    private RnnOps() {}

    /** True when {@link #lstm} can run tensors of this dtype on the active backend (float32 on the CPU backend). */
    public static boolean lstmSupported(DType dtype) {
        return dtype == DType.FLOAT32 && Backends.current() instanceof CpuBackend;
    }

    /**
     * A standard LSTM (Keras gate order i, f, c, o; sigmoid gates, tanh) over a whole sequence.
     *
     * @param x               {@code (batch, timesteps, features)}
     * @param h0              {@code (batch, units)}
     * @param c0              {@code (batch, units)}
     * @param kernel          {@code (features, 4*units)}
     * @param recurrentKernel {@code (units, 4*units)}
     * @param bias            {@code (4*units,)}, or null for none
     * @param mask            {@code (batch, timesteps)} bool, true where a step counts (a masked step keeps the states), or null
     * @param goBackwards     process the timesteps from last to first
     * @return the states after each step, packed as {@code (2, timesteps, batch, units)} in the
     *         order the steps were processed: {@code [0]} holds h, {@code [1]} holds c
     */
    public static Tensor lstm(Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor mask, boolean goBackwards) {
        return lstm("lstm", x, h0, c0, kernel, recurrentKernel, bias, mask, goBackwards, false);
    }

    /**
     * {@link #lstm} when only the states after the last step are needed: the same arguments,
     * returning {@code (2, batch, units)} ({@code [0]} h, {@code [1]} c). Without a gradient tape it
     * keeps no per-step state at all, so inference on large batches needs little memory.
     */
    public static Tensor lstmFinalStates(Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor mask,
                                         boolean goBackwards) {
        return lstm("lstmFinalStates", x, h0, c0, kernel, recurrentKernel, bias, mask, goBackwards, true);
    }

    private static Tensor lstm(String op, Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor mask,
                               boolean goBackwards, boolean finalOnly) {
        if (x.rank() != 3) throw new IllegalArgumentException(op + ": x must be (batch, timesteps, features), got shape " + x.shape());
        int b = x.dim(0), t = x.dim(1), f = x.dim(2);
        if (recurrentKernel.rank() != 2) throw new IllegalArgumentException(op + ": recurrent_kernel must be (units, 4*units), got shape "
                + recurrentKernel.shape());
        int u = recurrentKernel.dim(0);
        check(op, "kernel", kernel, Shape.of(f, 4 * u));
        check(op, "recurrent_kernel", recurrentKernel, Shape.of(u, 4 * u));
        if (bias != null) check(op, "bias", bias, Shape.of(4 * u));
        check(op, "h0", h0, Shape.of(b, u));
        check(op, "c0", c0, Shape.of(b, u));
        if (mask != null) {
            check(op, "mask", mask, Shape.of(b, t));
            if (mask.dtype() != DType.BOOL) throw new IllegalArgumentException(op + ": mask must be bool, got " + mask.dtype());
        }
        for (Tensor a : new Tensor[] {x, h0, c0, kernel, recurrentKernel, bias}) {
            if (a != null && a.dtype() != DType.FLOAT32) throw new IllegalArgumentException(op + ": the fused kernel takes float32 tensors, got "
                    + a.dtype() + "; check lstmSupported(dtype) first");
        }
        if (t == 0) throw new IllegalArgumentException(op + ": the sequence has no timesteps (shape " + x.shape() + ")");
        float[] bArr = bias == null ? null : bias.floats();
        boolean[] m = mask == null ? null : mask.booleans();
        Shape outShape = finalOnly ? Shape.of(2, b, u) : Shape.of(2, t, b, u);
        Tensor[] inputs = {x, h0, c0, kernel, recurrentKernel, bias};
        boolean tracked = false;
        if (GradientTape.isRecording()) for (Tensor a : inputs) tracked |= GradientTape.isTracked(a);
        if (!tracked) {
            float[] states = LstmKernel.run(b, t, f, u, x.floats(), h0.floats(), c0.floats(), kernel.floats(), recurrentKernel.floats(), bArr, m,
                    goBackwards, !finalOnly);
            return Tensor.wrap(states, outShape);
        }
        LstmKernel.Saved saved = LstmKernel.forward(b, t, f, u, x.floats(), h0.floats(), c0.floats(), kernel.floats(), recurrentKernel.floats(),
                bArr, m, goBackwards, !finalOnly);
        Tensor out = Tensor.wrap(saved.output(), outShape);
        float[] kArr = kernel.floats(), rArr = recurrentKernel.floats();
        // inputs that need no gradient (the data, zero initial states) cost nothing in the backward pass
        boolean needX = GradientTape.isTracked(x), needState = GradientTape.isTracked(h0) || GradientTape.isTracked(c0);
        GradientTape.record(out, inputs, g -> {
            Tensor gf = g.dtype() == DType.FLOAT32 ? g : Ops.cast(g, DType.FLOAT32);
            LstmKernel.Grads d = LstmKernel.backward(saved, gf.floats(), finalOnly, kArr, rArr, bias != null, needX, needState);
            return new Tensor[] {
                    d.dx() == null ? null : Tensor.wrap(d.dx(), x.shape()),
                    d.dh0() == null ? null : Tensor.wrap(d.dh0(), h0.shape()),
                    d.dc0() == null ? null : Tensor.wrap(d.dc0(), c0.shape()),
                    Tensor.wrap(d.dKernel(), kernel.shape()), Tensor.wrap(d.dRecurrent(), recurrentKernel.shape()),
                    bias == null ? null : Tensor.wrap(d.dBias(), bias.shape())};
        });
        return out;
    }

    private static void check(String op, String what, Tensor a, Shape want) {
        if (!a.shape().equals(want)) throw new IllegalArgumentException(op + ": " + what + " must have shape " + want + ", got " + a.shape());
    }
}
