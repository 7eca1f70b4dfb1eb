package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * What PyTorch's {@code _ConvNd} holds: channels, per-dimension kernel/stride/padding/dilation, groups,
 * and the weight ({@code [out, in/groups, k...]}, or {@code [in, out/groups, k...]} when transposed)
 * and optional bias, initialized as PyTorch does. Only {@code padding_mode="zeros"} is supported.
 */
abstract class ConvNd extends UnaryModule {
    final long inChannels, outChannels, groups;
    final long[] kernelSize, stride, padding, dilation, outputPadding;
    final Parameter weight;
    final Parameter bias;

    ConvNd(String layer, int n, long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding,
           long[] dilation, long groups, boolean bias, boolean transposed, long[] outputPadding) {
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(layer + ": in_channels " + inChannels + " and out_channels " + outChannels
                    + " must be divisible by groups " + groups);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = Tuples.check(layer, "kernel_size", n, kernelSize);
        this.stride = Tuples.check(layer, "stride", n, stride);
        this.padding = Tuples.check(layer, "padding", n, padding);
        this.dilation = Tuples.check(layer, "dilation", n, dilation);
        this.outputPadding = Tuples.check(layer, "output_padding", n, outputPadding);
        long[] shape = new long[n + 2];
        shape[0] = transposed ? inChannels : outChannels;
        shape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(this.kernelSize, 0, shape, 2, n);
        // PyTorch's fan-in is weight.size(1) * receptive field, for plain and transposed convolutions alike
        long fanIn = shape[1] * Tuples.product(this.kernelSize);
        this.weight = registerParameter("weight", Init.kaimingUniform(fanIn, shape));
        this.bias = registerParameter("bias", bias ? Init.fanInUniform(fanIn, outChannels) : null);
    }

    public Tensor weight() { return weight.get(); }
    /** Null when built with {@code bias=false}. */
    public Tensor bias() { return bias.get(); }
}
