package dev.onnxport.zoo;

import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.ReLU6;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/**
 * torchvision's MobileNetV2 {@code InvertedResidual}: optional 1x1 expansion, 3x3 depthwise, 1x1 linear
 * projection, all under {@code conv} (conv.0.0, conv.1.0, conv.2, conv.3), with a residual when shapes allow.
 */
public final class InvertedResidual extends UnaryModule {
    private final Sequential conv;
    private final boolean useResConnect;

    public InvertedResidual(long inp, long oup, long stride, long expandRatio) {
        long hidden = Math.round(inp * (double) expandRatio);
        useResConnect = stride == 1 && inp == oup;
        Sequential s = new Sequential();
        if (expandRatio != 1) s.add(convBnReLU6(inp, hidden, 1, 1, 1));
        s.add(convBnReLU6(hidden, hidden, 3, stride, hidden));
        s.add(new Conv2d(hidden, oup, 1, 1, 0, 1, 1, false));
        s.add(new BatchNorm2d(oup));
        conv = registerModule("conv", s);
    }

    /** torchvision's {@code Conv2dNormActivation} with ReLU6: conv (no bias, "same" padding), batch norm, ReLU6. */
    static Sequential convBnReLU6(long in, long out, long kernel, long stride, long groups) {
        return new Sequential(new Conv2d(in, out, kernel, stride, (kernel - 1) / 2, 1, groups, false),
                new BatchNorm2d(out), new ReLU6());
    }

    @Override
    protected Tensor compute(Tensor x) {
        return useResConnect ? F.add(x, conv.forward(x)) : conv.forward(x);
    }
}
