package io.jkeras.layers;

import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.Ops;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * The parametric ReLU (Keras's {@code keras.layers.PReLU}): {@code x} for {@code x >= 0}, else
 * {@code alpha * x}, where {@code alpha} is a trainable weight with the shape of one sample
 * ({@code input_shape[1:]}), initialized to zeros. Axes listed in {@code sharedAxes} share one
 * alpha (their size in the weight is 1), e.g. {@code sharedAxes(1, 2)} after a {@code Conv2D}
 * learns one alpha per channel.
 *
 * <pre>{@code
 * new PReLU()                               // alpha of shape input_shape[1:], zeros
 * new PReLU().sharedAxes(1, 2)              // (batch, h, w, c) input: alpha of shape (1, 1, c)
 * new PReLU().alphaInitializer(new Constant(0.25))
 * }</pre>
 */
public class PReLU extends Layer {
    private Initializer alphaInitializer = Initializers.zeros();
    private Regularizer alphaRegularizer;
    private Constraint alphaConstraint;
    private int[] sharedAxes;
    private Variable alpha;

    public PReLU() {
        setSupportsMasking(true);   // as in Keras, a mask passes through unchanged
    }

    /** The initializer of alpha (Keras's default: zeros, i.e. a plain ReLU at the start). */
    public PReLU alphaInitializer(Initializer i) {
        checkNotBuilt("alpha_initializer");
        if (i == null) throw new IllegalArgumentException("PReLU layer \"" + name() + "\": alpha_initializer must not be null");
        this.alphaInitializer = i;
        return this;
    }

    /** The initializer of alpha by its Keras identifier ({@code "zeros"}, {@code "glorot_uniform"}, ...). */
    public PReLU alphaInitializer(String identifier) { return alphaInitializer(Initializers.get(identifier)); }

    public PReLU alphaRegularizer(Regularizer r) { checkNotBuilt("alpha_regularizer"); this.alphaRegularizer = r; return this; }
    public PReLU alphaConstraint(Constraint c) { checkNotBuilt("alpha_constraint"); this.alphaConstraint = c; return this; }

    /**
     * The axes (1 = the first after the batch axis) along which one alpha is shared; null or none
     * for an alpha per element.
     */
    public PReLU sharedAxes(int... axes) {
        checkNotBuilt("shared_axes");
        if (axes != null) for (int a : axes) if (a < 1) throw new IllegalArgumentException("PReLU layer \"" + name()
                + "\": shared_axes are counted with the batch axis as 0, so each must be >= 1. Received: shared_axes=" + Arrays.toString(axes));
        this.sharedAxes = axes == null || axes.length == 0 ? null : axes.clone();
        return this;
    }

    @Override public PReLU name(String n) { super.name(n); return this; }
    @Override public PReLU inputShape(int... s) { super.inputShape(s); return this; }

    public Initializer alphaInitializer() { return alphaInitializer; }
    public int[] sharedAxes() { return sharedAxes == null ? null : sharedAxes.clone(); }
    /** The alpha weight, or null before the layer is built. */
    public Variable alpha() { return alpha; }

    @Override public void build(Shape inputShape) {
        int rank = inputShape.rank();
        if (rank < 2) throw new IllegalArgumentException("PReLU layer \"" + name() + "\" needs inputs with a batch axis and at least one more"
                + " axis, received input shape " + inputShape);
        int[] param = new int[rank - 1];
        for (int i = 1; i < rank; i++) param[i - 1] = inputShape.dim(i);
        if (sharedAxes != null) for (int a : sharedAxes) {
            if (a >= rank) throw new IllegalArgumentException("PReLU layer \"" + name() + "\": shared axis " + a + " is out of range for input shape "
                    + inputShape + " (axes 1.." + (rank - 1) + "). Received: shared_axes=" + Arrays.toString(sharedAxes));
            param[a - 1] = 1;
        }
        InputSpec spec = InputSpec.rank(rank);
        for (int i = 1; i < rank; i++) {
            if (param[i - 1] == Shape.UNKNOWN) throw new IllegalArgumentException("PReLU layer \"" + name() + "\": axis " + i + " of input shape "
                    + inputShape + " is unknown (None), so alpha cannot be sized; give the input a known size there or list the axis in shared_axes");
            if (!isShared(i)) spec = spec.withAxis(i, inputShape.dim(i));
        }
        this.inputSpec = spec;
        alpha = addWeight("alpha", Shape.of(param), alphaInitializer, alphaRegularizer, alphaConstraint, true);
    }

    private boolean isShared(int axis) {
        if (sharedAxes == null) return false;
        for (int a : sharedAxes) if (a == axis) return true;
        return false;
    }

    @Override protected Tensor call(Tensor x, boolean training) {
        Tensor in = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
        Tensor a = Ops.cast(alpha.value(), in.dtype());
        // relu(x) - alpha * relu(-x): x where positive, alpha * x where negative
        return Ops.subtract(Ops.relu(in), Ops.multiply(a, Ops.relu(Ops.negative(in))));
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape; }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("alpha_initializer", ConfigUtil.serialize(alphaInitializer));
        c.put("alpha_regularizer", ConfigUtil.serialize(alphaRegularizer));
        c.put("alpha_constraint", ConfigUtil.serialize(alphaConstraint));
        c.put("shared_axes", ConfigUtil.list(sharedAxes));
        return c;
    }
}
