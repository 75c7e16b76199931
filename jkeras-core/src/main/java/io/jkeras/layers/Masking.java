package io.jkeras.layers;

import io.jkeras.ops.Ops;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Map;

/**
 * Masks timesteps whose features all equal {@code mask_value} (Keras's
 * {@code keras.layers.Masking}): for an input {@code (batch, timesteps, features)} the mask is
 * {@code any(x != mask_value, axis=-1)}, and masked timesteps are zeroed in the output. Layers
 * after it that support masks (RNNs, ...) skip those timesteps.
 *
 * <pre>{@code
 * model.add(new Masking(0.0).inputShape(10, 8));   // padded steps of all zeros are skipped
 * model.add(new LSTM(32));
 * }</pre>
 */
public class Masking extends Layer {
    private final double maskValue;

    /** Masks timesteps whose features are all 0. */
    public Masking() { this(0.0); }

    public Masking(double maskValue) {
        this.maskValue = maskValue;
        this.built = true;
        setSupportsMasking(true);
    }

    @Override public Masking name(String n) { super.name(n); return this; }
    @Override public Masking inputShape(int... s) { super.inputShape(s); return this; }

    public double maskValue() { return maskValue; }

    private Tensor keep(Tensor x, boolean keepDims) {
        return Ops.any(Ops.notEqual(x, Ops.scalar(maskValue, x.dtype())), new int[] {-1}, keepDims);
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        return Ops.multiply(x, Ops.cast(keep(x, true), x.dtype()));
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    /** {@code any(inputs != mask_value, axis=-1)}; an incoming mask is replaced. */
    @Override public Tensor computeMask(Tensor inputs, Tensor mask) { return keep(inputs, false); }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("mask_value", maskValue);
        return c;
    }

    /** From a Keras config; registered as {@code "Masking"}. */
    public static Masking fromConfig(Config c) {
        return KerasSerialization.applyBaseConfig(new Masking(c.getDouble("mask_value", 0.0)), c);
    }
}
