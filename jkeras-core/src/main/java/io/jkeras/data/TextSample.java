package io.jkeras.data;

import io.jkeras.tensor.Tensor;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An element of a text dataset: texts and their labels (the {@code (string, label)} pairs of Keras's
 * {@code text_dataset_from_directory}). jkeras tensors have no string dtype, so the texts stay Java
 * strings: a batch holds a list of {@code n} texts and labels whose first dimension is {@code n};
 * an unbatched element holds one text and its label without the batch dimension (a scalar for int
 * labels). {@link Dataset#batch} and {@link Dataset#unbatch} work on these elements.
 *
 * <p>To train, turn the texts into tensors, e.g. with {@code TextVectorization}:
 * <pre>{@code
 * Dataset<TextSample> raw = TextDirectory.of(Path.of("aclImdb/train")).batchSize(32).seed(42).training();
 * vectorizer.adapt(raw.map(TextSample::texts) ...);                       // or any list of strings
 * Dataset<Sample> train = raw.map(b -> b.toSample(vectorizer::apply));    // (int tokens, labels)
 * }</pre>
 *
 * @param texts  the texts (at least one)
 * @param labels the labels, or null when the dataset has none ({@code LabelMode.NONE})
 */
public record TextSample(List<String> texts, Tensor labels) {
    public TextSample {
        texts = List.copyOf(texts);
        if (texts.isEmpty()) throw new IllegalArgumentException("A TextSample needs at least one text");
    }

    /** One text and its label (null for none). */
    public static TextSample of(String text, Tensor label) { return new TextSample(List.of(text), label); }

    /** The only text of an unbatched element; an error for a batch of several. */
    public String text() {
        if (texts.size() != 1) throw new IllegalStateException("text() is for a single text; this TextSample is a batch of "
                + texts.size() + ", use texts()");
        return texts.get(0);
    }

    /** The number of texts. */
    public int size() { return texts.size(); }

    /**
     * A {@link Sample} for {@code fit}: the texts turned into a tensor by {@code vectorize} (e.g.
     * {@code textVectorization::apply}) with these labels as the target (inputs only when there are none).
     */
    public Sample toSample(Function<? super List<String>, Tensor> vectorize) {
        Tensor x = Objects.requireNonNull(vectorize.apply(texts), "vectorize returned null");
        return labels == null ? Sample.inputs(x) : Sample.of(x, labels);
    }

    @Override public boolean equals(Object o) {
        return o instanceof TextSample t && texts.equals(t.texts)
                && (labels == null ? t.labels == null : t.labels != null && labels.contentEquals(t.labels));
    }

    @Override public int hashCode() { return texts.hashCode(); }

    @Override public String toString() {
        return "TextSample(" + texts.size() + (texts.size() == 1 ? " text" : " texts") + (labels == null ? "" : ", labels=" + labels.shape()) + ")";
    }
}
