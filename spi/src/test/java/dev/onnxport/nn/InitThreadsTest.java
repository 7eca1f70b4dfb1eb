package dev.onnxport.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link Init#seeded}: weights that depend on the seed only, whatever other threads draw meanwhile. */
class InitThreadsTest {
    private static float[] weights(Linear l) { return l.namedParameters().get("weight").floats(); }

    /** 200 small layers: many separate draws, so that interleaved draws of other threads would show. */
    private static Sequential deep() {
        Sequential s = new Sequential();
        for (int i = 0; i < 200; i++) s.add(new Linear(4, 4));
        return s;
    }

    private static float[] all(Module m) {
        List<Float> out = new ArrayList<>();
        for (Tensor t : m.namedParameters().values()) for (float f : t.floats()) out.add(f);
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    @Test
    void seededDrawsWhatManualSeedDraws() {
        float[] scoped = weights(Init.seeded(42, () -> new Linear(16, 16)));
        float[] global;
        synchronized (Init.class) {
            Init.manualSeed(42);
            global = weights(new Linear(16, 16));
        }
        assertArrayEquals(global, scoped);
        // nested scopes restore the outer generator
        float[][] nested = Init.seeded(7, () -> {
            float[] a = Init.uniform(1, 4).floats();
            Init.seeded(8, () -> Init.uniform(1, 100));
            return new float[][] {a, Init.uniform(1, 4).floats()};
        });
        float[] straight = Init.seeded(7, () -> Init.uniform(1, 8)).floats();
        assertArrayEquals(straight, concat(nested[0], nested[1]));
    }

    @Test
    void seededBuildsIgnoreOtherThreads() throws Exception {
        float[] alone = all(Init.seeded(3, InitThreadsTest::deep));
        AtomicBoolean stop = new AtomicBoolean();
        // draws from the process-wide generator, and reseeds it, all the time
        Thread noise = new Thread(() -> {
            for (long i = 0; !stop.get(); i++) {
                Init.uniform(1, 64);
                if (i % 100 == 0) Init.manualSeed(i);
            }
        });
        noise.start();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<float[]>> builds = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                builds.add(pool.submit(() -> {
                    go.await();
                    return all(Init.seeded(3, InitThreadsTest::deep));
                }));
            }
            go.countDown();
            for (Future<float[]> b : builds) assertArrayEquals(alone, b.get(1, TimeUnit.MINUTES));
        } finally {
            pool.shutdownNow();
            stop.set(true);
            noise.join();
        }
        assertEquals(200 * (16 + 4), alone.length);
        assertNotEquals(0f, alone[0]);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
