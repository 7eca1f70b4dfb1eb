package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.GroupNorm(num_groups, num_channels, eps=1e-5, affine=True)}. */
public final class GroupNorm extends UnaryModule {
    private final long numGroups;
    private final double eps;
    private final Parameter weight, bias;

    public GroupNorm(long numGroups, long numChannels) { this(numGroups, numChannels, 1e-5, true); }

    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine) {
        if (numGroups <= 0 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels " + numChannels + " must be divisible by num_groups " + numGroups);
        }
        this.numGroups = numGroups;
        this.eps = eps;
        weight = registerParameter("weight", affine ? Init.ones(numChannels) : null);
        bias = registerParameter("bias", affine ? Init.zeros(numChannels) : null);
    }

    @Override protected Tensor compute(Tensor x) { return F.groupNorm(x, numGroups, weight.get(), bias.get(), eps); }
}
