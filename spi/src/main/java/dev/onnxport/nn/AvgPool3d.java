package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
 * divisor_override=None)} on (N, C, D, H, W) or (C, D, H, W); stride defaults to the kernel size. Options by name:
 * {@link #builder}. Runs as two 2-D average poolings (sums and window counts over a box are separable).
 */
public final class AvgPool3d extends UnaryModule {
    private final long[] kernelSize, stride, padding;
    private final boolean ceilMode, countIncludePad;
    private final Long divisorOverride;

    public AvgPool3d(long kernelSize) { this(new long[] {kernelSize}, new long[] {kernelSize}, new long[] {0}, false, true, null); }

    public AvgPool3d(long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad,
                     Long divisorOverride) {
        this.kernelSize = Tuples.check("AvgPool3d", "kernel_size", 3, kernelSize);
        this.stride = Tuples.check("AvgPool3d", "stride", 3, stride);
        this.padding = Tuples.check("AvgPool3d", "padding", 3, padding);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        if (divisorOverride != null && divisorOverride <= 0) throw new IllegalArgumentException("AvgPool3d: divisor_override must be > 0");
        this.divisorOverride = divisorOverride;
    }

    /** {@code AvgPool3d.builder(3).stride(2).padding(1).countIncludePad(false).build()}. */
    public static AvgPoolBuilder<AvgPool3d> builder(long... kernelSize) { return new AvgPoolBuilder<>(AvgPool3d::new, kernelSize); }

    @Override
    protected Tensor compute(Tensor x) {
        return Pooling.avgPool3d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
