package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)}; stride defaults to the kernel size. */
public final class MaxPool2d extends UnaryModule {
    private final long[] kernelSize, stride, padding, dilation;
    private final boolean ceilMode;

    public MaxPool2d(long kernelSize) { this(kernelSize, kernelSize, 0); }

    public MaxPool2d(long kernelSize, long stride, long padding) {
        this(new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, new long[] {1}, false);
    }

    public MaxPool2d(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        this.kernelSize = Tuples.check("MaxPool2d", "kernel_size", 2, kernelSize);
        this.stride = Tuples.check("MaxPool2d", "stride", 2, stride);
        this.padding = Tuples.check("MaxPool2d", "padding", 2, padding);
        this.dilation = Tuples.check("MaxPool2d", "dilation", 2, dilation);
        this.ceilMode = ceilMode;
    }

    /** {@code MaxPool2d.builder(3).stride(2).padding(1).ceilMode(true).build()}. */
    public static MaxPoolBuilder<MaxPool2d> builder(long... kernelSize) { return new MaxPoolBuilder<>(MaxPool2d::new, kernelSize); }

    @Override protected Tensor compute(Tensor x) { return F.maxPool2d(x, kernelSize, stride, padding, dilation, ceilMode); }
}
