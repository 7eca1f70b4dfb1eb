/**
 * The onnxport command. Export types and the ONNX Runtime verifier are services the core finds on the module
 * path (onnxport-onnx, onnxport-onnx-aten, onnxport-ort in target/lib); the ONNX lowering is also read directly,
 * by 'ops' and 'conformance', but only optionally: without it the other commands still run.
 */
module dev.onnxport.cli {
    requires dev.onnxport;
    requires dev.onnxport.zoo;
    requires static dev.onnxport.onnx;
    requires info.picocli;
    requires org.bytedeco.onnx;

    // picocli reads and writes the annotated command classes reflectively
    opens dev.onnxport.cli to info.picocli;
}
