package io.jkeras.training;

import io.jkeras.callbacks.Callback;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keyword arguments of {@code fit}, with Keras's defaults (epochs 1, batch size 32, shuffle on,
 * verbose "auto").
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(5).batchSize(128).validationSplit(0.1));
 * }</pre>
 */
public final class FitOptions {
    int epochs = 1;
    int batchSize = 32;
    double validationSplit = 0;
    List<Tensor> validationX, validationY;
    Tensor validationSampleWeight;
    boolean shuffle = true;
    Map<Integer, Double> classWeight;
    Tensor sampleWeight;
    int initialEpoch = 0;
    final List<Callback> callbacks = new ArrayList<>();
    int verbose = -1; // auto
    Long seed;
    // for Dataset input (model.fit(Dataset, FitOptions))
    Integer stepsPerEpoch, validationSteps;
    int validationFreq = 1;
    io.jkeras.data.Dataset<io.jkeras.data.Sample> validationDataset;

    private FitOptions() {}

    public static FitOptions builder() { return new FitOptions(); }

    public FitOptions epochs(int e) {
        if (e < 0) throw new IllegalArgumentException("epochs must be >= 0, received " + e);
        epochs = e;
        return this;
    }

    public FitOptions batchSize(int b) {
        if (b <= 0) throw new IllegalArgumentException("batch_size must be a positive integer, received " + b);
        batchSize = b;
        return this;
    }

    /** Fraction of the samples (the last ones, before shuffling) held out for validation. */
    public FitOptions validationSplit(double f) {
        if (f < 0 || f >= 1) throw new IllegalArgumentException("validation_split must be in [0, 1), received " + f);
        validationSplit = f;
        return this;
    }

    public FitOptions validationData(Tensor x, Tensor y) { return validationData(List.of(x), List.of(y)); }

    public FitOptions validationData(List<Tensor> x, List<Tensor> y) {
        validationX = List.copyOf(x);
        validationY = List.copyOf(y);
        return this;
    }

    public FitOptions shuffle(boolean s) { shuffle = s; return this; }

    /** Weights per class index, turned into sample weights from the labels. */
    public FitOptions classWeight(Map<Integer, Double> cw) { classWeight = Map.copyOf(cw); return this; }

    /** One weight per training sample, shape (n,). */
    public FitOptions sampleWeight(Tensor sw) { sampleWeight = sw; return this; }

    public FitOptions initialEpoch(int e) { initialEpoch = e; return this; }

    public FitOptions callbacks(Callback... cbs) { callbacks.addAll(List.of(cbs)); return this; }

    public FitOptions callbacks(List<Callback> cbs) { callbacks.addAll(cbs); return this; }

    /** 0 silent, 1 progress bar, 2 one line per epoch. */
    public FitOptions verbose(int v) {
        if (v < 0 || v > 2) throw new IllegalArgumentException("verbose must be 0, 1 or 2, received " + v);
        verbose = v;
        return this;
    }

    /** Seed for shuffling (defaults to the global seed sequence). */
    public FitOptions seed(long s) { seed = s; return this; }

    /**
     * Batches per epoch when training on a {@link io.jkeras.data.Dataset} (Keras's
     * {@code steps_per_epoch}). The dataset's pass then continues across epochs instead of
     * starting over, so an endless ({@code repeat()}ed) dataset can be used; without it each epoch
     * is one full pass.
     */
    public FitOptions stepsPerEpoch(int steps) {
        if (steps <= 0) throw new IllegalArgumentException("steps_per_epoch must be a positive integer, received " + steps);
        stepsPerEpoch = steps;
        return this;
    }

    /** Validation batches from a dataset, evaluated at the end of each epoch. */
    public FitOptions validationData(io.jkeras.data.Dataset<io.jkeras.data.Sample> data) {
        validationDataset = java.util.Objects.requireNonNull(data, "validation dataset");
        return this;
    }

    /**
     * Validate every {@code freq} epochs (Keras's integer {@code validation_freq}): with 2, validation
     * runs after epochs 2, 4, 6, ... (counted from 1); epochs without validation have no
     * {@code val_*} logs. Default 1.
     */
    public FitOptions validationFreq(int freq) {
        if (freq <= 0) throw new IllegalArgumentException("validation_freq must be a positive integer (validate every N epochs), received " + freq);
        validationFreq = freq;
        return this;
    }

    /** Whether epoch {@code epoch} (0-based) runs validation under {@link #validationFreq}. */
    boolean shouldValidate(int epoch) { return (epoch + 1) % validationFreq == 0; }

    /** Batches of the validation dataset to evaluate per epoch (Keras's {@code validation_steps}); default: all. */
    public FitOptions validationSteps(int steps) {
        if (steps <= 0) throw new IllegalArgumentException("validation_steps must be a positive integer, received " + steps);
        validationSteps = steps;
        return this;
    }
}
