/** Java twins of well-known architectures, with PyTorch state-dict names. */
module dev.onnxport.zoo {
    requires transitive dev.onnxport;

    exports dev.onnxport.zoo;
    exports dev.onnxport.zoo.hf;
    exports dev.onnxport.zoo.vision;

    provides dev.onnxport.spi.ModelFactory with
            dev.onnxport.zoo.ZooFactories.BertBaseFactory,
            dev.onnxport.zoo.ZooFactories.Gpt2Factory,
            dev.onnxport.zoo.ZooFactories.Gpt2TinyFactory,
            dev.onnxport.zoo.ZooFactories.GruBidirFactory,
            dev.onnxport.zoo.ZooFactories.LeNetFactory,
            dev.onnxport.zoo.ZooFactories.LstmTaggerFactory,
            dev.onnxport.zoo.ZooFactories.MlpFactory,
            dev.onnxport.zoo.ZooFactories.MobileNetV2Factory,
            dev.onnxport.zoo.ZooFactories.ResNet101Factory,
            dev.onnxport.zoo.ZooFactories.ResNet152Factory,
            dev.onnxport.zoo.ZooFactories.ResNet18Factory,
            dev.onnxport.zoo.ZooFactories.ResNet34Factory,
            dev.onnxport.zoo.ZooFactories.ResNet50Factory,
            dev.onnxport.zoo.ZooFactories.TinyBertFactory,
            dev.onnxport.zoo.ZooFactories.TinyGptFactory,
            dev.onnxport.zoo.vision.VisionFactories.AlexNetFactory,
            dev.onnxport.zoo.vision.VisionFactories.DenseNet121,
            dev.onnxport.zoo.vision.VisionFactories.DenseNet161,
            dev.onnxport.zoo.vision.VisionFactories.DenseNet169,
            dev.onnxport.zoo.vision.VisionFactories.DenseNet201,
            dev.onnxport.zoo.vision.VisionFactories.ResNeXt101_32x8d,
            dev.onnxport.zoo.vision.VisionFactories.ResNeXt101_64x4d,
            dev.onnxport.zoo.vision.VisionFactories.ResNeXt50_32x4d,
            dev.onnxport.zoo.vision.VisionFactories.SqueezeNet1_0,
            dev.onnxport.zoo.vision.VisionFactories.SqueezeNet1_1,
            dev.onnxport.zoo.vision.VisionFactories.Vgg11,
            dev.onnxport.zoo.vision.VisionFactories.Vgg11Bn,
            dev.onnxport.zoo.vision.VisionFactories.Vgg13,
            dev.onnxport.zoo.vision.VisionFactories.Vgg13Bn,
            dev.onnxport.zoo.vision.VisionFactories.Vgg16,
            dev.onnxport.zoo.vision.VisionFactories.Vgg16Bn,
            dev.onnxport.zoo.vision.VisionFactories.Vgg19,
            dev.onnxport.zoo.vision.VisionFactories.Vgg19Bn,
            dev.onnxport.zoo.vision.VisionFactories.WideResNet101_2,
            dev.onnxport.zoo.vision.VisionFactories.WideResNet50_2;
}
