/** The onnxport core: tensors, kernels, operator registry, nn, safetensors, tracer and graph IR. */
// protobuf-java has a stable Automatic-Module-Name, so requiring it transitively is safe.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.onnxport {
    requires org.slf4j;
    // Transitive: the generated ONNX classes (dev.onnxport.onnx.proto) are API and extend protobuf types.
    requires transitive com.google.protobuf;

    exports dev.onnxport.tensor;
    exports dev.onnxport.ops;
    exports dev.onnxport.ops.aten;
    exports dev.onnxport.kernels;
    exports dev.onnxport.nn;
    exports dev.onnxport.safetensors;
    exports dev.onnxport.trace;
    exports dev.onnxport.ir;
    exports dev.onnxport.ir.passes;
    exports dev.onnxport.util;
    exports dev.onnxport.spi;
    exports dev.onnxport.export;
    exports dev.onnxport.onnx.proto;
    exports dev.onnxport.onnx.schema;
    exports dev.onnxport.onnx.writer;
    exports dev.onnxport.onnx.checker;
    exports dev.onnxport.onnx.reader;
    exports dev.onnxport.onnx.passes;
    exports dev.onnxport.onnx.shapes;
    exports dev.onnxport.onnx.localfunctions;

    uses dev.onnxport.spi.ModelFactory;
    uses dev.onnxport.spi.ExportMode;
    uses dev.onnxport.spi.RuntimeVerifier;
}
