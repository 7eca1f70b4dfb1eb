/** Java twins of well-known architectures, with PyTorch state-dict names. */
module dev.onnxport.zoo {
    requires transitive dev.onnxport;

    exports dev.onnxport.zoo;
    exports dev.onnxport.zoo.hf;

    provides dev.onnxport.spi.ModelFactory with
            dev.onnxport.zoo.ZooFactories.BertBaseFactory,
            dev.onnxport.zoo.ZooFactories.Gpt2Factory,
            dev.onnxport.zoo.ZooFactories.Gpt2TinyFactory,
            dev.onnxport.zoo.ZooFactories.Gpt2TinyGenerateFactory,
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
            dev.onnxport.zoo.ZooFactories.TinyGptFactory;
}
