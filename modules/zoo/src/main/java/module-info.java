/** Java twins of well-known architectures, with PyTorch state-dict names. */
module dev.onnxport.zoo {
    requires transitive dev.onnxport;

    exports dev.onnxport.zoo;
}
