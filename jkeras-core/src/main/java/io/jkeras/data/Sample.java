package io.jkeras.data;

import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Objects;

/**
 * An element of a supervised dataset: the inputs, the targets and an optional weight (Keras's
 * {@code (x, y, sample_weight)} tuple). It is one sample or, after {@link Dataset#batch}, a batch
 * of them (every tensor then has a leading batch dimension).
 *
 * <pre>{@code
 * Sample s = Sample.of(image, label);
 * Tensor x = s.input(), y = s.target();
 * }</pre>
 *
 * @param inputs       the model's inputs, one tensor per model input (at least one)
 * @param targets      the labels, one tensor per model output (empty for prediction)
 * @param sampleWeight one weight per sample, or null
 */
public record Sample(List<Tensor> inputs, List<Tensor> targets, Tensor sampleWeight) {
    public Sample {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        if (inputs.isEmpty()) throw new IllegalArgumentException("A Sample needs at least one input tensor");
    }

    /** Input and target. */
    public static Sample of(Tensor x, Tensor y) { return new Sample(List.of(x), List.of(y), null); }

    /** Input, target and the sample's weight. */
    public static Sample of(Tensor x, Tensor y, Tensor sampleWeight) { return new Sample(List.of(x), List.of(y), sampleWeight); }

    /** Several inputs and targets. */
    public static Sample of(List<Tensor> x, List<Tensor> y) { return new Sample(x, y, null); }

    /** Inputs only (for predict). */
    public static Sample inputs(Tensor... x) { return new Sample(List.of(x), List.of(), null); }

    /** The first (usually only) input. */
    public Tensor input() { return inputs.get(0); }

    /** The first (usually only) target; an error if there are none. */
    public Tensor target() {
        if (targets.isEmpty()) throw new IllegalStateException("This Sample has no targets");
        return targets.get(0);
    }

    /** The same sample with another weight. */
    public Sample withSampleWeight(Tensor w) { return new Sample(inputs, targets, w); }

    @Override public boolean equals(Object o) {
        if (!(o instanceof Sample s)) return false;
        return same(inputs, s.inputs) && same(targets, s.targets)
                && (sampleWeight == null ? s.sampleWeight == null : s.sampleWeight != null && sampleWeight.contentEquals(s.sampleWeight));
    }

    private static boolean same(List<Tensor> a, List<Tensor> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!a.get(i).contentEquals(b.get(i))) return false;
        return true;
    }

    @Override public int hashCode() { return Objects.hash(inputs.size(), targets.size()); }

    @Override public String toString() {
        return "Sample(inputs=" + inputs.stream().map(t -> t.shape().toString()).toList() + ", targets="
                + targets.stream().map(t -> t.shape().toString()).toList() + (sampleWeight == null ? "" : ", sampleWeight=" + sampleWeight.shape()) + ")";
    }
}
