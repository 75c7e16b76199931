package io.jkeras.layers;

import io.jkeras.activations.Activation;
import io.jkeras.saving.Config;

/**
 * Gated recurrent unit (Cho et al., 2014), Keras's {@code keras.layers.GRU}: an {@link RNN} over a
 * {@link GRUCell}. Weights as in Keras ({@code kernel (input_dim, 3*units)},
 * {@code recurrent_kernel (units, 3*units)}; gates z, r, h) with {@code bias (2, 3*units)} for the
 * default {@code reset_after=true} or {@code (3*units,)} for {@code reset_after=false}.
 *
 * <pre>{@code
 * Tensor y = new GRU(32).apply(x);                              // (batch, 32)
 * Tensor v1 = new GRU(32).resetAfter(false).apply(x);           // the original GRU formulation
 * }</pre>
 */
public class GRU extends AbstractRNNLayer<GRU, GRUCell> {
    public GRU(int units) { this(new GRUCell(units).name("gru_cell")); }

    /** {@code GRU(units, activation=...)}. */
    public GRU(int units, String activation) { this(units); activation(activation); }

    private GRU(GRUCell cell) { super(cell); }

    @Override protected RNN newInstance(RNNCell cell) { return new GRU((GRUCell) cell); }

    public GRU recurrentActivation(String id) { cell().recurrentActivation(id); return this; }
    public GRU recurrentActivation(Activation a) { cell().recurrentActivation(a); return this; }
    public GRU resetAfter(boolean b) { cell().resetAfter(b); return this; }

    public Activation recurrentActivation() { return cell().recurrentActivation(); }
    public boolean resetAfter() { return cell().resetAfter(); }

    /** A GRU layer from its Keras config (Keras 3, or Keras 1/2 and tfjs); registered as {@code "GRU"} in {@link io.jkeras.saving.SavingRegistry}. */
    public static GRU fromConfig(Config c) {
        return applyConfig(new GRU(RNN.units(c)), c);
    }
}
