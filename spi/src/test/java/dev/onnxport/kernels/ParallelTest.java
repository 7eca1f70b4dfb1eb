package dev.onnxport.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Parallel runs every task exactly once, nested and concurrent calls included, and passes failures on. */
class ParallelTest {

    @Test
    void runsEveryTaskOnce() {
        for (int count : new int[] {0, 1, 2, 3, 17, 1000}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(count, 1));
            Parallel.run(count, t -> seen.incrementAndGet(t));
            for (int t = 0; t < count; t++) assertEquals(1, seen.get(t), "task " + t + " of " + count);
        }
    }

    @Test
    void rangesCoverTheLoopInAlignedChunks() {
        for (int n : new int[] {1, 15, 16, 33, 1000}) {
            int[] hits = new int[n];
            Parallel.range(n, 16, Long.MAX_VALUE, 0, (lo, hi) -> {
                if (hi < n) assertEquals(0, (hi - lo) % 16, "chunk [" + lo + ", " + hi + ")");
                for (int i = lo; i < hi; i++) hits[i]++;
            });
            int[] once = new int[n];
            java.util.Arrays.fill(once, 1);
            assertArrayEquals(once, hits);
        }
    }

    @Test
    void nestedAndConcurrentCallsComplete() throws InterruptedException {
        AtomicInteger total = new AtomicInteger();
        Thread[] threads = new Thread[3];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int r = 0; r < 200; r++) Parallel.run(4, t -> Parallel.run(3, u -> total.incrementAndGet()));
            });
            threads[i].start();
        }
        for (Thread t : threads) t.join(60_000);
        assertEquals(3 * 200 * 4 * 3, total.get());
    }

    @Test
    void aTaskFailureReachesTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run(8, t -> {
            if (t == 5) throw new IllegalStateException("task 5");
        }));
        assertEquals("task 5", e.getMessage());
        AtomicInteger after = new AtomicInteger();
        Parallel.run(8, t -> after.incrementAndGet());
        assertEquals(8, after.get());
    }
}
