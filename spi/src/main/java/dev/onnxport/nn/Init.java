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

    /** Restarts the generator, like {@code torch.manual_seed(seed)}. */
    public static synchronized void manualSeed(long seed) { rng = new SplittableRandom(seed); }

    /** Float32 tensor with values uniform in [-bound, bound). */
    public static synchronized Tensor uniform(double bound, long... shape) {
        if (META.get()) return Tensor.meta(DType.FLOAT32, shape);
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextDouble() * 2 * bound - bound);
        return Tensor.of(v, shape);
    }

    /** Float32 tensor with normal values. */
    public static synchronized Tensor normal(double mean, double std, long... shape) {
        if (META.get()) return Tensor.meta(DType.FLOAT32, shape);
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (mean + std * rng.nextGaussian());
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
