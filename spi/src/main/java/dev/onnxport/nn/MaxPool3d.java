package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)} on (N, C, D, H, W) or
 * (C, D, H, W); stride defaults to the kernel size. Options by name: {@link #builder}. Runs as two 2-D max
 * poolings (the maximum over a box is separable), which is also what it exports to.
 */
public final class MaxPool3d extends UnaryModule {
    private final long[] kernelSize, stride, padding, dilation;
    private final boolean ceilMode;

    public MaxPool3d(long kernelSize) { this(new long[] {kernelSize}, new long[] {kernelSize}, new long[] {0}, new long[] {1}, false); }

    public MaxPool3d(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        this.kernelSize = Tuples.check("MaxPool3d", "kernel_size", 3, kernelSize);
        this.stride = Tuples.check("MaxPool3d", "stride", 3, stride);
        this.padding = Tuples.check("MaxPool3d", "padding", 3, padding);
        this.dilation = Tuples.check("MaxPool3d", "dilation", 3, dilation);
        this.ceilMode = ceilMode;
    }

    /** {@code MaxPool3d.builder(2).stride(1).padding(1).ceilMode(true).build()}. */
    public static MaxPoolBuilder<MaxPool3d> builder(long... kernelSize) { return new MaxPoolBuilder<>(MaxPool3d::new, kernelSize); }

    @Override protected Tensor compute(Tensor x) { return Pooling.maxPool3d(x, kernelSize, stride, padding, dilation, ceilMode); }
}
