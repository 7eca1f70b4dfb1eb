package dev.onnxport.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs the tasks {@code 0 .. count-1} of one loop on the calling thread and on persistent daemon workers, one per
 * further core. Workers spin briefly after a job (the eager engine calls many small kernels in a row) and then park,
 * so an idle engine costs no CPU. Calls from inside a task, or while another thread's job is running, run serially
 * on the calling thread: nothing ever waits for a worker that is busy elsewhere.
 */
public final class Parallel {
    private Parallel() {}

    /** Threads a job may use: the caller and the workers. */
    public static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Nanoseconds a worker spins for the next job before it parks. */
    private static final long SPIN_NANOS = 50_000;

    private static final Worker[] WORKERS = new Worker[THREADS - 1];
    private static final AtomicInteger BUSY = new AtomicInteger();
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    /** One loop being run: tasks are claimed through {@code next}; {@code done} counts finished ones. */
    private static final class Job {
        final IntConsumer body;
        final int count;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        volatile Throwable failure;
        volatile Thread caller;

        Job(IntConsumer body, int count) {
            this.body = body;
            this.count = count;
        }

        void work() {
            for (int t; (t = next.getAndIncrement()) < count; ) {
                try {
                    body.accept(t);
                } catch (Throwable e) {
                    if (failure == null) failure = e;
                } finally {
                    if (done.incrementAndGet() == count) LockSupport.unpark(caller);
                }
            }
        }
    }

    private static final class Worker extends Thread {
        final AtomicReference<Job> slot = new AtomicReference<>();

        Worker(int i) {
            super("onnxport-kernel-" + i);
            setDaemon(true);
        }

        @Override
        public void run() {
            INSIDE.set(true);
            while (true) {
                Job j = slot.get();
                if (j == null) {
                    long until = System.nanoTime() + SPIN_NANOS;
                    while ((j = slot.get()) == null && System.nanoTime() < until) Thread.onSpinWait();
                    while ((j = slot.get()) == null) LockSupport.park(this);
                }
                if (slot.compareAndSet(j, null)) j.work();
            }
        }
    }

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            WORKERS[i] = new Worker(i + 1);
            WORKERS[i].start();
        }
    }

    /** Runs {@code body.accept(t)} for every {@code t < count}, in parallel when workers are free; rethrows a task's failure. */
    public static void run(int count, IntConsumer body) {
        if (count <= 0) return;
        if (count == 1 || WORKERS.length == 0 || INSIDE.get() || !BUSY.compareAndSet(0, 1)) {
            for (int t = 0; t < count; t++) body.accept(t);
            return;
        }
        Job j = new Job(body, count);
        j.caller = Thread.currentThread();
        INSIDE.set(true);
        try {
            int helpers = Math.min(WORKERS.length, count - 1);
            for (int w = 0; w < helpers; w++) {
                WORKERS[w].slot.set(j);
                LockSupport.unpark(WORKERS[w]);
            }
            j.work();
            long until = System.nanoTime() + SPIN_NANOS;
            while (j.done.get() < count) {
                if (System.nanoTime() < until) Thread.onSpinWait();
                else LockSupport.parkNanos(j, 100_000);
            }
        } finally {
            INSIDE.set(false);
            BUSY.set(0);
        }
        Throwable f = j.failure;
        if (f instanceof RuntimeException e) throw e;
        if (f instanceof Error e) throw e;
        if (f != null) throw new IllegalStateException(f);
    }

    /** Splits {@code [0, n)} into at most {@link #THREADS} chunks (multiples of {@code align} but the last) and runs them. */
    public static void range(int n, int align, long work, long minWork, RangeBody body) {
        int parts = work < minWork ? 1 : Math.min(THREADS, Math.max(1, n / Math.max(1, align)));
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        int step = ((n + parts - 1) / parts + align - 1) / align * align;
        int chunks = (n + step - 1) / step;
        run(chunks, t -> body.run(t * step, Math.min(n, (t + 1) * step)));
    }

    /** A chunk {@code [lo, hi)} of a loop. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }
}
