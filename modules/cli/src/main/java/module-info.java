/**
 * The onnxport command. Export types and the ONNX Runtime verifier are services the core finds on the module
 * path (onnxport-onnx, onnxport-onnx-aten, ..., onnxport-ort in target/lib); the command knows the export modes
 * only through the core's SPI (names, opsets, supported ops), so any mode on the module path works with it.
 */
module dev.onnxport.cli {
    requires dev.onnxport;
    requires dev.onnxport.zoo;
    requires info.picocli;
    requires org.bytedeco.onnx;

    // picocli reads and writes the annotated command classes reflectively
    opens dev.onnxport.cli to info.picocli;
}
