package io.jkeras.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    @Test
    void everyIndexOnceInFixedChunks() {
        int n = 1003, grain = 10;
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        List<String> ranges = Collections.synchronizedList(new ArrayList<>());
        Parallel.parallelFor(n, grain, (s, e) -> {
            ranges.add(s + ".." + e);
            for (int i = s; i < e; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i);
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < n; s += grain) expected.add(s + ".." + Math.min(n, s + grain));
        List<String> sorted = new ArrayList<>(ranges);
        sorted.sort((x, y) -> Integer.compare(Integer.parseInt(x.split("\\.")[0]), Integer.parseInt(y.split("\\.")[0])));
        assertEquals(expected, sorted);
    }

    @Test
    void nestedLoopsRunAndCoverEverything() {
        AtomicIntegerArray hits = new AtomicIntegerArray(40 * 50);
        Parallel.parallelFor(40, 1, (s, e) -> {
            for (int i = s; i < e; i++) {
                int row = i;
                Parallel.parallelFor(50, 7, (s2, e2) -> {
                    for (int j = s2; j < e2; j++) hits.incrementAndGet(row * 50 + j);
                });
            }
        });
        for (int i = 0; i < hits.length(); i++) assertEquals(1, hits.get(i));
    }

    @Test
    void exceptionsReachTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException got = assertThrows(IllegalStateException.class,
                () -> Parallel.parallelFor(64, 1, (s, e) -> {
                    if (s == 37) throw boom;
                }));
        assertSame(boom, got);
        // the pool still works afterwards
        AtomicIntegerArray hits = new AtomicIntegerArray(100);
        Parallel.parallelFor(100, 3, (s, e) -> { for (int i = s; i < e; i++) hits.incrementAndGet(i); });
        for (int i = 0; i < 100; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.parallelFor(-1, 1, (s, e) -> {}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.parallelFor(5, 0, (s, x) -> {}));
        assertTrue(e.getMessage().contains("received 0"), e.getMessage());
        Parallel.parallelFor(0, 1, (s, x) -> { throw new AssertionError("no chunk for n = 0"); });
        assertTrue(Parallel.parallelism() >= 1);
    }

    @Test
    void forkedTaskReturnsItsResultAndRethrowsItsFailure() {
        Parallel.Task<Integer> t = Parallel.fork(() -> 6 * 7);
        assertEquals(42, t.join());
        assertEquals(42, t.join());   // joining again returns the same result
        Parallel.Task<Object> bad = Parallel.fork(() -> { throw new IllegalStateException("boom"); });
        IllegalStateException e = assertThrows(IllegalStateException.class, bad::join);
        assertEquals("boom", e.getMessage());
    }

    @Test
    void forkedTasksRunOnceEachWhileTheCallerWorks() {
        // many tasks at once: each runs exactly once, on a pool thread or on the joining thread
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        List<Parallel.Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int k = i;
            tasks.add(Parallel.fork(() -> { runs.incrementAndGet(); return k * k; }));
        }
        long sum = 0;
        for (int i = 0; i < 1000; i++) sum += i;   // the caller's own work meanwhile
        for (int i = 0; i < tasks.size(); i++) assertEquals(i * i, tasks.get(i).join());
        assertEquals(200, runs.get());
        assertEquals(499500, sum);
    }

    @Test
    void aLoopAndAForkedTaskTogetherUseNoMoreThreadsThanParallelism() {
        // the caller is one of the workers: the pool holds parallelism() - 1 threads, so a forked task
        // (e.g. the next batch's gather) and a loop's helpers never put more threads than that to work
        org.junit.jupiter.api.Assumptions.assumeTrue(Parallel.parallelism() > 1, "needs more than one thread");
        java.util.Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int r = 0; r < 30; r++) {
            Parallel.Task<Void> t = Parallel.fork(() -> {
                seen.add(Thread.currentThread());
                spin(300_000);
                return null;
            });
            Parallel.parallelFor(64, 1, (s, e) -> {
                seen.add(Thread.currentThread());
                spin(20_000);
            });
            t.join();
        }
        seen.remove(Thread.currentThread());
        assertTrue(seen.size() <= Parallel.parallelism() - 1, "pool threads at work: " + seen + ", parallelism " + Parallel.parallelism());
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
