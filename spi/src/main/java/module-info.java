/**
 * The onnxport core: tensors, kernels, operator registry, nn, safetensors, tracer and graph IR, the ONNX back end,
 * the service interfaces, verification and the export facade.
 */
// protobuf-java has a stable Automatic-Module-Name, so requiring it transitively is safe.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.onnxport {
    requires org.slf4j;
    // Transitive: the generated ONNX classes (dev.onnxport.onnx.proto) are API and extend protobuf types.
    requires transitive com.google.protobuf;
    // Optional: the GEMM's Vector API kernel (dev.onnxport.kernels.VectorGemm) runs only when the JVM was started with
    // --add-modules jdk.incubator.vector; without it the module is not resolved and the plain-Java kernel runs.
    requires static jdk.incubator.vector;
    // com.sun.nio.file.ExtendedOpenOption.DIRECT: large model files are written around the page cache (AtomicFile).
    requires jdk.unsupported;

    // The public API: what users and provider modules program against (README lists it).
    exports dev.onnxport.tensor;
    exports dev.onnxport.ops;
    exports dev.onnxport.ops.aten;            // AtenOps.registry() only; the op groups are package-private
    exports dev.onnxport.nn;
    exports dev.onnxport.safetensors;
    exports dev.onnxport.trace;
    exports dev.onnxport.ir;
    exports dev.onnxport.errors;
    exports dev.onnxport.spi;
    exports dev.onnxport.verify;
    exports dev.onnxport.export;
    exports dev.onnxport.fixtures;
    exports dev.onnxport.onnx.proto;
    exports dev.onnxport.onnx.writer;
    exports dev.onnxport.onnx.checker;
    exports dev.onnxport.onnx.reader;

    // Internals, shared only with the modules (and their tests) that need them. dev.onnxport.kernels is not
    // exported at all: only the aten op groups use it.
    exports dev.onnxport.util to dev.onnxport.cli, dev.onnxport.onnx, dev.onnxport.zoo, dev.onnxport.fallthrough, dev.onnxport.ort;
    exports dev.onnxport.ir.passes to dev.onnxport.onnx, dev.onnxport.onnx.aten;
    exports dev.onnxport.onnx.schema to dev.onnxport.onnx, dev.onnxport.cli;
    exports dev.onnxport.onnx.passes to dev.onnxport.onnx, dev.onnxport.onnx.aten;
    exports dev.onnxport.onnx.localfunctions to dev.onnxport.onnx;
    exports dev.onnxport.onnx.shapes to dev.onnxport.onnx;

    uses dev.onnxport.spi.ModelFactory;
    uses dev.onnxport.spi.ExportMode;
    uses dev.onnxport.spi.RuntimeVerifier;
}
