package dev.onnxport.zoo;

import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/**
 * torchvision's ResNet {@code Bottleneck} (ResNet V1.5): 1x1 reduce to {@code width}, 3x3 (grouped for ResNeXt)
 * carrying the stride, 1x1 expand to {@code 4 * planes}, each with batch norm, and a 1x1 strided downsample when
 * the shape changes. {@code width = planes * baseWidth / 64 * groups}, as torchvision computes it.
 */
public final class Bottleneck extends UnaryModule {
    static final long EXPANSION = 4;

    private final Conv2d conv1, conv2, conv3;
    private final BatchNorm2d bn1, bn2, bn3;
    private final ReLU relu;
    private final Sequential downsample;

    public Bottleneck(long inplanes, long planes, long stride) { this(inplanes, planes, stride, 1, 64); }

    /** torchvision's {@code Bottleneck(inplanes, planes, stride, downsample, groups, base_width)}. */
    public Bottleneck(long inplanes, long planes, long stride, long groups, long baseWidth) {
        long out = planes * EXPANSION;
        long width = (long) (planes * (baseWidth / 64.0)) * groups;
        conv1 = registerModule("conv1", new Conv2d(inplanes, width, 1, 1, 0, 1, 1, false));
        bn1 = registerModule("bn1", new BatchNorm2d(width));
        conv2 = registerModule("conv2", new Conv2d(width, width, 3, stride, 1, 1, groups, false));
        bn2 = registerModule("bn2", new BatchNorm2d(width));
        conv3 = registerModule("conv3", new Conv2d(width, out, 1, 1, 0, 1, 1, false));
        bn3 = registerModule("bn3", new BatchNorm2d(out));
        relu = registerModule("relu", new ReLU());
        downsample = stride != 1 || inplanes != out
                ? registerModule("downsample", new Sequential(new Conv2d(inplanes, out, 1, stride, 0, 1, 1, false),
                        new BatchNorm2d(out)))
                : null;
    }

    @Override
    protected Tensor compute(Tensor x) {
        Tensor out = relu.forward(bn1.forward(conv1.forward(x)));
        out = relu.forward(bn2.forward(conv2.forward(out)));
        out = bn3.forward(conv3.forward(out));
        Tensor identity = downsample == null ? x : downsample.forward(x);
        return relu.forward(F.add(out, identity));
    }
}
