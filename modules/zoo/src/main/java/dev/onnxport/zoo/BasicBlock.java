package dev.onnxport.zoo;

import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** torchvision's ResNet {@code BasicBlock}: two 3x3 convs with batch norm, and a 1x1 downsample when the shape changes. */
public final class BasicBlock extends UnaryModule {
    private final Conv2d conv1, conv2;
    private final BatchNorm2d bn1, bn2;
    private final ReLU relu;
    private final Sequential downsample;

    public BasicBlock(long inplanes, long planes, long stride) {
        conv1 = registerModule("conv1", new Conv2d(inplanes, planes, 3, stride, 1, 1, 1, false));
        bn1 = registerModule("bn1", new BatchNorm2d(planes));
        relu = registerModule("relu", new ReLU());
        conv2 = registerModule("conv2", new Conv2d(planes, planes, 3, 1, 1, 1, 1, false));
        bn2 = registerModule("bn2", new BatchNorm2d(planes));
        downsample = stride != 1 || inplanes != planes
                ? registerModule("downsample", new Sequential(new Conv2d(inplanes, planes, 1, stride, 0, 1, 1, false),
                        new BatchNorm2d(planes)))
                : null;
    }

    @Override
    protected Tensor compute(Tensor x) {
        Tensor out = relu.forward(bn1.forward(conv1.forward(x)));
        out = bn2.forward(conv2.forward(out));
        Tensor identity = downsample == null ? x : downsample.forward(x);
        return relu.forward(F.add(out, identity));
    }
}
