package io.jkeras.data;

import io.jkeras.random.SeedGenerator;
import io.jkeras.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/** The transformations behind {@link Dataset}'s methods, each a dataset whose passes wrap passes of its upstream. */
final class Transforms {
    private Transforms() {}

    private static final AtomicInteger THREADS = new AtomicInteger();

    static ThreadFactory daemon(String what) {
        return r -> {
            Thread t = new Thread(r, "jkeras-data-" + what + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Rethrows a failure from a pipeline function with its type when unchecked. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof ExecutionException e && e.getCause() != null) t = e.getCause();
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("A dataset function failed: " + t, t);
    }

    // ------------------------------------------------------------------ map

    static <T, R> Dataset<R> map(Dataset<T> up, Function<? super T, ? extends R> fn, int parallel) {
        if (parallel < 1) throw new IllegalArgumentException("map: numParallelCalls must be >= 1 or Dataset.AUTOTUNE, received " + parallel);
        if (parallel == 1) return Dataset.create(up.cardinality(), () -> {
            DatasetIterator<T> in = up.iterator();
            return new AbstractDatasetIterator<R>() {
                @Override protected R computeNext() { return in.hasNext() ? fn.apply(in.next()) : endOfData(); }
                @Override protected void onClose() { in.close(); }
            };
        });
        return Dataset.create(up.cardinality(), () -> new ParallelMap<>(up.iterator(), fn, parallel));
    }

    /**
     * Deterministic parallel map: elements are read on the consumer's thread and submitted in
     * order; results are taken from the head of a window of at most {@code parallel} futures.
     */
    private static final class ParallelMap<T, R> extends AbstractDatasetIterator<R> {
        private final DatasetIterator<T> in;
        private final Function<? super T, ? extends R> fn;
        private final int parallel;
        private final ThreadPoolExecutor pool;
        private final ArrayDeque<Future<R>> window = new ArrayDeque<>();

        ParallelMap(DatasetIterator<T> in, Function<? super T, ? extends R> fn, int parallel) {
            this.in = in;
            this.fn = fn;
            this.parallel = parallel;
            this.pool = new ThreadPoolExecutor(parallel, parallel, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("map"));
            this.pool.allowCoreThreadTimeOut(true);
        }

        @Override protected R computeNext() {
            while (window.size() < parallel && in.hasNext()) {
                T t = in.next();
                window.add(pool.submit(() -> fn.apply(t)));
            }
            Future<R> head = window.poll();
            if (head == null) return endOfData();
            try {
                return head.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a parallel map result", e);
            } catch (ExecutionException e) {
                throw rethrow(e);
            }
        }

        @Override protected void onClose() {
            for (Future<R> f : window) f.cancel(true);
            window.clear();
            pool.shutdownNow();
            in.close();
        }
    }

    // ------------------------------------------------------------------ filter

    static <T> Dataset<T> filter(Dataset<T> up, Predicate<? super T> keep) {
        long c = up.cardinality();
        return Dataset.create(c == Dataset.INFINITE ? Dataset.INFINITE : Dataset.UNKNOWN, () -> {
            DatasetIterator<T> in = up.iterator();
            return new AbstractDatasetIterator<T>() {
                @Override protected T computeNext() {
                    while (in.hasNext()) {
                        T t = in.next();
                        if (keep.test(t)) return t;
                    }
                    return endOfData();
                }
                @Override protected void onClose() { in.close(); }
            };
        });
    }

    // ------------------------------------------------------------------ shuffle

    static <T> Dataset<T> shuffle(Dataset<T> up, int bufferSize, long seed, boolean reshuffle) {
        AtomicLong passes = new AtomicLong();
        return Dataset.create(up.cardinality(), () -> {
            long pass = reshuffle ? passes.getAndIncrement() : 0;
            SplittableRandom rng = new SplittableRandom(SeedGenerator.mix(seed ^ SeedGenerator.mix(pass + 0x632BE59BD9B4E019L)));
            DatasetIterator<T> in = up.iterator();
            return new AbstractDatasetIterator<T>() {
                final List<T> buffer = new ArrayList<>(Math.min(bufferSize, 1 << 16));

                @Override protected T computeNext() {
                    while (buffer.size() < bufferSize && in.hasNext()) buffer.add(in.next());
                    if (buffer.isEmpty()) return endOfData();
                    int i = rng.nextInt(buffer.size());
                    T out = buffer.get(i);
                    if (in.hasNext()) buffer.set(i, in.next());
                    else {
                        T last = buffer.remove(buffer.size() - 1);
                        if (i < buffer.size()) buffer.set(i, last);
                    }
                    return out;
                }

                @Override protected void onClose() {
                    buffer.clear();
                    in.close();
                }
            };
        });
    }

    // ------------------------------------------------------------------ batch

    static <T> Dataset<T> batch(Dataset<T> up, int size, boolean drop, boolean pad, double padValue) {
        long c = up.cardinality();
        long card = c < 0 ? c : drop ? c / size : (c + size - 1) / size;
        return Dataset.create(card, () -> {
            DatasetIterator<T> in = up.iterator();
            return new AbstractDatasetIterator<T>() {
                @Override protected T computeNext() {
                    List<T> elems = new ArrayList<>(size);
                    while (elems.size() < size && in.hasNext()) elems.add(in.next());
                    if (elems.isEmpty() || (drop && elems.size() < size)) return endOfData();
                    return Batching.stack(elems, pad, padValue);
                }
                @Override protected void onClose() { in.close(); }
            };
        });
    }

    static <T> Dataset<T> unbatch(Dataset<T> up) {
        return Dataset.create(up.cardinality() == Dataset.INFINITE ? Dataset.INFINITE : Dataset.UNKNOWN, () -> {
            DatasetIterator<T> in = up.iterator();
            return new AbstractDatasetIterator<T>() {
                final ArrayDeque<T> pending = new ArrayDeque<>();
                @Override protected T computeNext() {
                    while (pending.isEmpty() && in.hasNext()) pending.addAll(Batching.unstack(in.next()));
                    return pending.isEmpty() ? endOfData() : pending.poll();
                }
                @Override protected void onClose() { in.close(); }
            };
        });
    }

    // ------------------------------------------------------------------ repeat, take, skip, concatenate

    static <T> Dataset<T> repeat(Dataset<T> up, long count) {
        long c = up.cardinality();
        long card = c == 0 || count == 0 ? 0 : count < 0 ? Dataset.INFINITE : c < 0 ? c : c * count;
        return Dataset.create(card, () -> new AbstractDatasetIterator<T>() {
            long done = 0;
            DatasetIterator<T> in;
            boolean produced;

            @Override protected T computeNext() {
                while (true) {
                    if (in == null) {
                        if (count >= 0 && done >= count) return endOfData();
                        in = up.iterator();
                        produced = false;
                    }
                    if (in.hasNext()) {
                        produced = true;
                        return in.next();
                    }
                    in.close();
                    in = null;
                    done++;
                    if (!produced) return endOfData();   // an empty pass would repeat forever
                }
            }

            @Override protected void onClose() { if (in != null) in.close(); }
        });
    }

    static <T> Dataset<T> take(Dataset<T> up, long count) {
        long c = up.cardinality();
        long card = c == Dataset.INFINITE ? count : c == Dataset.UNKNOWN ? Dataset.UNKNOWN : Math.min(c, count);
        return Dataset.create(card, () -> {
            DatasetIterator<T> in = up.iterator();
            return new AbstractDatasetIterator<T>() {
                long n = 0;
                @Override protected T computeNext() {
                    if (n >= count || !in.hasNext()) return endOfData();
                    n++;
                    return in.next();
                }
                @Override protected void onClose() { in.close(); }
            };
        });
    }

    static <T> Dataset<T> skip(Dataset<T> up, long count) {
        long c = up.cardinality();
        long card = c < 0 ? c : Math.max(0, c - count);
        return Dataset.create(card, () -> {
            DatasetIterator<T> in = up.iterator();
            return new AbstractDatasetIterator<T>() {
                boolean skipped;
                @Override protected T computeNext() {
                    if (!skipped) {
                        for (long i = 0; i < count && in.hasNext(); i++) in.next();
                        skipped = true;
                    }
                    return in.hasNext() ? in.next() : endOfData();
                }
                @Override protected void onClose() { in.close(); }
            };
        });
    }

    static <T> Dataset<T> concatenate(Dataset<T> a, Dataset<T> b) {
        long ca = a.cardinality(), cb = b.cardinality();
        long card = ca == Dataset.INFINITE || cb == Dataset.INFINITE ? Dataset.INFINITE : ca < 0 || cb < 0 ? Dataset.UNKNOWN : ca + cb;
        return Dataset.create(card, () -> new AbstractDatasetIterator<T>() {
            DatasetIterator<T> in = a.iterator();
            boolean second;
            @Override protected T computeNext() {
                while (true) {
                    if (in.hasNext()) return in.next();
                    if (second) return endOfData();
                    in.close();
                    in = b.iterator();
                    second = true;
                }
            }
            @Override protected void onClose() { in.close(); }
        });
    }

    static Dataset<Sample> zip(Dataset<Tensor> x, Dataset<Tensor> y) {
        long cx = x.cardinality(), cy = y.cardinality();
        long card = cx == Dataset.INFINITE ? cy : cy == Dataset.INFINITE ? cx : cx < 0 || cy < 0 ? Dataset.UNKNOWN : Math.min(cx, cy);
        return Dataset.create(card, () -> {
            DatasetIterator<Tensor> ix = x.iterator(), iy = y.iterator();
            return new AbstractDatasetIterator<Sample>() {
                @Override protected Sample computeNext() {
                    return ix.hasNext() && iy.hasNext() ? Sample.of(ix.next(), iy.next()) : endOfData();
                }
                @Override protected void onClose() {
                    try { ix.close(); } finally { iy.close(); }
                }
            };
        });
    }

    // ------------------------------------------------------------------ cache

    static <T> Dataset<T> cache(Dataset<T> up) {
        if (up.cardinality() == Dataset.INFINITE) throw new IllegalArgumentException("cache() of an infinite dataset would never complete; "
                + "cache before repeat(), e.g. ds.cache().repeat()");
        AtomicReference<List<T>> cached = new AtomicReference<>();
        return Dataset.create(up.cardinality(), () -> {
            List<T> done = cached.get();
            if (done != null) {
                return new AbstractDatasetIterator<T>() {
                    int i = 0;
                    @Override protected T computeNext() { return i < done.size() ? done.get(i++) : endOfData(); }
                };
            }
            DatasetIterator<T> in = up.iterator();
            return new AbstractDatasetIterator<T>() {
                final List<T> filling = new ArrayList<>();
                @Override protected T computeNext() {
                    if (in.hasNext()) {
                        T t = in.next();
                        filling.add(t);
                        return t;
                    }
                    cached.compareAndSet(null, List.copyOf(filling));   // a complete pass
                    return endOfData();
                }
                @Override protected void onClose() { in.close(); }
            };
        });
    }

    // ------------------------------------------------------------------ prefetch

    static <T> Dataset<T> prefetch(Dataset<T> up, int bufferSize) {
        return Dataset.create(up.cardinality(), () -> new Prefetch<>(up, bufferSize));
    }

    /** A producer thread fills a bounded queue; the upstream pass lives entirely on that thread. */
    private static final class Prefetch<T> extends AbstractDatasetIterator<T> {
        private static final Object END = new Object();
        private record Failure(Throwable error) {}

        private final BlockingQueue<Object> queue;
        private final Thread producer;
        private volatile boolean cancelled;

        Prefetch(Dataset<T> up, int bufferSize) {
            queue = new ArrayBlockingQueue<>(bufferSize);
            producer = daemon("prefetch").newThread(() -> {
                try (DatasetIterator<T> in = up.iterator()) {
                    while (!cancelled && in.hasNext()) queue.put(in.next());
                    if (!cancelled) queue.put(END);
                } catch (InterruptedException e) {
                    // cancelled by close()
                } catch (Throwable t) {
                    if (!cancelled) {
                        try { queue.put(new Failure(t)); } catch (InterruptedException ignored) { }
                    }
                }
            });
            producer.start();
        }

        @Override @SuppressWarnings("unchecked") protected T computeNext() {
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for prefetched data", e);
            }
            if (o == END) return endOfData();
            if (o instanceof Failure f) throw rethrow(f.error());
            return (T) o;
        }

        @Override protected void onClose() {
            cancelled = true;
            producer.interrupt();
            queue.clear();
            try {
                producer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
