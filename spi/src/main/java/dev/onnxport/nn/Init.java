package dev.onnxport.nn;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Parameter initialization with PyTorch's distributions, drawn from one process-wide generator.
 *
 * <p>Seeds: the generator starts from seed 0 when this class loads, and {@link #manualSeed} resets it
 * (as {@code torch.manual_seed}). Layers draw their values in constructor order, so building the same
 * model after the same {@code manualSeed} gives identical weights. The numbers differ from PyTorch's
 * (another generator); only the distributions match. Loading a checkpoint replaces them anyway.
 *
 * <p>Threads: the process-wide generator is locked for each draw, so it is safe but shared, and models built
 * on several threads at once interleave their draws. {@link #seeded} gives the calling thread a generator of
 * its own for the duration of a build: the weights then depend only on the seed, whatever other threads do.
 */
public final class Init {
    private Init() {}

    private static SplittableRandom rng = new SplittableRandom(0);

    /** True on a thread inside {@link #withoutData}. */
    private static final ThreadLocal<Boolean> META = ThreadLocal.withInitial(() -> false);

    /**
     * Runs {@code build} (a model constructor) with every parameter and buffer made by this class a meta tensor:
     * shapes and dtypes, no data, no draw from the generator (as PyTorch's {@code device="meta"}). The model is a
     * skeleton for {@link Module#loadStateDict}, which then puts, say, memory-mapped safetensors weights in place
     * without the random weights ever having been on the heap; until then it can only be traced shape-only.
     */
    public static <T> T withoutData(Supplier<T> build) {
        boolean outer = META.get();
        META.set(true);
        try {
            return build.get();
        } finally {
            META.set(outer);
        }
    }

    /** True inside {@link #withoutData}: constructors must not write into their new parameters. */
    public static boolean isWithoutData() { return META.get(); }

    /** The generator of the {@link #seeded} call running on this thread, if any. */
    private static final ThreadLocal<SplittableRandom> SCOPED = new ThreadLocal<>();

    /** Restarts the process-wide generator, like {@code torch.manual_seed(seed)}. */
    public static synchronized void manualSeed(long seed) { rng = new SplittableRandom(seed); }

    /**
     * Runs {@code build} with a generator of this thread's own, started from {@code seed}: it draws the same
     * numbers as {@code manualSeed(seed)} followed by {@code build} on one thread, without touching the
     * process-wide generator or waiting for other threads. Calls nest; the outer generator is restored after.
     */
    public static <T> T seeded(long seed, Supplier<T> build) {
        SplittableRandom outer = SCOPED.get();
        SCOPED.set(new SplittableRandom(seed));
        try {
            return build.get();
        } finally {
            if (outer == null) SCOPED.remove();
            else SCOPED.set(outer);
        }
    }

    /** Float32 tensor with values uniform in [-bound, bound). */
    public static Tensor uniform(double bound, long... shape) {
        if (META.get()) return Tensor.meta(DType.FLOAT32, shape);
        float[] v = new float[size(shape)];
        SplittableRandom own = SCOPED.get();
        if (own != null) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (own.nextDouble() * 2 * bound - bound);
        } else {
            synchronized (Init.class) {
                for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextDouble() * 2 * bound - bound);
            }
        }
        return Tensor.of(v, shape);
    }

    /** Float32 tensor with normal values. */
    public static Tensor normal(double mean, double std, long... shape) {
        if (META.get()) return Tensor.meta(DType.FLOAT32, shape);
        float[] v = new float[size(shape)];
        SplittableRandom own = SCOPED.get();
        if (own != null) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (mean + std * own.nextGaussian());
        } else {
            synchronized (Init.class) {
                for (int i = 0; i < v.length; i++) v[i] = (float) (mean + std * rng.nextGaussian());
            }
        }
        return Tensor.of(v, shape);
    }

    /**
     * PyTorch's default for Linear and Conv weights, {@code kaiming_uniform_(w, a=sqrt(5))}: the gain
     * sqrt(2 / (1 + 5)) times sqrt(3 / fanIn) gives the bound 1 / sqrt(fanIn).
     */
    public static Tensor kaimingUniform(long fanIn, long... shape) { return uniform(1.0 / Math.sqrt(fanIn), shape); }

    /** PyTorch's bias default for Linear and Conv: uniform in ±1/sqrt(fanIn). */
    public static Tensor fanInUniform(long fanIn, long... shape) { return uniform(fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0, shape); }

    /** {@code xavier_uniform_}: bound sqrt(6 / (fanIn + fanOut)). */
    public static Tensor xavierUniform(long fanIn, long fanOut, long... shape) {
        return uniform(Math.sqrt(6.0 / (fanIn + fanOut)), shape);
    }

    public static Tensor full(double value, long... shape) {
        if (META.get()) return Tensor.meta(DType.FLOAT32, shape);
        float[] v = new float[size(shape)];
        java.util.Arrays.fill(v, (float) value);
        return Tensor.of(v, shape);
    }

    public static Tensor zeros(long... shape) { return META.get() ? Tensor.meta(DType.FLOAT32, shape) : Tensor.zeros(DType.FLOAT32, shape); }
    public static Tensor ones(long... shape) { return full(1.0, shape); }

    private static int size(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return Math.toIntExact(n);
    }
}
