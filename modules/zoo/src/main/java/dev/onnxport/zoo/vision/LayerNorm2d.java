package dev.onnxport.zoo.vision;

import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Parameter;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/**
 * torchvision's ConvNeXt {@code LayerNorm2d}: layer norm over the channels of an NCHW tensor (permuted to NHWC,
 * normalized over the last dim, permuted back), with {@code nn.LayerNorm}'s weight and bias.
 */
public final class LayerNorm2d extends UnaryModule {
    private final long channels;
    private final double eps;
    private final Parameter weight, bias;

    public LayerNorm2d(long channels, double eps) {
        this.channels = channels;
        this.eps = eps;
        weight = registerParameter("weight", Init.ones(channels));
        bias = registerParameter("bias", Init.zeros(channels));
    }

    @Override
    protected Tensor compute(Tensor x) {
        x = F.permute(x, 0, 2, 3, 1);
        x = F.layerNorm(x, new long[] {channels}, weight.get(), bias.get(), eps);
        return F.permute(x, 0, 3, 1, 2);
    }
}
