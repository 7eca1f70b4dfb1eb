package dev.onnxport.ops.aten;

import java.util.SplittableRandom;

/**
 * Dropout masks, reproducible from a seed. Masks come from one process-wide
 * {@link SplittableRandom}, seeded with 0 at start-up and re-seeded by {@link #manualSeed}; element k of a
 * mask is dropped when the k-th draw of {@code nextDouble()} is below p. A mask of n elements consumes
 * exactly n draws, so after {@code manualSeed(s)} the same sequence of dropout calls gives the same masks.
 * (The numbers differ from PyTorch's generator; only the distribution matches.)
 */
public final class DropoutKernels {
    private static SplittableRandom random = new SplittableRandom(0);

    private DropoutKernels() {}

    /** Restarts the mask sequence from {@code seed}. */
    public static synchronized void manualSeed(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Per-element factors: 0 with probability p, otherwise 1 / (1 - p) (0 everywhere when p is 1). */
    static synchronized double[] mask(long n, double p) {
        double keep = p >= 1 ? 0 : 1.0 / (1 - p);
        double[] m = new double[Math.toIntExact(n)];
        for (int i = 0; i < m.length; i++) m[i] = random.nextDouble() < p ? 0 : keep;
        return m;
    }
}
