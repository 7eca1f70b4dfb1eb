package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)}; stride defaults to the kernel size. */
public final class MaxPool1d extends UnaryModule {
    private final long kernelSize, stride, padding, dilation;
    private final boolean ceilMode;

    public MaxPool1d(long kernelSize) { this(kernelSize, kernelSize, 0, 1, false); }

    public MaxPool1d(long kernelSize, long stride, long padding, long dilation, boolean ceilMode) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
    }

    /** {@code MaxPool1d.builder(3).stride(2).padding(1).ceilMode(true).build()}. */
    public static MaxPoolBuilder<MaxPool1d> builder(long kernelSize) {
        return new MaxPoolBuilder<>((k, s, p, d, c) -> new MaxPool1d(AvgPool1d.one("kernel_size", k), AvgPool1d.one("stride", s),
                AvgPool1d.one("padding", p), AvgPool1d.one("dilation", d), c), kernelSize);
    }

    @Override
    protected Tensor compute(Tensor x) {
        return F.maxPool1d(x, new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, new long[] {dilation}, ceilMode);
    }
}
