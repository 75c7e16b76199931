package io.jkeras.layers;

import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.initializers.RandomUniform;
import io.jkeras.ops.Ops;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.saving.Config;
import io.jkeras.saving.KerasSerialization;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Shape;
import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Turns integer indices into dense vectors of size {@code output_dim} (Keras's
 * {@code keras.layers.Embedding}): row {@code i} of the {@code (input_dim, output_dim)} matrix
 * {@code embeddings} for index {@code i}. Inputs of any shape; the output adds a last axis.
 *
 * <p>With {@link #maskZero(boolean) mask_zero}, index 0 is padding: the layer produces a mask
 * ({@code index != 0}) that the layers after it use, so an {@link LSTM} skips the padded steps.
 * Index 0 must then not be used for a real token, so {@code input_dim} is the vocabulary size + 1.
 *
 * <pre>{@code
 * Embedding e = new Embedding(1000, 64).maskZero(true);
 * Tensor v = e.apply(Tensor.of(new int[] {4, 20, 0, 0}, 1, 4));   // (1, 4, 64)
 * Tensor m = e.computeMask(tokens, null);                          // [[true, true, false, false]]
 * }</pre>
 */
public class Embedding extends Layer {
    private final int inputDim, outputDim;
    private Initializer embeddingsInitializer = new RandomUniform(-0.05, 0.05);
    private Regularizer embeddingsRegularizer;
    private Constraint embeddingsConstraint;
    private boolean maskZero;
    private Variable embeddings;

    /** @param inputDim the vocabulary size (largest index + 1); @param outputDim the size of each vector */
    public Embedding(int inputDim, int outputDim) {
        if (inputDim <= 0) throw new IllegalArgumentException("Layer \"" + name() + "\" (Embedding): `input_dim` must be a positive integer (the vocabulary size). Received: input_dim=" + inputDim);
        if (outputDim <= 0) throw new IllegalArgumentException("Layer \"" + name() + "\" (Embedding): `output_dim` must be a positive integer. Received: output_dim=" + outputDim);
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    @Override public Embedding name(String n) { super.name(n); return this; }
    @Override public Embedding inputShape(int... s) { super.inputShape(s); return this; }
    public Embedding embeddingsInitializer(String id) { return embeddingsInitializer(Initializers.get(id)); }
    public Embedding embeddingsInitializer(Initializer i) { checkNotBuilt("embeddings_initializer"); this.embeddingsInitializer = i; return this; }
    public Embedding embeddingsRegularizer(Regularizer r) { checkNotBuilt("embeddings_regularizer"); this.embeddingsRegularizer = r; return this; }
    public Embedding embeddingsConstraint(Constraint c) { checkNotBuilt("embeddings_constraint"); this.embeddingsConstraint = c; return this; }
    /** Treat index 0 as padding and produce a mask for the following layers. */
    public Embedding maskZero(boolean b) { this.maskZero = b; setSupportsMasking(b); return this; }

    public int inputDim() { return inputDim; }
    public int outputDim() { return outputDim; }
    public boolean maskZero() { return maskZero; }
    public Variable embeddings() { return embeddings; }

    @Override public void build(Shape inputShape) {
        embeddings = addWeight("embeddings", Shape.of(inputDim, outputDim), embeddingsInitializer, embeddingsRegularizer, embeddingsConstraint, true);
    }

    @Override protected Tensor call(Tensor inputs, boolean training) {
        int[] idx = inputs.toIntArray();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= inputDim) throw new IndexOutOfBoundsException("Layer \"" + name() + "\" (Embedding) received index "
                    + idx[i] + " at position " + i + " of its input, but input_dim=" + inputDim + " allows indices 0 to " + (inputDim - 1)
                    + ". Make input_dim the vocabulary size (+1 when index 0 is padding).");
        }
        Tensor ix = inputs.dtype() == DType.INT32 ? inputs : Tensor.of(idx, inputs.shape().toArray());
        return Ops.take(embeddings.value(), ix, 0);
    }

    @Override public Shape computeOutputShape(Shape inputShape) { return inputShape.append(outputDim); }

    /** {@code inputs != 0} with {@code mask_zero}, else null (the input mask is not passed on). */
    @Override public Tensor computeMask(Tensor inputs, Tensor mask) {
        if (!maskZero) return null;
        return Ops.notEqual(inputs, Ops.scalar(0, inputs.dtype()));
    }

    @Override public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        c.put("embeddings_initializer", KerasSerialization.serializeInitializer(embeddingsInitializer));
        c.put("embeddings_regularizer", KerasSerialization.serializeRegularizer(embeddingsRegularizer));
        c.put("activity_regularizer", KerasSerialization.serializeRegularizer(activityRegularizer()));
        c.put("embeddings_constraint", KerasSerialization.serializeConstraint(embeddingsConstraint));
        c.put("mask_zero", maskZero);
        return c;
    }

    /** From a Keras config (Keras 3, 1/2 and tfjs; {@code input_length} is read through the input shape); registered as {@code "Embedding"}. */
    public static Embedding fromConfig(Config c) {
        Embedding e = new Embedding(c.getInt("input_dim"), c.getInt("output_dim"));
        e.embeddingsInitializer(KerasSerialization.initializer(c, "embeddings_initializer", e.embeddingsInitializer));
        e.embeddingsRegularizer(KerasSerialization.regularizer(c, "embeddings_regularizer"));
        e.embeddingsConstraint(KerasSerialization.constraint(c, "embeddings_constraint"));
        e.maskZero(c.getBoolean("mask_zero", false));
        if (c.has("lora_rank")) throw new IllegalArgumentException(c.owner() + ": LoRA-enabled Embedding layers (lora_rank) are not supported yet");
        if (c.has("quantization_config")) throw new IllegalArgumentException(c.owner() + ": quantized Embedding layers are not supported yet");
        Map<String, Object> base = new java.util.LinkedHashMap<>(c.asMap());
        // Keras 1/2's input_dim is the vocabulary here, not an input shape; input_length gives the shape instead
        base.remove("input_dim");
        if (!c.has("batch_input_shape") && c.has("input_length")) base.put("input_shape", List.of(c.getInt("input_length")));
        return KerasSerialization.applyBaseConfig(e, Config.of(base, c.owner()));
    }
}
