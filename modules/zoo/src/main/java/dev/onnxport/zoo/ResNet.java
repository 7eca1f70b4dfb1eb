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

/**
 * torchvision 0.14 {@code ResNet} with its state-dict names (conv1, bn1, layer1.0.conv1, layer4.0.downsample.0,
 * fc): {@link BasicBlock}s for ResNet-18/34, {@link Bottleneck}s for ResNet-50/101/152. Without a checkpoint the
 * weights follow the layers' PyTorch defaults, not torchvision's kaiming_normal_ re-initialization.
 */
public final class ResNet extends UnaryModule {
    /** The residual block of every stage, with its channel expansion (torchvision's {@code block.expansion}). */
    public enum Block {
        BASIC(1), BOTTLENECK(Bottleneck.EXPANSION);

        final long expansion;

        Block(long expansion) { this.expansion = expansion; }

        UnaryModule create(long inplanes, long planes, long stride, long groups, long widthPerGroup) {
            return this == BASIC ? new BasicBlock(inplanes, planes, stride)
                    : new Bottleneck(inplanes, planes, stride, groups, widthPerGroup);
        }
    }

    /**
     * Block kind, blocks per stage, classifier width, and the bottleneck's {@code groups} and
     * {@code width_per_group}; the constants are torchvision's {@code resnetNN()}, {@code resnextNN_GxWd()} and
     * {@code wide_resnetNN_2()}.
     */
    public record Config(Block block, int[] blocks, long numClasses, long groups, long widthPerGroup) {
        public static final Config RESNET18 = new Config(Block.BASIC, new int[] {2, 2, 2, 2}, 1000);
        public static final Config RESNET34 = new Config(Block.BASIC, new int[] {3, 4, 6, 3}, 1000);
        public static final Config RESNET50 = new Config(Block.BOTTLENECK, new int[] {3, 4, 6, 3}, 1000);
        public static final Config RESNET101 = new Config(Block.BOTTLENECK, new int[] {3, 4, 23, 3}, 1000);
        public static final Config RESNET152 = new Config(Block.BOTTLENECK, new int[] {3, 8, 36, 3}, 1000);
        public static final Config RESNEXT50_32X4D = new Config(Block.BOTTLENECK, new int[] {3, 4, 6, 3}, 1000, 32, 4);
        public static final Config RESNEXT101_32X8D = new Config(Block.BOTTLENECK, new int[] {3, 4, 23, 3}, 1000, 32, 8);
        public static final Config RESNEXT101_64X4D = new Config(Block.BOTTLENECK, new int[] {3, 4, 23, 3}, 1000, 64, 4);
        public static final Config WIDE_RESNET50_2 = new Config(Block.BOTTLENECK, new int[] {3, 4, 6, 3}, 1000, 1, 128);
        public static final Config WIDE_RESNET101_2 = new Config(Block.BOTTLENECK, new int[] {3, 4, 23, 3}, 1000, 1, 128);

        public Config {
            if (blocks.length != 4) throw new IllegalArgumentException("ResNet: need 4 stages, got " + blocks.length);
            if (block == Block.BASIC && (groups != 1 || widthPerGroup != 64)) {
                throw new IllegalArgumentException("ResNet: BasicBlock only supports groups=1 and width_per_group=64");
            }
            blocks = blocks.clone();
        }

        /** One group of width 64 per bottleneck: the plain ResNets. */
        public Config(Block block, int[] blocks, long numClasses) { this(block, blocks, numClasses, 1, 64); }

        @Override public int[] blocks() { return blocks.clone(); }
    }

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final ReLU relu;
    private final MaxPool2d maxpool;
    private final Sequential layer1, layer2, layer3, layer4;
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;
    private final Block block;
    private final long groups, widthPerGroup;
    private long inplanes = 64;

    public static ResNet resnet18() { return new ResNet(Config.RESNET18); }
    public static ResNet resnet34() { return new ResNet(Config.RESNET34); }
    public static ResNet resnet50() { return new ResNet(Config.RESNET50); }
    public static ResNet resnet101() { return new ResNet(Config.RESNET101); }
    public static ResNet resnet152() { return new ResNet(Config.RESNET152); }
    public static ResNet resnext50_32x4d() { return new ResNet(Config.RESNEXT50_32X4D); }
    public static ResNet resnext101_32x8d() { return new ResNet(Config.RESNEXT101_32X8D); }
    public static ResNet resnext101_64x4d() { return new ResNet(Config.RESNEXT101_64X4D); }
    public static ResNet wide_resnet50_2() { return new ResNet(Config.WIDE_RESNET50_2); }
    public static ResNet wide_resnet101_2() { return new ResNet(Config.WIDE_RESNET101_2); }

    public ResNet(Config c) {
        block = c.block();
        groups = c.groups();
        widthPerGroup = c.widthPerGroup();
        conv1 = registerModule("conv1", new Conv2d(3, 64, 7, 2, 3, 1, 1, false));
        bn1 = registerModule("bn1", new BatchNorm2d(64));
        relu = registerModule("relu", new ReLU());
        maxpool = registerModule("maxpool", new MaxPool2d(3, 2, 1));
        layer1 = registerModule("layer1", stage(64, c.blocks()[0], 1));
        layer2 = registerModule("layer2", stage(128, c.blocks()[1], 2));
        layer3 = registerModule("layer3", stage(256, c.blocks()[2], 2));
        layer4 = registerModule("layer4", stage(512, c.blocks()[3], 2));
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1, 1));
        fc = registerModule("fc", new Linear(512 * block.expansion, c.numClasses()));
    }

    private Sequential stage(long planes, int blocks, long stride) {
        Sequential s = new Sequential(block.create(inplanes, planes, stride, groups, widthPerGroup));
        inplanes = planes * block.expansion;
        for (int i = 1; i < blocks; i++) s.add(block.create(inplanes, planes, 1, groups, widthPerGroup));
        return s;
    }

    @Override
    protected Tensor compute(Tensor x) {
        x = maxpool.forward(relu.forward(bn1.forward(conv1.forward(x))));
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return fc.forward(F.flatten(avgpool.forward(x), 1));
    }
}
