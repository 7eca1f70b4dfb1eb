package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
 * bias=True, dilation=1)}; the weight is {@code [in, out/groups, k...]} as in PyTorch.
 */
public final class ConvTranspose1d extends ConvNd {
    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, 1, 0); }

    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, 0, 1, true, 1);
    }

    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize, long stride, long padding, long outputPadding,
                           long groups, boolean bias, long dilation) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {padding},
                new long[] {outputPadding}, groups, bias, new long[] {dilation});
    }

    public ConvTranspose1d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding,
                           long[] outputPadding, long groups, boolean bias, long[] dilation) {
        super("ConvTranspose1d", 1, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, true,
                outputPadding);
    }

    /** {@code ConvTranspose1d.builder(in, out, k).stride(2).padding(1).outputPadding(1).groups(2).bias(false).build()}. */
    public static ConvBuilder<ConvTranspose1d> builder(long inChannels, long outChannels, long... kernelSize) {
        return new ConvBuilder<>((i, o, k, s, p, d, g, b, op) -> new ConvTranspose1d(i, o, k, s, p, op, g, b, d), true, inChannels,
                outChannels, kernelSize);
    }

    @Override
    protected Tensor compute(Tensor x) {
        return F.convTranspose1d(x, weight.get(), bias.get(), stride, padding, outputPadding, groups, dilation);
    }
}
