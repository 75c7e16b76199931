package io.jkeras.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU backend's one thread pool and its parallel loop.
 *
 * <p>{@link #parallelFor} cuts {@code [0, n)} into chunks of {@code grain} indices (the last one
 * shorter). The chunks depend only on {@code n} and {@code grain}, never on the number of threads or
 * on timing, so a body that computes each chunk on its own gives the same bits on every run; which
 * thread runs a chunk is decided at run time (threads take the next free chunk, which balances load).
 * The calling thread works too. A {@code parallelFor} called from inside another one runs on the
 * calling thread alone, so kernels may nest without flooding the pool.
 *
 * <pre>{@code
 * Parallel.parallelFor(rows, 64, (start, end) -> {
 *     for (int r = start; r < end; r++) normalizeRow(r);
 * });
 * }</pre>
 *
 * <p>Loops use {@code availableProcessors()} threads: the caller and a pool of one daemon thread
 * fewer (the caller is always one of the workers, so a larger pool would only put more threads than
 * cores to work, e.g. a {@link #fork forked} task next to a loop's helpers, which then take turns on
 * the cores). The system property {@code jkeras.cpu.threads} overrides the count ({@code 1} makes
 * everything single-threaded).
 */
public final class Parallel {

    /** A loop body over the index range {@code [start, end)}. */
    @FunctionalInterface
    public interface IntRangeBody {
        void run(int start, int end);
    }

    private static final int PARALLELISM = threadsFromProperty();
    private static final ForkJoinPool POOL = PARALLELISM > 1 ? newPool(PARALLELISM - 1) : null;
    /** Set while the current thread runs chunks of a parallel loop; nested loops then run inline. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {}

    /** The number of threads that parallel loops use (the caller included). */
    public static int parallelism() {
        return PARALLELISM;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} indices, in parallel where
     * there is more than one chunk and more than one thread. Returns when every chunk is done; the
     * first exception thrown by a chunk is rethrown here after the other chunks finish.
     *
     * @param n     the number of indices, {@code >= 0}
     * @param grain the chunk length, {@code >= 1}
     * @param body  the loop body, called once per chunk
     */
    public static void parallelFor(int n, int grain, IntRangeBody body) {
        if (n < 0) throw new IllegalArgumentException("parallelFor: n must be >= 0, received " + n);
        if (grain < 1) throw new IllegalArgumentException("parallelFor: grain must be >= 1, received " + grain);
        if (n == 0) return;
        int chunks = (int) ((n + (long) grain - 1) / grain);
        if (chunks == 1 || POOL == null || isNested()) {
            // same chunk boundaries as the parallel case, so the body sees identical ranges
            for (int c = 0; c < chunks; c++) body.run(c * grain, (int) Math.min(n, (long) c * grain + grain));
            return;
        }
        Loop loop = new Loop(n, grain, chunks, body, Thread.currentThread());
        int helpers = Math.min(PARALLELISM, chunks) - 1;
        for (int h = 0; h < helpers; h++) POOL.execute(loop::work);
        loop.work();
        loop.await();
        Throwable t = loop.failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
    }

    /**
     * Starts {@code work} on a pool thread, to overlap it with what the caller does next (e.g. cutting
     * the next batch while this one trains); {@link Task#join()} returns its result. A task that no
     * pool thread has started by then runs on the joining thread, so a busy pool never makes the
     * caller wait, and with one thread ({@code jkeras.cpu.threads=1}) the work simply runs at
     * {@code join}. Parallel loops inside {@code work} run on its thread alone.
     *
     * <pre>{@code
     * Parallel.Task<float[]> next = Parallel.fork(() -> gather(rows));
     * trainOn(current);
     * current = next.join();
     * }</pre>
     */
    public static <T> Task<T> fork(java.util.function.Supplier<T> work) {
        java.util.Objects.requireNonNull(work, "work");
        Task<T> t = new Task<>(work);
        if (POOL != null) POOL.execute(t::runIfNew);
        return t;
    }

    /** A unit of work started by {@link #fork}. */
    public static final class Task<T> {
        private static final int NEW = 0, RUNNING = 1, DONE = 2;
        private final java.util.function.Supplier<T> work;
        private final AtomicInteger state = new AtomicInteger(NEW);
        private volatile Thread waiter;
        private T result;
        private Throwable failure;

        private Task(java.util.function.Supplier<T> work) { this.work = work; }

        private void runIfNew() {
            if (!state.compareAndSet(NEW, RUNNING)) return;
            try {
                result = work.get();
            } catch (Throwable t) {
                failure = t;
            }
            state.set(DONE);
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        }

        /** The work's result, once done; runs the work here if no thread has started it; rethrows its exception. */
        public T join() {
            runIfNew();
            if (state.get() != DONE) {
                waiter = Thread.currentThread();
                for (int spin = 0; state.get() != DONE; spin++) {
                    if (spin < 128) Thread.onSpinWait();
                    else if (spin < 256) Thread.yield();
                    else LockSupport.park(this);
                }
            }
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
            return result;
        }
    }

    private static boolean isNested() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL || INSIDE.get()[0];
    }

    /** One parallel loop: threads claim chunks from a counter until none are left. */
    private static final class Loop {
        final int n, grain, chunks;
        final IntRangeBody body;
        final Thread waiter;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Loop(int n, int grain, int chunks, IntRangeBody body, Thread waiter) {
            this.n = n;
            this.grain = grain;
            this.chunks = chunks;
            this.body = body;
            this.waiter = waiter;
        }

        void work() {
            boolean[] inside = INSIDE.get();
            boolean was = inside[0];
            inside[0] = true;
            try {
                int c;
                while ((c = next.getAndIncrement()) < chunks) {
                    try {
                        if (failure.get() == null) body.run(c * grain, (int) Math.min(n, (long) c * grain + grain));
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                    if (done.incrementAndGet() == chunks) LockSupport.unpark(waiter);
                }
            } finally {
                inside[0] = was;
            }
        }

        void await() {
            // the last chunks are usually nearly done: spin briefly, then yield, then sleep
            for (int spin = 0; done.get() < chunks; spin++) {
                if (spin < 128) Thread.onSpinWait();
                else if (spin < 256) Thread.yield();
                else LockSupport.park(this);
            }
        }
    }

    private static int threadsFromProperty() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String p = System.getProperty("jkeras.cpu.threads");
        if (p == null || p.isBlank()) return Math.max(1, cpus);
        try {
            int t = Integer.parseInt(p.trim());
            if (t < 1) throw new NumberFormatException();
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "System property jkeras.cpu.threads must be a positive integer, received '" + p + "'");
        }
    }

    private static ForkJoinPool newPool(int threads) {
        AtomicInteger id = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("jkeras-cpu-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ForkJoinPool(threads, factory, null, true);
    }
}
