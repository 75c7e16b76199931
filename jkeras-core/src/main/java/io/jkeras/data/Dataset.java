package io.jkeras.data;

import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A re-iterable pipeline of elements, in the spirit of {@code tf.data.Dataset}: a source (arrays,
 * an iterator, a generator, a CSV file) followed by lazy transformations. Each
 * {@link #iterator()} is a new pass; nothing is read before it is asked for, so data larger than
 * memory streams through with memory bounded by the buffers the pipeline names (shuffle buffer,
 * batch size, prefetch depth, parallel calls).
 *
 * <pre>{@code
 * Dataset<Sample> train = Dataset.fromTensorSlices(xTrain, yTrain)
 *         .shuffle(10_000, 42)
 *         .map(s -> Sample.of(Ops.divide(s.input(), 255.0), s.target()), 4)   // 4 threads, order kept
 *         .batch(128)
 *         .prefetch(2);
 * model.fit(train, FitOptions.builder().epochs(5));
 * }</pre>
 *
 * <p>Elements may be anything non-null; {@link #batch}, {@link #paddedBatch} and {@link #unbatch}
 * work on {@link Tensor}, {@link Sample}, {@link TextSample} and {@code List<Tensor>} elements. {@code fit},
 * {@code evaluate} and {@code predict} take datasets of batched {@link Sample}s (predict also
 * batched {@code Tensor}s or {@code List<Tensor>}s).
 *
 * @param <T> the element type
 */
public abstract class Dataset<T> implements Iterable<T> {
    /** {@link #cardinality()} of an endless dataset (tf.data's {@code INFINITE_CARDINALITY}). */
    public static final long INFINITE = -1;
    /** {@link #cardinality()} when the number of elements is not known without reading them. */
    public static final long UNKNOWN = -2;
    /** As {@code numParallelCalls} or a prefetch depth: let jkeras choose (the number of cores; 2 batches). */
    public static final int AUTOTUNE = -1;

    protected Dataset() {}

    /** A new pass over the elements. */
    @Override public abstract DatasetIterator<T> iterator();

    /** The number of elements, or {@link #INFINITE} or {@link #UNKNOWN}. */
    public long cardinality() { return UNKNOWN; }

    // ================================================================== sources

    /** A dataset from a pass factory and a cardinality. */
    static <T> Dataset<T> create(long cardinality, Supplier<DatasetIterator<T>> passes) {
        return new Dataset<>() {
            @Override public DatasetIterator<T> iterator() { return passes.get(); }
            @Override public long cardinality() { return cardinality; }
        };
    }

    /** The rows of {@code x} along its first axis, each a tensor without the batch dimension. */
    public static Dataset<Tensor> fromTensorSlices(Tensor x) {
        if (x.rank() == 0) throw new IllegalArgumentException("fromTensorSlices needs a tensor with a first axis to slice; received a scalar");
        int n = x.dim(0);
        return create(n, () -> new AbstractDatasetIterator<>() {
            int i = 0;
            @Override protected Tensor computeNext() { return i < n ? Batching.row(x, i++) : endOfData(); }
        });
    }

    /** {@code (x[i], y[i])} samples. */
    public static Dataset<Sample> fromTensorSlices(Tensor x, Tensor y) { return fromTensorSlices(List.of(x), List.of(y), null); }

    /** {@code (x[i], y[i], sampleWeight[i])} samples. */
    public static Dataset<Sample> fromTensorSlices(Tensor x, Tensor y, Tensor sampleWeight) {
        return fromTensorSlices(List.of(x), List.of(y), sampleWeight);
    }

    /** Samples of several inputs and targets, sliced along the first axis (all must have the same length). */
    public static Dataset<Sample> fromTensorSlices(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        if (xs.isEmpty()) throw new IllegalArgumentException("fromTensorSlices needs at least one input tensor");
        int n = xs.get(0).rank() == 0 ? -1 : xs.get(0).dim(0);
        List<Tensor> all = new ArrayList<>(xs);
        all.addAll(ys);
        if (sampleWeight != null) all.add(sampleWeight);
        for (Tensor t : all) {
            if (t.rank() == 0 || t.dim(0) != n) throw new IllegalArgumentException("fromTensorSlices: all tensors must have the same "
                    + "first dimension; received shapes " + all.stream().map(a -> a.shape().toString()).toList());
        }
        List<Tensor> x = List.copyOf(xs), y = List.copyOf(ys);
        return create(n, () -> new AbstractDatasetIterator<>() {
            int i = 0;
            @Override protected Sample computeNext() {
                if (i >= n) return endOfData();
                List<Tensor> xi = new ArrayList<>(x.size()), yi = new ArrayList<>(y.size());
                for (Tensor t : x) xi.add(Batching.row(t, i));
                for (Tensor t : y) yi.add(Batching.row(t, i));
                Sample s = new Sample(xi, yi, sampleWeight == null ? null : Batching.row(sampleWeight, i));
                i++;
                return s;
            }
        });
    }

    /** The given elements. */
    @SafeVarargs
    public static <T> Dataset<T> of(T... elements) { return fromIterable(List.of(elements)); }

    /** The elements of a re-iterable source (each pass iterates it again). */
    public static <T> Dataset<T> fromIterable(Iterable<T> source) {
        Objects.requireNonNull(source, "source");
        long card = source instanceof Collection<?> c ? c.size() : UNKNOWN;
        return create(card, () -> wrap(source.iterator(), null));
    }

    /**
     * A generator: {@code generator.get()} is called at the start of each pass and its iterator
     * read lazily (Keras's / tf.data's {@code from_generator}). If the iterator is
     * {@link AutoCloseable} it is closed when the pass ends.
     */
    public static <T> Dataset<T> fromGenerator(Supplier<? extends Iterator<T>> generator) {
        Objects.requireNonNull(generator, "generator");
        return create(UNKNOWN, () -> {
            Iterator<T> it = generator.get();
            return wrap(it, it instanceof AutoCloseable ac ? ac : null);
        });
    }

    /** A single-pass dataset over an iterator; a second pass is an error that suggests {@link #fromGenerator}. */
    public static <T> Dataset<T> fromIterator(Iterator<T> iterator) {
        Objects.requireNonNull(iterator, "iterator");
        boolean[] used = {false};
        return create(UNKNOWN, () -> {
            synchronized (used) {
                if (used[0]) throw new IllegalStateException("This dataset reads a one-shot Iterator, which was already consumed. "
                        + "Use Dataset.fromGenerator(() -> newIterator()) for a dataset that can be read again (e.g. for several epochs), "
                        + "or cache() it.");
                used[0] = true;
            }
            return wrap(iterator, iterator instanceof AutoCloseable ac ? ac : null);
        });
    }

    private static <T> DatasetIterator<T> wrap(Iterator<T> it, AutoCloseable resource) {
        return new AbstractDatasetIterator<>() {
            @Override protected T computeNext() { return it.hasNext() ? it.next() : endOfData(); }
            @Override protected void onClose() {
                if (resource == null) return;
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Closing the dataset source failed: " + e.getMessage(), e);
                }
            }
        };
    }

    /** {@code 0, 1, ..., end - 1}. */
    public static Dataset<Long> range(long end) { return range(0, end); }

    /** {@code start, start + 1, ..., end - 1}. */
    public static Dataset<Long> range(long start, long end) {
        return create(Math.max(0, end - start), () -> new AbstractDatasetIterator<>() {
            long i = start;
            @Override protected Long computeNext() { return i < end ? (Long) i++ : endOfData(); }
        });
    }

    /** Rows of a CSV file as {@link Sample}s; see {@link CsvDataset} for the options. */
    public static CsvDataset fromCsv(Path file) { return new CsvDataset(file); }

    /**
     * Images in class subfolders (Keras's {@code image_dataset_from_directory}); configure the
     * returned {@link ImageDirectory} and take its {@code training()} / {@code validation()} datasets.
     */
    public static ImageDirectory fromImageDirectory(Path directory) { return ImageDirectory.of(directory); }

    /**
     * Text files in class subfolders (Keras's {@code text_dataset_from_directory}); configure the
     * returned {@link TextDirectory} and take its {@code training()} / {@code validation()} datasets
     * of {@link TextSample} batches.
     */
    public static TextDirectory fromTextDirectory(Path directory) { return TextDirectory.of(directory); }

    /** Pairs the elements of two datasets into samples: {@code (x, y)} (stops at the shorter one). */
    public static Dataset<Sample> zip(Dataset<Tensor> x, Dataset<Tensor> y) {
        return Transforms.zip(x, y);
    }

    // ================================================================== transformations

    /** Applies {@code fn} to each element. */
    public <R> Dataset<R> map(Function<? super T, ? extends R> fn) { return Transforms.map(this, fn, 1); }

    /**
     * Applies {@code fn} on {@code numParallelCalls} threads ({@link #AUTOTUNE}: one per core) while
     * keeping the elements in their order; at most {@code numParallelCalls} results wait in memory.
     * {@code fn} must be safe to call from several threads.
     */
    public <R> Dataset<R> map(Function<? super T, ? extends R> fn, int numParallelCalls) {
        return Transforms.map(this, fn, numParallelCalls == AUTOTUNE ? Runtime.getRuntime().availableProcessors() : numParallelCalls);
    }

    /** Keeps the elements for which {@code keep} is true. */
    public Dataset<T> filter(Predicate<? super T> keep) { return Transforms.filter(this, keep); }

    /**
     * Shuffles with a buffer of {@code bufferSize} elements (tf.data's algorithm: fill the buffer,
     * then repeatedly emit a random element of it and put the next one in its place), a different
     * order each pass. The seed is drawn from the global seed sequence
     * ({@link SeedGenerator#setGlobalSeed}), so it is reproducible once that is set.
     */
    public Dataset<T> shuffle(int bufferSize) { return shuffle(bufferSize, SeedGenerator.nextSeed(), true); }

    /** As {@link #shuffle(int)} with a seed: pass {@code k} of two datasets with the same seed has the same order. */
    public Dataset<T> shuffle(int bufferSize, long seed) { return shuffle(bufferSize, seed, true); }

    /** With {@code reshuffleEachIteration == false} every pass has the same order. */
    public Dataset<T> shuffle(int bufferSize, long seed, boolean reshuffleEachIteration) {
        if (bufferSize <= 0) throw new IllegalArgumentException("shuffle: buffer_size must be positive, received " + bufferSize);
        return Transforms.shuffle(this, bufferSize, seed, reshuffleEachIteration);
    }

    /** Groups consecutive elements into batches of {@code batchSize} (the last one may be smaller). */
    public Dataset<T> batch(int batchSize) { return batch(batchSize, false); }

    /** With {@code dropRemainder} a last, smaller batch is dropped. */
    public Dataset<T> batch(int batchSize, boolean dropRemainder) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch: batch_size must be positive, received " + batchSize);
        return Transforms.batch(this, batchSize, dropRemainder, false, 0);
    }

    /** Batches elements of different sizes, padding each component with zeros to the largest shape in its batch. */
    public Dataset<T> paddedBatch(int batchSize) { return paddedBatch(batchSize, 0.0, false); }

    /** Batches with padding by {@code paddingValue} to the largest shape in each batch. */
    public Dataset<T> paddedBatch(int batchSize, double paddingValue, boolean dropRemainder) {
        if (batchSize <= 0) throw new IllegalArgumentException("paddedBatch: batch_size must be positive, received " + batchSize);
        return Transforms.batch(this, batchSize, dropRemainder, true, paddingValue);
    }

    /** Splits batched elements back into single elements. */
    public Dataset<T> unbatch() { return Transforms.unbatch(this); }

    /** Repeats the dataset forever (each repetition a new pass of the upstream). */
    public Dataset<T> repeat() { return Transforms.repeat(this, -1); }

    /** Repeats the dataset {@code count} times. */
    public Dataset<T> repeat(long count) {
        if (count < 0) throw new IllegalArgumentException("repeat: count must be >= 0, received " + count + " (use repeat() for forever)");
        return Transforms.repeat(this, count);
    }

    /** At most the first {@code count} elements. */
    public Dataset<T> take(long count) {
        if (count < 0) throw new IllegalArgumentException("take: count must be >= 0, received " + count);
        return Transforms.take(this, count);
    }

    /** All but the first {@code count} elements. */
    public Dataset<T> skip(long count) {
        if (count < 0) throw new IllegalArgumentException("skip: count must be >= 0, received " + count);
        return Transforms.skip(this, count);
    }

    /** The elements of this dataset, then those of {@code other}. */
    public Dataset<T> concatenate(Dataset<T> other) { return Transforms.concatenate(this, other); }

    /**
     * Keeps the elements in memory after the first complete pass, so later passes do not read or
     * compute them again. A pass stopped early caches nothing.
     */
    public Dataset<T> cache() { return Transforms.cache(this); }

    /**
     * Caches on disk (tf.data's {@code cache(filename)}), for data that does not fit in memory: the
     * first complete pass streams the elements into {@code file} (written to a temporary file and
     * renamed into place at the end), later passes stream them back, with memory bounded by one
     * element. A pass stopped early leaves no cache, so an interrupted run never leaves a partial
     * file that is read as if it were complete. An existing complete file is used as it is, also by
     * a later run of the program: delete it when the upstream data changes. Elements must be
     * {@link Tensor}, {@link Sample}, {@link TextSample} or {@code List<Tensor>}.
     *
     * <pre>{@code
     * Dataset<Sample> train = Dataset.fromImageDirectory(dir).training()
     *         .cache(Path.of("/tmp/train.cache"))     // decode the images once
     *         .prefetch(Dataset.AUTOTUNE);
     * }</pre>
     */
    public Dataset<T> cache(Path file) { return DiskCache.cache(this, java.util.Objects.requireNonNull(file, "file")); }

    /**
     * Reads ahead on a background thread, keeping up to {@code bufferSize} elements ready
     * ({@link #AUTOTUNE}: 2), so loading overlaps with training.
     */
    public Dataset<T> prefetch(int bufferSize) {
        int n = bufferSize == AUTOTUNE ? 2 : bufferSize;
        if (n <= 0) throw new IllegalArgumentException("prefetch: buffer_size must be positive or AUTOTUNE, received " + bufferSize);
        return Transforms.prefetch(this, n);
    }

    // ================================================================== reading

    /** Every element, in order (for small datasets). */
    public List<T> toList() {
        if (cardinality() == INFINITE) throw new IllegalStateException("toList() on an infinite dataset; take(n) first");
        List<T> out = new ArrayList<>();
        try (DatasetIterator<T> it = iterator()) {
            while (it.hasNext()) out.add(it.next());
        }
        return out;
    }

    /** Runs {@code action} on every element of one pass. */
    @Override public void forEach(Consumer<? super T> action) {
        try (DatasetIterator<T> it = iterator()) {
            while (it.hasNext()) action.accept(it.next());
        }
    }

    @Override public String toString() {
        long c = cardinality();
        return getClass().getSimpleName().isEmpty() ? "Dataset(cardinality=" + (c == INFINITE ? "INFINITE" : c == UNKNOWN ? "UNKNOWN" : c) + ")"
                : getClass().getSimpleName();
    }
}
