package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
 * divisor_override=None)}; stride defaults to the kernel size.
 */
public final class AvgPool2d extends UnaryModule {
    private final long[] kernelSize, stride, padding;
    private final boolean ceilMode, countIncludePad;
    private final Long divisorOverride;

    public AvgPool2d(long kernelSize) { this(kernelSize, kernelSize, 0); }

    public AvgPool2d(long kernelSize, long stride, long padding) {
        this(new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, false, true, null);
    }

    public AvgPool2d(long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad,
                     Long divisorOverride) {
        this.kernelSize = Tuples.check("AvgPool2d", "kernel_size", 2, kernelSize);
        this.stride = Tuples.check("AvgPool2d", "stride", 2, stride);
        this.padding = Tuples.check("AvgPool2d", "padding", 2, padding);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    /** {@code AvgPool2d.builder(3).stride(2).padding(1).countIncludePad(false).build()}. */
    public static AvgPoolBuilder<AvgPool2d> builder(long... kernelSize) { return new AvgPoolBuilder<>(AvgPool2d::new, kernelSize); }

    @Override
    protected Tensor compute(Tensor x) {
        return F.avgPool2d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
