package dev.onnxport.zoo;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.MaxPool2d;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** torchvision 0.14 {@code ResNet} with {@link BasicBlock}s and its state-dict names (conv1, bn1, layer1.0.conv1, fc). */
public final class ResNet extends UnaryModule {
    /** Blocks per stage and classifier width; {@link #RESNET18} is torchvision's {@code resnet18()}. */
    public record Config(int[] blocks, long numClasses) {
        public static final Config RESNET18 = new Config(new int[] {2, 2, 2, 2}, 1000);
    }

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final ReLU relu;
    private final MaxPool2d maxpool;
    private final Sequential layer1, layer2, layer3, layer4;
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;
    private long inplanes = 64;

    public static ResNet resnet18() { return new ResNet(Config.RESNET18); }

    public ResNet(Config c) {
        if (c.blocks().length != 4) throw new IllegalArgumentException("ResNet: need 4 stages, got " + c.blocks().length);
        conv1 = registerModule("conv1", new Conv2d(3, 64, 7, 2, 3, 1, 1, false));
        bn1 = registerModule("bn1", new BatchNorm2d(64));
        relu = registerModule("relu", new ReLU());
        maxpool = registerModule("maxpool", new MaxPool2d(3, 2, 1));
        layer1 = registerModule("layer1", stage(64, c.blocks()[0], 1));
        layer2 = registerModule("layer2", stage(128, c.blocks()[1], 2));
        layer3 = registerModule("layer3", stage(256, c.blocks()[2], 2));
        layer4 = registerModule("layer4", stage(512, c.blocks()[3], 2));
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1, 1));
        fc = registerModule("fc", new Linear(512, c.numClasses()));
    }

    private Sequential stage(long planes, int blocks, long stride) {
        Sequential s = new Sequential(new BasicBlock(inplanes, planes, stride));
        inplanes = planes;
        for (int i = 1; i < blocks; i++) s.add(new BasicBlock(inplanes, planes, 1));
        return s;
    }

    @Override
    protected Tensor compute(Tensor x) {
        x = maxpool.forward(relu.forward(bn1.forward(conv1.forward(x))));
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return fc.forward(F.flatten(avgpool.forward(x), 1));
    }
}
