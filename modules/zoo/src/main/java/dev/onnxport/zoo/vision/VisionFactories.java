package dev.onnxport.zoo.vision;

import dev.onnxport.nn.Init;
import dev.onnxport.nn.Module;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.zoo.ResNet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * torchvision 0.14's classification model functions as {@link ModelFactory} services, under torchvision's names.
 * Each is an ImageNet classifier: input x (N, 3, H, W), output logits (N, 1000); the example input is (1, 3, 224,
 * 224) from seed 1 (299 for inception_v3), the weights are drawn from seed 0.
 */
public final class VisionFactories {
    private VisionFactories() {}

    /** Name, description, constructor, example input size; eval mode, weights from seed 0. */
    abstract static class Classifier implements ModelFactory {
        private final String name, description;
        private final Supplier<Module> constructor;
        private final long size;

        Classifier(String name, String description, Supplier<Module> constructor) { this(name, description, constructor, 224); }

        Classifier(String name, String description, Supplier<Module> constructor, long size) {
            this.name = name;
            this.description = description;
            this.constructor = constructor;
            this.size = size;
        }

        @Override public String name() { return name; }
        @Override public String description() { return description; }
        @Override public List<String> inputNames() { return List.of("x"); }
        @Override public List<String> outputNames() { return List.of("output0"); }
        @Override public Map<String, Map<Integer, String>> dynamicAxes() { return Map.of("x", Map.of(0, "batch")); }

        @Override
        public Module create() {
            Module m = Init.seeded(0, constructor);
            m.eval();
            return m;
        }

        @Override
        public Tensor[] exampleInputs() {
            SplittableRandom r = new SplittableRandom(1);
            float[] v = new float[Math.toIntExact(3 * size * size)];
            for (int i = 0; i < v.length; i++) {
                // Box-Muller: standard normal samples
                double u1 = 1.0 - r.nextDouble(), u2 = r.nextDouble();
                v[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
            }
            return new Tensor[] {Tensor.of(v, 1, 3, size, size)};
        }
    }

    // ---- ResNeXt and wide ResNet (dev.onnxport.zoo.ResNet) ----
    public static final class ResNeXt50_32x4d extends Classifier {
        public ResNeXt50_32x4d() { super("resnext50_32x4d", "torchvision ResNeXt-50 32x4d", ResNet::resnext50_32x4d); }
    }
    public static final class ResNeXt101_32x8d extends Classifier {
        public ResNeXt101_32x8d() { super("resnext101_32x8d", "torchvision ResNeXt-101 32x8d", ResNet::resnext101_32x8d); }
    }
    public static final class ResNeXt101_64x4d extends Classifier {
        public ResNeXt101_64x4d() { super("resnext101_64x4d", "torchvision ResNeXt-101 64x4d", ResNet::resnext101_64x4d); }
    }
    public static final class WideResNet50_2 extends Classifier {
        public WideResNet50_2() { super("wide_resnet50_2", "torchvision Wide ResNet-50-2", ResNet::wide_resnet50_2); }
    }
    public static final class WideResNet101_2 extends Classifier {
        public WideResNet101_2() { super("wide_resnet101_2", "torchvision Wide ResNet-101-2", ResNet::wide_resnet101_2); }
    }

    // ---- AlexNet, VGG ----
    public static final class AlexNetFactory extends Classifier {
        public AlexNetFactory() { super("alexnet", "torchvision AlexNet", AlexNet::new); }
    }
    public static final class Vgg11 extends Classifier {
        public Vgg11() { super("vgg11", "torchvision VGG-11", VGG::vgg11); }
    }
    public static final class Vgg11Bn extends Classifier {
        public Vgg11Bn() { super("vgg11_bn", "torchvision VGG-11 with batch norm", VGG::vgg11_bn); }
    }
    public static final class Vgg13 extends Classifier {
        public Vgg13() { super("vgg13", "torchvision VGG-13", VGG::vgg13); }
    }
    public static final class Vgg13Bn extends Classifier {
        public Vgg13Bn() { super("vgg13_bn", "torchvision VGG-13 with batch norm", VGG::vgg13_bn); }
    }
    public static final class Vgg16 extends Classifier {
        public Vgg16() { super("vgg16", "torchvision VGG-16", VGG::vgg16); }
    }
    public static final class Vgg16Bn extends Classifier {
        public Vgg16Bn() { super("vgg16_bn", "torchvision VGG-16 with batch norm", VGG::vgg16_bn); }
    }
    public static final class Vgg19 extends Classifier {
        public Vgg19() { super("vgg19", "torchvision VGG-19", VGG::vgg19); }
    }
    public static final class Vgg19Bn extends Classifier {
        public Vgg19Bn() { super("vgg19_bn", "torchvision VGG-19 with batch norm", VGG::vgg19_bn); }
    }

    // ---- SqueezeNet ----
    public static final class SqueezeNet1_0 extends Classifier {
        public SqueezeNet1_0() { super("squeezenet1_0", "torchvision SqueezeNet 1.0", SqueezeNet::squeezenet1_0); }
    }
    public static final class SqueezeNet1_1 extends Classifier {
        public SqueezeNet1_1() { super("squeezenet1_1", "torchvision SqueezeNet 1.1", SqueezeNet::squeezenet1_1); }
    }

    // ---- DenseNet ----
    public static final class DenseNet121 extends Classifier {
        public DenseNet121() { super("densenet121", "torchvision DenseNet-121", DenseNet::densenet121); }
    }
    public static final class DenseNet161 extends Classifier {
        public DenseNet161() { super("densenet161", "torchvision DenseNet-161", DenseNet::densenet161); }
    }
    public static final class DenseNet169 extends Classifier {
        public DenseNet169() { super("densenet169", "torchvision DenseNet-169", DenseNet::densenet169); }
    }
    public static final class DenseNet201 extends Classifier {
        public DenseNet201() { super("densenet201", "torchvision DenseNet-201", DenseNet::densenet201); }
    }

    // ---- MobileNetV3 ----
    public static final class MobileNetV3Large extends Classifier {
        public MobileNetV3Large() { super("mobilenet_v3_large", "torchvision MobileNetV3-Large", MobileNetV3::mobilenet_v3_large); }
    }
    public static final class MobileNetV3Small extends Classifier {
        public MobileNetV3Small() { super("mobilenet_v3_small", "torchvision MobileNetV3-Small", MobileNetV3::mobilenet_v3_small); }
    }

    // ---- EfficientNet ----
    public static final class EfficientNetB0 extends Classifier {
        public EfficientNetB0() { super("efficientnet_b0", "torchvision EfficientNet-B0", EfficientNet::efficientnet_b0); }
    }
    public static final class EfficientNetB1 extends Classifier {
        public EfficientNetB1() { super("efficientnet_b1", "torchvision EfficientNet-B1", EfficientNet::efficientnet_b1); }
    }
    public static final class EfficientNetB2 extends Classifier {
        public EfficientNetB2() { super("efficientnet_b2", "torchvision EfficientNet-B2", EfficientNet::efficientnet_b2); }
    }
    public static final class EfficientNetB3 extends Classifier {
        public EfficientNetB3() { super("efficientnet_b3", "torchvision EfficientNet-B3", EfficientNet::efficientnet_b3); }
    }
    public static final class EfficientNetB4 extends Classifier {
        public EfficientNetB4() { super("efficientnet_b4", "torchvision EfficientNet-B4", EfficientNet::efficientnet_b4); }
    }
    public static final class EfficientNetB5 extends Classifier {
        public EfficientNetB5() { super("efficientnet_b5", "torchvision EfficientNet-B5", EfficientNet::efficientnet_b5); }
    }
    public static final class EfficientNetB6 extends Classifier {
        public EfficientNetB6() { super("efficientnet_b6", "torchvision EfficientNet-B6", EfficientNet::efficientnet_b6); }
    }
    public static final class EfficientNetB7 extends Classifier {
        public EfficientNetB7() { super("efficientnet_b7", "torchvision EfficientNet-B7", EfficientNet::efficientnet_b7); }
    }
    public static final class EfficientNetV2S extends Classifier {
        public EfficientNetV2S() { super("efficientnet_v2_s", "torchvision EfficientNetV2-S", EfficientNet::efficientnet_v2_s); }
    }
    public static final class EfficientNetV2M extends Classifier {
        public EfficientNetV2M() { super("efficientnet_v2_m", "torchvision EfficientNetV2-M", EfficientNet::efficientnet_v2_m); }
    }
    public static final class EfficientNetV2L extends Classifier {
        public EfficientNetV2L() { super("efficientnet_v2_l", "torchvision EfficientNetV2-L", EfficientNet::efficientnet_v2_l); }
    }

    // ---- ConvNeXt ----
    public static final class ConvNeXtTiny extends Classifier {
        public ConvNeXtTiny() { super("convnext_tiny", "torchvision ConvNeXt-Tiny", ConvNeXt::convnext_tiny); }
    }
    public static final class ConvNeXtSmall extends Classifier {
        public ConvNeXtSmall() { super("convnext_small", "torchvision ConvNeXt-Small", ConvNeXt::convnext_small); }
    }
    public static final class ConvNeXtBase extends Classifier {
        public ConvNeXtBase() { super("convnext_base", "torchvision ConvNeXt-Base", ConvNeXt::convnext_base); }
    }
    public static final class ConvNeXtLarge extends Classifier {
        public ConvNeXtLarge() { super("convnext_large", "torchvision ConvNeXt-Large", ConvNeXt::convnext_large); }
    }

    // ---- ShuffleNetV2 ----
    public static final class ShuffleNetV2_x0_5 extends Classifier {
        public ShuffleNetV2_x0_5() { super("shufflenet_v2_x0_5", "torchvision ShuffleNetV2 0.5x", ShuffleNetV2::shufflenet_v2_x0_5); }
    }
    public static final class ShuffleNetV2_x1_0 extends Classifier {
        public ShuffleNetV2_x1_0() { super("shufflenet_v2_x1_0", "torchvision ShuffleNetV2 1.0x", ShuffleNetV2::shufflenet_v2_x1_0); }
    }
    public static final class ShuffleNetV2_x1_5 extends Classifier {
        public ShuffleNetV2_x1_5() { super("shufflenet_v2_x1_5", "torchvision ShuffleNetV2 1.5x", ShuffleNetV2::shufflenet_v2_x1_5); }
    }
    public static final class ShuffleNetV2_x2_0 extends Classifier {
        public ShuffleNetV2_x2_0() { super("shufflenet_v2_x2_0", "torchvision ShuffleNetV2 2.0x", ShuffleNetV2::shufflenet_v2_x2_0); }
    }

    // ---- MNASNet ----
    public static final class MNASNet0_5 extends Classifier {
        public MNASNet0_5() { super("mnasnet0_5", "torchvision MNASNet 0.5", MNASNet::mnasnet0_5); }
    }
    public static final class MNASNet0_75 extends Classifier {
        public MNASNet0_75() { super("mnasnet0_75", "torchvision MNASNet 0.75", MNASNet::mnasnet0_75); }
    }
    public static final class MNASNet1_0 extends Classifier {
        public MNASNet1_0() { super("mnasnet1_0", "torchvision MNASNet 1.0", MNASNet::mnasnet1_0); }
    }
    public static final class MNASNet1_3 extends Classifier {
        public MNASNet1_3() { super("mnasnet1_3", "torchvision MNASNet 1.3", MNASNet::mnasnet1_3); }
    }

    // ---- RegNet ----
    public static final class RegNetX_400mf extends Classifier {
        public RegNetX_400mf() { super("regnet_x_400mf", "torchvision RegNetX 400MF", RegNet::regnet_x_400mf); }
    }
    public static final class RegNetX_800mf extends Classifier {
        public RegNetX_800mf() { super("regnet_x_800mf", "torchvision RegNetX 800MF", RegNet::regnet_x_800mf); }
    }
    public static final class RegNetX_1_6gf extends Classifier {
        public RegNetX_1_6gf() { super("regnet_x_1_6gf", "torchvision RegNetX 1.6GF", RegNet::regnet_x_1_6gf); }
    }
    public static final class RegNetX_3_2gf extends Classifier {
        public RegNetX_3_2gf() { super("regnet_x_3_2gf", "torchvision RegNetX 3.2GF", RegNet::regnet_x_3_2gf); }
    }
    public static final class RegNetX_8gf extends Classifier {
        public RegNetX_8gf() { super("regnet_x_8gf", "torchvision RegNetX 8GF", RegNet::regnet_x_8gf); }
    }
    public static final class RegNetX_16gf extends Classifier {
        public RegNetX_16gf() { super("regnet_x_16gf", "torchvision RegNetX 16GF", RegNet::regnet_x_16gf); }
    }
    public static final class RegNetX_32gf extends Classifier {
        public RegNetX_32gf() { super("regnet_x_32gf", "torchvision RegNetX 32GF", RegNet::regnet_x_32gf); }
    }
    public static final class RegNetY_400mf extends Classifier {
        public RegNetY_400mf() { super("regnet_y_400mf", "torchvision RegNetY 400MF", RegNet::regnet_y_400mf); }
    }
    public static final class RegNetY_800mf extends Classifier {
        public RegNetY_800mf() { super("regnet_y_800mf", "torchvision RegNetY 800MF", RegNet::regnet_y_800mf); }
    }
    public static final class RegNetY_1_6gf extends Classifier {
        public RegNetY_1_6gf() { super("regnet_y_1_6gf", "torchvision RegNetY 1.6GF", RegNet::regnet_y_1_6gf); }
    }
    public static final class RegNetY_3_2gf extends Classifier {
        public RegNetY_3_2gf() { super("regnet_y_3_2gf", "torchvision RegNetY 3.2GF", RegNet::regnet_y_3_2gf); }
    }
    public static final class RegNetY_8gf extends Classifier {
        public RegNetY_8gf() { super("regnet_y_8gf", "torchvision RegNetY 8GF", RegNet::regnet_y_8gf); }
    }
    public static final class RegNetY_16gf extends Classifier {
        public RegNetY_16gf() { super("regnet_y_16gf", "torchvision RegNetY 16GF", RegNet::regnet_y_16gf); }
    }
    public static final class RegNetY_32gf extends Classifier {
        public RegNetY_32gf() { super("regnet_y_32gf", "torchvision RegNetY 32GF", RegNet::regnet_y_32gf); }
    }
    public static final class RegNetY_128gf extends Classifier {
        public RegNetY_128gf() { super("regnet_y_128gf", "torchvision RegNetY 128GF", RegNet::regnet_y_128gf); }
    }

    // ---- GoogLeNet, Inception-v3 ----
    public static final class GoogLeNetFactory extends Classifier {
        public GoogLeNetFactory() { super("googlenet", "torchvision GoogLeNet (Inception v1), aux classifiers in the state dict", GoogLeNet::new); }
    }
    public static final class InceptionV3Factory extends Classifier {
        public InceptionV3Factory() { super("inception_v3", "torchvision Inception-v3, aux classifier in the state dict; 299x299 input", InceptionV3::new, 299); }
    }

    // ---- Vision Transformer ----
    public static final class ViT_B_16 extends Classifier {
        public ViT_B_16() { super("vit_b_16", "torchvision ViT-B/16", VisionTransformer::vit_b_16); }
    }
    public static final class ViT_B_32 extends Classifier {
        public ViT_B_32() { super("vit_b_32", "torchvision ViT-B/32", VisionTransformer::vit_b_32); }
    }
    public static final class ViT_L_16 extends Classifier {
        public ViT_L_16() { super("vit_l_16", "torchvision ViT-L/16", VisionTransformer::vit_l_16); }
    }
    public static final class ViT_L_32 extends Classifier {
        public ViT_L_32() { super("vit_l_32", "torchvision ViT-L/32", VisionTransformer::vit_l_32); }
    }
    public static final class ViT_H_14 extends Classifier {
        public ViT_H_14() { super("vit_h_14", "torchvision ViT-H/14", VisionTransformer::vit_h_14); }
    }

    // ---- Swin Transformer ----
    public static final class SwinT extends Classifier {
        public SwinT() { super("swin_t", "torchvision Swin-T", SwinTransformer::swin_t); }
    }
    public static final class SwinS extends Classifier {
        public SwinS() { super("swin_s", "torchvision Swin-S", SwinTransformer::swin_s); }
    }
    public static final class SwinB extends Classifier {
        public SwinB() { super("swin_b", "torchvision Swin-B", SwinTransformer::swin_b); }
    }
}
