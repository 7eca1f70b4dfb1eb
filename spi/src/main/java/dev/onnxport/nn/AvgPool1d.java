package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)} on (N, C, L);
 * stride defaults to the kernel size. Options by name: {@link #builder}. Runs as a 2-D pooling over a height of 1.
 */
public final class AvgPool1d extends UnaryModule {
    private final long kernelSize, stride, padding;
    private final boolean ceilMode, countIncludePad;

    public AvgPool1d(long kernelSize) { this(kernelSize, kernelSize, 0, false, true); }

    public AvgPool1d(long kernelSize, long stride, long padding, boolean ceilMode, boolean countIncludePad) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    /** {@code AvgPool1d.builder(3).stride(2).countIncludePad(false).build()}; torch's AvgPool1d has no divisor_override. */
    public static AvgPoolBuilder<AvgPool1d> builder(long kernelSize) {
        return new AvgPoolBuilder<>((k, s, p, c, i, d) -> {
            if (d != null) throw new IllegalArgumentException("AvgPool1d has no divisor_override");
            return new AvgPool1d(one("kernel_size", k), one("stride", s), one("padding", p), c, i);
        }, kernelSize);
    }

    static long one(String arg, long[] v) {
        if (v.length != 1) throw new IllegalArgumentException("a 1-D layer's " + arg + " is one number, got " + v.length);
        return v[0];
    }

    @Override
    protected Tensor compute(Tensor x) { return Pooling.avgPool1d(x, kernelSize, stride, padding, ceilMode, countIncludePad, null); }
}
