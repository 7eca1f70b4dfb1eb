package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True)}.
 * Single numbers apply to every spatial dimension; arrays give one value per dimension.
 */
public final class Conv2d extends ConvNd {
    public Conv2d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, 1, 0); }

    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
    }

    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride, long padding, long dilation, long groups,
                  boolean bias) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {padding},
                new long[] {dilation}, groups, bias);
    }

    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                  long groups, boolean bias) {
        super("Conv2d", 2, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, false, new long[] {0});
    }

    /** {@code Conv2d.builder(in, out, k).stride(2).padding(1).dilation(1).groups(4).bias(false).build()}. */
    public static ConvBuilder<Conv2d> builder(long inChannels, long outChannels, long... kernelSize) {
        return new ConvBuilder<>((i, o, k, s, p, d, g, b, op) -> new Conv2d(i, o, k, s, p, d, g, b), false, inChannels, outChannels,
                kernelSize);
    }

    @Override
    protected Tensor compute(Tensor x) { return F.conv2d(x, weight.get(), bias.get(), stride, padding, dilation, groups); }
}
